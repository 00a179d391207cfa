"""The built site in headless Chromium, served from localhost: one page of every generated kind
and the hand-written home page make no request off their own origin and log no console error,
and the search box finds a word and leads to a page. The hostile corpus's site, too, runs no
script of a contributor's: no dialog opens on its pages or in its search results.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath
from typing import Any

import pytest

from generator.write.writer import OWNED_FOLDERS
from tests.browser.search_ui import search
from tests.conftest import BuiltSite, serve
from tests.site.test_hostile_site import build_hostile_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LOCAL_SCHEMES = ("data:", "blob:", "about:")  # never leave the browser
CASE_FOLDER_PAGES = ("index.md", "comparison.md")  # the pages beside the case studies


def page_kinds(built: BuiltSite) -> list[str]:
    """Site paths of the home page and, per generated folder, its index and first pages.

    Folders the generator owns are listed from the generated docs, so a new kind of generated
    page is visited as soon as it exists.
    """
    docs = built.project / "docs"
    chosen = ["index.md"]
    for folder in OWNED_FOLDERS:
        files = sorted((docs / folder).rglob("*.md"))
        names = [p.relative_to(docs).as_posix() for p in files if p.name == "index.md"][:1]
        names += [p.relative_to(docs).as_posix() for p in files if p.name != "index.md"][:2]
        chosen += names
    if (docs / "case-studies" / "comparison.md").exists():
        chosen.append("case-studies/comparison.md")
    return sorted(set(chosen))


def url_of(md: str) -> str:
    path = PurePosixPath(md)
    folder = path.parent if path.stem == "index" else path.parent / path.stem
    return "" if str(folder) == "." else f"{folder.as_posix()}/"


def visit(page: Any, url: str) -> None:
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, url


def off_origin(page: Any, origin: str) -> list[str]:
    return [u for u in page.requests if not u.startswith((origin + "/", *LOCAL_SCHEMES))]


def test_every_kind_of_page_stays_on_its_origin(
    built_site: BuiltSite, site_url: str, page: Any
) -> None:
    kinds = page_kinds(built_site)
    assert {"case-studies/index.md", "concepts/index.md"} <= set(kinds)
    for md in kinds:
        page.requests.clear()
        visit(page, f"{site_url}/{url_of(md)}")
        if md.startswith("case-studies/") and md.rsplit("/", 1)[-1] not in CASE_FOLDER_PAGES:
            # The diagrams are drawn by the site's own copy of Mermaid, once they near the screen.
            for pre in page.locator("pre.casebook-diagram").all():
                pre.scroll_into_view_if_needed()
            page.wait_for_function(
                "document.querySelectorAll('.casebook-drawing').length === 2", timeout=30_000
            )
        assert off_origin(page, site_url) == [], md
        assert page.console_errors == [], md
        assert page.requests, md


def test_search_finds_a_word_and_opens_the_page(site_url: str, page: Any) -> None:
    visit(page, f"{site_url}/")
    results = search(page, "shortener")
    assert results.count() >= 1
    assert "shortener" in results.first.inner_text().lower()
    page.requests.clear()
    results.first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(site_url + "/") and page.url != f"{site_url}/"
    assert "shortener" in page.inner_text("article").lower()
    assert off_origin(page, site_url) == []
    assert page.console_errors == []


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_hostile_site(tmp_path_factory).site
    url, server = serve(site)
    yield url
    server.shutdown()


@pytest.mark.parametrize(
    "path",
    [
        "case-studies/xss-text/",
        "case-studies/front-matter/",
        "case-studies/code-fences/",
        "case-studies/mermaid-labels/",
        "concepts/xss-concept/",
        "checklists/",
    ],
)
def test_hostile_pages_run_no_contributor_script(hostile_url: str, page: Any, path: str) -> None:
    visit(page, f"{hostile_url}/{path}")
    page.wait_for_timeout(500)  # let deferred scripts (diagrams, checklists) run
    assert page.dialogs == []
    assert page.evaluate("document.querySelectorAll('[onerror], [onload], [onclick]').length") == 0
    assert off_origin(page, hostile_url) == []
    assert page.console_errors == []


def test_hostile_search_results_are_text(hostile_url: str, page: Any) -> None:
    visit(page, f"{hostile_url}/")
    results = search(page, "SUMMARY")
    page.wait_for_timeout(500)
    assert page.dialogs == []
    text = results.first.inner_text()
    assert "alert('SUMMARY')" in text
    assert (
        page.evaluate(
            "document.querySelectorAll('.md-search-result script, .md-search-result img').length"
        )
        == 0
    )
    assert page.console_errors == []
