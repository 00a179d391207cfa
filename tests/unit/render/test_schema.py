"""The committed JSON Schemas: current, draft-07-friendly, documented, and in agreement with the
validator on the bundled files and on failing examples."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from pydantic import TypeAdapter

from generator.cli import main
from generator.format.examples import example_for
from generator.format.fields import fields_of, models_in
from generator.format.models import CaseStudy, Concept
from generator.project import Project
from generator.render.schema import (
    REGENERATE,
    SCHEMAS,
    catalogue_of,
    json_schema,
    schema_text,
)
from tests.conftest import FIXTURES, ROOT

CASE_SCHEMA = json_schema(CaseStudy, "case study")
ERRORS = FIXTURES / "errors"


class Yaml12Loader(yaml.SafeLoader):
    """How editors read YAML (1.2): `100e6` is a number there, as it is for the validator."""


Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)


def load12(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)


def schema_errors(schema: dict[str, Any], data: Any) -> list[str]:
    validator = jsonschema.Draft7Validator(schema)
    return sorted(
        f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}"
        for e in validator.iter_errors(data)
    )


@pytest.mark.parametrize("entry", SCHEMAS, ids=lambda e: e.path)
def test_committed_schema_matches_the_models(entry: Any) -> None:
    committed = (
        (ROOT / entry.path).read_text(encoding="utf-8") if (ROOT / entry.path).exists() else ""
    )
    assert committed == schema_text(entry, catalogue_of(Project.at(ROOT))), (
        f"{entry.path} has drifted from generator/format/models.py (or examples.py): run "
        f"`{REGENERATE}` in the project folder and commit the result"
    )


@pytest.mark.parametrize("entry", SCHEMAS, ids=lambda e: e.path)
def test_schema_is_valid_draft_07(entry: Any) -> None:
    schema = json_schema(entry.model, entry.title)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    text = schema_text(entry)
    assert "$defs" not in text
    assert text.endswith("}\n") and not text.endswith("\n\n")


def walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def test_refs_point_into_definitions_and_carry_nothing_beside_them() -> None:
    refs = [node for node in walk(CASE_SCHEMA) if "$ref" in node]
    assert refs
    for node in refs:
        assert node["$ref"].startswith("#/definitions/")
        assert set(node) == {"$ref"}, node


def test_every_property_has_a_description() -> None:
    undocumented = [
        f"{name}.{key}"
        for name, definition in [("CaseStudy", CASE_SCHEMA), *CASE_SCHEMA["definitions"].items()]
        for key, prop in definition.get("properties", {}).items()
        if not prop.get("description")
    ]
    assert undocumented == []


def test_flow_uses_the_yaml_key_from() -> None:
    assert list(CASE_SCHEMA["definitions"]["Flow"]["properties"]) == ["from", "to", "label"]
    assert CASE_SCHEMA["definitions"]["Flow"]["required"] == ["from", "to", "label"]


@pytest.mark.parametrize("root", [CaseStudy, Concept], ids=lambda m: m.__name__)
def test_every_value_field_has_an_example_that_the_field_accepts(root: Any) -> None:
    missing = []
    for model in models_in(root):
        for ref in fields_of(model):
            if ref.nested is not None:
                continue
            found, example = example_for(model.__name__, ref.name)
            if not found:
                missing.append(f"{model.__name__}.{ref.name}")
                continue
            annotation = ref.info.annotation
            if ref.info.metadata:
                annotation = Annotated[(annotation, *ref.info.metadata)]  # type: ignore[valid-type]
            TypeAdapter(annotation).validate_python(example)
    assert missing == [], "add an example for each of these to generator/examples.py"


def test_examples_appear_in_the_schema() -> None:
    props = CASE_SCHEMA["definitions"]["Assumption"]["properties"]
    assert props["value"]["examples"] == [100e6]
    assert props["unit"]["examples"] == ["url/day"]
    assert CASE_SCHEMA["properties"]["tags"]["examples"] == [["caching", "hashing"]]


def bundled(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.yaml"))


@pytest.mark.parametrize(
    "path",
    bundled(ROOT / "case_studies") + bundled(FIXTURES / "project" / "case_studies"),
    ids=lambda p: p.name,
)
def test_schema_accepts_every_bundled_case_study(path: Path) -> None:
    assert schema_errors(CASE_SCHEMA, load12(path)) == []


@pytest.mark.parametrize("path", bundled(ROOT / "case_studies" / "concepts"), ids=lambda p: p.name)
def test_schema_accepts_every_bundled_concept(path: Path) -> None:
    assert schema_errors(json_schema(Concept, "concept"), load12(path)) == []


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "cs101-unknown-field",
            [
                "Additional properties are not allowed ('sumary' was unexpected)",
                "'summary' is a required property",
            ],
        ),
        ("cs102-missing-field", ["requirements: 'functional' is a required property"]),
        ("cs103-wrong-value", ["difficulty: 'meduim' is not one of ['easy', 'medium', 'hard']"]),
        ("cs106-invalid-id", ["id: 'Tiny_Paste' does not match '^[a-z0-9]+(?:-[a-z0-9]+)*$'"]),
    ],
)
def test_schema_rejects_failing_examples(fixture: str, expected: list[str]) -> None:
    errors = schema_errors(CASE_SCHEMA, load12(ERRORS / f"{fixture}.yaml"))
    assert [e.removeprefix(": ") for e in errors] == sorted(expected)


def test_schema_rejects_a_flow_written_with_the_python_name() -> None:
    data = load12(FIXTURES / "project" / "case_studies" / "tiny-shortener.yaml")
    flow = data["high_level_design"]["flows"][0]
    flow["from_"] = flow.pop("from")
    assert schema_errors(CASE_SCHEMA, data) == [
        "high_level_design/flows/0: 'from' is a required property",
        "high_level_design/flows/0: Additional properties are not allowed ('from_' was unexpected)",
    ]


# -- the command ------------------------------------------------------------------------------


def test_schema_command_writes_then_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    missing = runner.invoke(main, ["schema", "--check"])
    assert missing.exit_code == 1
    assert missing.stderr == (
        "schema/case-study.schema.json differs from the models; run `casebook schema` and "
        "commit it\n"
        "schema/concept.schema.json differs from the models; run `casebook schema` and commit it\n"
        "schema/method-checklist.schema.json differs from the models; run `casebook schema` and "
        "commit it\n"
        "schema/tags.schema.json differs from the models; run `casebook schema` and commit it\n"
    )
    assert not (tmp_path / "schema").exists()
    first = runner.invoke(main, ["schema"])
    assert first.exit_code == 0
    assert first.stdout == (
        "wrote schema/case-study.schema.json\nwrote schema/concept.schema.json\n"
        "wrote schema/method-checklist.schema.json\nwrote schema/tags.schema.json\n"
    )
    again = runner.invoke(main, ["schema"])
    assert again.stdout == (
        "unchanged schema/case-study.schema.json\nunchanged schema/concept.schema.json\n"
        "unchanged schema/method-checklist.schema.json\nunchanged schema/tags.schema.json\n"
    )
    ok = runner.invoke(main, ["schema", "--check"])
    assert (ok.exit_code, ok.stdout) == (0, "schemas are up to date\n")
    concept = tmp_path / "schema" / "concept.schema.json"
    concept.write_text(concept.read_text().replace('"title"', '"titel"', 1))
    drifted = runner.invoke(main, ["schema", "--check"])
    assert drifted.exit_code == 1
    assert drifted.stderr == (
        "schema/concept.schema.json differs from the models; run `casebook schema` and commit it\n"
    )


def test_committed_schema_is_what_the_command_writes(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    shutil.copytree(ROOT / "case_studies", tmp_path / "case_studies")  # concepts, categories
    result = CliRunner().invoke(main, ["schema", "--check", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
