"""The site search: a concept's own page comes first for its name, and a search for a phrase that
ends many generated checklist items does not drown in them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.search_ui import search
from tests.conftest import BuiltSite

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize(
    ("query", "concept"),
    [
        ("consistent hashing", "consistent-hashing"),
        ("rate limiting", "rate-limiting"),
        ("bloom filter", "bloom-filter"),
    ],
)
def test_a_concept_page_ranks_first_for_its_name(
    site_url: str, page: Any, query: str, concept: str
) -> None:
    page.goto(f"{site_url}/")
    results = search(page, query)
    first = results.first.get_attribute("href")
    assert first.split("?")[0] == f"{site_url}/concepts/{concept}/"  # ?h= highlights the words


def test_single_point_of_failure_is_not_a_flood(site_url: str, page: Any) -> None:
    page.goto(f"{site_url}/")
    results = search(page, "single point of failure")
    links = results.evaluate_all("links => links.map(a => a.href)")
    # The derived "What happens when … fails? Is it a single point of failure?" items (one per
    # stateful component of every case study) are not in the index; the results lead to different places.
    assert [link for link in links if "/derived/" in link] == []
    assert len(links) >= 10 and len(set(links[:10])) == 10


def test_the_index_is_fetched_when_search_opens_and_search_then_works(
    built_site: BuiltSite, site_url: str, page: Any
) -> None:
    """Loading a page costs no index (mkdocs-material parses it on the main thread); opening
    search fetches it once, and the first words typed find their page."""
    if built_site.builder != "mkdocs":
        pytest.skip("Zensical's theme loads its own index; casebook-search.js holds Material's")
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if "search_index" in r.url else None)
    page.goto(f"{site_url}/case-studies/url-shortener/")
    page.wait_for_load_state("networkidle")
    assert fetched == []
    results = search(page, "consistent hashing")
    assert results.first.get_attribute("href").split("?")[0] == (
        f"{site_url}/concepts/consistent-hashing/"
    )
    assert fetched == [f"{site_url}/search/search_index.json"]


def test_an_address_that_asks_for_search_fetches_the_index_at_once(
    built_site: BuiltSite, site_url: str, page: Any
) -> None:
    if built_site.builder != "mkdocs":
        pytest.skip("Zensical's theme loads its own index; casebook-search.js holds Material's")
    page.goto(f"{site_url}/?q=bloom+filter")
    page.locator(".md-search-result__item a").first.wait_for(timeout=20_000)
    first = page.locator(".md-search-result__item a").first.get_attribute("href")
    assert first.split("?")[0] == f"{site_url}/concepts/bloom-filter/"
