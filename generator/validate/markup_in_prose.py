"""Headings and raw HTML in prose fields, which the page shows as literal text (CS114).

The escaping (markup/escape.py) turns a heading into text (`\\## Failover`), so that it cannot
break the page's outline and anchors, and raw HTML into text, so that it cannot run in readers'
browsers. Both are safe, and neither is what the author meant: each is a warning that names the
field, an error under `--strict`. Code (fenced blocks and spans) is shown as written and is left
alone, and so are angle brackets around a word that is no HTML element (`GET /<bucket>/<key>`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from generator.format.fields import prose
from generator.load import RawDocument
from generator.markup.escape import prose_only
from generator.problems.hints import dotted, shorten
from generator.problems.problem import Problem

# The elements of the HTML standard, and the obsolete ones browsers still draw.
_ELEMENT_NAMES = """a abbr address area article aside audio b base bdi bdo big blockquote body br
button canvas caption center cite code col colgroup data datalist dd del details dfn dialog div
dl dt em embed fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 head header hgroup
hr html i iframe img input ins kbd label legend li link main map mark math menu meta meter nav
noscript object ol optgroup option output p picture pre progress q rp rt ruby s samp script
search section select slot small source span strike strong style sub summary sup svg table
tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr"""
HTML_ELEMENTS = frozenset(_ELEMENT_NAMES.split())

# A `#` heading, also inside quotes and list items; `#tag` (no space) is text.
_ATX = re.compile(r"^[ \t]{0,3}(?:>[ \t]*|(?:[*+-]|\d{1,9}[.)])[ \t]+)*#{1,6}(?:[ \t]|$)", re.M)
# A line of text underlined with `=` or `-`.
_SETEXT = re.compile(r"^[ \t]{0,3}\S[^\n]*\n[ \t]*(?:=+|-+)[ \t]*$", re.M)
# A whole tag (its name checked against HTML_ELEMENTS), or a comment.
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>|<!--")

_ADVICE = {
    "heading": " (the page's headings are its steps and sections); use bold text or a list",
    "raw HTML": "; write it as Markdown, or as code in backticks",
}


@dataclass(frozen=True)
class Found:
    """A heading or a piece of raw HTML, where it starts and ends in its text."""

    what: str  # a key of _ADVICE
    offset: int
    end: int


def _found(text: str) -> Iterator[Found]:
    """Every heading and piece of raw HTML in `text`, a text as `prose_only` leaves it."""
    for match in _ATX.finditer(text):
        yield Found("heading", match.start(), match.end())
    for match in _SETEXT.finditer(text):
        yield Found("heading", match.start(), match.end())
    for match in _TAG.finditer(text):
        name = match.group(1)
        if name is None or name.lower() in HTML_ELEMENTS:
            yield Found("raw HTML", match.start(), match.end())


def markup_found(text: str) -> Found | None:
    """The first heading or piece of raw HTML outside code, if any."""
    if "#" not in text and "<" not in text and "\n" not in text:
        return None  # most one-line texts: nothing to look for
    return min(_found(prose_only(text)), key=lambda m: m.offset, default=None)


def _shown(text: str, found: Found) -> str:
    """What makes the heading or HTML, as written: a heading's line, or the tag."""
    if found.what == "heading":
        end = text.find("\n", found.offset)
        return text[found.offset : None if end < 0 else end].strip()
    return text[found.offset : found.end]


def check_markup(model: BaseModel, doc: RawDocument) -> Iterator[Problem]:
    """CS114 at each prose field of a case study or concept that holds a heading or raw HTML
    (the first one it holds)."""
    for loc, text in prose(model):
        found = markup_found(text)
        if found is None:
            continue
        line, col = doc.source.find(loc)
        if loc in doc.source.plain:  # a one-line plain value: its text is the file's
            col += found.offset
        message = (
            f"{dotted(loc)}: {found.what} '{shorten(_shown(text, found))}' is shown as literal "
            f"text{_ADVICE[found.what]}"
        )
        yield Problem(doc.path, line, col, "CS114", message)
