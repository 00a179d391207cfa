"""The estimate engine: published estimates recomputed, ordering, positions, page strings."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.estimate.analyse import analyse
from generator.estimate.locate import check_estimates
from generator.estimate.numbers import exact, rounded
from generator.estimate.present import present
from generator.estimate.units import TIME_UNITS, Dims
from generator.format.models import CaseStudy, Estimation
from generator.load import load_file, parse
from generator.problems.problem import CODES
from generator.validate.shape import validate_shape
from tests.conftest import FIXTURES, ROOT

PUBLISHED = FIXTURES / "estimates" / "published"


def load_case(path: Path) -> CaseStudy:
    doc, problems = load_file(path, path.name)
    assert doc is not None and problems == []
    case, problems = validate_shape(doc)
    assert case is not None and problems == []
    assert check_estimates(case.estimation, doc) == []
    return case


def base_values(case: CaseStudy) -> dict[str, float]:
    return {name: fig.base for name, fig in analyse(case.estimation).figures.items()}


def shown(case: CaseStudy) -> dict[str, tuple[str, str]]:
    return {row.name: (row.exact, row.rounded) for row in present(case.estimation).figures}


DAY, MONTH, YEAR = 86_400, 30 * 86_400, 365 * 86_400


def test_grokking_tinyurl() -> None:
    case = load_case(PUBLISHED / "grokking-tinyurl.yaml")
    values = base_values(case)
    writes = 500e6 / MONTH
    expected = {
        "write_rate": writes,  # url/s
        "read_rate": writes * 100,
        "urls_stored": 500e6 * 60,  # url
        "storage": 500e6 * 60 * 500,  # B
        "ingress": writes * 500,  # B/s
        "egress": writes * 100 * 500,
        "daily_reads": writes * 100 * DAY,
        "cache_memory": writes * 100 * DAY * 0.2 * 500,
    }
    assert values == pytest.approx(expected, rel=1e-12)
    assert shown(case) == {
        "write_rate": ("192.9012346 url/s", "193 url/s"),
        "read_rate": ("19,290.12346 url/s", "19.3K url/s"),
        "urls_stored": ("30,000,000,000 url", "30B url"),
        "storage": ("15 TB", "15 TB"),
        "ingress": ("96.45061728 KB/s", "96.5 KB/s"),
        "egress": ("9.645061728 MB/s", "9.65 MB/s"),
        "daily_reads": ("1,666,666,667 url", "1.67B url"),
        # Grokking rounds daily reads up to 1.7B first and prints 170 GB.
        "cache_memory": ("166.6666667 GB", "167 GB"),
    }


def test_grokking_pastebin() -> None:
    case = load_case(PUBLISHED / "grokking-pastebin.yaml")
    values = base_values(case)
    writes = 1e6 / DAY
    assert values == pytest.approx(
        {
            "write_rate": writes,
            "read_rate": writes * 5,
            "pastes_stored": 1e6 * 3650,
            "storage": 1e6 * 3650 * 10_000,
            "storage_provisioned": 1e6 * 3650 * 10_000 / 0.7,
        },
        rel=1e-12,
    )
    assert shown(case) == {
        "write_rate": ("11.57407407 paste/s", "11.6 paste/s"),
        "read_rate": ("57.87037037 paste/s", "57.9 paste/s"),
        "pastes_stored": ("3,650,000,000 paste", "3.65B paste"),
        "storage": ("36.5 TB", "36.5 TB"),
        "storage_provisioned": ("52.14285714 TB", "52.1 TB"),
    }


def test_alex_xu_url_shortener_without_the_books_slip() -> None:
    case = load_case(PUBLISHED / "xu-url-shortener.yaml")
    values = base_values(case)
    writes = 100e6 / DAY
    assert values == pytest.approx(
        {
            "write_rate": writes,
            "read_rate": writes * 10,
            "records": 365e9,
            "storage": 36.5e12,
        },
        rel=1e-12,
    )
    assert values["storage"] != pytest.approx(365e12)  # the book prints 365 TB
    assert shown(case) == {
        "write_rate": ("1,157.407407 url/s", "1.16K url/s"),
        "read_rate": ("11,574.07407 url/s", "11.6K url/s"),
        "records": ("365,000,000,000 url", "365B url"),
        "storage": ("36.5 TB", "36.5 TB"),
    }


def estimation(assumptions: list[dict[str, Any]], derived: list[dict[str, Any]]) -> Estimation:
    return Estimation.model_validate({"assumptions": assumptions, "derived": derived})


def test_figures_may_use_later_figures_and_are_evaluated_in_dependency_order() -> None:
    est = estimation(
        [
            {"name": "users", "value": 1e6, "unit": "user"},
            {"name": "size", "value": 2, "unit": "KB/user"},
        ],
        [
            {"name": "total_with_copies", "formula": "total * 3", "unit": "GB"},
            {"name": "total", "formula": "users * size", "unit": "GB"},
        ],
    )
    analysis = analyse(est)
    assert analysis.issues == ()
    assert list(analysis.figures) == ["total", "total_with_copies"]
    assert analysis.figures["total_with_copies"].base == 6e9
    assert [row.name for row in present(est).figures] == ["total_with_copies", "total"]


def test_names_shadow_units_but_a_number_and_unit_is_always_a_unit() -> None:
    est = estimation(
        [{"name": "day", "value": 3}, {"name": "size", "value": 1, "unit": "B/s"}],
        [
            {"name": "tripled", "formula": "size * day", "unit": "B/s"},
            {"name": "daily", "formula": "size * 1 day", "unit": "KB"},
        ],
    )
    rows = {row.name: row.exact for row in present(est).figures}
    assert rows == {"tripled": "3 B/s", "daily": "86.4 KB"}


def test_units_convert_and_functions_work() -> None:
    est = estimation(
        [
            {"name": "peak", "value": 45_000, "unit": "request/s"},
            {"name": "per_server", "value": 1_000, "unit": "request/(server*s)"},
            {"name": "keys", "value": 1e9, "unit": "key"},
            {"name": "share", "value": 25, "unit": "%"},
        ],
        [
            {"name": "servers", "formula": "ceil(peak / per_server)", "unit": "server"},
            {"name": "bits", "formula": "ceil(log2(keys / 1 key))", "unit": ""},
            {"name": "hot", "formula": "max(keys * share, 1e6 key)", "unit": "key"},
            {"name": "side", "formula": "sqrt(4 KB * 1 KB)", "unit": "KB"},
            {"name": "squared", "formula": "2 ^ bits", "unit": ""},
            {
                "name": "least",
                "formula": "min(peak, 500 request/min, 30000 request/h)",
                "unit": "request/s",
            },
        ],
    )
    rows = {row.name: (row.exact, row.rounded) for row in present(est).figures}
    assert rows == {
        "servers": ("45 server", "45 server"),
        "bits": ("30", "30"),
        "hot": ("250,000,000 key", "250M key"),
        "side": ("2 KB", "2 KB"),
        "squared": ("1,073,741,824", "1.07B"),
        "least": ("8.333333333 request/s", "8.33 request/s"),
    }


def first_problem(text: str) -> str:
    doc, _ = parse(text, "x.yaml")
    assert doc is not None
    case, _ = validate_shape(doc)
    assert case is not None
    return next(p.format() for p in check_estimates(case.estimation, doc))


def test_column_points_into_plain_formulas_only() -> None:
    source = (FIXTURES / "estimates" / "errors" / "cs202-unknown-name.yaml").read_text()
    line = "formula: new_paste * paste_size"
    # plain: the column of the unknown name itself
    assert first_problem(source).startswith("x.yaml:22:16: CS202")
    swapped = source.replace(line, "formula: paste_size * new_paste")
    assert first_problem(swapped).startswith("x.yaml:22:29: CS202")
    # quoted: the value's start, since escapes can make the text differ from the file
    quoted = source.replace(line, 'formula: "paste_size * new_paste"')
    assert first_problem(quoted).startswith("x.yaml:22:16: CS202")
    folded = source.replace(line, "formula: >-\n        paste_size * new_paste")
    assert first_problem(folded).startswith("x.yaml:22:16: CS202")


def test_problems_in_figures_do_not_cascade() -> None:
    est = estimation(
        [{"name": "a", "value": 1, "unit": "B"}],
        [
            {"name": "broken", "formula": "a + qqq", "unit": "B"},
            {"name": "uses_broken", "formula": "broken * 2", "unit": "B"},
            {"name": "fine", "formula": "a * 2", "unit": "B"},
        ],
    )
    analysis = analyse(est)
    assert [(i.code, i.message) for i in analysis.issues] == [
        ("CS202", "unknown name 'qqq'"),
    ]
    assert list(analysis.figures) == ["fine"]


def test_cycles_are_named_once_from_their_first_figure() -> None:
    est = estimation(
        [{"name": "a", "value": 1}],
        [
            {"name": "x", "formula": "y + a", "unit": ""},
            {"name": "y", "formula": "z", "unit": ""},
            {"name": "z", "formula": "x", "unit": ""},
            {"name": "self_ref", "formula": "self_ref", "unit": ""},
            {"name": "after", "formula": "x * 2", "unit": ""},
        ],
    )
    assert [(i.code, i.index, i.message) for i in analyse(est).issues] == [
        ("CS207", 0, "cycle between figures: x → y → z → x"),
        ("CS207", 3, "cycle between figures: self_ref → self_ref"),
    ]


@pytest.mark.parametrize(
    ("value", "dims", "binary", "text"),
    [
        (192.90123456790124, (("url", 1), ("s", -1)), False, "193 url/s"),
        (999.6, (), False, "1K"),  # rounds up into the next suffix
        (1125, (), False, "1.13K"),  # halves away from zero
        (-1125, (), False, "-1.13K"),
        (0.125, (), False, "0.125"),
        (0.5, (("url", 1), ("s", -1)), False, "0.5 url/s"),  # the author's time base stays
        (0.5, (("s", -1),), False, "0.5/s"),
        (1536, (("B", 1),), False, "1.54 KB"),
        (1536, (("B", 1),), True, "1.5 KiB"),
        (3.6e15, (("B", 1), ("s", -1)), False, "3.6 PB/s"),
        (2e21, (("B", 1),), False, "2,000 EB"),
        (90, (("s", 1),), False, "1.5 min"),
        (0.0042, (("s", 1),), False, "4.2 ms"),
        (1.17e-6, (("s", 1),), False, "1.17 µs"),  # not 0.00117 ms
        (2.5e-8, (("s", 1),), False, "25 ns"),
        (1.17e-6, (("order", -1), ("s", 1)), False, "1.17 µs/order"),  # per item
        (0.25, (("job", -1), ("s", 1)), False, "250 ms/job"),
        (3 * 365 * 86400, (("s", 1),), False, "3 year"),
        (5e-9, (), False, "5e-9"),
        (0, (("B", 1),), False, "0 B"),
        (2.5, (("B", 1), ("url", -1)), False, "2.5 B/url"),
        (10, (("B", 1), ("url", -1), ("s", -1)), False, "10 B/(url·s)"),
        (4e12, (("request", 1), ("server", -1), ("s", -1)), False, "4T request/(server·s)"),
    ],
)
def test_rounded_values_read_well(
    value: float, dims: tuple[tuple[str, int], ...], binary: bool, text: str
) -> None:
    assert rounded(value, dims, binary) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (192.90123456790124, "192.9012346"),
        (3521614606208.0, "3,521,614,606,208"),  # whole numbers keep every digit up to 15
        (166666666666.66666, "166,666,666,667"),
        (0.000123456789012, "0.000123456789"),
        (1e15, "1e15"),
        (-2.5, "-2.5"),
        (0.0, "0"),
        (1e-8, "1e-8"),
    ],
)
def test_exact_values_show_ten_significant_digits(value: float, text: str) -> None:
    assert exact(value) == text


DAY_UNIT = next(u for u in TIME_UNITS if u.symbol == "day")


@pytest.mark.parametrize(
    ("value", "dims", "text"),
    [
        (20e9 / 86400, (("message", 1), ("s", -1)), "20B message/day"),  # not 231K message/s
        (0.5, (("url", 1), ("s", -1)), "43.2K url/day"),
        (1e12 / 86400, (("B", 1), ("s", -1)), "1 TB/day"),
        (2e9, (("B", 1),), "2 GB"),  # no time: the base does not matter
        (1.17e-6, (("order", -1), ("s", 1)), "1.17 µs/order"),
    ],
)
def test_rates_keep_the_authors_time_base(value: float, dims: Dims, text: str) -> None:
    assert rounded(value, dims, per=DAY_UNIT) == text


@pytest.mark.parametrize(
    ("value", "whole", "text"),
    [
        (590.0, True, "590 node"),
        (1234.0, True, "1,234 node"),  # every digit of a whole count
        (1234.0, False, "1.23K node"),
        (999_999.0, True, "999,999 node"),
        (1_234_567.0, True, "1.23M node"),  # above a million, 3 digits again
    ],
)
def test_whole_counts_print_as_integers(value: float, whole: bool, text: str) -> None:
    assert rounded(value, (("node", 1),), whole=whole) == text


def rpn_eval(rpn: list[list[Any]], env: dict[str, float]) -> float:
    """The calculator's evaluation, step for step (see casebook-estimate.js)."""
    stack: list[float] = []
    functions = {
        "min": min,
        "max": max,
        "ceil": math.ceil,
        "floor": math.floor,
        "sqrt": math.sqrt,
        "log2": math.log2,
    }
    for op in rpn:
        if op[0] == "n":
            stack.append(op[1])
        elif op[0] == "v":
            stack.append(env[op[1]])
        elif op[0] == "neg":
            stack.append(-stack.pop())
        elif op[0] == "f":
            args = stack[len(stack) - op[2] :]
            del stack[len(stack) - op[2] :]
            fn = functions[op[1]]
            stack.append(float(fn(*args) if op[1] in ("min", "max") else fn(args[0])))
        else:
            b, a = stack.pop(), stack.pop()
            ops: dict[str, Any] = {
                "+": float.__add__,
                "-": float.__sub__,
                "*": float.__mul__,
                "/": float.__truediv__,
                "^": math.pow,
            }
            stack.append(ops[op[0]](float(a), float(b)))
    return stack.pop()


CASES = sorted([*PUBLISHED.glob("*.yaml"), *(ROOT / "case_studies").glob("*.yaml")])


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_calculator_data_reproduces_every_figure_exactly(path: Path) -> None:
    """The RPN of the page gives bit for bit the engine's values, in base units."""
    doc, _ = load_file(path, path.name)
    if doc is None:
        pytest.skip("does not load")
    case, _ = validate_shape(doc)
    if case is None:
        pytest.skip("does not validate")
    assert check_estimates(case.estimation, doc) == []
    data = json.loads(present(case.estimation).whatif)
    env = {a["name"]: a["value"] * a["factor"] for a in data["assumptions"]}
    figures = analyse(case.estimation).figures
    for fig in data["figures"]:
        env[fig["name"]] = rpn_eval(fig["rpn"], env)
        assert env[fig["name"]] == figures[fig["name"]].base, fig["name"]
    assert data["order"] == [d.name for d in case.estimation.derived]


_FORMULA_TEXT = st.text(alphabet="ab19.e+-*/^() ,%Bs_xKdayminlog2sqrtceil", max_size=40)
_UNIT_TEXT = st.text(alphabet="BKMs/*^()0123.-% urlday", max_size=12)


@settings(max_examples=300, deadline=None)
@given(formula=_FORMULA_TEXT, unit=_UNIT_TEXT, value=st.floats(allow_nan=True))
@example(formula="1", unit="2", value=8.98846567431158e307)  # finite, infinite in base units
def test_any_text_is_a_problem_or_a_figure_never_a_crash(
    formula: str, unit: str, value: float
) -> None:
    est = estimation(
        [{"name": "a", "value": value, "unit": unit}, {"name": "b", "value": 2, "unit": "B"}],
        [{"name": "x", "formula": formula or "a", "unit": unit}],
    )
    analysis = analyse(est)
    assert all(issue.code in CODES for issue in analysis.issues)
    if not analysis.issues:
        present(est)
