"""Which case-study and concept pages go in which navigation section (pure data).

The mkdocs side of it, rearranging the navigation tree, is in `nav.py`; this part is computed
with the pages and stored in the build stamp, so a no-op build can still group the navigation.
"""

from __future__ import annotations

from dataclasses import dataclass

from .enrich import Site

CASES_FOLDER = "case-studies"
CONCEPTS_FOLDER = "concepts"


@dataclass(frozen=True)
class NavGroup:
    title: str | None  # a sub-section's title; None: the pages stay in their section, reordered
    pages: tuple[str, ...]  # paths below docs/, in the order to show them


def category_title(category: str) -> str:
    """`social-media` → `Social media`, the way mkdocs titles folders."""
    return category.replace("-", " ").capitalize()


def nav_groups(site: Site) -> tuple[NavGroup, ...]:
    """Case studies in one sub-section per category (catalogue order); concepts by title."""
    groups: dict[str, list[str]] = {}
    for cid in site.order:
        groups.setdefault(site.cases[cid].model.category, []).append(f"{CASES_FOLDER}/{cid}.md")
    by_title = sorted(site.concepts, key=lambda cid: (site.concepts[cid].title.lower(), cid))
    return (
        *(NavGroup(category_title(c), tuple(paths)) for c, paths in groups.items()),
        NavGroup(None, tuple(f"{CONCEPTS_FOLDER}/{cid}.md" for cid in by_title)),
    )
