"""A phone, 390 px wide: no page scrolls sideways; a wide table scrolls inside its own focusable
region with its first column kept in view; identifiers wrap at underscores only."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PAGES = [
    "",
    "case-studies/",
    "case-studies/url-shortener/",
    "case-studies/chat-messenger/",
    "case-studies/comparison/",
    "checklists/",
    "concepts/consistent-hashing/",
    "method/",
]


# The page is no wider than the window less any scroll bar the theme keeps (Zensical keeps one).
NO_SIDEWAYS_SCROLL = (
    "document.documentElement.scrollWidth <= document.documentElement.clientWidth "
    "&& document.documentElement.clientWidth <= 390"
)


@pytest.fixture()
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways(site_url: str, phone: Any, path: str) -> None:
    phone.goto(f"{site_url}/{path}")
    phone.wait_for_load_state("networkidle")
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)


def test_a_wide_table_scrolls_in_its_own_region_with_its_first_column_in_view(
    site_url: str, phone: Any
) -> None:
    phone.goto(f"{site_url}/case-studies/comparison/")
    region = phone.locator("[role=region]").first
    assert region.get_attribute("aria-label").startswith("Table: ")
    assert region.get_attribute("tabindex") == "0"
    region.scroll_into_view_if_needed()  # laid out only near the screen (content-visibility)
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")
    region.focus()
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("ArrowRight")
    region.evaluate("r => { r.scrollLeft = 200; }")
    first = region.locator("tbody tr:first-child td:first-child")
    box, frame = first.bounding_box(), region.bounding_box()
    assert round(box["x"]) == round(frame["x"])  # sticky: still at the left edge
    assert phone.evaluate(NO_SIDEWAYS_SCROLL)


def test_identifiers_wrap_at_underscores(site_url: str, phone: Any) -> None:
    phone.goto(f"{site_url}/case-studies/url-shortener/")
    code = phone.locator("td code", has_text="redirect_response_size").first
    assert code.inner_html() == "redirect_<wbr>response_<wbr>size"
    assert code.text_content() == "redirect_response_size"
