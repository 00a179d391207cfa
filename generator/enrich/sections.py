"""Which case-study and concept pages go in which navigation section (pure data).

The mkdocs side of it, rearranging the navigation tree, is in `nav.py`; this part is computed
with the pages and stored in the build stamp, so a no-op build can still group the navigation.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.enrich.site import Site
from generator.markup.paths import case_page, concept_page

# A navigation section lists at most this many pages; a larger category is split by
# difficulty, then into numbered runs. With `navigation.prune` each page renders only its own
# branch, so this bound keeps every page's navigation the same size however large the
# catalogue grows: the build stays linear instead of growing with the square of the pages.
MAX_SECTION = 50


@dataclass(frozen=True)
class NavGroup:
    path: tuple[str, ...]  # nested sub-section titles; (): the pages stay in their section
    pages: tuple[str, ...]  # paths below docs/, in the order to show them


def category_title(category: str) -> str:
    """`social-media` → `Social media`, the way mkdocs titles folders."""
    return category.replace("-", " ").capitalize()


def _bounded(path: tuple[str, ...], pages: list[str]) -> list[NavGroup]:
    if len(pages) <= MAX_SECTION:
        return [NavGroup(path, tuple(pages))]
    return [
        NavGroup(
            (*path, f"{i + 1}–{min(i + MAX_SECTION, len(pages))}"),
            tuple(pages[i : i + MAX_SECTION]),
        )
        for i in range(0, len(pages), MAX_SECTION)
    ]


def nav_groups(site: Site) -> tuple[NavGroup, ...]:
    """Case studies in one sub-section per category (catalogue order), split when large;
    concepts by title."""
    groups: dict[str, list[str]] = {}
    for cid in site.order:
        groups.setdefault(site.cases[cid].model.category, []).append(cid)
    out: list[NavGroup] = []
    for category, ids in groups.items():
        title = category_title(category)
        if len(ids) <= MAX_SECTION:
            out += _bounded((title,), [case_page(cid) for cid in ids])
            continue
        by_level: dict[str, list[str]] = {}
        for cid in ids:  # catalogue order is already by difficulty within a category
            level = site.cases[cid].model.difficulty.value.capitalize()
            by_level.setdefault(level, []).append(case_page(cid))
        for level, pages in by_level.items():
            out += _bounded((title, level), pages)
    by_title = sorted(site.concepts, key=lambda cid: (site.concepts[cid].title.lower(), cid))
    out.append(NavGroup((), tuple(concept_page(cid) for cid in by_title)))
    return tuple(out)
