"""Escaping of contributor text for the context it lands in.

Contributor strings are data. Each function returns `Markup`, the only kind of string the
template environment lets through (see `render.py`), so forgetting to escape fails the build
instead of publishing raw text.

- `text`: literal text (titles, names): no Markdown, no HTML.
- `inline`: one line of inline Markdown (code, emphasis, links) made safe for a table cell.
- `block`: Markdown paragraphs and lists, without raw HTML, headings or attribute lists.
"""

from __future__ import annotations

import re

from markupsafe import Markup

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
# Only characters Python-Markdown can backslash-escape: escaping others would print the backslash.
_TEXT_SPECIAL = re.compile(r"([\\`*_\[\]{}|#])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Fenced code blocks and inline code spans: Markdown shows their content literally, so we
# leave it alone and escape only what lies between them.
_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\2[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)


def _clean(value: str) -> str:
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _html(value: str) -> str:
    return "".join(_ENTITIES.get(ch, ch) for ch in value)


def text(value: object) -> Markup:
    """Literal text: every Markdown and HTML special character is neutralised."""
    s = " ".join(_clean(str(value)).split())
    return Markup(_TEXT_SPECIAL.sub(r"\\\1", _html(s)))


def _outside_code(value: str, pattern: re.Pattern[str], escape: object) -> str:
    out: list[str] = []
    pos = 0
    for match in pattern.finditer(value):
        out.append(escape(value[pos : match.start()]))  # type: ignore[operator]
        out.append(match.group(0))
        pos = match.end()
    out.append(escape(value[pos:]))  # type: ignore[operator]
    return "".join(out)


def _inline_prose(value: str) -> str:
    # `<` and `&` would open raw HTML or entities; `{`/`}` would open attribute lists
    # (which can set any attribute, event handlers included); `|` would split a table cell.
    value = _html(value)
    return re.sub(r"([{}|])", r"\\\1", value)


def inline(value: object) -> Markup:
    """One line of inline Markdown, safe inside a table cell or a list item."""
    s = " ".join(_clean(str(value)).split())
    return Markup(_outside_code(s, _CODE_SPAN, _inline_prose))


def _block_prose(value: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;")
    value = re.sub(r"([{}])", r"\\\1", value)
    # Headings inside contributor text would break the page outline and its anchors.
    return re.sub(r"^([ \t]*)(#)", r"\1\\\2", value, flags=re.M)


def block(value: object, indent: int = 0) -> Markup:
    """Markdown paragraphs, lists and code blocks, without raw HTML, headings or attributes."""
    s = _clean(str(value)).strip("\n")
    lines = s.split("\n")
    s = "\n".join(line.rstrip() for line in lines)

    def prose(part: str) -> str:
        return _outside_code(part, _CODE_SPAN, _block_prose)

    out = _outside_code(s, _FENCE, prose)
    if indent:
        pad = " " * indent
        out = "\n".join(pad + line if line else line for line in out.split("\n"))
    return Markup(out)


def code(value: object) -> Markup:
    """Inline code span holding literal text (formulas, paths, signatures)."""
    s = " ".join(_clean(str(value)).split())
    ticks = max((len(m) for m in re.findall(r"`+", s)), default=0) + 1
    fence = "`" * ticks
    pad = " " if s.startswith("`") or s.endswith("`") or not s else ""
    return Markup(f"{fence}{pad}{s}{pad}{fence}")


def json_string(value: object) -> Markup:
    """A double-quoted string, valid in YAML front matter and JavaScript alike."""
    import json

    return Markup(json.dumps(_clean(str(value)), ensure_ascii=False))


def number(value: float) -> Markup:
    """A number as a contributor would write it: 100,000,000 or 0.2 or 1.5e-07."""
    if value == int(value) and abs(value) < 1e21:
        return Markup(f"{int(value):,}")
    return Markup(f"{value:,.6g}")
