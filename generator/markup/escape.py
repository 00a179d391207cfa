"""Escaping of contributor text for the context it lands in.

Contributor strings are data. Each function returns `Markup`, the only kind of string the
template environment lets through (see `render.py`), so forgetting to escape fails the build
instead of publishing raw text.

- `text`: literal text (titles, names): no Markdown, no HTML.
- `inline`: one line of inline Markdown (code, emphasis, links) made safe for a table cell.
- `block`: Markdown paragraphs and lists, without raw HTML, headings or attribute lists.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

Figures = Mapping[str, Markup]
"""Figure names → what a backticked name becomes in prose: ours, already escaped."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
# Only characters Python-Markdown can backslash-escape: escaping others would print the backslash.
_TEXT_SPECIAL = re.compile(r"([\\`*_\[\]{}|#])")
# Fenced code blocks and inline code spans: Markdown shows their content literally, so we
# leave it alone and escape only what lies between them. That is only safe where Markdown
# agrees on where code starts and ends, so: fences are written back in one canonical form
# (`_fence`), code spans count only on one line and not after a backslash, and every other
# backtick or run of tildes is neutralised, so Markdown sees no code we did not see.
# A fence opens with a run of three or more backticks or tildes (the whole run: a regular
# expression that may backtrack into it, or scan ahead from every line for a closing fence,
# takes time growing with the square of the text), and closes at the next line holding exactly
# that run. `_fences` finds them in one pass.
_OPENER = re.compile(r"([ \t]*)(`{3,}+|~{3,}+)(.*)")
_CLOSER = re.compile(r"[ \t]*(`{3,}+|~{3,}+)[ \t]*")
_CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)[^\n]+?(?<!`)\1(?!`)")
_LANGUAGE = re.compile(r"[A-Za-z0-9_+-]+")


def _clean(value: str) -> str:
    if value.isprintable():  # no control character, no line break: most values
        return value
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _html(value: str) -> str:
    # `&` first, so that the entities added after it stay as they are. Replacing is several
    # times faster than `str.translate` when, as in most values, nothing is found.
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def text(value: object) -> Markup:
    """Literal text: every Markdown and HTML special character is neutralised."""
    s = _html(" ".join(_clean(str(value)).split()))
    return Markup(_TEXT_SPECIAL.sub(r"\\\1", s) if _TEXT_SPECIAL.search(s) else s)


def attribute(value: object) -> Markup:
    """A value inside a raw HTML attribute (quoted), where Markdown escapes would stay literal."""
    return Markup(html.escape(_clean(str(value)), quote=True))


def single_quoted_attribute(value: object) -> Markup:
    """The same inside single quotes: its double quotes stay as they are, for a value full of
    them (JSON), where an entity for each would double its size."""
    return Markup(html.escape(_clean(str(value)), quote=False).replace("'", "&#x27;"))


def _outside_code(
    value: str,
    pattern: re.Pattern[str],
    escape: Callable[[str], str],
    keep: Callable[[re.Match[str]], str] = lambda m: m.group(0),
) -> str:
    out: list[str] = []
    pos = 0
    for match in pattern.finditer(value):
        out.append(escape(value[pos : match.start()]))
        out.append(keep(match))
        pos = match.end()
    out.append(escape(value[pos:]))
    return "".join(out)


def _code_markers(value: str) -> str:
    # A backtick or `~~~` left in prose could open a code span or fence that Markdown would
    # then close somewhere else, turning the rest of the page into code (or code into HTML).
    value = value.replace("`", "&#96;")
    return re.sub(r"~(?=~~)", "&#126;", value) if "~~~" in value else value


# How a line of inline text could start a block of its own when a template puts it at the
# start of a line or after `- `: heading, list item, rule, admonition, task box, underline.
_BLOCK_START = re.compile(
    r"^(?:(#)|([-+*])(?=\s|$)|\d+([.)])(?=\s|$)|(!)!!|(\?)\?\?|(\[)[ xX]\]"
    # two markers already make a thematic break after a list item's own "- " marker
    r"|([-*_])(?:\s*[-*_])+\s*$|(=))"
)


def _neutral_start(match: re.Match[str]) -> str:
    text = match.group(0)
    for i, marker in enumerate(match.groups(), start=1):
        if marker is not None:
            at = match.start(i)
            if marker in "?=":  # Markdown cannot backslash-escape these two
                return text[:at] + f"&#{ord(marker)};" + text[at + 1 :]
            return text[:at] + "\\" + text[at:]
    return text  # pragma: no cover - the pattern always captures one marker


def _structure(value: str) -> str:
    # `{`/`}` would open attribute lists (which can set any attribute, event handlers
    # included). Character references, not backslashes: a contributor's own backslash before
    # ours would escape ours instead.
    return value.replace("{", "&#123;").replace("}", "&#125;")


def _inline_prose(value: str) -> str:
    # `<` and `&` would open raw HTML or entities; `|` would split a table cell.
    return _structure(_code_markers(_html(value))).replace("|", "&#124;")


def _figure_spans(figures: Figures | None) -> Callable[[re.Match[str]], str]:
    """Keeps a code span as written, unless it is exactly `` `name` `` of a figure."""

    def keep(match: re.Match[str]) -> str:
        span = match.group(0)
        if figures and match.group(1) == "`" and span[1:-1] in figures:
            return str(figures[span[1:-1]])
        return span

    return keep


def inline(value: object, figures: Figures | None = None) -> Markup:
    """One line of inline Markdown, safe inside a table cell or a list item.

    A backticked name in `figures` is replaced by its entry (the name linked, with its value).
    """
    s = " ".join(_clean(str(value)).split())
    if "`" in s:
        out = _outside_code(s, _CODE_SPAN, _inline_prose, _figure_spans(figures))
    else:  # no code span: all of it is prose
        out = _inline_prose(s)
    start = _BLOCK_START.match(out)
    return Markup(out if start is None else _neutral_start(start) + out[start.end() :])


def _block_prose(value: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;")
    value = _structure(_code_markers(value))
    # Headings inside contributor text would break the page outline and its anchors (also
    # inside list items and quotes); a line of `=` or `-` under a paragraph makes one too.
    value = re.sub(r"^([ \t>*+\-\d.):]*)(#)", r"\1\\\2", value, flags=re.M)
    value = re.sub(r"^([ \t]*)=(=*[ \t]*)$", r"\1&#61;\2", value, flags=re.M)
    return re.sub(r"^([ \t]*)-(-*[ \t]*)$", r"\1\\-\2", value, flags=re.M)


@dataclass(frozen=True)
class _Fence:
    start: int  # offset of the opening line
    end: int  # offset just after the closing fence (before its line break)
    indent: str
    info: str
    body: str  # the lines between, each ending with a line break


def _fences(s: str) -> list[_Fence]:
    """Every fenced block of `s`, in order, in time linear in its length."""
    lines = s.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    closers: dict[str, list[int]] = {}  # fence → the lines that can close it
    for i, line in enumerate(lines):
        closing = _CLOSER.fullmatch(line)
        if closing:
            closers.setdefault(closing.group(1), []).append(i)
    found: list[_Fence] = []
    i = 0
    while i < len(lines) - 1:
        opening = _OPENER.fullmatch(lines[i])
        candidates = closers.get(opening.group(2), []) if opening else []
        k = bisect.bisect_right(candidates, i)
        if opening is None or k == len(candidates):
            i += 1
            continue
        j = candidates[k]
        body = "".join(line + "\n" for line in lines[i + 1 : j])
        end = offsets[j] + len(lines[j])
        found.append(_Fence(offsets[i], end, opening.group(1), opening.group(3), body))
        i = j + 1
    return found


def _fence(block: _Fence) -> str:
    """A contributor's fenced block in the one form Markdown reads the same way as we do: at the
    start of the line, its fence longer than any backtick run inside, and a plain language
    name (a `mermaid` block is shown as code, never drawn)."""
    indent, info, body = block.indent, block.info, block.body
    lines = [
        line[len(indent) :] if line.startswith(indent) else line.lstrip(" \t")
        for line in body.split("\n")[:-1]
    ]
    fence = "`" * max(3, max((len(r) for r in re.findall(r"`+", body)), default=0) + 1)
    language = _LANGUAGE.match(info.strip().lstrip("{."))
    name = language.group(0) if language and language.group(0) != "mermaid" else ""
    return "\n".join([fence + name, *lines, fence])


def block(value: object, indent: int = 0, figures: Figures | None = None) -> Markup:
    """Markdown paragraphs, lists and code blocks, without raw HTML, headings or attributes.

    Backticked figure names become their `figures` entry, as in `inline`.
    """
    s = _clean(str(value)).strip("\n")
    lines = s.split("\n")
    s = "\n".join(line.rstrip() for line in lines)
    keep = _figure_spans(figures)

    def prose(part: str) -> str:
        return _outside_code(part, _CODE_SPAN, _block_prose, keep)

    # Each fence stands between blank lines, so that it never continues a paragraph or list.
    parts: list[str] = []
    pos = 0
    for fenced in _fences(s):
        parts += [prose(s[pos : fenced.start]).strip("\n"), _fence(fenced)]
        pos = fenced.end
    parts.append(prose(s[pos:]).strip("\n"))
    out = "\n\n".join(part for part in parts if part)
    if indent:
        pad = " " * indent
        out = "\n".join(pad + line if line else line for line in out.split("\n"))
    return Markup(out)


def outside_fences(value: str) -> str:
    """`value` with its fenced code blocks left out (for checks that concern prose only)."""
    s = _clean(value)
    if "```" not in s and "~~~" not in s:
        return s  # no fence can open: the common case, without splitting into lines
    parts: list[str] = []
    pos = 0
    for fenced in _fences(s):
        parts.append(s[pos : fenced.start])
        pos = fenced.end
    return "".join([*parts, s[pos:]])


def prose_only(value: str) -> str:
    """`value` as prose, of the same length (for checks that point at a column): each fenced
    code block blanked, its line breaks kept, and each code span replaced by as many `x` (it
    reads as text, and what it holds is shown as written)."""
    parts: list[str] = []
    pos = 0
    for fenced in _fences(value):
        parts += [
            value[pos : fenced.start],
            re.sub(r"[^\n]", " ", value[fenced.start : fenced.end]),
        ]
        pos = fenced.end
    blanked = "".join([*parts, value[pos:]])
    return _CODE_SPAN.sub(lambda m: "x" * len(m.group(0)), blanked)


def code(value: object) -> Markup:
    """Inline code span holding literal text (formulas, paths, signatures)."""
    s = " ".join(_clean(str(value)).split())
    ticks = max((len(m) for m in re.findall(r"`+", s)), default=0) + 1 if "`" in s else 1
    fence = "`" * ticks
    pad = " " if s.startswith("`") or s.endswith("`") or not s else ""
    return Markup(f"{fence}{pad}{s}{pad}{fence}")


def url(value: object) -> Markup:
    """A link target inside Markdown's `(…)`: spaces, quotes, parentheses, angle brackets and
    backslashes are percent-encoded so they cannot end the link or add a title.

    The scheme is checked at validation (CS111, CS302), not here.
    """
    from urllib.parse import quote

    return Markup(quote(_clean(str(value)).strip(), safe="/:?#[]@!$&*+,;=%~-._"))


def json_string(value: object) -> Markup:
    """A double-quoted YAML string for front matter (`title:`, `description:`).

    The theme prints front-matter values into the HTML as they are (`<title>`, the
    `<meta name="description">` attribute, the navigation), so the value is HTML-escaped first;
    browsers show the characters themselves.
    """
    import html
    import json

    return Markup(json.dumps(html.escape(_clean(str(value)), quote=True), ensure_ascii=False))


def number(value: float) -> Markup:
    """A number as a contributor would write it: 100,000,000 or 0.2 or 1.5e-07."""
    if value == int(value) and abs(value) < 1e21:
        return Markup(f"{int(value):,}")
    return Markup(f"{value:,.6g}")
