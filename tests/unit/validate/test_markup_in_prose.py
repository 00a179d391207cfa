"""Headings and raw HTML in prose (CS114): what counts, and where it starts."""

from __future__ import annotations

import pytest

from generator.markup.escape import prose_only
from generator.validate.markup_in_prose import Found, markup_found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Intro.\n\n## Failover\n", Found("heading", 8, 11)),
        ("- item\n- ### Inside a list item", Found("heading", 7, 13)),
        ("> # Quoted", Found("heading", 0, 4)),
        ("Title\n=====", Found("heading", 0, 11)),
        ("Title\n---", Found("heading", 0, 9)),
        ("Keep it <b>short</b>.", Found("raw HTML", 8, 11)),
        ("A break<br/>here", Found("raw HTML", 7, 12)),
        ('<a href="https://example.com">x</a>', Found("raw HTML", 0, 30)),
        ("Hidden <!-- note -->", Found("raw HTML", 7, 11)),
        ("Both: <i>x</i>\n# Later", Found("raw HTML", 6, 9)),
    ],
)
def test_headings_and_html_are_found_where_they_start(text: str, found: Found) -> None:
    assert markup_found(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "#hashtag is text, and so is #1 priority",  # a heading needs a space after its marks
        "GET /<bucket>/<key> and list<int64>",  # no HTML element
        "p99 < 200 ms and a<b",  # comparisons
        "Code: `<b>` and `## x`",
        "```\n## not a heading\n<b>not HTML</b>\n```",
        "~~~yaml\ntitle: x\n---\n~~~",
        "    # indented four: code",
        "Line one\n\n---\n\nLine two",  # a rule, after a blank line
        "<https://example.com>",  # an autolink
    ],
)
def test_code_text_and_lookalikes_are_not_flagged(text: str) -> None:
    assert markup_found(text) is None


def test_prose_only_keeps_every_offset() -> None:
    text = "a `<b>` b\n```\n<i>\n```\nc <u>"
    assert prose_only(text) == "a xxxxx b\n   \n   \n   \nc <u>"
    assert len(prose_only(text)) == len(text)
