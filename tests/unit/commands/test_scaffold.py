"""`casebook new`: the scaffold has every field with a hint, validates as written, and its
TODO placeholders are reported (CS501) until they are replaced."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pydantic import BaseModel

from generator.cli import main
from generator.commands.scaffold import scaffold_text
from generator.format.fields import fields_of
from generator.format.models import CaseStudy
from generator.load import parse
from generator.project import Project
from tests.conftest import ROOT

TARGET = "case_studies/online-judge.yaml"


def new(*args: str) -> Result:
    return CliRunner().invoke(main, ["new", *args])


def validate(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", *args])


def scaffold_data(root: Path = ROOT) -> tuple[str, dict[str, Any]]:
    text = scaffold_text(Project.at(root), "online-judge", "Design an online code judge")
    doc, problems = parse(text, TARGET)
    assert problems == [] and doc is not None
    return text, doc.data


def missing_fields(
    model: type[BaseModel],
    data: dict[str, Any],
    path: str = "",
    shown: set[type[BaseModel]] | None = None,
) -> list[str]:
    """Fields of `model` (and of the models below it) absent from `data`. In a list of
    mappings the first item must hold every field, unless the model was shown earlier."""
    shown = set() if shown is None else shown
    shown.add(model)
    out: list[str] = []
    for ref in fields_of(model):
        where = f"{path}.{ref.key}" if path else ref.key
        if ref.key not in data:
            out.append(where)
            continue
        value = data[ref.key]
        if ref.nested is not None:
            if isinstance(value, list):
                if not value:
                    if ref.nested not in shown:
                        out.append(f"{where}[0] (an empty list shows none of its fields)")
                    continue
                value = value[0]
                where += "[0]"
            out += missing_fields(ref.nested, value, where, shown)
    return out


def test_the_scaffold_has_every_field_of_the_models() -> None:
    _, data = scaffold_data()
    assert missing_fields(CaseStudy, data) == [], (
        "templates/scaffold.yaml.j2 lacks these fields of generator/format/models.py; add each, with "
        "a one-line hint comment above it"
    )


def test_every_field_has_a_one_line_hint_above_its_first_use() -> None:
    text, _ = scaffold_data()
    lines = text.splitlines()
    seen: set[tuple[int, str]] = set()
    unhinted = []
    for number, line in enumerate(lines):
        match = re.match(r"^( *)(?:- )?([a-z_]+):", line)
        if not match:
            continue
        key = (len(match.group(1)) + (2 if line.lstrip().startswith("- ") else 0), match.group(2))
        if key in seen:
            continue
        seen.add(key)
        above = lines[number - 1].strip()
        if not above.startswith("# "):
            unhinted.append(f"line {number + 1}: {match.group(2)}")
    assert unhinted == []


def test_new_writes_the_scaffold(project: Path) -> None:
    result = new("online-judge", "--title", "Design an online code judge")
    assert result.exit_code == 0
    assert result.stdout == f"created {TARGET}\n"
    assert result.stderr == (
        f"next: replace its TODOs (`casebook validate {TARGET}` lists them), "
        "preview with `make serve`\n"
    )
    text = (project / TARGET).read_text()
    assert text.startswith("# yaml-language-server: $schema=../schema/case-study.schema.json\n")
    assert "\nid: online-judge\n" in text
    assert '\ntitle: "Design an online code judge"\n' in text
    # The categories in use are listed above `category:`, from the project's own case studies.
    assert "\n# Section of the navigation, one of those in use: web.\n" in text
    assert text == scaffold_data(project)[0]


def test_the_modeline_points_at_the_committed_schema() -> None:
    text, _ = scaffold_data()
    relative = text.splitlines()[0].removeprefix("# yaml-language-server: $schema=")
    assert (
        ROOT / "case_studies" / relative
    ).resolve() == ROOT / "schema" / "case-study.schema.json"
    assert (ROOT / "case_studies" / relative).is_file()


def test_the_category_hint_lists_categories_in_use_never_the_placeholder(
    project: Path,
) -> None:
    assert new("online-judge", "--title", "Design an online code judge").exit_code == 0
    second = scaffold_text(Project.at(project), "seat-map", "Design a seat map")
    assert "\n# Section of the navigation, one of those in use: web.\n" in second
    for path in (project / "case_studies").glob("*.yaml"):
        path.unlink()
    alone = scaffold_text(Project.at(project), "seat-map", "Design a seat map")
    assert (
        "\n# Section of the navigation, a slug such as web, storage or messaging.\n"
        "# A category no other case study uses opens a section of its own (a warning, CS502).\n"
        "category: todo\n"
    ) in alone


def test_new_then_validate_round_trip(project: Path) -> None:
    assert new("online-judge", "--title", "Design an online code judge").exit_code == 0
    result = validate(TARGET)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    codes = {line.split(": ")[1].split()[0] for line in lines}
    assert codes <= {"CS501"} | {c for c in codes if c.startswith("CS6")}
    text = (project / TARGET).read_text().splitlines()
    # A placeholder's line; for a block scalar (`key: |`), the line of its key.
    todo_lines = {
        i + 1
        for i, line in enumerate(text)
        if re.search(r":\s+\"?(TODO|todo)|^\s+-\s+\"TODO", line)
    }
    todo_lines |= {i for i, line in enumerate(text) if re.match(r"^\s+TODO", line)}
    reported = {int(line.split(":")[1]) for line in lines if " CS501 " in line}
    assert reported == todo_lines
    assert lines[1] == (
        f"{TARGET}:14:10: CS501 summary: replace the scaffold's placeholder "
        "'TODO: one sentence saying what the sy...'"
    )
    assert result.stderr.startswith("1 case study checked: 0 errors, ")
    strict = validate("--strict", TARGET)
    assert strict.exit_code == 1
    assert strict.stdout == result.stdout


def test_replacing_the_placeholders_clears_cs501(project: Path) -> None:
    assert new("online-judge", "--title", "Design an online code judge").exit_code == 0
    path = project / TARGET
    text = path.read_text().replace("category: todo", "category: web")
    path.write_text(text.replace("TODO: ", "").replace("todo", "seats"))
    result = validate(TARGET)
    assert result.exit_code == 0
    assert " CS501 " not in result.stdout
    assert all(": CS6" in line for line in result.stdout.splitlines())


def test_a_new_case_study_builds_at_once(project: Path) -> None:
    assert new("online-judge", "--title", "Design an online code judge").exit_code == 0
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    page = (project / "docs" / "case-studies" / "online-judge.md").read_text()
    assert "# Design an online code judge\n" in page


def test_titles_are_quoted_safely(project: Path) -> None:
    title = 'Design "Tickets": seats #1 \\ more'
    assert new("online-judge", "--title", title).exit_code == 0
    doc, problems = parse((project / TARGET).read_text(), TARGET)
    assert problems == [] and doc is not None
    assert doc.data["title"] == title


def test_new_never_overwrites(project: Path) -> None:
    path = project / "case_studies" / "tiny-paste.yaml"
    before = path.read_bytes()
    result = new("tiny-paste", "--title", "Another paste")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "error: case_studies/tiny-paste.yaml already exists; edit it, or choose another id\n"
    )
    assert path.read_bytes() == before


@pytest.mark.parametrize("bad", ["Ticket_Booking", "x", "ticket--booking", "ticket-", "a" * 61])
def test_an_id_that_is_not_a_slug_is_a_usage_error(project: Path, bad: str) -> None:
    result = new(bad, "--title", "Design tickets")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"Error: Invalid value for ID: '{bad}' is not a lowercase slug: use letters a-z, digits "
        "and single hyphens, 2 to 60 characters, for example 'online-judge'"
    )
    assert sorted(p.name for p in (project / "case_studies").iterdir()) == [
        "tiny-paste.yaml",
        "tiny-shortener.yaml",
    ]


def test_a_reserved_id_is_a_usage_error(project: Path) -> None:
    result = new("comparison", "--title", "Design a comparison")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for ID: 'comparison' is reserved for a generated page; "
        "choose another id"
    )
    assert not (project / "case_studies" / "comparison.yaml").exists()


@pytest.mark.parametrize("args", [["online-judge"], ["online-judge", "--title", "   "]])
def test_a_missing_or_empty_title_is_a_usage_error(project: Path, args: list[str]) -> None:
    result = new(*args)
    assert result.exit_code == 2
    assert not (project / TARGET).exists()
    assert result.stderr.splitlines()[-1] in (
        "Error: Missing option '--title'.",
        "Error: Invalid value for '--title': the title must be 1 to 120 characters, for "
        "example 'Design an online code judge'",
    )
