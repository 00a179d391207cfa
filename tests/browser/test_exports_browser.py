"""The PDF, the EPUB and the cheat sheet, made by headless Chromium and read back: the PDF's
text (pdftotext), its bookmarks and images (pypdf), epubcheck's verdict on the EPUB, and the
bytes of two builds of the same sources."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import uuid
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from generator.estimate.present import present
from generator.exports.epub import epubcheck_command
from generator.format.steps import STEPS
from tests.browser.test_whatif import load_case
from tests.conftest import FIXTURES, ROOT, BuiltSite, copy_project

pytestmark = [pytest.mark.browser]

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
STEP_TITLES = [f"{s.number}. {s.title}" for s in STEPS]
XSS_TITLE = "TITLE <script>alert('TITLE')</script> {{ 7*7 }}"
# Catalogue order (category, difficulty, title): the hostile one's category is security.
TINY = {
    "xss-text": XSS_TITLE,
    "tiny-shortener": "Design a tiny URL shortener",
    "tiny-paste": "Design a tiny paste bin",
}
ORDER = list(TINY)
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "svg": "http://www.w3.org/2000/svg",
}


def run(*args: str) -> None:
    """The command in a process of its own, as a reader runs it (and apart from the browser
    the other tests keep open: Playwright allows one per thread)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "CI": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""


@dataclass(frozen=True)
class Exports:
    root: Path
    out: Path


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Exports:
    """The PDFs and the EPUB of the two tiny fixture case studies and a hostile one, whose
    every field holds markup and template syntax, with the hostile concept and method."""
    sources = tmp_path_factory.mktemp("sources") / "case_studies"
    shutil.copytree(FIXTURES / "project" / "case_studies", sources)
    shutil.copy2(FIXTURES / "hostile" / "xss-text.yaml", sources)
    for shared in ("concepts", "method"):
        shutil.copytree(FIXTURES / "hostile" / shared, sources / shared)
    root = copy_project(tmp_path_factory.mktemp("tiny"), sources)
    out = root / "dist"
    run("pdf", "--root", str(root), "-o", str(out))
    run("epub", "--root", str(root), "-o", str(out), "--no-check")  # checked by a test below
    return Exports(root, out)


@pytest.fixture(scope="module")
def url_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("url-pdf")
    run("pdf", "--root", str(ROOT), "--case", "url-shortener", "-o", str(out))
    assert sorted(p.name for p in out.iterdir()) == ["url-shortener.pdf"]
    return out / "url-shortener.pdf"


def pages_text(path: Path, layout: bool = False) -> list[str]:
    args = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    text = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


def outline(path: Path) -> list[tuple[int, str, int]]:
    """Every bookmark as (depth, title, page from 1)."""
    reader = PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def words(text: str) -> str:
    return " ".join(text.split())


# -- the whole casebook -------------------------------------------------------------------


def test_the_casebook_has_a_cover_contents_and_a_bookmark_per_chapter(tiny: Exports) -> None:
    book = tiny.out / "casebook.pdf"
    marks = outline(book)
    top = [(title, page) for depth, title, page in marks if depth == 0]
    assert [title for title, _ in top] == ["Contents", *TINY.values()]
    cover, contents = pages_text(book)[:2]
    assert words(cover) == (
        "SYSTEM DESIGN CASEBOOK System Design Casebook System-design case studies worked "
        "through the seven-step method, with computed estimates. 3 case studies, each in seven "
        "steps https://system-design-casebook.github.io/casebook/ 01 January 2026"
    )
    listed = re.findall(r"^(\S.+?)\s{2,}(\d+)$", pages_text(book, layout=True)[1], re.M)
    assert [(title, int(page)) for title, page in listed] == top[1:]
    assert contents.startswith("Contents")


def test_each_chapter_has_a_bookmark_per_step(tiny: Exports) -> None:
    marks = outline(tiny.out / "casebook.pdf")
    chapters = [i for i, (depth, _, _) in enumerate(marks) if depth == 0][1:]
    for start, end in zip(chapters, [*chapters[1:], len(marks)], strict=True):
        steps = [title for depth, title, _ in marks[start:end] if depth == 1]
        assert steps[:7] == STEP_TITLES


def test_chapter_pages_have_a_running_header_and_a_page_number(tiny: Exports) -> None:
    book = tiny.out / "casebook.pdf"
    starts = {title: page for depth, title, page in outline(book) if depth == 0}
    texts = pages_text(book, layout=True)
    for number, text in enumerate(texts[2:], start=3):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        title = max((t for t, p in starts.items() if p <= number), key=starts.__getitem__)
        assert re.fullmatch(rf"{re.escape(title)}\s+System Design Casebook", lines[0])
        assert lines[-1] == str(number)


def test_the_same_sources_give_the_same_files(tiny: Exports, tmp_path: Path) -> None:
    run("epub", "--root", str(tiny.root), "-o", str(tmp_path), "--no-check")
    assert (tmp_path / "casebook.epub").read_bytes() == (tiny.out / "casebook.epub").read_bytes()
    run("pdf", "--root", str(tiny.root), "--case", "tiny-paste", "-o", str(tmp_path))
    assert (tmp_path / "tiny-paste.pdf").read_bytes() == (tiny.out / "tiny-paste.pdf").read_bytes()
    info = PdfReader(tmp_path / "tiny-paste.pdf").metadata
    assert info is not None
    assert (info["/Title"], info["/CreationDate"], info["/ModDate"]) == (
        "Design a tiny paste bin",
        "D:20260101000000+00'00'",
        "D:20260101000000+00'00'",
    )


# -- one case study, as the site shows it -------------------------------------------------


def site_cells(built_site: BuiltSite, case_id: str) -> list[list[str]]:
    """Every table row of the case study's page on the built site, as cell texts."""
    page = (built_site.site / "case-studies" / case_id / "index.html").read_text()
    rows = re.findall(r"<tr>(.*?)</tr>", page, re.S)
    return [
        [
            words(html.unescape(re.sub(r"<[^>]+>", "", cell)))
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        ]
        for row in rows
    ]


def test_step_headings_are_the_sites(url_pdf: Path, built_site: BuiltSite) -> None:
    page = (built_site.site / "case-studies" / "url-shortener" / "index.html").read_text()
    headings = [
        words(html.unescape(re.sub(r"<[^>]+>", "", h)))
        for h in re.findall(r'<h2[^>]* id="step-[^"]*">(.*?)<a class="headerlink"', page, re.S)
    ]
    assert headings == STEP_TITLES
    lines = {line.strip() for text in pages_text(url_pdf) for line in text.splitlines()}
    assert set(headings) <= lines
    steps = [title for depth, title, _ in outline(url_pdf) if depth == 1]
    assert steps == [*STEP_TITLES, "Related case studies"]


def test_key_and_derived_figures_are_the_sites(url_pdf: Path, built_site: BuiltSite) -> None:
    case = load_case(built_site.project / "case_studies" / "url-shortener.yaml")
    estimate = present(case.estimation)
    cells = site_cells(built_site, "url-shortener")
    labels = [key.label for key in estimate.keys]
    glance = [row[:2] for row in cells if len(row) == 3 and row[0] in labels]
    assert glance == [[key.label, key.rounded] for key in estimate.keys]
    start = cells.index(["Name", "Formula", "Exact", "Rounded", "Note"])  # the derived table
    derived = cells[start + 1 : start + 1 + len(estimate.figures)]
    assert [row[0] for row in derived] == [figure.name for figure in estimate.figures]
    text = words(" ".join(pages_text(url_pdf)))
    for name, _, exact, rounded, _ in derived:
        assert exact in text and rounded in text, name
    # The PDF's "At a glance" box: the site's rows, in the site's order.
    at = [text.find(f"{key.label} {key.rounded} {key.name}") for key in estimate.keys]
    assert -1 not in at and at == sorted(at), list(zip(labels, at, strict=True))


def test_no_heading_is_left_at_the_foot_of_a_page(url_pdf: Path) -> None:
    """The lowest line of each page, above its number, is never a heading."""
    marks = {title for depth, title, _ in outline(url_pdf) if depth >= 1}
    texts = pages_text(url_pdf, layout=True)
    assert len(texts) == len(PdfReader(url_pdf).pages) > 10
    for number, text in enumerate(texts, start=1):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        assert lines[-1] == str(number)
        assert lines[-2] not in marks, f"page {number} ends with the heading {lines[-2]!r}"


def images(reader: PdfReader) -> Iterator[str]:
    def walk(resources: Any) -> Iterator[str]:
        xobjects = resources.get("/XObject") if resources else None
        for name, ref in (xobjects or {}).items():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                yield name
            elif obj.get("/Subtype") == "/Form":
                yield from walk(obj.get("/Resources"))

    for page in reader.pages:
        yield from walk(page.get("/Resources"))


def test_diagrams_are_vector_graphics_with_real_text(tiny: Exports) -> None:
    path = tiny.out / "tiny-shortener.pdf"
    assert list(images(PdfReader(path))) == []
    text = words(" ".join(pages_text(path)))
    # The flow's label is in the table of flows and, as text, in the diagram.
    assert text.count("GET /{key}") == 2
    assert text.count("API service") == 2  # the diagram and the table of components


# -- the EPUB -----------------------------------------------------------------------------


def test_epubcheck_finds_no_error(tiny: Exports) -> None:
    command = [*epubcheck_command(), str(tiny.out / "casebook.epub")]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" in result.stdout


def read_epub(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist()[0] == "mimetype"
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_epub_has_metadata_a_nav_and_a_chapter_per_case_study(tiny: Exports) -> None:
    files = read_epub(tiny.out / "casebook.epub")
    package = ET.fromstring(files["EPUB/package.opf"])
    meta = package.find("opf:metadata", NS)
    assert meta is not None
    found = {el.tag.split("}")[1]: (el.text or "") for el in meta}
    assert found["title"] == "System Design Casebook"
    assert found["identifier"] == "urn:uuid:" + str(
        uuid.uuid5(uuid.NAMESPACE_URL, "https://system-design-casebook.github.io/casebook/")
    )
    modified = meta.find("opf:meta[@property='dcterms:modified']", NS)
    assert modified is not None and modified.text == "2026-01-01T00:00:00Z"
    spine = [ref.get("idref") for ref in package.iterfind("opf:spine/opf:itemref", NS)]
    assert spine == ["title-page", "nav", *(f"chapter-{cid}" for cid in ORDER)]
    nav = ET.fromstring(files["EPUB/nav.xhtml"])
    toc = nav.find(".//x:nav[@id='toc']/x:ol", NS)
    assert toc is not None
    chapters = [(li.find("x:a", NS), li.findall("x:ol/x:li/x:a", NS)) for li in toc]
    assert [(a.get("href"), a.text) for a, _ in chapters if a is not None] == [
        (f"{cid}.xhtml", TINY[cid]) for cid in ORDER
    ]
    for a, steps in chapters:
        assert [s.text for s in steps] == STEP_TITLES
        chapter = ET.fromstring(files[f"EPUB/{a.get('href') if a is not None else ''}"])
        ids = {el.get("id") for el in chapter.iter()}
        assert {s.get("href", "").split("#")[1] for s in steps} <= ids
        assert not chapter.findall(".//x:script", NS) and not chapter.findall(".//x:img", NS)
    hostile = ET.fromstring(files["EPUB/xss-text.xhtml"])
    heading = hostile.find(".//x:h1", NS)
    assert heading is not None and "".join(heading.itertext()) == XSS_TITLE


def test_epub_diagrams_are_inline_svg_with_text(tiny: Exports) -> None:
    files = read_epub(tiny.out / "casebook.epub")
    chapter = ET.fromstring(files["EPUB/tiny-shortener.xhtml"])
    svgs = chapter.findall(".//svg:svg", NS)
    assert [svg.get("aria-roledescription") for svg in svgs] == ["er", "flowchart-v2"]
    labels = {"".join(t.itertext()) for t in svgs[1].iter(f"{{{NS['svg']}}}text")}
    assert {"Browser", "API service", "GET /{key}"} <= labels
    for svg in svgs:
        assert not svg.findall(".//svg:foreignObject", NS)
        assert not svg.findall(".//svg:script", NS)


# -- the cheat sheet ----------------------------------------------------------------------


def test_the_cheat_sheet_is_one_page(tmp_path: Path) -> None:
    run("cheatsheet", "--root", str(ROOT), "-o", str(tmp_path / "a"))
    assert len(PdfReader(tmp_path / "a" / "cheat-sheet.pdf").pages) == 1
    (page,) = pages_text(tmp_path / "a" / "cheat-sheet.pdf", layout=True)
    for step, minutes in zip(STEPS, (5, 5, 5, 5, 10, 10, 5), strict=True):
        assert re.search(rf"{step.number}\. {re.escape(step.title)}\s+{minutes} min", page)
    assert "Time budget for a 45-minute interview: 1: 5 min · 2: 5 min" in page
    text = words(" ".join(pages_text(tmp_path / "a" / "cheat-sheet.pdf")))
    assert "1 billion requests a month 1e9 request/month 386 request/s" in text
    assert "Read 1 MB in sequence from disk 20 ms" in text
