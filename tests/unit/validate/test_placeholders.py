"""CS501: placeholders left from the scaffold are warnings, and errors under --strict."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.validate.placeholders import PLACEHOLDER, PLACEHOLDER_IDS
from tests.conftest import FIXTURES, ROOT

FIXTURE = FIXTURES / "errors" / "cs501-placeholder.yaml"
EXPECTED = [
    "case_studies/cs501-placeholder.yaml:3:10: CS501 summary: replace the scaffold's placeholder "
    "'TODO: one sentence shown in the catal...'",
    "case_studies/cs501-placeholder.yaml:5:11: CS501 category: replace the scaffold's "
    "placeholder 'todo'",
    "case_studies/cs501-placeholder.yaml:44:18: CS501 detailed_design.decisions[0].rationale: "
    "replace the scaffold's placeholder 'TODO: why that option wins here.'",
]


@pytest.mark.parametrize("strict", [False, True])
def test_fixture_prints_exact_lines(
    strict: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "case_studies").mkdir()
    shutil.copy2(FIXTURE, tmp_path / "case_studies")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", *(["--strict"] if strict else [])])
    assert result.exit_code == (1 if strict else 0)
    # The fixture is short of a complete case study too (CS6xx); those have their own tests.
    assert [line for line in result.stdout.splitlines() if " CS6" not in line] == EXPECTED


@pytest.mark.parametrize(
    ("value", "placeholder"),
    [
        ("TODO", True),
        ("TODO: say why", True),
        ("  TODO why", True),
        ("TODOs are tracked in the issue tracker.", False),
        ("Design a to-do list app", False),
        ("Nothing left TODO", False),
        ("todo", True),
        ("todo-list", False),  # a real id may start with todo
        ("todo-decision", True),
    ],
)
def test_what_counts_as_a_placeholder(value: str, placeholder: bool) -> None:
    assert bool(PLACEHOLDER.match(value) or value in PLACEHOLDER_IDS) is placeholder


def test_every_lowercase_placeholder_of_the_scaffold_is_known() -> None:
    scaffold = (ROOT / "templates" / "scaffold.yaml.j2").read_text()
    for value in PLACEHOLDER_IDS:
        assert f": {value}\n" in scaffold, value
