"""`casebook cheatsheet`: the cheat sheet as a one-page PDF (the site page is generated with
the other pages, see `cheatsheet.py`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from generator.exports.browser import browser, chromium_path
from generator.exports.chapters import gather
from generator.exports.markup import inline
from generator.exports.pdf import Meta, finalize, page_count, print_pdf
from generator.exports.reproducible import build_time, write_bytes
from generator.problems.problem import CasebookError
from generator.project import Project
from generator.render.cheatsheet import LATENCY_SOURCE, PDF_FILE, CheatSheet, cheat_sheet
from generator.render.pages import make_environment

TEMPLATE = "print/cheatsheet.html.j2"
TITLE = "The seven-step method on one page"


@dataclass(frozen=True)
class PrintStep:
    number: int
    title: Markup
    minutes: int
    purpose: Markup
    questions: tuple[Markup, ...]


def print_context(sheet: CheatSheet) -> dict[str, Any]:
    budget = " · ".join(f"{s.step.number}: {s.minutes} min" for s in sheet.steps)
    return {
        "steps": [
            PrintStep(
                s.step.number,
                escape(s.step.title),
                s.minutes,
                inline(s.purpose),
                tuple(inline(q) for q in s.questions),
            )
            for s in sheet.steps
        ],
        "budget": escape(f"Time budget for a {sheet.minutes}-minute interview: {budget}."),
        "conventions": [escape(c) for c in sheet.conventions],
        "rules": [
            {"label": escape(r.label), "formula": escape(r.formula), "value": escape(r.value)}
            for r in sheet.rules
        ],
        "latencies": [(escape(what), escape(time)) for what, time in sheet.latencies],
    }


def export_cheat_sheet(project: Project, out: Path, timings: Any = None) -> Path:
    chromium_path()
    book = gather(project, None, timings)
    sheet = cheat_sheet(project, book.site.method)
    config = book.config
    html = (
        make_environment(project.templates)
        .get_template(TEMPLATE)
        .render(
            title=escape(TITLE),
            site_name=escape(config.site_name),
            site_url=escape(config.site_url),
            latency_source=escape(LATENCY_SOURCE),
            **print_context(sheet),
        )
    )
    with browser() as instance:
        data = print_pdf(instance, html)
    pages = page_count(data)
    if pages != 1:
        raise CasebookError(
            f"the cheat sheet takes {pages} pages instead of one: shorten it "
            f"({TEMPLATE}, or the first questions of the method checklist)"
        )
    target = out / PDF_FILE
    meta = Meta(TITLE, "System design cheat sheet", config.site_name, "cheat sheet", build_time())
    write_bytes(target, finalize(data, meta))
    return target
