"""The generated reference pages: every field of the format and every error code, exactly."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from generator.cli import main
from generator.format.fields import fields_of, models_in
from generator.problems.problem import CODES, FAMILIES, Code, Severity
from generator.render.pages import make_environment
from generator.render.reference import DOCUMENTS, errors_context, human, reference_pages
from tests.conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {p.path: p.text for p in reference_pages(make_environment(ROOT / "templates"))}


def section(text: str, anchor: str) -> str:
    """The Markdown of one `### … {#anchor}` section."""
    start = text.index(f"{{#{anchor}}}\n")
    end = text.find("\n### ", start)
    return text[start : end if end != -1 else len(text)]


def test_format_page_has_a_row_for_every_field_of_every_model(pages: dict[str, str]) -> None:
    text = pages["reference/format.md"]
    missing = []
    done: set[type] = set()
    for document in DOCUMENTS:
        for model in models_in(document.root):
            if model in done:
                continue
            done.add(model)
            anchor = "-".join(human(model.__name__).lower().split())
            body = section(text, anchor)
            missing += [
                f"{model.__name__}.{ref.key}"
                for ref in fields_of(model)
                if f"\n| `{ref.key}` | " not in body
            ]
    assert missing == []


def test_format_rows_show_type_requirement_meaning_and_example(pages: dict[str, str]) -> None:
    flow = section(pages["reference/format.md"], "flow")
    assert (
        "| `from` | [snake\\_case name](#type-name) | yes | Component id the request leaves. "
        "| `from: client` |\n"
    ) in flow
    assumption = section(pages["reference/format.md"], "assumption")
    assert (
        "| `value` | number | yes | The number, for example 100e6 or 0.2. | `value: 100e6` |\n"
    ) in assumption
    requirements = section(pages["reference/format.md"], "requirements")
    assert (
        "| `clarifying_questions` | list of [Clarifying question](#clarifying-question), "
        "at least 1 | yes | Questions asked before designing, with the answers assumed. |  |\n"
    ) in requirements
    assert "\nWhere: `requirements`.\n" in requirements
    option = section(pages["reference/format.md"], "option")
    assert (
        "| `pros` | list of [line](#type-line) | no | Advantages. | `pros: [No collisions.]` |\n"
        in option
    )
    index = section(pages["reference/format.md"], "index")
    assert "| `unique` | `true` or `false` | no, default `false` | " in index


def test_format_page_tables_are_well_formed(pages: dict[str, str]) -> None:
    """No cell text breaks a table: every row has as many cells as its table's header."""
    tokens = MarkdownIt().enable("table").parse(pages["reference/format.md"])
    tables: list[list[int]] = []
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            tables[-1].append(0)
        elif token.type in ("td_open", "th_open"):
            tables[-1][-1] += 1
    assert len(tables) > 25
    assert sum(len(rows) for rows in tables) > 100
    assert [rows for rows in tables if len(set(rows)) != 1] == []
    assert {rows[0] for rows in tables} == {3, 5}  # the quality bar; the field tables


def test_format_page_links_resolve_to_its_own_anchors(pages: dict[str, str]) -> None:
    text = pages["reference/format.md"]
    anchors = set(re.findall(r"\{#([a-z0-9-]+)\}", text))
    targets = set(re.findall(r"\]\(#([a-z0-9-]+)\)", text))
    assert targets and targets <= anchors


def test_error_page_lists_every_code(pages: dict[str, str]) -> None:
    text = pages["reference/errors.md"]
    for code in CODES.values():
        assert f"\n### {code.code}: " in text and f"{{#{code.code.lower()}}}\n" in text, code.code


def test_error_entry_has_severity_example_and_fix(pages: dict[str, str]) -> None:
    text = pages["reference/errors.md"]
    assert section(text, "cs502") == (
        "{#cs502}\n\n"
        "**Severity:** warning (an error with `--strict`, as in the pull-request check)\n\n"
        "Fails:\n\n"
        "```yaml\n"
        "category: datastore  # while the others use storage\n"
        "```\n\n"
        "**Fix:** Use a category in use (the message lists them, and `casebook new` prints "
        "them); a new one opens a navigation section of its own, so add it only on purpose.\n"
        "\n## CS6xx: The bar a complete case study clears {#cs6xx}\n"
    )


def test_every_family_of_codes_has_a_title() -> None:
    untitled = sorted({code[:3] for code in CODES} - set(FAMILIES))
    assert untitled == [], "name each new family of codes in errors.FAMILIES"


def test_codes_are_grouped_by_family_and_new_families_get_a_heading() -> None:
    codes = [
        Code("CS101", "a", Severity.ERROR, "fix a"),
        Code("CS901", "b", Severity.WARNING, "fix b", "x: ```"),
    ]
    families = errors_context(codes)["families"]
    assert [f.title for f in families] == [
        "CS1xx: The shape of the document",
        "CS9xx: Other problems",
    ]
    assert families[1].codes[0].example == "````yaml\nx: ```\n````"


def test_build_writes_the_reference_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURES / "project" / "case_studies", tmp_path / "case_studies")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["build"]).exit_code == 0
    written = sorted(p.name for p in (tmp_path / "docs" / "reference").iterdir())
    assert written == ["errors.md", "format.md"]
