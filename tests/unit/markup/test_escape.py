from __future__ import annotations

from generator.markup import escape


def test_text_neutralises_markdown_and_html() -> None:
    assert escape.text("A *b* <i>c</i> | [d](e) {#x}") == (
        r"A \*b\* &lt;i&gt;c&lt;/i&gt; \| \[d\](e) \{\#x\}"
    )


def test_text_folds_newlines_and_drops_control_characters() -> None:
    assert escape.text("one\ntwo\x00\x1b three") == "one two three"


def test_inline_keeps_code_spans_and_emphasis() -> None:
    assert escape.inline("use `a|<b>` and **c** | <img src=x onerror=alert(1)>") == (
        "use `a|<b>` and **c** &#124; &lt;img src=x onerror=alert(1)&gt;"
    )


def test_inline_neutralises_attribute_lists() -> None:
    # Character references, not backslashes: a backslash of the contributor's would undo ours.
    assert escape.inline("text {: onclick=alert(1) }") == "text &#123;: onclick=alert(1) &#125;"
    assert escape.inline(r"a \{: onclick=alert(1) \} \| b") == (
        r"a \&#123;: onclick=alert(1) \&#125; \&#124; b"
    )


def test_block_escapes_html_and_headings_but_not_code() -> None:
    source = "# Not a heading\n\n<script>x</script> `<kbd>`\n\n```\n<raw> {x}\n```\n> quote"
    assert escape.block(source) == (
        "\\# Not a heading\n\n&lt;script>x&lt;/script> `<kbd>`\n\n```\n<raw> {x}\n```\n\n> quote"
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


def test_block_writes_fences_back_in_one_form_markdown_cannot_misread() -> None:
    # Indented two spaces, Markdown would not see a fence and would publish the script.
    assert escape.block("  ```\n<script>alert(1)</script>\n  ```") == (
        "```\n<script>alert(1)</script>\n```"
    )
    # Contributor Mermaid is shown as code, never drawn.
    assert escape.block("```mermaid\nclick a call alert(1)\n```") == (
        "```\nclick a call alert(1)\n```"
    )
    assert escape.block("text\n````\n```\n````\nmore") == "text\n\n````\n```\n````\n\nmore"


def test_block_neutralises_code_markers_markdown_might_pair_differently() -> None:
    # A code span over two lines, or after a backslash, is not code to every Markdown reader.
    assert escape.block("`a\n<b>`") == "&#96;a\n&lt;b>&#96;"
    assert escape.block("\\`<b>`") == "\\&#96;&lt;b>&#96;"
    assert escape.block("~~~\nx") == "&#126;~~\nx"


def test_block_has_no_headings_of_any_kind() -> None:
    assert escape.block("Title\n=====\n\nSub\n---") == "Title\n&#61;====\n\nSub\n\\---"
    assert escape.block("- # x\n> # y") == "- \\# x\n> \\# y"


def test_inline_cannot_start_a_block_of_its_own() -> None:
    starts = ["```", "# x", "- x", "1. x", "!!! note", "??? x", "[ ] x", "---", "~~~ x", "= x"]
    assert [str(escape.inline(s)) for s in starts] == [
        "&#96;&#96;&#96;",
        "\\# x",
        "\\- x",
        "1\\. x",
        "\\!!! note",
        "&#63;?? x",
        "\\[ ] x",
        "\\---",
        "&#126;~~ x",
        "&#61; x",
    ]


def test_front_matter_strings_are_html_escaped_for_the_theme() -> None:
    # The theme prints `title:` into <title> and `description:` into an attribute as they are.
    assert escape.json_string("A </title><script>x</script> \"q\" & 's'") == (
        '"A &lt;/title&gt;&lt;script&gt;x&lt;/script&gt; &quot;q&quot; &amp; &#x27;s&#x27;"'
    )


def test_single_quoted_attribute_keeps_double_quotes_and_escapes_the_rest() -> None:
    value = """{"a":"x' onmouseover='y","b":"</div><b>&"}"""
    assert escape.single_quoted_attribute(value) == (
        '{"a":"x&#x27; onmouseover=&#x27;y","b":"&lt;/div&gt;&lt;b&gt;&amp;"}'
    )
