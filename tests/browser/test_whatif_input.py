"""The what-if calculator reads numbers as the pages write them (100M, 1.5K, 2e8, 100,000,000),
refuses JavaScript's own forms (0x10, Infinity), and says "too large" where a value overflows."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FIELD = 'input[data-assumption="new_urls_per_day"]'
ERROR = f"{FIELD} ~ .casebook-error"


def write_rate(page: Any) -> str:
    return page.text_content('[data-figure="write_rate"] .casebook-exact')  # type: ignore[no-any-return]


def type_in(page: Any, site_url: str, typed: str) -> None:
    """The URL shortener's calculator, with `typed` in its first field."""
    page.goto(f"{site_url}/case-studies/url-shortener/")
    page.wait_for_selector(".casebook-whatif[data-ready]")
    page.fill(FIELD, typed)


@pytest.mark.parametrize(
    ("typed", "exact"),
    [
        ("100M", "1,157.407407 url/s"),
        ("100,000,000", "1,157.407407 url/s"),
        ("100_000_000", "1,157.407407 url/s"),
        ("1e8", "1,157.407407 url/s"),
        ("2e8", "2,314.814815 url/s"),
        ("1.5K", "0.01736111111 url/s"),
        ("0.1B", "1,157.407407 url/s"),
        ("86.4k", "1 url/s"),
    ],
)
def test_numbers_as_the_pages_write_them(site_url: str, page: Any, typed: str, exact: str) -> None:
    type_in(page, site_url, typed)
    assert page.text_content(ERROR) == ""
    assert page.get_attribute(FIELD, "aria-invalid") == "false"
    assert write_rate(page) == exact


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("0x10", "not a number"),
        ("0b1", "not a number"),
        ("Infinity", "not a number"),
        ("1e400", "too large"),
        ("5MM", "not a number"),
        ("", "enter a number"),
    ],
)
def test_other_forms_are_refused(site_url: str, page: Any, typed: str, error: str) -> None:
    type_in(page, site_url, typed)
    assert page.text_content(ERROR) == error
    assert page.get_attribute(FIELD, "aria-invalid") == "true"
    assert write_rate(page) == "—"


def regions(page: Any) -> list[dict[str, float]]:
    """The boxes of the calculator's two tables (inputs, figures), once scrolled into view."""
    page.locator(".casebook-whatif").scroll_into_view_if_needed()
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        ".casebook-whatif > .casebook-scroll",
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })",
    )


def test_inputs_and_figures_side_by_side_on_a_wide_screen(site_url: str, page: Any) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    type_in(page, site_url, "2e8")
    inputs, figures = regions(page)
    assert figures["left"] >= inputs["right"]
    assert abs(figures["top"] - inputs["top"]) < 1
    # both tables fit the screen at once: the changed figure is in view beside the input
    assert max(inputs["bottom"], figures["bottom"]) - min(inputs["top"], figures["top"]) <= 900
    row = page.locator('[data-figure="write_rate"]').bounding_box()
    assert figures["top"] <= row["y"] and row["y"] + row["height"] <= figures["bottom"]
    assert write_rate(page) == "2,314.814815 url/s"


def test_inputs_above_figures_on_a_phone(site_url: str, page: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    type_in(page, site_url, "2e8")
    inputs, figures = regions(page)
    assert figures["top"] >= inputs["bottom"]
    assert figures["right"] - figures["left"] == pytest.approx(inputs["right"] - inputs["left"])


def test_each_unit_is_beside_its_input(site_url: str, page: Any) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    type_in(page, site_url, "100M")
    unit = page.locator(f"{FIELD} ~ .casebook-unit")
    assert unit.text_content() == "url/day"
    box, field = unit.bounding_box(), page.locator(FIELD).bounding_box()
    assert box["x"] >= field["x"] + field["width"]  # after the input, in the same row
    assert box["x"] + box["width"] <= 390  # and on the screen without scrolling
