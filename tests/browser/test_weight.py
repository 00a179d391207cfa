"""What a reader downloads: a case study's cold load stays within 600 KB uncompressed (HTML, CSS,
JS, fonts, images; the search index apart), and the search index holds no repeated block.

Before the diagrams were loaded on demand every page took 4.0 MB (3.5 MB of it Mermaid).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from generator.markup.paths import ITEMS_JSON
from generator.site.search import SEARCH_INDEXES
from tests.conftest import BuiltSite

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SIZES = "() => performance.getEntries().filter((e) => 'decodedBodySize' in e).map((e) => [e.name, e.decodedBodySize])"


def test_a_case_study_loads_in_600_kb(built_site: BuiltSite, site_url: str, page: Any) -> None:
    if built_site.builder != "mkdocs":
        # Measured: 634 KB, of which the theme's own script is 177 KB (Material's: 114 KB).
        pytest.skip("the budget is the default builder's; Zensical's theme assets are larger")
    page.goto(f"{site_url}/case-studies/url-shortener/")
    page.wait_for_load_state("networkidle")
    sizes = dict(page.evaluate(SIZES))
    index = tuple(p for p, _ in SEARCH_INDEXES)  # mkdocs-material's, Zensical's
    total = sum(size for url, size in sizes.items() if not url.endswith(index))
    assert total <= 600_000, sorted(sizes.items(), key=lambda kv: -kv[1])[:5]
    assert not [url for url in sizes if url.endswith("mermaid.min.js")]


def test_the_search_index_holds_no_repeated_block(built_site: BuiltSite) -> None:
    """Each checklist item once, where it lives; no derived items, related lists or repeats.

    On 60 case studies and 66 concepts it measured 2.9 MB: 49 KB a case study, against 80 KB
    (1,600,099 bytes for 20) in the first release.
    """
    path, key = next((p, k) for p, k in SEARCH_INDEXES if (built_site.site / p).is_file())
    entries = json.loads((built_site.site / path).read_text(encoding="utf-8"))[key]
    locations = [str(e["location"]) for e in entries]
    items = json.loads((built_site.site / ITEMS_JSON).read_text(encoding="utf-8"))["items"]
    wanted = [i["url"] for i in items if not i["derived"]]
    assert len(set(locations)) == len(locations)
    assert [loc for loc in locations if "#related" in loc or "/derived/" in loc] == []
    indexed = [loc for loc in locations if loc in set(wanted)]
    assert sorted(indexed) == sorted(wanted)
