"""The site's Markdown for checks: the same extensions as mkdocs.yml, URLs read as browsers do."""

from __future__ import annotations

import pytest

from generator.markup.markdown import (
    DEFAULT_EXTENSIONS,
    ELSEWHERE,
    definitions,
    extension_names,
    read_html,
    scheme,
    site_markdown,
    unsafe_urls,
)
from tests.conftest import ROOT


def test_the_default_extensions_are_those_of_the_bundled_site() -> None:
    assert extension_names(ROOT / "mkdocs.yml") == DEFAULT_EXTENSIONS
    assert extension_names(None) == DEFAULT_EXTENSIONS


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com", "https"),
        ("JaVaScRiPt:alert(1)", "javascript"),
        ("  java\tscript:alert(1)", "javascript"),
        ("\x01javascript:x", "javascript"),
        ("java\u200bscript:x", "javascript"),
        ("../concepts/cache.md#how-it-works", None),
        ("#step-2-estimation", None),
        ("//evil.example/x", None),
        ("mailto:a@example.com", "mailto"),
    ],
)
def test_the_scheme_is_judged_as_a_browser_reads_it(url: str, expected: str | None) -> None:
    assert scheme(url) == expected


def test_every_url_attribute_is_read_srcset_candidates_one_by_one() -> None:
    html = read_html(
        '<a href="a.md">x</a><img src="i.png" srcset="s1.png 1x, s2.png 2x">'
        '<form action="javascript:f()"><button formaction="data:x">b</button></form>'
        '<svg><a xlink:href="vbscript:y"></a></svg><h2 id="top">t</h2>'
    )
    assert [(u.tag, u.attribute, u.value, u.embeds) for u in html.urls] == [
        ("a", "href", "a.md", False),
        ("img", "src", "i.png", True),
        ("img", "srcset", "s1.png", True),
        ("img", "srcset", "s2.png", True),
        ("form", "action", "javascript:f()", False),
        ("button", "formaction", "data:x", False),
        ("a", "xlink:href", "vbscript:y", False),
    ]
    assert html.ids == {"top"}


def test_a_reference_defined_elsewhere_still_makes_its_image() -> None:
    md = site_markdown(None)
    html = read_html(md.convert("![chart][c] and [link][l]\n\n[l]: javascript:x"))
    assert [(u.tag, u.value) for u in html.urls] == [("img", ELSEWHERE), ("a", "javascript:x")]
    assert list(definitions(md)) == ["javascript:x"]


def test_unsafe_urls_of_a_whole_page() -> None:
    page = '<p><a href="https://x">a</a> <img src="t.png"> <a href="data:text/html,x">b</a></p>'
    assert unsafe_urls(page) == [("CS113", "t.png"), ("CS111", "data:text/html,x")]
