"""Checklists on the site: the block ending each step of a case study, a page per step, the
finder page, and ``checklists/items.json`` that the finder (and the search index) read.

Items carry their stable id as their anchor, so a tick kept by id in the browser and a link to
``page#id`` both survive edits and reorderings. Everything the templates print is `Markup` built
here from ids and slugs (validated to safe characters) or passes an escape filter there.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup

from generator.enrich.checklists import (
    ABBREVIATIONS,
    Derive,
    Item,
    Origin,
    by_step,
    case_checklist,
    derived_items,
    step_info,
)
from generator.format.models import CaseStudy, MethodChecklist
from generator.format.steps import STEPS, StepInfo
from generator.markup import paths
from generator.markup.paths import FINDER, ITEMS_JSON
from generator.render.crosslinks import CaseRef, case_ref
from generator.render.memo import render_text

JSON_VERSION = 1

# How derived items come about: on the pages of the two steps that have them, and the finder.
DERIVATION_NOTES = {
    "estimation": Markup(
        "one item for each rate of the case study's estimate (a figure per unit of time, such "
        "as `url/s`) whose peak is not stated. A figure states its peak when its name has the "
        "word `peak`, when its formula uses an assumption named with the word `peak` (such as "
        "`peak_factor`), or when it uses a figure that states one. A rate is also covered when "
        "a figure that applies a peak factor is computed from it."
    ),
    "bottlenecks": Markup(
        "one item for each stateful component of the case study's high-level design: a "
        "database, cache, queue, blob store or search index."
    ),
}


def step_page(step: StepInfo) -> str:
    return paths.step_page(step.anchor)


def site_url(page: str, anchor: str = "") -> str:
    """A page's address relative to the site root, as mkdocs writes it (directory URLs)."""
    stem = page.removesuffix(".md")
    path = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") else stem + "/"
    return f"{path}#{anchor}" if anchor else path


def _relative(target: str, source: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(source))


@dataclass(frozen=True)
class ItemView:
    item: Item
    attrs: Markup  # attribute list: the anchor, the class the browser script looks for, data
    context: Markup | None = None  # from a checklists page: the item on its case-study page


_SAFE_ID = re.compile(r"^[a-z0-9/-]+$")


def _anchor(item: Item) -> str:
    # Ids are built from slugs only (see checklists.py): no Markdown or HTML can hide in them.
    if not _SAFE_ID.match(item.id):
        raise ValueError(f"checklist id {item.id!r} is not made of slugs")
    return item.id


def _attrs(item: Item) -> Markup:
    parts = [f"#{_anchor(item)}", ".casebook-item", f'data-step="{item.step.slug}"']
    if item.case is not None:
        parts.append(f'data-case="{item.case}"')
    return Markup("{: " + " ".join(parts) + " }")


def item_view(item: Item, from_page: str | None = None) -> ItemView:
    context = None
    if from_page is not None and item.case is not None:
        context = Markup(f"{_relative(item.page, from_page)}#{_anchor(item)}")
    return ItemView(item, _attrs(item), context)


def _progress(step: StepInfo | None, case: str | None, label: str) -> Markup:
    """An empty element the browser script fills with a tick counter and a reset button."""
    attrs = "".join(
        f' data-{name}="{html.escape(value)}"'
        for name, value in (("step", step.slug if step else None), ("case", case))
        if value is not None
    )
    return Markup(f'<div class="casebook-progress"{attrs} data-label="{html.escape(label)}"></div>')


@dataclass(frozen=True)
class CaseBlock:
    """The checklist ending one step of a case study."""

    anchor: Markup
    progress: Markup
    items: tuple[ItemView, ...]  # the case study's own and derived items: what is particular
    method: tuple[ItemView, ...]  # the method's generic questions, shown folded below them

    @property
    def count(self) -> int:
        return len(self.items) + len(self.method)

    @property
    def method_count(self) -> int:
        return len(self.method)


def case_blocks(
    case: CaseStudy, method: MethodChecklist | None, derived: Derive = derived_items
) -> dict[str, CaseBlock]:
    """Context for partials/checklist.md.j2, by step field."""
    blocks: dict[str, CaseBlock] = {}
    for field, items in case_checklist(case, method, derived).items():
        step = step_info(field)
        progress = Markup("\n").join(
            [
                _progress(step, case.id, f"Step {step.number}"),
                _progress(None, case.id, "This case study"),
            ]
        )
        blocks[field] = CaseBlock(
            Markup(f"{step.slug}-checklist"),
            progress,
            tuple(item_view(i) for i in items if i.origin is not Origin.METHOD),
            tuple(item_view(i) for i in items if i.origin is Origin.METHOD),
        )
    return blocks


@dataclass(frozen=True)
class CaseGroup:
    case: CaseRef
    anchor: Markup
    link: Markup  # the step on the case study's page
    progress: Markup
    items: tuple[ItemView, ...]


def _step_context(
    step: StepInfo, items: Sequence[Item], cases: Sequence[CaseStudy]
) -> dict[str, Any]:
    page = step_page(step)
    by_case: dict[str | None, list[Item]] = {}  # one pass: a scan per case grew as its square
    for item in items:
        by_case.setdefault(item.case, []).append(item)
    groups = []
    for case in cases:
        mine = by_case.get(case.id, [])
        if mine:
            groups.append(
                CaseGroup(
                    case_ref(case),
                    Markup(f"case-{case.id}"),
                    Markup(f"{_relative(paths.case_page(case.id), page)}#{step.anchor}"),
                    _progress(step, case.id, "This case study"),
                    tuple(item_view(i, page) for i in mine),
                )
            )
    return {
        "step": step,
        "method_link": Markup(f"{_relative('method.md', page)}#{step.anchor}"),
        "progress": _progress(step, None, "This page"),
        "method_items": [item_view(i) for i in items if i.case is None],
        "groups": groups,
        "note": DERIVATION_NOTES.get(step.field),
    }


def item_json(item: Item) -> dict[str, Any]:
    """One item as the finder, `casebook checklist --format json` and search read it."""
    return {
        "id": item.id,
        "text": item.text,
        "step": item.step.number,
        "step_slug": item.step.slug,
        "step_title": item.step.title,
        "origin": item.origin.value,
        "derived": item.derived,
        "tags": list(item.tags),
        "case": item.case,
        "case_title": item.case_title,
        "url": site_url(item.page, item.id),
    }


def items_json(items: Sequence[Item], cases: Sequence[CaseStudy]) -> str:
    document = {
        "version": JSON_VERSION,
        "steps": [
            {"number": s.number, "slug": s.slug, "title": s.title, "url": site_url(step_page(s))}
            for s in STEPS
        ],
        "cases": [
            {"id": c.id, "title": c.title, "url": site_url(paths.case_page(c.id))} for c in cases
        ],
        "items": [item_json(i) for i in items],
        "abbreviations": {word: list(forms) for word, forms in ABBREVIATIONS.items()},
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True)
class StepSummary:
    step: StepInfo
    link: Markup
    count: int


def checklist_pages(
    env: jinja2.Environment, items: Sequence[Item], cases: Sequence[CaseStudy]
) -> Iterator[tuple[str, str]]:
    """(path, text) of the step pages, the finder page and the JSON, one at a time.

    `items` is every item of the site (`Site.checklists`); `cases` in catalogue order.
    """
    grouped = by_step(items)

    def render(template: str, path: str, **context: Any) -> tuple[str, str]:
        return path, render_text(env, template, path, context)

    for s in STEPS:
        yield render(
            "checklist_step.md.j2", step_page(s), **_step_context(s, grouped[s.field], cases)
        )
    summaries = [
        StepSummary(s, Markup(_relative(step_page(s), FINDER)), len(grouped[s.field]))
        for s in STEPS
    ]
    yield render(
        "checklists.md.j2",
        FINDER,
        steps=summaries,
        total=len(items),
        cases=len(cases),
        notes=DERIVATION_NOTES,
        items_json=Markup(_relative(ITEMS_JSON, FINDER)),
    )
    yield ITEMS_JSON, items_json(items, cases)
