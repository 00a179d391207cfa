"""The site's navigation as a plain `nav:` tree that every mkdocs-compatible builder reads.

Pages stay where they are generated (`docs/case-studies/<id>.md`), so their URLs do not depend
on the category. The tree lists every page of `docs/` once: reader pages first (home, the
method, the case studies by category, concepts, checklists, tags), then the project's own pages
(contributing, reference, performance, security) under one section, then anything else. An
entry names only the path, so each builder takes the title from the page itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeAlias

from generator.enrich.sections import NavGroup
from generator.markup.paths import CASES_FOLDER, CHECKLISTS_FOLDER, CONCEPTS_FOLDER

Nav: TypeAlias = list[Any]  # str (a page) or {title: Nav} (a section), as in mkdocs.yml

READER_PAGES = ("index.md", "method.md")
LATE_READER_PAGES = ("progress.md", "conventions.md", "tags.md")
HOME_TITLE = "Home"  # not the site's name, which the header already shows above it
PROJECT_SECTION = "About the casebook"  # the project's own pages, after the reader's
ABOUT_PAGES = ("contributing/", "reference/", "performance.md", "security.md")


def nav_tree(pages: Iterable[str], groups: Sequence[NavGroup]) -> Nav:
    """Every page of `pages` (paths below docs/) once, in reading order."""
    remaining = sorted(set(pages), key=_order)
    tree: Nav = [{HOME_TITLE: p} if p == "index.md" else p for p in READER_PAGES if p in remaining]
    tree.append({"Case studies": _grouped(remaining, CASES_FOLDER, groups)})
    tree.append({"Concepts": _folder(remaining, CONCEPTS_FOLDER, groups)})
    tree.append({"Checklists": _folder(remaining, CHECKLISTS_FOLDER, groups)})
    tree += [p for p in LATE_READER_PAGES if p in remaining]
    about = [p for p in remaining if p.startswith(ABOUT_PAGES)]
    tree.append({PROJECT_SECTION: sorted(about, key=lambda p: _rank(p, ABOUT_PAGES))})
    placed = set(_pages(tree))
    tree += [p for p in remaining if p not in placed]
    return [item for item in tree if not (isinstance(item, dict) and not next(iter(item.values())))]


def _rank(path: str, prefixes: Sequence[str]) -> int:
    return next(i for i, prefix in enumerate(prefixes) if path.startswith(prefix))


def _order(path: str) -> tuple[str, int, str]:
    """Folder first, its index page before the others, then by path."""
    folder, _, name = path.rpartition("/")
    return (folder, 0 if name == "index.md" else 1, name)


def _folder(pages: Sequence[str], folder: str, groups: Sequence[NavGroup]) -> Nav:
    """A folder's pages: its index, those `groups` order (concepts by title), then the rest."""
    mine = [p for p in pages if p.startswith(f"{folder}/")]
    ordered = [p for g in groups if not g.path for p in g.pages if p in mine]
    return _with_index(mine, ordered)


def _grouped(pages: Sequence[str], folder: str, groups: Sequence[NavGroup]) -> Nav:
    """A folder's loose pages, then one sub-section per group path (nested when deeper)."""
    mine = [p for p in pages if p.startswith(f"{folder}/")]
    grouped = {p for g in groups if g.path for p in g.pages}
    tree: Nav = _with_index([p for p in mine if p not in grouped], [])
    made: dict[tuple[str, ...], Nav] = {}
    for group in groups:
        if not group.path:
            continue
        target = tree
        for depth in range(1, len(group.path) + 1):  # each sub-section created once
            key = group.path[:depth]
            if key not in made:
                made[key] = []
                target.append({key[-1]: made[key]})
            target = made[key]
        target += [p for p in group.pages if p in mine]
    return tree


def _with_index(pages: Sequence[str], ordered: Sequence[str]) -> Nav:
    index = [p for p in pages if p.endswith("/index.md")]
    rest = [p for p in ordered if p in pages] + [p for p in pages if p not in ordered]
    return [*index, *[p for p in rest if p not in index]]


def _pages(tree: Nav) -> Iterable[str]:
    for item in tree:
        if isinstance(item, str):
            yield item
        else:  # a section, or a titled page ({"Home": "index.md"})
            for children in item.values():
                yield from [children] if isinstance(children, str) else _pages(children)
