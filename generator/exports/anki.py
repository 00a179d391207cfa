"""`casebook anki`: an Anki deck (.apkg) from the same validated case studies as the site.

A parent deck holds the method's checklist, one note per step; under it, one deck per case
study holds its clarifying questions, its decisions, its estimates (figure, formula, the
assumptions it rests on) and its own checklist per step. Every figure is the string the site
prints (`estimate.present`). Note ids (Anki's `guid`) and deck ids come from content ids (case
study id, decision id, figure name, step), never from positions or times, so importing a newer
deck updates the cards already studied instead of adding copies. Contributor text is escaped
for Markdown by the site's own escape functions, then turned into HTML.
"""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import count
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from generator.estimate import formula
from generator.estimate.present import Estimate
from generator.exports.bar import progress_bar
from generator.exports.chapters import CASES, Config, gather
from generator.exports.markup import block, inline
from generator.exports.markup import html_list as _list
from generator.exports.reproducible import Entry, build_time, write_zip
from generator.format.models import CaseStudy, Estimation, MethodChecklist
from generator.format.steps import STEPS, StepInfo
from generator.problems.problem import CasebookError
from generator.project import Project
from generator.render.checklists import step_page

DECK_FILE = "casebook.apkg"
MODEL_NAME = "System Design Casebook"
_ID_SPACE = 1 << 30  # genanki's advice: ids between 2^30 and 2^31

CSS = """.card { font-family: sans-serif; font-size: 18px; text-align: left; color: #111; }
.case { font-size: 13px; color: #555; margin-bottom: 8px; }
.figure { font-size: 26px; font-weight: bold; }
.note, .source { font-size: 13px; color: #555; }
code { font-size: 15px; }"""


def stable_id(*parts: str) -> int:
    """An Anki model or deck id that depends only on `parts`."""
    digest = hashlib.sha256("\0".join(parts).encode()).digest()
    return _ID_SPACE + int.from_bytes(digest[:4], "big") % _ID_SPACE


def guid(*parts: str) -> str:
    import genanki

    return str(genanki.guid_for("system-design-casebook", *parts))


@dataclass(frozen=True)
class Card:
    """One note: what it asks, what it answers, and where the site shows it."""

    key: tuple[str, ...]  # content ids: the note's identity across editions
    front: Markup
    back: Markup
    source: str
    tags: tuple[str, ...]


def _front(case: CaseStudy, question: Markup) -> Markup:
    return Markup('<div class="case">%s</div>%s') % (case.title, question)


def question_cards(case: CaseStudy, link: str) -> Iterator[Card]:
    for q in case.requirements.clarifying_questions:
        yield Card(
            (case.id, "question", q.question),
            _front(case, inline(q.question)),
            inline(q.answer),
            link,
            (case.id, "requirements", "clarifying-question"),
        )


def decision_cards(case: CaseStudy, config: Config) -> Iterator[Card]:
    page = f"{CASES}/{case.id}.md"
    for d in case.detailed_design.decisions:
        options = [
            Markup("<b>%s</b>: %s") % (o.name, inline(o.description))
            + _list(
                [Markup("Pro: ") + inline(p) for p in o.pros]
                + [Markup("Con: ") + inline(c) for c in o.cons]
            )
            for o in d.options
        ]
        back = (
            Markup('<p class="figure">%s</p>') % d.choice
            + block(d.rationale)
            + Markup("<p>Options weighed:</p>")
            + _list(options)
        )
        yield Card(
            (case.id, "decision", d.id),
            _front(case, inline(d.question)),
            back,
            config.page_url(page, f"decision-{d.id}"),
            (case.id, "detailed-design", "decision"),
        )


def assumptions_used(estimation: Estimation, name: str) -> list[str]:
    """The assumptions a figure rests on, directly or through other figures, in file order."""
    formulas = {d.name: d.formula for d in estimation.derived}
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        for node in formula.names(formula.parse(formulas[current])):
            if node.name not in seen:
                seen.add(node.name)
                if node.name in formulas:
                    pending.append(node.name)
    return [a.name for a in estimation.assumptions if a.name in seen]


def _words(name: str) -> str:
    return name.replace("_", " ").capitalize()


def estimate_cards(case: CaseStudy, estimate: Estimate, link: str) -> Iterator[Card]:
    rows = {a.name: a for a in estimate.assumptions}
    for figure in estimate.figures:
        used = [
            Markup("<code>%s</code> = %s") % (a, f"{rows[a].value} {rows[a].unit}".strip())
            for a in assumptions_used(case.estimation, figure.name)
        ]
        back = (
            Markup('<p class="figure">%s</p>') % figure.rounded
            + Markup("<p>Exact: %s</p>") % figure.exact
            + Markup("<p>Formula: <code>%s</code></p>") % figure.formula
        )
        if used:
            back += Markup("<p>Assumptions:</p>") + _list(used)
        if figure.note:
            back += Markup('<p class="note">%s</p>') % inline(figure.note)
        question = Markup("%s? <code>%s</code>") % (_words(figure.name), figure.name)
        yield Card(
            (case.id, "estimate", figure.name),
            _front(case, question),
            back,
            link,
            (case.id, "estimation", "estimate"),
        )


def checklist_cards(case: CaseStudy, config: Config) -> Iterator[Card]:
    for step in STEPS:
        items = getattr(case, step.field).checklist
        if not items:
            continue
        question = Markup("%s. %s: what must this design settle?") % (step.number, step.title)
        yield Card(
            (case.id, "checklist", step.field),
            _front(case, question),
            _list([inline(i.text) for i in items]),
            config.page_url(f"{CASES}/{case.id}.md", f"{step.slug}-checklist"),
            (case.id, step.slug, "checklist"),
        )


def method_cards(method: MethodChecklist | None, config: Config) -> Iterator[Card]:
    if method is None:
        return
    for step in STEPS:
        items = getattr(method, step.field)
        yield Card(
            ("method", step.field),
            _method_front(step),
            _list([inline(i.text) for i in items], ordered=True),
            config.page_url(step_page(step)),
            ("method", step.slug, "checklist"),
        )


def _method_front(step: StepInfo) -> Markup:
    return Markup('<div class="case">The seven-step method</div>Step %s. %s: which questions?') % (
        step.number,
        step.title,
    )


def case_cards(case: CaseStudy, estimate: Estimate, config: Config) -> list[Card]:
    page = f"{CASES}/{case.id}.md"
    return [
        *question_cards(case, config.page_url(page, "requirements-questions")),
        *decision_cards(case, config),
        *estimate_cards(case, estimate, config.page_url(page, "estimation-derived")),
        *checklist_cards(case, config),
    ]


# -- the package --------------------------------------------------------------------------


def _model() -> Any:
    import genanki

    return genanki.Model(
        stable_id("model", MODEL_NAME),
        MODEL_NAME,
        fields=[{"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[
            {
                "name": "Card",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}'
                '<p class="source"><a href="{{Source}}">On the site</a></p>',
            }
        ],
        css=CSS,
    )


def _deck(deck_id: int, name: str, cards: Sequence[Card], model: Any) -> Any:
    import genanki

    deck = genanki.Deck(deck_id, name)
    for card in cards:
        deck.add_note(
            genanki.Note(
                model=model,
                fields=[str(card.front), str(card.back), str(escape(card.source))],
                guid=guid(*card.key),
                tags=list(card.tags),
            )
        )
    return deck


def write_package(decks: Sequence[Any], target: Path, when: datetime) -> None:
    """The .apkg: genanki fills the SQLite collection; we zip it with fixed times."""
    import genanki

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        connection = sqlite3.connect(db)
        try:
            stamp = when.timestamp()
            genanki.Package(list(decks)).write_to_db(
                connection.cursor(), stamp, count(int(stamp * 1000))
            )
            connection.commit()
        finally:
            connection.close()
        entries = [Entry("collection.anki2", db.read_bytes()), Entry("media", b"{}")]
    write_zip(target, entries, when)


def export_anki(project: Project, out: Path, timings: Any = None) -> Path:
    """`casebook anki`: the deck of the whole casebook."""
    try:
        import genanki  # noqa: F401
    except ImportError:
        raise CasebookError("the Python package genanki is missing: run `make setup`") from None
    book = gather(project, None, timings)
    config, site = book.config, book.site
    model = _model()
    with progress_bar("Anki", len(book.order) + 1) as advance:
        decks = [
            _deck(
                stable_id("deck", "casebook"),
                config.site_name,
                list(method_cards(site.method, config)),
                model,
            )
        ]
        for cid in book.order:
            case, estimate = site.cases[cid].model, site.cases[cid].estimate
            assert estimate is not None, "enrich computes every estimate"
            cards = case_cards(case, estimate, config)
            decks.append(
                _deck(stable_id("deck", cid), f"{config.site_name}::{case.title}", cards, model)
            )
            advance(cid)
        target = out / DECK_FILE
        write_package(decks, target, build_time())
        advance("done")
    return target
