"""The quick inline pass: the stock pass's HTML for every page of the bundled site and for text
made to trip each pattern, and no pattern skipped that it does not know."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree as etree

import markdown
import pytest
from markdown.inlinepatterns import InlineProcessor as Pattern
from markdown.treeprocessors import InlineProcessor
from mkdocs.config import load_config

from generator.pipeline import build
from generator.project import Project
from generator.site.inline import QuickInline, QuickInlineExtension, markers, quicken
from tests.conftest import ROOT, copy_project


def converters() -> tuple[markdown.Markdown, markdown.Markdown]:
    """The bundled site's Markdown as mkdocs makes it, stock and quick."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    names, configs = list(config.markdown_extensions), dict(config.mdx_configs)
    stock = markdown.Markdown(extensions=names, extension_configs=configs)
    quick = markdown.Markdown(
        extensions=[*names, QuickInlineExtension()], extension_configs=configs
    )
    return stock, quick


def convert(md: markdown.Markdown, text: str) -> str:
    md.reset()
    return md.convert(text)


def test_every_inline_pattern_of_the_site_has_its_markers() -> None:
    _, quick = converters()
    unknown = [type(p).__name__ for p in quick.inlinePatterns if markers(p) is None]
    assert unknown == []  # an upgrade that changed a pattern's regex shows here
    assert type(quick.treeprocessors["inline"]) is QuickInline
    stock, _ = converters()
    assert [type(t).__name__ for t in quick.treeprocessors] == [
        "QuickInline" if type(t) is InlineProcessor else type(t).__name__
        for t in stock.treeprocessors
    ]


@pytest.fixture(scope="module")
def site_pages(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = copy_project(tmp_path_factory.mktemp("inline"))
    build(Project.at(root))
    return sorted((root / "docs").rglob("*.md"))


def test_every_page_of_the_bundled_site_converts_to_the_stock_html(site_pages: list[Path]) -> None:
    stock, quick = converters()
    assert len(site_pages) > 60
    different = [
        p.name
        for p in site_pages
        if convert(stock, text := p.read_text(encoding="utf-8")) != convert(quick, text)
    ]
    assert different == []


TRICKY = [
    "plain words, numbers 1.5 M and (brackets) - nothing else",
    "a `code` span, a ``double `tick` one``, and \\`not code\\`",
    "\\\\`after two backslashes` and \\\\\\`after three`",
    "*em* **strong** ***both*** _em_ __strong__ snake_case_name a * b _ c",
    "**strong with `code` and [a link](x.md) inside**",
    "[link](a.md) [ref][r] [short] ![img](i.png) ![ref img][r] ![short img]\n\n[r]: r.md",
    "footnote[^1] and [^missing]\n\n[^1]: the note *with em*",
    "<https://example.com/a?b=1&c=2> <someone@example.com> <span>raw</span> a < b > c",
    "&amp; &#123; &#x7B; & alone, &nope",
    "hard  \nbreak and soft\nbreak",
    "| a `|` cell | *b* |\n|---|---|\n| c & d | [e](f.md) |\n| plain | cell |",
    "- item with `x`\n- item *y*\n    - nested [z](z.md)",
    "term\n:   definition with _em_ and \\* escape",
    '!!! note "Title with *em*"\n    Body with `code` and <b>html</b>.',
    "# Heading with `code` { #id }\n\ntext {: .cls }",
    "```python\ncode *not em*\n```\n\nafter `fence`",
    "`#!python print(1)` inline highlight",
    "nested [links [inside](a.md)](b.md) and [unclosed",
    "*unclosed em and `unclosed code and [unclosed link",
    "\x02 stray markers \x03 and placeholders",
]


@pytest.mark.parametrize("text", TRICKY)
def test_text_that_trips_the_patterns_converts_to_the_stock_html(text: str) -> None:
    stock, quick = converters()
    assert convert(quick, text) == convert(stock, text)


def test_a_span_in_plain_cells_and_markup_in_others() -> None:
    _, quick = converters()
    html = convert(quick, "| a | b |\n|---|---|\n| plain | *em* [l](x.md) |")
    assert '<td>plain</td>\n<td><em>em</em> <a href="x.md">l</a></td>' in html


class _Mark(Pattern):
    def handleMatch(  # noqa: N802 - Python-Markdown's name
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element, int, int]:
        el = etree.Element("mark")
        el.text = m.group(1)
        return el, m.start(0), m.end(0)


def test_a_pattern_it_does_not_know_is_searched_as_before() -> None:
    _, quick = converters()
    quick.inlinePatterns.register(_Mark(r"@@(.+?)@@", quick), "mark", 75)
    assert convert(quick, "a @@b@@ c") == "<p>a <mark>b</mark> c</p>"


def test_another_extensions_inline_pass_is_left_in_place() -> None:
    class Other(InlineProcessor):
        pass

    md = markdown.Markdown()
    md.treeprocessors.register(Other(md), "inline", 20)
    QuickInlineExtension().extendMarkdown(md)
    assert type(md.treeprocessors["inline"]) is Other


def test_quicken_adds_the_extension_once() -> None:
    config = {"markdown_extensions": ["toc"]}
    quicken(config)
    quicken(config)
    assert config["markdown_extensions"][0] == "toc"
    assert [type(e) for e in config["markdown_extensions"][1:]] == [QuickInlineExtension]
