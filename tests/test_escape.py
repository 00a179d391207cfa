from __future__ import annotations

from generator import escape


def test_text_neutralises_markdown_and_html() -> None:
    assert escape.text("A *b* <i>c</i> | [d](e) {#x}") == (
        r"A \*b\* &lt;i&gt;c&lt;/i&gt; \| \[d\](e) \{\#x\}"
    )


def test_text_folds_newlines_and_drops_control_characters() -> None:
    assert escape.text("one\ntwo\x00\x1b three") == "one two three"


def test_inline_keeps_code_spans_and_emphasis() -> None:
    assert escape.inline("use `a|<b>` and **c** | <img src=x onerror=alert(1)>") == (
        r"use `a|<b>` and **c** \| &lt;img src=x onerror=alert(1)&gt;"
    )


def test_inline_neutralises_attribute_lists() -> None:
    assert escape.inline("text {: onclick=alert(1) }") == r"text \{: onclick=alert(1) \}"


def test_block_escapes_html_and_headings_but_not_code() -> None:
    source = "# Not a heading\n\n<script>x</script> `<kbd>`\n\n```\n<raw> {x}\n```\n> quote"
    assert escape.block(source) == (
        "\\# Not a heading\n\n&lt;script>x&lt;/script> `<kbd>`\n\n```\n<raw> {x}\n```\n> quote"
    )


def test_block_indents_for_admonitions() -> None:
    assert escape.block("a\n\nb", indent=4) == "    a\n\n    b"


def test_code_grows_its_fence_around_backticks() -> None:
    assert escape.code("a `b` c") == "``a `b` c``"
    assert escape.code("`x`") == "`` `x` ``"


def test_jinja_syntax_is_plain_text() -> None:
    assert escape.text("{{ 7*7 }}") == r"\{\{ 7\*7 \}\}"


def test_number_reads_like_a_contributor_wrote_it() -> None:
    assert escape.number(100e6) == "100,000,000"
    assert escape.number(0.2) == "0.2"
    assert escape.number(1.5e-7) == "1.5e-07"
