"""The JSON Schemas of the contributor files, for editors, generated from the models.

pydantic emits JSON Schema 2020-12 (`$defs`, `$ref` with sibling keywords). Editors that read
YAML through a JSON Schema (VS Code's YAML extension, JetBrains IDEs) are surest with draft-07,
so the definitions move to `definitions`, and a `$ref` that carries a description is wrapped
in `allOf` (draft-07 ignores the siblings of `$ref`, which would hide the descriptions).
Every value field also gets its example from `examples.py`.

What the models cannot say alone comes from the project (`Catalogue`): the concept ids a
`concepts:` list may name, and the categories in use (offered for completion; a new one is
allowed, with a warning). The shared units are offered for completion too; a compound or
declared unit cannot be listed, so any text is accepted there.

The files are committed under `schema/` so that the modeline of every case study can point at
one; `casebook schema --check` and a test keep them from drifting.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.estimate.units import declared_clashes, shared_unit_names
from generator.format.examples import example_for
from generator.format.fields import fields_of, models_in
from generator.format.jsonable import jsonable
from generator.format.models import CaseStudy, Concept, MethodChecklist, TagVocabulary
from generator.load import iter_yaml, load_file
from generator.project import Project
from generator.validate.placeholders import PLACEHOLDER_IDS

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
REGENERATE = "casebook schema"


@dataclass(frozen=True)
class SchemaFile:
    path: str  # relative to the project root
    model: type[BaseModel]
    title: str


SCHEMAS: tuple[SchemaFile, ...] = (
    SchemaFile("schema/case-study.schema.json", CaseStudy, "System Design Casebook case study"),
    SchemaFile("schema/concept.schema.json", Concept, "System Design Casebook concept"),
    SchemaFile(
        "schema/method-checklist.schema.json",
        MethodChecklist,
        "System Design Casebook method checklist",
    ),
    SchemaFile("schema/tags.schema.json", TagVocabulary, "System Design Casebook tag vocabulary"),
)
SCHEMA_PATH = SCHEMAS[0].path


def _draft07(node: Any) -> Any:
    if isinstance(node, dict):
        out = {key: _draft07(value) for key, value in node.items()}
        if "$ref" in out and len(out) > 1:
            out["allOf"] = [{"$ref": out.pop("$ref")}]
        return out
    if isinstance(node, list):
        return [_draft07(item) for item in node]
    return node


def _add_examples(root: type[BaseModel], schema: dict[str, Any]) -> None:
    for model in models_in(root):
        target = schema if model is root else schema["definitions"][model.__name__]
        for ref in fields_of(model):
            found, example = example_for(model.__name__, ref.name)
            if found and ref.nested is None:
                target["properties"][ref.key]["examples"] = [jsonable(example)]


@dataclass(frozen=True)
class Catalogue:
    """What the schema lists from the project: concept ids and the categories in use."""

    concepts: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()


def catalogue_of(project: Project) -> Catalogue:
    """The concept files' ids (their file names, as CS105 demands) and the categories the
    case studies use (not the scaffold's placeholder)."""
    concepts = tuple(path.stem for path in iter_yaml(project.concepts))
    categories: set[str] = set()
    for path in iter_yaml(project.case_studies):
        doc, _ = load_file(path, path.name)
        category = doc.data.get("category") if doc is not None else None
        if isinstance(category, str) and category not in PLACEHOLDER_IDS:
            categories.add(category)
    return Catalogue(concepts, tuple(sorted(categories)))


def _add_catalogue(schema: dict[str, Any], catalogue: Catalogue) -> None:
    definitions = schema.get("definitions", {})
    if catalogue.concepts:
        for definition in definitions.values():
            concepts = definition.get("properties", {}).get("concepts")
            if concepts is not None:
                concepts["items"] = {"enum": list(catalogue.concepts)}
    category = schema["properties"].get("category")
    if category is not None and catalogue.categories:
        shape = {k: category.pop(k) for k in list(category) if k not in ("description", "examples")}
        category["anyOf"] = [{"enum": list(catalogue.categories)}, shape]


def _add_units(schema: dict[str, Any]) -> None:
    definitions = schema.get("definitions", {})
    for name in ("Assumption", "Derived"):
        unit = definitions.get(name, {}).get("properties", {}).get("unit")
        if unit is not None:
            shape = {k: unit.pop(k) for k in list(unit) if k in ("type", "maxLength")}
            unit["anyOf"] = [{"enum": list(shared_unit_names())}, shape]
    declared = definitions.get("Estimation", {}).get("properties", {}).get("units")
    if declared is not None:  # CS219 where the schema can see it: a name that is a unit
        declared["items"]["not"] = {"enum": list(declared_clashes())}


def json_schema(
    root: type[BaseModel], title: str, catalogue: Catalogue | None = None
) -> dict[str, Any]:
    raw = root.model_json_schema(
        by_alias=True, mode="validation", ref_template="#/definitions/{model}"
    )
    definitions = raw.pop("$defs", {})
    schema: dict[str, Any] = _draft07(raw)
    if definitions:
        schema["definitions"] = _draft07(definitions)
    _add_examples(root, schema)
    if root is CaseStudy and catalogue is not None:  # the files editors read, not the docs
        _add_units(schema)
        _add_catalogue(schema, catalogue)
    schema["$schema"] = DRAFT_07
    schema["$comment"] = (
        f"Generated from generator/format/models.py by `{REGENERATE}`; do not edit by hand."
    )
    schema["title"] = title
    return schema


def schema_text(entry: SchemaFile = SCHEMAS[0], catalogue: Catalogue | None = None) -> str:
    """A schema as committed: sorted keys, two-space indent, a trailing newline."""
    schema = json_schema(entry.model, entry.title, catalogue)
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_file(project: Project, entry: SchemaFile = SCHEMAS[0]) -> Path:
    return project.root / entry.path


def stale(project: Project) -> list[SchemaFile]:
    """The schema files whose committed text differs from the models' (or that are missing)."""
    out: list[SchemaFile] = []
    catalogue = catalogue_of(project)
    for entry in SCHEMAS:
        try:
            current = schema_file(project, entry).read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != schema_text(entry, catalogue):
            out.append(entry)
    return out


def write_schemas(project: Project) -> list[SchemaFile]:
    """Write the schema files whose bytes changed; return those written."""
    written = stale(project)
    catalogue = catalogue_of(project)
    for entry in written:
        target = schema_file(project, entry)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(schema_text(entry, catalogue), encoding="utf-8", newline="\n")
    return written
