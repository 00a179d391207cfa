"""`casebook epub`: the whole casebook as one EPUB 3 book, checked by epubcheck.

The book is written here rather than with a library: it is a zip of a few XML files, and
writing them ourselves keeps every byte under our control (entry order, times, the
`dcterms:modified` stamp), so the same sources and `SOURCE_DATE_EPOCH` give the same file.
Chapters are the same as the PDF's (the site's pages, see `chapters.py`) written as XHTML,
with the diagrams inline as SVG, which every EPUB 3 reader must show.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from generator.exports import diagrams, html_tree
from generator.exports.bar import progress_bar
from generator.exports.browser import browser, chromium_path
from generator.exports.chapters import Casebook, Chapter, anchor_id, gather
from generator.exports.pdf import fill_diagrams
from generator.exports.reproducible import Entry, build_time, write_zip
from generator.problems.problem import CasebookError
from generator.project import Project
from generator.render.pages import make_environment

BOOK_FILE = "casebook.epub"
FOLDER = "EPUB"
TEMPLATES = "print/epub"
_SHOWN = 20  # epubcheck messages printed at most


def chapter_file(case_id: str) -> str:
    return f"{case_id}.xhtml"


def epub_link(case_id: str, anchor: str) -> str:
    """Links between chapters: each case study is a file of its own."""
    return chapter_file(case_id) + (f"#{anchor_id(case_id, anchor)}" if anchor else "")


@dataclass(frozen=True)
class NavStep:
    anchor: Markup
    title: Markup


@dataclass(frozen=True)
class BookChapter:
    item: Markup  # manifest id
    href: Markup
    title: Markup
    steps: tuple[NavStep, ...]
    svg: bool
    body: Markup


def book_chapter(chapter: Chapter, svgs: dict[str, str]) -> BookChapter:
    body = html_tree.inner_xhtml(chapter.body)
    return BookChapter(
        item=escape(f"chapter-{chapter.case_id}"),
        href=escape(chapter_file(chapter.case_id)),
        title=escape(chapter.title),
        steps=tuple(NavStep(escape(s.anchor), escape(s.title)) for s in chapter.steps),
        svg=bool(chapter.diagrams),
        body=Markup(fill_diagrams(body, svgs, method="xml")),
    )


def identifier(site_url: str) -> str:
    """The same book has the same id in every edition: derived from the site's address."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, site_url or 'system-design-casebook')}"


def _render(env: jinja2.Environment, name: str, **context: Any) -> bytes:
    return env.get_template(f"{TEMPLATES}/{name}").render(**context).encode("utf-8")


def epub_entries(
    env: jinja2.Environment, book: Casebook, chapters: Sequence[BookChapter], when: datetime
) -> list[Entry]:
    config = book.config
    common = {
        "title": escape(config.site_name),
        "description": escape(config.description),
        "source": escape(config.site_url),
        "date": escape(when.strftime("%Y-%m-%d")),
        "chapters": chapters,
    }
    style = (book.project.templates / TEMPLATES / "style.css").read_bytes()
    entries = [
        Entry("mimetype", b"application/epub+zip", compress=False),  # first, stored: the rule
        Entry("META-INF/container.xml", _render(env, "container.xml.j2")),
        Entry(
            f"{FOLDER}/package.opf",
            _render(
                env,
                "package.opf.j2",
                identifier=escape(identifier(config.site_url)),
                creator=escape(config.site_name),
                modified=escape(when.strftime("%Y-%m-%dT%H:%M:%SZ")),
                **common,
            ),
        ),
        Entry(f"{FOLDER}/nav.xhtml", _render(env, "nav.xhtml.j2", **common)),
        Entry(
            f"{FOLDER}/title.xhtml",
            _render(env, "title.xhtml.j2", count=Markup(f"{len(chapters)} case studies"), **common),
        ),
        Entry(f"{FOLDER}/style.css", style),
    ]
    entries += [
        Entry(
            f"{FOLDER}/{c.href}",
            _render(env, "chapter.xhtml.j2", title=c.title, body=c.body),
        )
        for c in chapters
    ]
    return entries


# -- epubcheck ----------------------------------------------------------------------------------


def epubcheck_command() -> list[str]:
    """How to run epubcheck here: `CASEBOOK_EPUBCHECK`, or `epubcheck` on the PATH (Debian
    installs the jar itself there, which runs under `java -jar`)."""
    found = os.environ.get("CASEBOOK_EPUBCHECK") or shutil.which("epubcheck")
    if not found or not Path(found).is_file():
        raise CasebookError(
            "epubcheck not found: install it (`sudo apt-get install epubcheck`, or "
            "`scripts/export-deps.sh`), set CASEBOOK_EPUBCHECK to it, or pass --no-check"
        )
    if Path(found).resolve().suffix == ".jar":
        java = shutil.which("java")
        if java is None:
            raise CasebookError(f"epubcheck ({found}) needs Java: install a JRE")
        return [java, "-jar", str(Path(found).resolve())]
    return [found]


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    messages: tuple[str, ...]  # epubcheck's FATAL and ERROR lines


def epubcheck(path: Path) -> CheckResult:
    command = [*epubcheck_command(), "--quiet", str(path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    lines = (result.stdout + result.stderr).splitlines()
    problems = tuple(line for line in lines if line.startswith(("FATAL", "ERROR")))
    return CheckResult(result.returncode == 0 and not problems, problems)


def check_book(path: Path) -> None:
    result = epubcheck(path)
    if not result.ok:
        shown = "\n".join(result.messages[:_SHOWN]) or "(no message)"
        if len(result.messages) > _SHOWN:
            shown += f"\n… and {len(result.messages) - _SHOWN} more"
        raise CasebookError(f"epubcheck found errors in {path.as_posix()}:\n{shown}")


# -- the command ----------------------------------------------------------------------------


def export_epub(project: Project, out: Path, check: bool = True, timings: Any = None) -> Path:
    """`casebook epub`: write the book, then have epubcheck read it."""
    chromium_path()
    if check:
        epubcheck_command()  # said before the slow part, not after it
    book = gather(project, None, timings)
    when = build_time()
    with browser() as instance, progress_bar("EPUB", len(book.order) + 2) as advance:
        chapters = []
        for cid in book.order:
            chapters.append(book.chapter(cid, epub_link, frozenset(book.order)))
            advance(cid)
        svgs = diagrams.render(instance, project.docs, [d for c in chapters for d in c.diagrams])
        advance("diagrams")
        env = make_environment(project.templates)
        entries = epub_entries(env, book, [book_chapter(c, svgs) for c in chapters], when)
        target = out / BOOK_FILE
        write_zip(target, entries, when)
        advance("epubcheck" if check else "done")
    if check:
        check_book(target)
    return target
