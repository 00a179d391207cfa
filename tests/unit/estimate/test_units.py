"""The unit registry: fixed conventions, countable units, and the docs that describe them."""

from __future__ import annotations

import re

import pytest

from generator.estimate import formula
from generator.estimate.units import COUNTABLES, format_dims, registry, unit_quantity
from generator.problems.problem import CODES
from tests.conftest import ROOT

CONVENTIONS = (ROOT / "docs" / "conventions.md").read_text(encoding="utf-8")


def base(name: str) -> tuple[float, str]:
    q = unit_quantity(name)
    assert q is not None, name
    return float(q.magnitude), f"{q.units:~}"


@pytest.mark.parametrize(
    ("name", "factor", "unit"),
    [
        ("s", 1, "s"),
        ("min", 60, "s"),
        ("h", 3600, "s"),
        ("day", 86_400, "s"),
        ("week", 604_800, "s"),
        ("month", 2_592_000, "s"),  # 30 days
        ("year", 31_536_000, "s"),  # 365 days, not 365.25
        ("ms", 0.001, "s"),
        ("B", 1, "B"),
        ("bit", 0.125, "B"),
        ("KB", 1_000, "B"),
        ("kB", 1_000, "B"),
        ("MB", 1e6, "B"),
        ("GB", 1e9, "B"),
        ("TB", 1e12, "B"),
        ("PB", 1e15, "B"),
        ("KiB", 1_024, "B"),
        ("MiB", 1_048_576, "B"),
        ("GiB", 2**30, "B"),
        ("Gbps", 1.25e8, "B / s"),
        ("%", 0.01, ""),
        ("percent", 0.01, ""),
    ],
)
def test_conventions_are_fixed(name: str, factor: float, unit: str) -> None:
    assert base(name) == (factor, unit)


@pytest.mark.parametrize("name", COUNTABLES)
def test_each_countable_is_its_own_dimension(name: str) -> None:
    ureg = registry()
    assert base(name) == (1.0, name)
    assert base(name + "s" if name != "query" else "queries") == (1.0, name)
    assert ureg.get_dimensionality(name) == ureg.get_dimensionality(f"[{name}]")
    # parsed one way only: no prefix + other unit reading of the same letters
    assert len(ureg.parse_unit_name(name)) == 1


def test_the_required_countables_are_defined() -> None:
    wanted = {
        "user",
        "request",
        "url",
        "tweet",
        "paste",
        "message",
        "file",
        "photo",
        "video",
        "event",
        "item",
        "key",
        "query",
        "view",
        "follow",
        "notification",
        "server",
        "connection",
        "ride",
        "booking",
        "ticket",
        "document",
        "edit",
        "page",
        "metric",
        "sample",
        "word",
        "chunk",
        "post",
        "comment",
        "like",
        "order",
        "payment",
        "trip",
        "location",
        "driver",
        "hotel",
        "room",
        "seat",
        "id",
        "node",
        "shard",
        "replica",
    }
    assert wanted <= set(COUNTABLES)


def test_unknown_units_are_none() -> None:
    for name in ("K", "Kb", "m", "bytez", "meter", "julian_year"):
        assert unit_quantity(name) is None, name


def test_base_units_print_short() -> None:
    assert format_dims((("B", 1), ("s", -1))) == "B/s"
    assert format_dims((("url", 1), ("s", -1))) == "url/s"
    assert format_dims((("B", 1), ("url", -1), ("s", -1))) == "B/(url·s)"
    assert format_dims((("s", -1),)) == "1/s"
    assert format_dims((("B", 2), ("s", 0.5))) == "B^2·s^0.5"
    assert format_dims(()) == ""


def test_conventions_page_lists_every_countable_function_and_code() -> None:
    listed = set(re.findall(r"`([a-z]+)`", CONVENTIONS))
    assert set(COUNTABLES) <= listed
    for name in formula.FUNCTIONS:
        assert f"`{name}(" in CONVENTIONS, name
    for code in (c for c in CODES if c.startswith("CS2")):
        assert f"| {code} |" in CONVENTIONS, code


def test_conventions_page_states_the_conventions() -> None:
    for fact in (
        "1 KB = 1,000 B",
        "1 KiB = 1,024 B",
        "86,400 seconds",
        "a month 30 days",
        "a year 365 days",
    ):
        assert fact in CONVENTIONS, fact
