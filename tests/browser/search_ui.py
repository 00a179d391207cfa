"""The site search as a reader uses it, in whichever theme built the page.

mkdocs-material has a search field in the header and a result list in the page; Zensical has a
header button that opens a dialog (in a shadow root, which Playwright's locators enter) with a
combobox and a listbox of result links. Both are driven by role and visible text where they can.
"""

from __future__ import annotations

from typing import Any

MATERIAL_INPUT = ".md-search__input"


def open_search(page: Any) -> Any:
    """Open the search and return its text field."""
    if page.locator(MATERIAL_INPUT).count():
        page.click(MATERIAL_INPUT)
        # Typing before the search index is loaded would be lost: wait for the prompt.
        page.locator(".md-search-result__meta", has_text="Type to start searching").wait_for(
            timeout=30_000
        )
        return page.locator(MATERIAL_INPUT)
    page.click(".md-search__button")
    field = page.get_by_role("combobox", name="Search")
    field.wait_for(timeout=30_000)
    return field


def search(page: Any, words: str) -> Any:
    """Type `words` into the search and return the result links, best first."""
    field = open_search(page)
    field.press_sequentially(words, delay=30)
    if page.locator(MATERIAL_INPUT).count():
        links = page.locator(".md-search-result__item a")
    else:
        links = page.get_by_role("listbox", name="Search results").get_by_role("option")
    links.first.wait_for(timeout=20_000)
    return links


FOCUSED_LABEL = """() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  return el ? el.getAttribute("aria-label") : null;
}"""


def wait_for_search_focus(page: Any) -> None:
    """Wait until the keyboard is in the search field: the search is open, ready to type in."""
    page.wait_for_function(f"() => ({FOCUSED_LABEL})() === 'Search'", timeout=10_000)
