"""`casebook pdf`: the whole casebook as one PDF, and one PDF per case study.

Chromium prints our own print layout (`templates/print/`): it is the browser the project
already tests with, it draws the site's Mermaid SVG as vectors with real text, and since
version 131 it lays out CSS page margin boxes, so running headers and page numbers are plain
CSS. Its outline (`outline=True`) gives a bookmark per heading: case studies, their steps and
sections. Chromium cannot number pages in a table of contents (no `target-counter`), so the
casebook is printed twice: the first print's bookmarks say on which page each chapter starts,
and the second prints those numbers into the contents, which take the same room either way.
pypdf then writes the metadata and the build time, so the same sources give the same bytes.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import jinja2
from markupsafe import Markup, escape

from generator.exports import diagrams, html_tree
from generator.exports.bar import Advance, progress_bar
from generator.exports.browser import browser, chromium_path, offline_page
from generator.exports.chapters import DIAGRAM_TAG, Casebook, Chapter, gather
from generator.exports.reproducible import build_time, write_bytes
from generator.problems.problem import CasebookError
from generator.project import Project
from generator.render.pages import make_environment

if TYPE_CHECKING:
    from playwright.sync_api import Browser

TEMPLATE = "print/book.html.j2"
CONTENTS = "Contents"  # the heading of the table of contents (in the template)
BOOK_FILE = "casebook.pdf"


def css_string(value: str) -> Markup:
    """`value` as a double-quoted CSS string: anything but plain characters as a hex escape,
    so no text can end the string, the rule or the `<style>` element."""
    safe = " ,.:;!?()'-_"
    body = "".join(
        ch if (ch.isalnum() and ch.isascii()) or ch in safe else f"\\{ord(ch):x} " for ch in value
    )
    return Markup(f'"{body}"')


def fill_diagrams(
    markup: str, svgs: Mapping[str, str], method: Literal["html", "xml"] = "html"
) -> str:
    """Put each diagram's SVG where its placeholder element is."""
    for key, svg in svgs.items():
        placeholder = ET.tostring(
            ET.Element(DIAGRAM_TAG, {"data-key": key}), encoding="unicode", method=method
        )
        markup = markup.replace(placeholder, svg)
    return markup


@dataclass(frozen=True)
class PrintChapter:
    anchor: Markup
    page_name: Markup
    header_css: Markup
    body: Markup


@dataclass(frozen=True)
class TocEntry:
    href: Markup
    title: Markup
    page: Markup | int


def print_chapters(chapters: Sequence[Chapter], svgs: Mapping[str, str]) -> list[PrintChapter]:
    return [
        PrintChapter(
            anchor=escape(c.anchor),
            page_name=Markup(f"chapter-{i}"),
            header_css=css_string(c.title),
            body=Markup(fill_diagrams(html_tree.inner_html(c.body), svgs)),
        )
        for i, c in enumerate(chapters, start=1)
    ]


def toc_entries(chapters: Sequence[Chapter], pages: Sequence[int] | None) -> list[TocEntry]:
    return [
        TocEntry(escape("#" + c.anchor), escape(c.title), pages[i] if pages else Markup(""))
        for i, c in enumerate(chapters)
    ]


@dataclass(frozen=True)
class Meta:
    title: str
    subject: str
    author: str
    keywords: str
    when: datetime


def pdf_date(when: datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def headings(chapters: Sequence[Chapter], before: Sequence[str] = ()) -> list[str]:
    """Every heading's text, in document order: the titles the bookmarks must have."""
    found = list(before)
    for c in chapters:
        found += [
            " ".join(html_tree.text_of(e).split()) for e in c.body.iter() if e.tag in _HEADINGS
        ]
    return found


def _retitle(writer: Any, titles: Sequence[str]) -> None:
    """Chromium names each bookmark after its heading as laid out, so a heading that wraps
    loses the space at the line break ("documenteditor"): give them their own text back."""
    from pypdf.generic import NameObject, TextStringObject

    nodes: list[Any] = []

    def walk(node: Any) -> None:
        while node is not None:
            node = node.get_object()
            nodes.append(node)
            walk(node.get("/First"))
            node = node.get("/Next")

    root = writer.root_object.get("/Outlines")
    walk(root.get_object().get("/First") if root is not None else None)
    if len(nodes) != len(titles):
        raise CasebookError(
            f"the PDF has {len(nodes)} bookmarks for {len(titles)} headings; cannot name them"
        )
    for node, title in zip(nodes, titles, strict=True):
        node[NameObject("/Title")] = TextStringObject(title)


def finalize(data: bytes, meta: Meta, titles: Sequence[str] | None = None) -> bytes:
    """The PDF with our metadata, the build time instead of the time it was printed, and
    bookmarks named after their headings (`titles`, in document order)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    if titles is not None:
        _retitle(writer, titles)
    writer.add_metadata(
        {
            "/Title": meta.title,
            "/Subject": meta.subject,
            "/Author": meta.author,
            "/Keywords": meta.keywords,
            "/CreationDate": pdf_date(meta.when),
            "/ModDate": pdf_date(meta.when),
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def top_level_pages(data: bytes) -> list[int]:
    """The page number (from 1) of each top-level bookmark, in order."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = [
        reader.get_destination_page_number(item)
        for item in reader.outline
        if not isinstance(item, list)
    ]
    return [page + 1 for page in pages if page is not None]


def page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(data)).pages)


def print_pdf(instance: Browser, html: str) -> bytes:
    page = offline_page(instance)
    try:
        page.set_content(html, wait_until="load")
        return page.pdf(outline=True, tagged=True, prefer_css_page_size=True, print_background=True)
    finally:
        page.close()


@dataclass(frozen=True)
class Layout:
    """What the print template needs besides the chapters."""

    env: jinja2.Environment
    book: Casebook
    date: str

    def render(self, chapters: list[PrintChapter], **context: Any) -> str:
        config = self.book.config
        return self.env.get_template(TEMPLATE).render(
            chapters=chapters,
            site_name=escape(config.site_name),
            site_name_css=css_string(config.site_name),
            site_url=escape(config.site_url),
            subtitle=escape(config.description),
            date=escape(self.date),
            **context,
        )


def book_pdf(
    instance: Browser, layout: Layout, chapters: Sequence[Chapter], svgs: Mapping[str, str]
) -> bytes:
    """The whole casebook: printed once to find the chapters' pages, then with them."""
    printed = print_chapters(chapters, svgs)
    count = Markup(f"{len(chapters)} case studies, each in seven steps")

    def html(pages: Sequence[int] | None) -> str:
        return layout.render(
            printed,
            title=escape(layout.book.config.site_name),
            cover=True,
            toc=toc_entries(chapters, pages),
            contents=escape(CONTENTS),
            count=count,
        )

    first = print_pdf(instance, html(None))
    starts = top_level_pages(first)[1:]  # the first bookmark is the contents
    if len(starts) != len(chapters):
        raise CasebookError(
            f"the casebook PDF has {len(starts)} chapter bookmarks for {len(chapters)} case "
            "studies; a chapter heading is missing"
        )
    return print_pdf(instance, html(starts))


def case_pdf(instance: Browser, layout: Layout, chapter: Chapter, svgs: Mapping[str, str]) -> bytes:
    printed = print_chapters([chapter], svgs)
    return print_pdf(
        instance,
        layout.render(printed, title=escape(chapter.title), cover=False, toc=[], count=""),
    )


def write_pdfs(
    instance: Browser, book: Casebook, out: Path, when: datetime, advance: Advance
) -> list[Path]:
    """Every PDF of `book.selected`, and the whole casebook when all are selected."""
    singles = []
    for cid in book.selected:
        advance(cid)
        singles.append(book.chapter(cid))
    svgs = diagrams.render(instance, book.project.docs, [d for c in singles for d in c.diagrams])
    advance("diagrams")
    layout = Layout(make_environment(book.project.templates), book, when.strftime("%d %B %Y"))
    written: list[Path] = []
    for c in singles:
        meta = Meta(c.title, c.summary, book.config.site_name, c.case_id, when)
        written.append(out / f"{c.case_id}.pdf")
        data = case_pdf(instance, layout, c, svgs)
        write_bytes(written[-1], finalize(data, meta, headings([c])))
        advance(c.case_id)
    if book.whole:
        chapters = [book.chapter(cid, cases=frozenset(book.order)) for cid in book.order]
        config = book.config
        meta = Meta(config.site_name, config.description, config.site_name, "", when)
        written.append(out / BOOK_FILE)
        data = book_pdf(instance, layout, chapters, svgs)
        write_bytes(written[-1], finalize(data, meta, headings(chapters, [CONTENTS])))
        advance("the whole casebook")
    return written


def export_pdfs(project: Project, only: str | None, out: Path, timings: Any = None) -> list[Path]:
    """`casebook pdf`: the PDFs, with a progress bar on a terminal."""
    chromium_path()  # before the slow part: a missing browser is said at once
    book = gather(project, only, timings)
    steps = 2 * len(book.selected) + 1 + (1 if book.whole else 0)
    with browser() as instance, progress_bar("PDF", steps) as advance:
        return write_pdfs(instance, book, out, build_time(), advance)
