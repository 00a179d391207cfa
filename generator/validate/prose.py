"""Prose fields as readers get them: bounded, converted with the site's Markdown, URLs checked.

Every string of a document may reach a page as Markdown, so every string is checked:

- CS703, before anything is converted: Python-Markdown's time grows with the square of some
  nesting (each open `[` or link `(` scans to the end of its paragraph; list, quote and
  definition nesting re-parses the text below it, and deep enough overflows the stack; each
  repeat of a footnote is matched against all the others). Each is bounded, so that the
  conversion of any field stays linear in its length.
- CS111 and CS113, on the converted HTML: a field that could make a link (every link, image
  and reference form needs a `]`; autolinks need a `<`, which the escaping turns into text) is
  escaped as the templates escape it (`inline` and `block`, so it does not matter which one a
  template uses), converted with the site's extensions, and every URL-bearing attribute and
  every reference definition, used or not, is judged by its scheme. No pattern over the input
  can be dodged by a Markdown form it does not know: the converter is the site's own.
- Relative links are returned, to be checked against the rendered pages (CS304).

Images are refused, local ones too: pages load nothing from other hosts, and case studies ship
no image files for a local image to show.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePath

import markdown

from generator.load import Loc, RawDocument
from generator.markup import escape
from generator.markup.markdown import ELSEWHERE, SAFE_SCHEMES, definitions, read_html, scheme
from generator.markup.markdown import site_markdown as make_markdown
from generator.problems.hints import dotted, shorten
from generator.problems.problem import Problem
from generator.validate.links import unsafe_link

MAX_OPEN = 6  # `[` and link `(` open at once in a field
MAX_NESTING = 8  # lists, quotes and 4-column indents at the start of a line
MAX_DEFINITIONS = 10  # definition-list items in one paragraph
MAX_FOOTNOTES = 20  # footnote references and definitions (`[^`): repeats of one are quadratic
MAX_BOXES = 20  # admonitions and collapsible blocks (`!!!`, `???`), each costly to convert

_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
_LINK_MARKS = re.compile(r"\\.|[\[\]()]", re.S)
_CONTAINERS = re.compile(rf"^[ \t>*+\-0-9.)]{{{MAX_NESTING},}}", re.M)
_CONTAINER = re.compile(r"\t| {4}|>|[*+\-](?=[ \t]|$)|[0-9]{1,9}[.)](?=[ \t]|$)")
_DEFINITION = re.compile(r"^ {0,3}:[ \t]", re.M)
_FOOTNOTE = re.compile(r"(?<!\\)\[\^")
_BOX = re.compile(r"^[ \t>]*(?:!!!|\?\?\?)", re.M)


def _open_links(paragraph: str) -> int:
    """The most `[` and link-target `(` open at once (unclosed ones stay open to the end)."""
    stack: list[int] = []  # -1 for a `[`, else the parenthesis depth of an open link target
    deepest = 0
    after_bracket = -2
    for match in _LINK_MARKS.finditer(paragraph):
        mark, at = match.group(), match.start()
        if mark == "[":
            stack.append(-1)
        elif mark == "]" and stack and stack[-1] == -1:
            stack.pop()
            after_bracket = at + 1
        elif mark == "(" and at == after_bracket:
            stack.append(1)
        elif mark == "(" and stack and stack[-1] > 0:
            stack[-1] += 1
        elif mark == ")" and stack and stack[-1] > 0:
            stack[-1] -= 1
            if stack[-1] == 0:
                stack.pop()
        deepest = max(deepest, len(stack))
    return deepest


def _nesting(prose: str) -> int:
    """The deepest line, counted in containers (quote, list item) and 4-column indents."""
    if _CONTAINERS.search(prose) is None:  # no line starts deep enough: most fields
        return 0
    return max((len(_CONTAINER.findall(m.group())) for m in _CONTAINERS.finditer(prose)), default=0)


def too_costly(value: str) -> str | None:
    """Why converting `value` would take more than linear time, or None."""
    prose = escape.outside_fences(value)
    # Counted over the whole field, not per paragraph: the `inline` escaping joins the lines.
    opened = _open_links(prose) if "[" in prose else 0
    if opened > MAX_OPEN:
        return (
            f"{opened:,} link brackets or parentheses are open at once (at most {MAX_OPEN}); "
            "close them, or write a literal one as \\["
        )
    # Each count below is skipped where the marks it counts cannot be: most fields are short.
    footnotes = len(_FOOTNOTE.findall(prose)) if "[^" in prose else 0
    if footnotes > MAX_FOOTNOTES:
        return f"{footnotes:,} footnote marks ([^) in one text (at most {MAX_FOOTNOTES})"
    boxes = len(_BOX.findall(prose)) if "!!!" in prose or "???" in prose else 0
    if boxes > MAX_BOXES:
        return f"{boxes:,} admonitions or collapsible blocks (at most {MAX_BOXES})"
    depth = _nesting(prose)
    if depth > MAX_NESTING:
        return f"lists, quotes or indents are nested {depth:,} deep (at most {MAX_NESTING})"
    definitions_ = 0
    if prose.count(":") > MAX_DEFINITIONS:
        paragraphs = _PARAGRAPHS.split(prose)
        definitions_ = max(len(_DEFINITION.findall(p)) for p in paragraphs)
    if definitions_ > MAX_DEFINITIONS:
        return (
            f"{definitions_:,} definition-list items follow each other in one paragraph "
            f"(at most {MAX_DEFINITIONS}); separate them with blank lines"
        )
    return None


@dataclass(frozen=True)
class RelativeLink:
    """A relative link in a field, to be resolved against the pages that show the field."""

    path: str  # the document, as problems name it
    kind: str  # "case study", "concept" or "method"
    doc_id: str
    loc: Loc
    line: int
    col: int
    target: str


@dataclass
class ProseCheck:
    """The checks above over documents, collecting relative links for the page check."""

    config: Path | None = None
    links: list[RelativeLink] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._md: markdown.Markdown = make_markdown(self.config)

    def check(self, doc: RawDocument, kind: str) -> list[Problem]:
        problems: list[Problem] = []
        for loc, value in doc.strings:
            costly = too_costly(value)
            if costly is None and ("]" not in value or unsafe_link(value) is not None):
                continue  # the common case: no link (or CS111 already), nothing to look up
            problems += self._field(doc, kind, loc, value, costly)
        return problems

    def _field(
        self, doc: RawDocument, kind: str, loc: Loc, value: str, costly: str | None
    ) -> Iterator[Problem]:
        line, col = doc.source.find(loc)
        where = dotted(loc)
        if costly is not None:
            yield Problem(doc.path, line, col, "CS703", f"{where}: {costly}")
            return
        try:
            found = self._urls(value)
        except RecursionError:  # bounded above; kept so that no text can crash the build
            yield Problem(doc.path, line, col, "CS703", f"{where}: the text nests too deeply")
            return
        # One problem of each kind per field: the two escapings often show one URL twice.
        images = [url for url, embeds in found if embeds]
        unsafe = [url for url, embeds in found if not embeds and not _safe(url)]
        if images:
            url = next((u for u in images if u != ELSEWHERE), ELSEWHERE)
            what = "an image by reference" if url == ELSEWHERE else f"image '{_shown(url)}'"
            yield Problem(
                doc.path, line, col, "CS113",
                f"{where}: {what} is not allowed (pages load nothing from other hosts, and "
                "case studies ship no image files)",
            )  # fmt: skip
        if unsafe:
            yield Problem(
                doc.path, line, col, "CS111",
                f"{where}: unsafe link '{_shown(unsafe[0])}' (use http, https or mailto)",
            )  # fmt: skip
        stem = PurePath(doc.path).stem
        for url, embeds in found:
            if not embeds and url != ELSEWHERE and scheme(url) is None:
                self.links.append(RelativeLink(doc.path, kind, stem, loc, line, col, url))

    def _urls(self, value: str) -> list[tuple[str, bool]]:
        """(URL, whether it embeds) of every URL the field makes in either escaping, in order."""
        found: dict[tuple[str, bool], None] = {}
        for escaped in (escape.block(value), escape.inline(value)):
            self._md.reset()
            html = read_html(self._md.convert(str(escaped)))
            found.update(dict.fromkeys((u.value, u.embeds) for u in html.urls))
            found.update(dict.fromkeys((url, False) for url in definitions(self._md)))
        return list(found)


def _safe(url: str) -> bool:
    return url == ELSEWHERE or scheme(url) in (None, *SAFE_SCHEMES)


def _shown(url: str) -> str:
    return shorten(" ".join(url.split()))
