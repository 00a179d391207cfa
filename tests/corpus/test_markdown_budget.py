"""Markdown that passes the bounds converts in time linear in its length, and the shortcut that
skips text without a `]` skips nothing that makes a URL.

Random text is built from the constructs that make Python-Markdown super-linear (open brackets,
link targets, images, footnotes, list and quote markers, indentation, definition lists,
admonitions, emphasis, entities) and repeated up to the longest field (20,000 characters).
Either the bounds refuse it (CS703), or its conversion with the site's extensions, in both
escapings the templates use, stays within a budget for the field: eight times the processor time
of the densest legitimate text of the same length (a list of links, code and emphasis, about
0.2 s per 20,000 characters here), plus 0.1 s. Processor time, not wall time: other processes
on a shared machine do not count. The stall file of 20,000 brackets took 42 s in the site build
before the bounds.
"""

from __future__ import annotations

import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.markup import escape
from generator.markup.markdown import read_html, site_markdown
from generator.validate.prose import too_costly
from tests.conftest import ROOT

MD = site_markdown(ROOT / "mkdocs.yml")
LONGEST = 20_000
# The densest legitimate prose: list items of links, code, emphasis and table pipes.
REFERENCE = "".join(f"- item [{i}](x{i}.md) with `c` and *e* | **b**\n" for i in range(2_000))

PIECES = [
    "[", "]", "(", ")", "](", "![", "[^", "[x][", "<", "&lt;", "\\[", "`", "x", " ", "word ",
    "\n", "\n\n", "    ", "\t", "- ", "* ", "1. ", "> ", ": ", "Term\n: def\n", "[a](b) ",
    "[^1]: note\n", "!!! note\n", "??? note\n", "|", "*", "_", "**", "#", "{", "}",
]  # fmt: skip

field_text = st.builds(
    lambda parts, times: ("".join(parts) * times)[:LONGEST],
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=40),
    st.integers(min_value=1, max_value=4000),
)


def convert_seconds(value: str) -> float:
    """Processor time of converting `value` in both escapings."""
    started = time.process_time()
    for escaped in (escape.block(value), escape.inline(value)):
        MD.reset()
        MD.convert(str(escaped))
    return time.process_time() - started


def budget(length: int) -> float:
    # Eight times: room for a loaded machine; a super-linear case is hundreds of times slower.
    return 8 * convert_seconds(REFERENCE[:length]) + 0.1


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field_text)
@example("[" * 19_999 + "]")  # the stall file
@example("[^" * 9_999)
@example("![" * 9_999)
@example("1. " * 1_000)
@example("Term\n: a\n" * 1_000)
@example(("[[[[[[" + "a" * 100 + "]]]]]] ") * 180)
@example("??? note\n" * 2_000)
@example("[^1]: note\n" * 1_800)
@example("```a\n" * 4_000)
def test_accepted_markdown_converts_within_its_budget(value: str) -> None:
    if too_costly(value) is not None:
        return  # refused at validation: the site never converts it
    tries = []
    for _ in range(3):  # a load spike on a shared machine passes on a retry; a stall never does
        tries.append((convert_seconds(value), budget(len(value))))
        if tries[-1][0] <= tries[-1][1]:
            return
    raise AssertionError(f"{len(value)} characters: (seconds, budget) {tries}")


no_bracket = st.text(st.sampled_from([p for p in PIECES if "]" not in p] + list("aé<>:/.#@&;=")))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*(p for p in PIECES if "]" not in p), "http://x", "www.x.com",
                                 "mailto:a@b", "javascript:alert(1)", "a@b.c"]),
                max_size=40).map("".join))  # fmt: skip
def test_text_without_a_closing_bracket_makes_no_url(value: str) -> None:
    """The prose check converts only fields with a `]`: every other field must make no URL."""
    for escaped in (escape.block(value), escape.inline(value)):
        MD.reset()
        assert read_html(MD.convert(str(escaped))).urls == ()
