"""The bounds on Markdown that keep its conversion linear, each with its message."""

from __future__ import annotations

import pytest

from generator.load import iter_strings, load_file
from generator.validate.prose import too_costly
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[" * 7, "7 link brackets or parentheses are open at once (at most 6); close them, or "
                  "write a literal one as \\["),
        ("[a](" * 7, "7 link brackets or parentheses are open at once (at most 6); close them, "
                     "or write a literal one as \\["),
        ("para [ one\n\npara [[ two\n\n[[[[ three", "7 link brackets"),
        ("- " * 9 + "x", "lists, quotes or indents are nested 9 deep (at most 8)"),
        ("\n".join("    " * 9 + "x" for _ in range(2)), "nested 9 deep"),
        ("> " * 9 + "x", "nested 9 deep"),
        ("Term\n" + ": a\n" * 11, "11 definition-list items follow each other in one paragraph "
                                   "(at most 10); separate them with blank lines"),
        ("[^1] " * 21, "21 footnote marks ([^) in one text (at most 20)"),
        ("!!! note\n" * 21, "21 admonitions or collapsible blocks (at most 20)"),
    ],
)  # fmt: skip
def test_each_bound_and_its_message(text: str, reason: str) -> None:
    found = too_costly(text)
    assert found is not None and reason in found, found


@pytest.mark.parametrize(
    "text",
    [
        "[a](b) " * 2000,  # many links, each closed
        "\\[" * 500,  # escaped brackets are text
        "```\n" + "[" * 100 + "\n" + "    " * 20 + "code\n```\n",  # code is not Markdown
        "[^1] [^2]\n\n[^1]: one\n[^2]: two",
        "- a\n    - b\n        - c\n",
    ],
)
def test_ordinary_markdown_is_accepted(text: str) -> None:
    assert too_costly(text) is None


def test_every_text_of_the_bundled_catalogue_is_accepted() -> None:
    files = sorted((ROOT / "case_studies").rglob("*.yaml"))
    assert len(files) > 40
    for file in files:
        doc, _ = load_file(file, file.name)
        assert doc is not None
        for loc, value in iter_strings(doc.data):
            assert too_costly(value) is None, (file.name, loc)
