"""Checklist problems (CS4xx): one failing fixture per code, and the exact lines printed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.format.steps import STEPS
from generator.pipeline import check_all, load_method
from generator.problems.problem import CODES, ProblemsFound, Severity
from generator.project import Project
from generator.validate.method import validate_method
from tests.conftest import FIXTURES, ROOT
from tests.unit.render.test_schema import load12, schema_errors

ERRORS = FIXTURES / "errors"

EXPECTED: dict[str, list[str]] = {
    "cs401-unknown-step": [
        "case_studies/method/checklist.yaml:27:1: CS401 unknown step 'bottleneck' "
        "(did you mean 'bottlenecks'?)",
        "case_studies/method/checklist.yaml:34:1: CS401 unknown step 'deployment'",
    ],
    "cs402-duplicate-item-id": [
        "case_studies/method/checklist.yaml:34:9: CS402 checklist item 'replicas' is defined "
        "twice in bottlenecks (first as item 2)",
    ],
    "cs403-stray-file": [
        "case_studies/method/extra-questions.yml:1:1: CS403 only method/checklist.yaml and "
        "method/tags.yaml are read in this folder; this file is ignored",
    ],
    "cs404-repeated-question": [
        "case_studies/alpha-links.yaml:75:13: CS404 checklist item 'any-spof' repeats the method "
        "question 'method/bottlenecks/spof', which the step already shows",
        "case_studies/method/checklist.yaml:13:11: CS404 estimation: the question of "
        "'storage-again' repeats 'storage-total'",
    ],
    "cs310-unknown-tag": [
        "case_studies/alpha-links.yaml:7:17: CS310 unknown tag 'websockets' (did you mean "
        "'websocket'?); a new tag goes into case_studies/method/tags.yaml with a line saying "
        "what it groups",
        "case_studies/alpha-links.yaml:7:29: CS310 unknown tag 'redis'; a new tag goes into "
        "case_studies/method/tags.yaml with a line saying what it groups",
        "case_studies/method/tags.yaml:4:10: CS107 tag 'caching' is defined twice",
    ],
    "cs405-misspelt-tag": [
        "case_studies/alpha-links.yaml:16:14: CS405 checklist tag 'storag' is not used by the "
        "method checklist (did you mean 'storage'?)",
        "case_studies/alpha-links.yaml:73:23: CS405 checklist tag 'availabilty' is not used by "
        "the method checklist (did you mean 'availability'?)",
    ],
}


def _validate(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    shutil.copytree(ERRORS / name, tmp_path / "case_studies")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    # The small case studies fall short of a complete one (CS6xx): those have their own tests.
    return result.exit_code, [line for line in result.stdout.splitlines() if " CS6" not in line]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_prints_exact_lines(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines = _validate(name, tmp_path, monkeypatch)
    assert lines == EXPECTED[name]
    errors = any(CODES[line.split(": ")[1].split()[0]].severity is Severity.ERROR for line in lines)
    assert code == (1 if errors else 0)


def test_every_checklist_code_has_a_fixture() -> None:
    exercised = {line.split(": ")[1].split()[0] for lines in EXPECTED.values() for line in lines}
    assert {c for c in CODES if c.startswith("CS4")} | {"CS107", "CS310"} == exercised
    for name in EXPECTED:
        assert any(f": {name.split('-')[0].upper()} " in line for line in EXPECTED[name]), name


def test_a_broken_method_checklist_stops_the_build(tmp_path: Path) -> None:
    shutil.copytree(ERRORS / "cs402-duplicate-item-id", tmp_path / "case_studies")
    with pytest.raises(ProblemsFound) as caught:
        check_all(Project.at(tmp_path))
    assert [p.code for p in caught.value.problems] == ["CS402"]


def test_warnings_become_errors_with_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ERRORS / "cs403-stray-file", tmp_path / "case_studies")
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["validate"]).exit_code == 0
    strict = CliRunner().invoke(main, ["validate", "--strict"])
    assert strict.exit_code == 1
    assert strict.stdout.splitlines() == EXPECTED["cs403-stray-file"]


def test_the_method_checklist_is_optional(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "checklists" / "case_studies", tmp_path / "case_studies")
    shutil.rmtree(tmp_path / "case_studies" / "method")
    _, _, method, problems = check_all(Project.at(tmp_path))
    assert method is None
    assert [p for p in problems if p.code.startswith("CS4")] == []


def test_the_bundled_method_checklist_is_clean() -> None:
    """Six to ten questions per step, no problem of its own."""
    doc, _, loaded = load_method(Project.at(ROOT))
    assert loaded == [] and doc is not None
    method, problems = validate_method(doc)
    assert problems == [] and method is not None
    counts = {s.field: len(getattr(method, s.field)) for s in STEPS}
    assert all(6 <= n <= 10 for n in counts.values()), counts


def test_editors_check_the_method_checklist_with_its_json_schema() -> None:
    schema = json.loads((ROOT / "schema" / "method-checklist.schema.json").read_text())
    data = load12(ROOT / "case_studies" / "method" / "checklist.yaml")
    assert schema_errors(schema, data) == []
    data["bottleneck"] = data.pop("bottlenecks")
    assert schema_errors(schema, data) == [
        ": 'bottlenecks' is a required property",
        ": Additional properties are not allowed ('bottleneck' was unexpected)",
    ]
