"""The JSON Schema and `casebook validate` agree on every fixture, both ways.

- The schema never rejects a file that validates without errors (an editor must not underline
  what the build accepts).
- Every error of a rule the schema can express (`EXPRESSIBLE`) is an error in the schema too.

The other rules (formulas and units, names unique within a list, references across files, the
scheme of links inside Markdown, ...) are listed on the format reference as the rules the schema
cannot express (`NOT_IN_SCHEMA` in generator/render/reference.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from generator.format.models import CaseStudy
from generator.load import iter_yaml, load_file
from generator.pipeline import check_all
from generator.problems.problem import Problem, ProblemsFound, Severity
from generator.project import Project
from generator.render.reference import NOT_IN_SCHEMA, SCHEMA_RULES
from generator.render.schema import catalogue_of, json_schema
from tests.conftest import FIXTURES, ROOT


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    """`pattern` as editors (JavaScript) and pydantic read it: a final `$` is the end of the
    text, not also the place before a final newline as in Python's `re`."""
    if isinstance(instance, str) and not re.search(
        re.sub(r"(?<!\\)\$$", r"\\Z", pattern), instance
    ):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": _pattern})


def folders() -> Iterator[Path]:
    """Every fixture folder of case studies (concept and method folders aside)."""
    for folder in sorted({p.parent for p in FIXTURES.rglob("*.yaml")}):
        parts = folder.relative_to(FIXTURES).parts
        if parts[0] != "concepts" and not {"concepts", "method"} & set(parts):
            yield folder


FOLDERS = list(folders())


def problems_of(project: Project) -> list[Problem]:
    try:
        return check_all(project)[3]
    except ProblemsFound as found:
        return found.problems


def expressible(problem: Problem) -> bool:
    if problem.code == "CS111":  # only the `source` of an assumption is a plain URL
        return problem.message.split(":", 1)[0].endswith(".source")
    return problem.code in SCHEMA_RULES


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.relative_to(FIXTURES).as_posix())
def test_schema_and_validate_agree(folder: Path, tmp_path: Path) -> None:
    project = Project(folder.parent, folder, ROOT / "templates", tmp_path / "docs")
    schema = json_schema(CaseStudy, "case study", catalogue_of(project))
    validator = Validator(schema)
    problems = problems_of(project)
    disagreements = []
    for path in iter_yaml(folder):
        display = project.display(path)
        doc, _ = load_file(path, display)
        if doc is None:
            continue  # not YAML the schema could read either
        rejected = sorted(e.message for e in validator.iter_errors(doc.data))
        errors = [p for p in problems if p.path == display and p.severity is Severity.ERROR]
        if rejected and not errors:
            disagreements.append(f"{display}: the schema rejects a valid file: {rejected}")
        missed = [p.format() for p in errors if expressible(p)]
        if missed and not rejected:
            disagreements.append(f"{display}: the schema accepts what validate rejects: {missed}")
    assert disagreements == []


def test_every_rule_is_either_in_the_schema_or_listed_as_not() -> None:
    from generator.problems.problem import CODES

    errors = {code for code, c in CODES.items() if c.severity is Severity.ERROR}
    assert errors == set(SCHEMA_RULES) | set(NOT_IN_SCHEMA) | {"CS111"}
    assert not set(SCHEMA_RULES) & set(NOT_IN_SCHEMA)


SCHEMA_FIXTURES = FIXTURES / "schema"


@pytest.mark.parametrize(
    ("name", "schema_says", "validate_says"),
    [
        (
            "quoted-number",
            "'10' is not of type 'number'",
            "quoted-number.yaml:25:14: CS103 estimation.assumptions[1].value: input should be "
            "a valid number, got '10'",
        ),
        (
            "method-without-path",
            "is not valid under any of the given schemas",
            "method-without-path.yaml:32:7: CS103 interface.operations[0]: `method` and `path` "
            "go together: give both, or a `signature`",
        ),
        (
            "ftp-source",
            "'ftp://example.com/ratio.txt' does not match",
            "ftp-source.yaml:26:15: CS111 estimation.assumptions[1].source: unsafe link "
            "'ftp://example.com/ratio.txt' (use http, https or mailto)",
        ),
        (
            "repeated-tag",
            "has non-unique elements",
            "repeated-tag.yaml:6:7: CS103 tags: 'hashing' is listed twice",
        ),
    ],
)
def test_both_reject_what_they_once_disagreed_on(
    name: str, schema_says: str, validate_says: str, tmp_path: Path
) -> None:
    project = Project(FIXTURES, SCHEMA_FIXTURES, ROOT / "templates", tmp_path / "docs")
    schema = json_schema(CaseStudy, "case study", catalogue_of(project))
    doc, _ = load_file(SCHEMA_FIXTURES / f"{name}.yaml", name)
    assert doc is not None
    messages = [e.message for e in Validator(schema).iter_errors(doc.data)]
    assert any(schema_says in m for m in messages), messages
    errors = [
        p.format().removeprefix("schema/")
        for p in problems_of(project)
        if p.path.endswith(f"{name}.yaml") and p.severity is Severity.ERROR
    ]
    assert errors == [validate_says]
