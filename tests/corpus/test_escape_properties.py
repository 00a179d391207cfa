"""Escaped contributor text through the site's own Markdown: never an element it did not ask for.

Random text built from the pieces that break Markdown escaping (fences, backticks, indentation,
raw HTML, attribute lists, headings, link schemes) goes through `escape.text`, `inline` and
`block`, then through Python-Markdown with the extensions `mkdocs.yml` configures. The HTML must
hold no script, no other embedding element, no event-handler attribute, no unsafe link, and
(depending on the filter) no heading or block element; `text` must also show the input as is.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

import markdown
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from mkdocs.utils.yaml import get_yaml_loader

from generator.render import escape
from tests.conftest import ROOT

PIECES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<!--",
    "-->",
    "<a href='javascript:alert(1)'>",
    "&lt;",
    "&#60;",
    "`",
    "``",
    "```",
    "````",
    "~~~",
    "```mermaid",
    "{: onclick=alert(1) }",
    "{#x .y onmouseover=alert(1)}",
    "{",
    "}",
    "\n",
    "\n\n",
    "    ",
    "  ",
    "\t",
    "- ",
    "* ",
    "1. ",
    "> ",
    "# ",
    "===",
    "---",
    "!!! note",
    "??? note",
    "[ ] ",
    "|",
    "\\",
    ":",
    "[",
    "]",
    "(",
    ")",
    "](",
    "*",
    "_",
    "x",
    " ",
    "word",
    "\x00",
    "\r",
    "\u2028",
]

text_pieces = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
any_text = st.one_of(
    text_pieces, st.text(max_size=60), st.text(st.sampled_from("`~<>{}#\n -*!&;"), max_size=40)
)

FORBIDDEN_TAGS = {
    "script", "img", "svg", "iframe", "object", "embed", "style", "link", "meta", "base",
    "form", "math", "video", "audio", "source", "frame", "frameset", "template",
}  # fmt: skip
BLOCK_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "hr", "blockquote", "pre", "div",
    "table", "details", "summary", "dl", "input",
}  # fmt: skip
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@functools.cache
def markdown_settings() -> tuple[list[str], dict[str, dict[str, object]]]:
    """The Markdown extensions of mkdocs.yml, read with mkdocs' own YAML loader (our file)."""
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as handle:
        raw = yaml.load(handle, Loader=get_yaml_loader())  # our own file: its tags are trusted
    names: list[str] = []
    configs: dict[str, dict[str, object]] = {}
    for item in raw["markdown_extensions"]:
        name, config = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        configs[name] = config or {}
    return names, configs


def to_html(source: str) -> str:
    extensions, configs = markdown_settings()
    return markdown.Markdown(extensions=extensions, extension_configs=configs).convert(source)  # type: ignore[arg-type]


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.ids: list[str] = []  # the id of each tag, in the same order
        self.attrs: list[tuple[str, str]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.ids.append(dict(attrs).get("id") or "")
        self.attrs += [(name, value or "") for name, value in attrs]

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def elements(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def unsafe(parsed: Elements) -> list[str]:
    found = [f"<{t}>" for t in parsed.tags if t in FORBIDDEN_TAGS]
    for name, value in parsed.attrs:
        target = re.sub(r"[\s\x00-\x1f]", "", value).lower()
        if name.startswith("on") or name in ("srcdoc", "formaction"):
            found.append(f"{name}=")
        if name == "style" and not re.fullmatch(r"text-align: (left|right|center);", value):
            found.append(f"{name}={value}")  # tables' aligned columns are the only styles
        if name in ("href", "src", "action") and re.match(r"(javascript|data|vbscript):", target):
            found.append(f"{name}={value}")
    return found


@settings(max_examples=400, deadline=None)
@given(any_text)
@example("  ```\n<script>alert(1)</script>\n  ```")
@example("\\`<img src=x onerror=alert(1)>`")
@example("`a\n\n<script>alert(1)</script>`")
@example("!!! note\n    ```\n<script>alert(1)</script>\n    ```")
def test_block_never_makes_unsafe_html_or_headings(value: str) -> None:
    for indent in (0, 4):
        source = str(escape.block(value, indent))
        wrapped = f"!!! note\n\n{source}\n" if indent else f"{source}\n"
        parsed = elements(to_html(wrapped))
        assert unsafe(parsed) == [], source
        assert HEADINGS.isdisjoint(parsed.tags), source


@settings(max_examples=400, deadline=None)
@given(any_text)
@example("```")
@example("# x")
@example("- [ ] x")
@example("--")  # after a list marker, "- --" would be a horizontal rule
def test_inline_stays_inline_in_every_place_templates_put_it(value: str) -> None:
    cell = str(escape.inline(value))
    places = {
        "paragraph": f"{cell}\n",
        "list item": f"- {cell}\n- next\n",
        "table cell": f"| a | b |\n| --- | --- |\n| {cell} | end |\n",
        "after a label": f"**Returns:** {cell}\n",
    }
    for where, source in places.items():
        parsed = elements(to_html(source))
        assert unsafe(parsed) == [], (where, cell)
        extra = [t for t in parsed.tags if t in BLOCK_TAGS]
        expected = {
            "paragraph": [],
            "list item": ["ul", "li", "li"],
            "table cell": ["table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td"],
            "after a label": [],
        }[where]
        assert extra == [t for t in expected if t in BLOCK_TAGS], (where, cell)
        if where == "table cell":
            assert parsed.tags.count("td") == 2, cell
            assert "end" in parsed.text, cell


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_text_shows_exactly_what_was_written(value: str) -> None:
    shown = str(escape.text(value))
    parsed = elements(to_html(f"| a |\n| --- |\n| {shown} |\n"))
    assert unsafe(parsed) == []
    assert [t for t in parsed.tags if t not in ("table", "thead", "tbody", "tr", "th", "td")] == []
    expected = " ".join(
        re.sub(
            r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]", "", value.replace("\r", "\n")
        ).split()
    )
    cells = "".join(parsed.text).split("\n")
    assert expected in [c.strip() for c in cells] or (expected == "" and shown == "")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_code_shows_exactly_what_was_written(value: str) -> None:
    shown = str(escape.code(value))
    parsed = elements(to_html(f"{shown}\n"))
    assert unsafe(parsed) == []
    expected = " ".join(
        re.sub(
            r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]", "", value.replace("\r", "\n")
        ).split()
    )
    if expected:
        assert parsed.tags == ["p", "code"], shown
        assert "".join(parsed.text).strip() == expected.strip()
