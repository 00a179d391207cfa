"""`casebook checklist`: choosing items and printing them as text, a Markdown task list or JSON.

The Markdown form pastes into an issue or a pull request as a task list; the JSON form is the
same objects as the site's ``checklists/items.json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from enum import StrEnum

from generator.enrich.checklists import Item, Origin, case_checklist, catalogue_items, matches
from generator.format.models import CaseStudy, MethodChecklist
from generator.format.steps import STEPS, StepInfo
from generator.markup import escape
from generator.problems.problem import one_line, printable_json
from generator.render.checklists import item_json


class Format(StrEnum):
    TEXT = "text"
    MARKDOWN = "markdown"
    JSON = "json"


def find_step(value: str) -> StepInfo | None:
    """A step by number (`7`), slug (`high-level-design`) or field name (`high_level_design`)."""
    wanted = value.strip().lower()
    for step in STEPS:
        if wanted in (str(step.number), step.slug, step.field):
            return step
    return None


def select(
    method: MethodChecklist | None,
    cases: Sequence[CaseStudy],
    *,
    words: Sequence[str] = (),
    step: StepInfo | None = None,
    tag: str | None = None,
    case: CaseStudy | None = None,
) -> list[Item]:
    """Every item of the site, or one case study's whole checklist, filtered."""
    if case is None:
        pool = catalogue_items(method, cases)
    else:
        pool = [item for items in case_checklist(case, method).values() for item in items]
    return [item for item in pool if matches(item, words, step, tag)]


def _markdown(text: str) -> str:
    """Contributor text on one line of a Markdown task list: no line break that would start a
    heading or another item, no HTML, nothing that acts on a terminal."""
    return one_line(str(escape.inline(text)))


def source(item: Item, shown: Callable[[str], str] = one_line) -> str:
    """Where an item comes from, in words."""
    if item.origin is Origin.METHOD:
        return "the method"
    if item.origin is Origin.DERIVED:
        return f"derived from {shown(str(item.case_title))}"
    return shown(str(item.case_title))


def _grouped(
    items: Sequence[Item], heading: Callable[[StepInfo], str], line: Callable[[Item], str]
) -> str:
    """One block per step that has items: its heading, a blank line, one line per item."""
    blocks = []
    for step in STEPS:
        mine = [item for item in items if item.step == step]
        if mine:
            blocks.append("\n".join([heading(step), "", *(line(item) for item in mine)]))
    return "\n\n".join(blocks) + "\n" if blocks else ""


def format_text(items: Sequence[Item]) -> str:
    def line(item: Item) -> str:
        tags = f" · {', '.join(item.tags)}" if item.tags else ""
        return f"  [ ] {one_line(item.text)}\n      {item.id} · {source(item)}{tags}"

    return _grouped(items, lambda s: f"Step {s.number}. {s.title}", line)


def format_markdown(items: Sequence[Item]) -> str:
    def line(item: Item) -> str:
        return f"- [ ] {_markdown(item.text)} — {source(item, _markdown)} (`{item.id}`)"

    return _grouped(items, lambda s: f"### Step {s.number}. {s.title}", line)


def format_json(items: Sequence[Item]) -> str:
    text = json.dumps([item_json(item) for item in items], ensure_ascii=False, indent=2)
    return printable_json(text) + "\n"


FORMATTERS: dict[Format, Callable[[Sequence[Item]], str]] = {
    Format.TEXT: format_text,
    Format.MARKDOWN: format_markdown,
    Format.JSON: format_json,
}
