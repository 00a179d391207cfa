"""Checklists in headless Chromium: ticks that persist, counters, the finder, search and print.

The site is built from the checklist fixtures (two small case studies and a short method
checklist) with `mkdocs build --strict`, and served on localhost.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, BuiltSite, _QuietHandler, copy_project, run_mkdocs

pytestmark = pytest.mark.browser

SPOF = "method/bottlenecks/spof"
STAMPEDE = "alpha-links/cache-stampede"
STORE_FAILS = "alpha-links/derived/fails-link-store"


@dataclass(frozen=True)
class FixtureSite:
    site: Path
    url: str


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FixtureSite]:
    """The fixture site, built for the address it is served on.

    The theme's instant navigation only takes over links listed in the sitemap, which holds
    absolute addresses built from `site_url` (as `mkdocs serve` does for its own address).
    """
    project = copy_project(
        tmp_path_factory.mktemp("checklist-site"), FIXTURES / "checklists" / "case_studies"
    )
    handler = functools.partial(_QuietHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    config = project / "mkdocs.yml"
    text, count = re.subn(r"(?m)^site_url: .*$", f"site_url: {url}/", config.read_text())
    assert count == 1
    config.write_text(text)
    result = run_mkdocs(project)
    assert result.returncode == 0, result.stderr
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield FixtureSite(project / "site", url)
    server.shutdown()


@pytest.fixture(scope="module")
def fixture_site(served: FixtureSite) -> Path:
    return served.site


@pytest.fixture(scope="module")
def url(served: FixtureSite) -> str:
    return served.url


def item(item_id: str) -> str:
    return f'li.casebook-item[id="{item_id}"]'


def tick(page: Any, item_id: str) -> None:
    page.click(f"{item(item_id)} .task-list-indicator")


def is_ticked(page: Any, item_id: str) -> bool:
    return bool(page.is_checked(f"{item(item_id)} input[type=checkbox]"))


def counters(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(".casebook-progress-text").all_inner_texts()]


def stored(page: Any) -> dict[str, str]:
    return dict(
        page.evaluate(
            "() => Object.keys(localStorage).filter(k => k.startsWith('casebook.tick:'))"
            ".sort().map(k => [k, localStorage.getItem(k)])"
        )
    )


def test_a_tick_survives_a_reload(page: Any, url: str) -> None:
    page.goto(f"{url}/case-studies/alpha-links/")
    assert not is_ticked(page, STORE_FAILS)
    assert counters(page)[-2:] == ["Step 7: 0 of 5 ticked", "This case study: 0 of 16 ticked"]
    tick(page, STORE_FAILS)
    assert is_ticked(page, STORE_FAILS)
    assert stored(page) == {f"casebook.tick:{STORE_FAILS}": "1"}
    assert counters(page)[-2:] == ["Step 7: 1 of 5 ticked", "This case study: 1 of 16 ticked"]
    page.reload()
    assert is_ticked(page, STORE_FAILS)
    assert counters(page)[-2:] == ["Step 7: 1 of 5 ticked", "This case study: 1 of 16 ticked"]
    # Every step's block counts the whole case study too.
    assert counters(page)[:2] == ["Step 1: 0 of 2 ticked", "This case study: 1 of 16 ticked"]
    tick(page, STORE_FAILS)
    assert not is_ticked(page, STORE_FAILS)
    assert stored(page) == {}
    assert page.console_errors == []


def test_ticks_follow_instant_navigation(page: Any, url: str) -> None:
    page.goto(f"{url}/case-studies/alpha-links/")
    tick(page, STAMPEDE)
    page.evaluate("() => { window.stillThisDocument = true }")
    # The "Checklists" page from the navigation, then its step 7 page: no full page load.
    page.locator('.md-nav--primary a[href$="/checklists/"]').first.click()
    page.wait_for_url(re.compile(r"/checklists/(#.*)?$"))
    page.click('article a[href$="step-7-bottlenecks/"]')
    page.wait_for_url(re.compile(r"/checklists/step-7-bottlenecks/(#.*)?$"))
    page.wait_for_selector(item(STAMPEDE))
    assert page.evaluate("() => window.stillThisDocument") is True
    assert is_ticked(page, STAMPEDE)
    assert not is_ticked(page, SPOF)
    assert counters(page) == [
        "This page: 1 of 6 ticked",
        "This case study: 0 of 1 ticked",
        "This case study: 1 of 3 ticked",
    ]
    tick(page, SPOF)
    assert counters(page)[0] == "This page: 2 of 6 ticked"
    # Away to the case study's page and back through history, still without a reload.
    page.click(f'{item(STAMPEDE)} a:text("in context")')
    page.wait_for_url(re.compile(r"/case-studies/alpha-links/#alpha-links/cache-stampede$"))
    page.wait_for_function("() => document.querySelector('.casebook-progress-text') !== null")
    assert is_ticked(page, STAMPEDE)
    # The method's question is ticked per case study: not on the case study's page.
    assert not is_ticked(page, f"alpha-links/{SPOF}")
    page.go_back()
    page.wait_for_url(re.compile(r"/checklists/step-7-bottlenecks/(#.*)?$"))
    page.wait_for_function(
        "() => document.querySelector('.casebook-progress-text')?.textContent"
        " === 'This page: 2 of 6 ticked'"
    )
    assert page.evaluate("() => window.stillThisDocument") is True
    assert is_ticked(page, SPOF) and is_ticked(page, STAMPEDE)
    assert page.console_errors == []


def test_reset_clears_the_ticks_a_counter_counts(page: Any, url: str) -> None:
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{url}/checklists/step-7-bottlenecks/")
    for item_id in (SPOF, STAMPEDE, STORE_FAILS):
        tick(page, item_id)
    assert counters(page) == [
        "This page: 3 of 6 ticked",
        "This case study: 0 of 1 ticked",
        "This case study: 2 of 3 ticked",
    ]
    # The alpha-links group's reset leaves the method's tick alone.
    page.locator(".casebook-progress").nth(2).locator("button.casebook-reset").click()
    assert counters(page) == [
        "This page: 1 of 6 ticked",
        "This case study: 0 of 1 ticked",
        "This case study: 0 of 3 ticked",
    ]
    assert stored(page) == {f"casebook.tick:{SPOF}": "1"}
    assert page.locator(".casebook-progress").nth(2).locator("button").is_disabled()


def finder_ids(page: Any) -> list[str]:
    ids = page.locator(".casebook-finder-results li.casebook-item").evaluate_all(
        "items => items.map(li => li.dataset.checkId)"
    )
    return list(ids)


def count_line(page: Any) -> str:
    return str(page.inner_text(".casebook-finder-count"))


def test_the_finder_filters_by_words_step_tag_and_source(page: Any, url: str) -> None:
    page.goto(f"{url}/checklists/")
    page.wait_for_selector(".casebook-finder-results li")
    assert count_line(page) == "19 of 19 items shown · 0 ticked"
    page.fill("input[name=words]", "fails")
    assert finder_ids(page) == [
        "beta-queue/derived/fails-outbox",
        STORE_FAILS,
        "alpha-links/derived/fails-hot-cache",
    ]
    assert count_line(page) == "3 of 19 items shown · 0 ticked"
    assert page.url.endswith("/checklists/?words=fails")
    page.fill("input[name=words]", "")
    page.select_option("select[name=tag]", "caching")
    assert finder_ids(page) == [STAMPEDE, "alpha-links/derived/fails-hot-cache"]
    page.select_option("select[name=tag]", "")
    page.select_option("select[name=step]", "3")
    assert finder_ids(page) == ["method/interface/safe-retries", "beta-queue/dedupe"]
    page.select_option("select[name=case]", "method")
    assert finder_ids(page) == ["method/interface/safe-retries"]
    page.select_option("select[name=step]", "")
    page.select_option("select[name=case]", "beta-queue")
    assert finder_ids(page) == [
        "beta-queue/derived/peak-send-rate",
        "beta-queue/dedupe",
        "beta-queue/derived/fails-outbox",
    ]
    # Derived items say so; every item links to where it lives.
    derived = page.locator('.casebook-finder-results li[data-check-id$="fails-outbox"]')
    # text_content, not inner_text: an item off-screen under content-visibility has no layout.
    assert derived.locator(".casebook-derived").text_content() == "derived"
    href = derived.locator(".casebook-item-source a").get_attribute("href")
    assert href == f"{url}/case-studies/beta-queue/#beta-queue/derived/fails-outbox"
    page.select_option("select[name=case]", "")
    page.fill("input[name=words]", "zebra")
    assert finder_ids(page) == []
    assert count_line(page) == "0 of 19 items shown · 0 ticked"
    assert page.inner_text(".casebook-finder-results") == "No item matches these filters."


def test_the_finder_reads_its_filters_from_the_address(page: Any, url: str) -> None:
    page.goto(f"{url}/checklists/?tag=availability&step=7")
    page.wait_for_selector(".casebook-finder-results li")
    assert page.input_value("select[name=tag]") == "availability"
    assert finder_ids(page) == [
        SPOF,
        "method/bottlenecks/replicas",
        "beta-queue/derived/fails-outbox",
        STAMPEDE,
        STORE_FAILS,
        "alpha-links/derived/fails-hot-cache",
    ]
    assert page.inner_text(".casebook-finder-step-count").strip() == "0 of 6 ticked"


def test_a_tick_in_the_finder_is_the_same_tick_as_on_the_pages(page: Any, url: str) -> None:
    page.goto(f"{url}/checklists/?words=popular")
    page.wait_for_selector(".casebook-finder-results li")
    page.click(f'.casebook-finder-results li[data-check-id="{STAMPEDE}"] .task-list-indicator')
    assert count_line(page) == "1 of 19 items shown · 1 ticked"
    page.click(".casebook-finder-results .casebook-item-source a")
    page.wait_for_url(re.compile(r"/case-studies/alpha-links/"))
    page.wait_for_function("() => document.querySelector('.casebook-progress-text') !== null")
    assert is_ticked(page, STAMPEDE)


def search(page: Any, query: str) -> None:
    """Type into the theme's search box once its index is loaded."""
    page.click("input[data-md-component=search-query]")
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta')?.textContent"
        " === 'Type to start searching'"
    )
    page.keyboard.type(query)  # the theme searches on key presses


def test_search_finds_an_item_and_lands_on_it(page: Any, url: str) -> None:
    page.goto(f"{url}/")
    search(page, "popular link expires")
    target = page.locator('.md-search-result__item a[href$="#alpha-links/cache-stampede"]').first
    target.wait_for()
    assert "What happens when a popular link expires from the cache?" in target.inner_text()
    target.click()
    page.wait_for_url(re.compile(r"/case-studies/alpha-links/"))
    # Scrolled into view and marked (the theme then rewrites the address as you scroll).
    # Instant navigation changes the address before it swaps the content in: wait for both.
    page.wait_for_function(
        "() => { const el = document.getElementById('alpha-links/cache-stampede');"
        " if (!el) return false;"
        " const box = el.getBoundingClientRect();"
        " return box.top >= 0 && box.bottom <= window.innerHeight; }"
    )
    marked = page.locator("li.casebook-target").evaluate_all("items => items.map(li => li.id)")
    assert marked == [STAMPEDE]


def test_search_finds_the_method_questions_on_their_step_page(page: Any, url: str) -> None:
    page.goto(f"{url}/")
    search(page, "single point of failure")
    # The result for the whole query (results refresh on every key), on the step page.
    href = f"{url}/checklists/step-7-bottlenecks/?h=single+point+failure#{SPOF}"
    target = page.locator(f'.md-search-result__item a[href="{href}"]')
    target.wait_for(state="attached")  # possibly folded under its page's other results
    assert "Is there any single point of failure?" in target.inner_text()


def test_print_view_prints_the_items_shown_and_nothing_else(page: Any, url: str) -> None:
    page.goto(f"{url}/checklists/?step=7")
    page.wait_for_selector(".casebook-finder-results li")
    page.evaluate("() => { window.print = () => { window.printed = true } }")
    page.click("button.casebook-print")
    assert page.evaluate("() => window.printed") is True
    page.emulate_media(media="print")
    display = "sel => getComputedStyle(document.querySelector(sel)).display"
    assert page.evaluate(display, ".casebook-finder-controls") == "none"
    assert page.evaluate(display, "#where-items-come-from") == "none"
    assert not page.locator(".md-header").is_visible()
    assert page.locator("h1").inner_text() == "Checklists"
    assert page.inner_text(".casebook-finder-count") == "6 of 19 items shown · 0 ticked"
    items = page.locator(".casebook-finder-results li")
    assert items.count() == 6
    assert all(items.nth(i).is_visible() for i in range(6))
    # An empty box to tick on paper.
    border = page.evaluate(
        "() => getComputedStyle(document.querySelector("
        "'.casebook-finder-results .task-list-indicator'), '::before').borderTopStyle"
    )
    assert border == "solid"


def test_the_checklist_pages_make_no_request_off_the_site(page: Any, url: str) -> None:
    for path in ("/checklists/", "/checklists/step-2-estimation/", "/case-studies/beta-queue/"):
        page.goto(f"{url}{path}")
        page.wait_for_selector(".casebook-progress-text, .casebook-finder-results li")
    off_site = [r for r in page.requests if not r.startswith(url)]
    assert off_site == []
    assert page.console_errors == []


def _anchors(html: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', html))


def _check_links(site: Path) -> None:
    data = json.loads((site / "checklists" / "items.json").read_text())
    for entry in [*data["items"], *data["steps"], *data["cases"]]:
        path, _, anchor = entry["url"].partition("#")
        html = (site / path / "index.html").read_text()
        assert not anchor or anchor in _anchors(html), entry["url"]


def test_every_address_in_items_json_exists(fixture_site: Path) -> None:
    _check_links(fixture_site)


@pytest.mark.slow
def test_every_address_in_the_bundled_items_json_exists(built_site: BuiltSite) -> None:
    _check_links(built_site.site)
    data = json.loads((built_site.site / "checklists" / "items.json").read_text())
    cases = {c["id"] for c in data["cases"]}
    # "Single point of failure" is one search across every case study.
    spof = [i for i in data["items"] if "single point of failure" in i["text"].lower()]
    assert any(i["origin"] == "method" for i in spof)
    # Every bundled case study with a stateful component has its failure items.
    failing = {i["case"] for i in data["items"] if "/derived/fails-" in i["id"]}
    assert failing == cases
