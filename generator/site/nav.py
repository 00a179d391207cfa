"""Navigation: the case-study pages grouped into one section per category.

The pages stay where they are generated, `docs/case-studies/<id>.md`, so their URLs
(`case-studies/<id>/`) do not depend on the category and never change when a case study is
recategorised. Only the navigation tree is regrouped, in the plugin's `on_nav` event: mkdocs
builds its automatic navigation from the files (hand-written pages included, so nothing has to
be listed in `mkdocs.yml`), then the "Case studies" section's flat list of pages is replaced by
one sub-section per category, in catalogue order. With `navigation.sections` and
`navigation.prune`, each page then renders only its own part of that tree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from generator.enrich.sections import NavGroup


def _sections(items: Sequence[Any]) -> list[Section]:
    out: list[Section] = []
    for item in items:
        if isinstance(item, Section):
            out.append(item)
            out += _sections(item.children)
    return out


def _pages(items: Sequence[Any]) -> list[Page]:
    out: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            out.append(item)
        elif isinstance(item, Section):
            out += _pages(item.children)
    return out


def _link_parents(items: Sequence[Any], parent: Section | None) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link_parents(item.children, item)


# Top level: the reader's pages first, in this order (a folder stands for its section); then the
# project's own pages, about how the casebook is made, under one section.
READER_PAGES: tuple[str, ...] = (
    "index.md",
    "method.md",
    "case-studies/",
    "concepts/",
    "checklists/",
    "progress.md",
    "conventions.md",
    "tags.md",
)
PROJECT_SECTION = "About the casebook"
HOME_TITLE = "Home"


def _key(item: Any) -> str:
    if isinstance(item, Page):
        return str(item.file.src_uri)
    pages = _pages(item.children) if isinstance(item, Section) else []
    return pages[0].file.src_uri.split("/", 1)[0] + "/" if pages else ""


def arrange(items: list[Any]) -> list[Any]:
    """Reader pages first in READER_PAGES order, the rest in their order under PROJECT_SECTION;
    the home page is called Home, so the site's name is not shown twice above it."""
    rank = {key: i for i, key in enumerate(READER_PAGES)}
    readers = sorted((i for i in items if _key(i) in rank), key=lambda i: rank[_key(i)])
    rest = [i for i in items if _key(i) not in rank]
    for item in readers:
        if isinstance(item, Page) and item.is_homepage:
            item.title = HOME_TITLE
    return readers + ([Section(PROJECT_SECTION, rest)] if rest else [])


def group_by_category(nav: Navigation, groups: Sequence[NavGroup]) -> Navigation:
    """The same navigation with each group's pages moved, in order, to the end of the section
    that holds them: into nested sub-sections along the group's path, when it has one."""
    for section in _sections(nav.items):
        pages = {c.file.src_uri: c for c in section.children if isinstance(c, Page)}
        here = [g for g in groups if any(p in pages for p in g.pages)]
        if not here:
            continue
        moved = {p for g in here for p in g.pages if p in pages}
        children = [
            c for c in section.children if not (isinstance(c, Page) and c.file.src_uri in moved)
        ]
        made: dict[tuple[str, ...], Section] = {}
        for group in here:
            members: list[StructureItem] = [pages[p] for p in group.pages if p in pages]
            target: list[StructureItem] = children
            for depth in range(1, len(group.path) + 1):  # create each sub-section once
                key = group.path[:depth]
                if key not in made:
                    made[key] = Section(key[-1], [])
                    target.append(made[key])
                target = made[key].children
            target += members
        section.children = children
    nav.items = arrange(nav.items)
    _link_parents(nav.items, None)
    pages_in_order = _pages(nav.items)
    bookended: list[Page | None] = [None, *pages_in_order, None]
    for i, page in enumerate(pages_in_order, start=1):
        page.previous_page, page.next_page = bookended[i - 1], bookended[i + 1]
    return Navigation(nav.items, pages_in_order)
