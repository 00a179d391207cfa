"""The site search: a concept's own page comes first for its name, and a search for a phrase that
ends many generated checklist items does not drown in them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.search_ui import search

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
