"""axe-core finds no violation on the reader's main pages, light and dark, on a desktop and a phone.

axe-core comes from the npm registry (package-lock.json; scripts/browser-deps.sh installs it) and is
injected into each page through Playwright after the site's own scripts have run, so what it
checks is what a reader gets: the drawn diagrams, the finder built from its JSON, the calculator.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "",
    "case study": "case-studies/url-shortener/",
    "finder": "checklists/",
    "comparison": "case-studies/comparison/",
    "concept": "concepts/consistent-hashing/",
}
SETTLED = {
    "case study": ".casebook-whatif[data-ready]",
    "finder": ".casebook-finder-results",
    "comparison": "table[data-sortable]",
}
RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    nodes: v.nodes.map((n) => n.target.join(" ") + " :: " + n.failureSummary.split("\\n")[1]),
  }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run scripts/browser-deps.sh")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture()
def fresh(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def open_page(scheme: str, width: int) -> Any:
        context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def settle(page: Any, name: str) -> None:
    if name in SETTLED:
        page.wait_for_selector(SETTLED[name])
    if name == "case study":  # draw the diagrams, so that axe checks them too
        for pre in page.locator("pre.casebook-diagram").all():
            pre.scroll_into_view_if_needed()
        page.wait_for_function("document.querySelectorAll('.casebook-drawing').length === 2")
        page.evaluate("window.scrollTo(0, 0)")


@pytest.mark.parametrize("width", [1400, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_axe_violations(
    site_url: str, fresh: Any, axe_source: str, name: str, scheme: str, width: int
) -> None:
    page = fresh(scheme, width)
    page.goto(f"{site_url}/{PAGES[name]}")
    settle(page, name)
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected
    page.add_script_tag(content=axe_source)
    assert page.evaluate(RUN) == []
