"""The finder's search in the browser and `casebook checklist` return the same items, in the same
order, for the same queries: abbreviations, odd spacing and case included."""

from __future__ import annotations

from typing import Any

import pytest

from generator.commands.checklist import select
from generator.enrich.site import enrich
from generator.pipeline import check_all
from generator.project import Project
from tests.conftest import BuiltSite

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUERIES = [
    "single point of failure",
    "SPOF",
    "spof cache",
    "QPS",
    "  LB  ",
    "cdn",
    "ttl",
    "cache\tstampede",
    "Design a URL shortener",
    "partition hot",
    "no-such-word-anywhere",
]


def python_ids(built_site: BuiltSite, query: str) -> list[str]:
    catalogue, concepts, method, _ = check_all(Project.at(built_site.project))
    site = enrich(catalogue, concepts, method)
    cases = [site.cases[cid].model for cid in site.order]
    return [item.id for item in select(method, cases, words=(query,))]


def test_finder_and_cli_agree(built_site: BuiltSite, site_url: str, page: Any) -> None:
    page.goto(f"{site_url}/checklists/")
    page.wait_for_selector(".casebook-finder-results li[data-check-id]")
    found: dict[str, list[str]] = {}
    for query in QUERIES:
        page.fill("input[name=words]", query)
        found[query] = page.eval_on_selector_all(
            ".casebook-finder-results li[data-check-id]", "lis => lis.map(li => li.dataset.checkId)"
        )
    expected = {query: python_ids(built_site, query) for query in QUERIES}
    assert found == expected
    assert len(expected["SPOF"]) >= len(expected["single point of failure"]) > 0
    assert expected["QPS"] and expected["  LB  "] and expected["cdn"]
    assert expected["no-such-word-anywhere"] == []
