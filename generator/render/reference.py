"""The generated reference pages: the file format (from the models) and the error codes.

Both pages are rendered on every build from the code they describe, so they cannot drift:
the format reference walks the same JSON Schema that editors get (field types, whether
required, defaults) plus the field descriptions and `examples.py`; the error reference lists
`errors.CODES`. Everything here returns `Markup` built by escape functions, for the templates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import jinja2
import yaml
from markupsafe import Markup
from pydantic import BaseModel, TypeAdapter

from generator import load
from generator.estimate.units import MAX_EXPONENT
from generator.format.examples import example_for
from generator.format.fields import fields_of, models_in, uses_of
from generator.format.models import (
    MAX_FIGURES,
    CaseStudy,
    Concept,
    Identifier,
    Line,
    MethodChecklist,
    Name,
    Slug,
    Text,
)
from generator.markup import escape
from generator.markup.paths import ERRORS_PAGE, FORMAT_PAGE
from generator.problems.problem import CODES, FAMILIES, Code, Severity
from generator.render.pages import Page, render_page
from generator.render.schema import json_schema
from generator.validate import completeness as quality
from generator.validate import prose

# The error codes whose rule the JSON Schema states too, so an editor underlines the mistake
# as it is typed (a test runs the schema over every fixture and holds it to `casebook validate`).
SCHEMA_RULES: tuple[str, ...] = ("CS101", "CS102", "CS103", "CS104", "CS106", "CS302")

# The rules the schema cannot express: `casebook validate` alone reports them.
NOT_IN_SCHEMA: dict[str, str] = {
    "CS001": "YAML syntax, duplicate keys, anchors and aliases, tags, size and nesting, "
    "UTF-8 (CS001 to CS007): the schema sees the data only after it is read",
    "CS002": "",
    "CS003": "",
    "CS004": "",
    "CS005": "",
    "CS006": "",
    "CS007": "",
    "CS105": "the `id` equals the file name",
    "CS107": "names unique within their list (components, assumptions and figures, "
    "operations, entities, options, checklist items)",
    "CS108": "`related` names another case study of the catalogue",
    "CS109": "a flow's `from` and `to` name components of the same design",
    "CS110": "a decision's `choice` is the name of one of its options",
    "CS111": "links inside Markdown and line fields use http, https or mailto or are "
    "relative (the `source` of an assumption is checked by the schema too)",
    "CS112": "no two files share an id",
    "CS201": "formulas, units and checks parse, name known figures and units, agree in "
    "their units, and compute (CS201 to CS218); a check holds",
    **dict.fromkeys(
        (f"CS2{n:02d}" for n in range(2, 19)),
        "",
    ),
    "CS219": "a declared unit is not already a unit (the schema knows the plain units of "
    "time and information, not prefixed countables such as `mitem`)",
    "CS301": "a concept alias belongs to one concept",
    "CS303": "`references` names an `Entity.field` of the same data model",
    "CS401": "the method checklist's steps and item ids (CS401, CS402)",
    "CS402": "",
    "CS008": "the file can be read, and `.yml` files are named `.yaml` (CS008, CS009): the "
    "schema sees a document only once an editor has read it",
    "CS009": "",
    "CS113": "no images in text, and links and anchors in prose lead to pages and anchors of "
    "the site (CS113, CS304): only converting the prose as the site does can tell",
    "CS304": "",
    "CS305": "the diagrams drawn from the design stay within Mermaid's text limit",
    "CS310": "tags come from `case_studies/method/tags.yaml` (the schema of that file is separate)",
    "CS701": "ids that name generated pages are reserved",
    "CS702": "case-study files are regular files, not links",
    "CS703": "Markdown nests and opens brackets only so deep that converting it stays linear",
}


# -- value types --------------------------------------------------------------------------


@dataclass(frozen=True)
class ValueType:
    name: str
    anchor: str
    schema: dict[str, Any]
    meaning: str  # Markdown, ours


VALUE_TYPES: tuple[ValueType, ...] = (
    ValueType(
        "slug",
        "type-slug",
        TypeAdapter(Slug).json_schema(),
        "Lowercase letters a-z, digits and single hyphens, 2 to 60 characters, for "
        "example `url-shortener`. Used for ids, tags and categories.",
    ),
    ValueType(
        "snake_case name",
        "type-name",
        TypeAdapter(Identifier).json_schema(),
        "Lowercase letters a-z, digits and underscores, not starting with a digit, up to "
        "60 characters, for example `peak_read_rate`. Used where formulas or flows refer "
        "to a thing by name.",
    ),
    ValueType(
        "line",
        "type-line",
        TypeAdapter(Line).json_schema(),
        "One line of text, 1 to 400 characters; inline Markdown (`code`, *emphasis*, "
        "links) is allowed.",
    ),
    ValueType(
        "Markdown",
        "type-markdown",
        TypeAdapter(Text).json_schema(),
        "Markdown of a paragraph or several, up to 20,000 characters: lists, code "
        "blocks and links, but no raw HTML and no headings. Write it as a YAML block "
        "scalar (`|`).",
    ),
    ValueType(
        "label",
        "type-label",
        TypeAdapter(Name).json_schema(),
        "Plain text of 1 to 120 characters, shown as written: a title or a name.",
    ),
)
_CONSTRAINTS = ("type", "minLength", "maxLength", "pattern")


def _named(prop: dict[str, Any]) -> ValueType | None:
    shape = {k: v for k, v in prop.items() if k in _CONSTRAINTS}
    return next((t for t in VALUE_TYPES if t.schema == shape), None)


# -- the format ---------------------------------------------------------------------------


_TITLES = {"HighLevelDesign": "High-level design", "ApiError": "API error"}


def human(model_name: str) -> str:
    """`ClarifyingQuestion` → `Clarifying question`."""
    if model_name in _TITLES:
        return _TITLES[model_name]
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+", model_name)
    return " ".join([words[0], *(w if w.isupper() else w.lower() for w in words[1:])])


def anchor(model_name: str) -> str:
    return "-".join(w.lower() for w in human(model_name).split())


def _type_text(prop: dict[str, Any], defs: dict[str, Any]) -> str:
    if "allOf" in prop and len(prop["allOf"]) == 1:
        return _type_text(prop["allOf"][0], defs)
    if "$ref" in prop:
        name = str(prop["$ref"]).rsplit("/", 1)[-1]
        target = defs[name]
        if "enum" in target:
            return _type_text(target, defs)
        return f"[{escape.text(human(name))}](#{anchor(name)})"
    if "anyOf" in prop:
        options = [p for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(_type_text(p, defs) for p in options)
    if "enum" in prop:
        return "one of " + ", ".join(escape.code(v) for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        text = f"list of {_type_text(prop.get('items', {}), defs)}"
        if prop.get("minItems"):
            text += f", at least {prop['minItems']}"
        return text
    if kind == "string":
        named = _named(prop)
        if named is not None:
            return f"[{escape.text(named.name)}](#{named.anchor})"
        parts = ["text"]
        if "pattern" in prop:
            parts.append(f"matching {escape.code(prop['pattern'])}")
        if "maxLength" in prop:
            parts.append(f"up to {prop['maxLength']} characters")
        return ", ".join(parts)
    return {"number": "number", "integer": "whole number", "boolean": "`true` or `false`"}.get(
        str(kind), escape.text(kind or "any value")
    )


def _yaml_value(value: Any) -> str:
    """A value as a contributor would type it after `key: `, on one line."""
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1e6:
        exponent = (len(str(int(abs(value)))) - 1) // 3 * 3
        return f"{value / 10**exponent:g}e{exponent}"  # 100e6, as in the case studies
    if isinstance(value, tuple):
        value = list(value)
    dumped = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000)
    return dumped.strip().removesuffix("...").strip()


def _example(key: str, value: Any) -> Markup:
    return escape.code(f"{key}: {_yaml_value(value)}")


def _default(prop: dict[str, Any]) -> Markup:
    value = prop.get("default")
    if value in (None, [], ""):
        return Markup("no")
    return Markup("no, default ") + escape.code(json.dumps(value))


@dataclass(frozen=True)
class FieldRow:
    key: Markup
    type: Markup
    required: Markup
    meaning: Markup
    example: Markup  # empty for nested mappings


@dataclass(frozen=True)
class Section:
    title: Markup
    anchor: Markup
    meaning: Markup
    where: tuple[Markup, ...]
    rows: tuple[FieldRow, ...]


@dataclass(frozen=True)
class Document:
    title: str
    anchor: str
    files: str
    root: type[BaseModel]
    intro: str  # Markdown, ours


DOCUMENTS: tuple[Document, ...] = (
    Document(
        "Case study",
        "case-study-file",
        "case_studies/<id>.yaml",
        CaseStudy,
        "One file per case study: metadata, then the seven steps in order.",
    ),
    Document(
        "Concept",
        "concept-file",
        "case_studies/concepts/<id>.yaml",
        Concept,
        "One file per concept: a building block that case studies refer to by id from "
        "their `concepts` lists.",
    ),
    Document(
        "Method checklist",
        "method-checklist-file",
        "case_studies/method/checklist.yaml",
        MethodChecklist,
        "One file: the method's guiding questions, shown at the end of every step of "
        "every case study.",
    ),
)


@dataclass(frozen=True)
class DocumentContext:
    title: Markup
    anchor: Markup
    files: Markup
    intro: Markup
    sections: tuple[Section, ...]


def _section(
    model: type[BaseModel],
    root: type[BaseModel],
    schema: dict[str, Any],
    where: list[str],
    first_use: str,
) -> Section:
    defs = schema.get("definitions", {})
    definition = schema if model is root else defs[model.__name__]
    required = set(definition.get("required", ()))
    rows = []
    for ref in fields_of(model):
        prop = definition["properties"][ref.key]
        has_example, example = example_for(model.__name__, ref.name)
        rows.append(
            FieldRow(
                key=escape.code(ref.key),
                type=Markup(_type_text(prop, defs)),
                required=Markup("yes") if ref.key in required else _default(prop),
                meaning=escape.inline(ref.info.description or ""),
                example=_example(ref.key, example) if has_example else Markup(""),
            )
        )
    doc = (model.__doc__ or "").strip().split("\n\n")[0] if model.__doc__ else ""
    return Section(
        title=escape.text(human(model.__name__)),
        anchor=Markup(anchor(model.__name__)),
        meaning=escape.inline(" ".join(doc.split()) or first_use),
        where=tuple(escape.code(w) for w in where if w),
        rows=tuple(rows),
    )


def format_context(documents: Sequence[Document] = DOCUMENTS) -> dict[str, Any]:
    documented: set[type[BaseModel]] = set()
    out = []
    for document in documents:
        schema = json_schema(document.root, document.title)
        uses = uses_of(document.root)
        descriptions = _first_descriptions(document.root)
        sections = []
        for model in models_in(document.root):
            if model in documented:
                continue
            documented.add(model)
            sections.append(
                _section(
                    model, document.root, schema, uses.get(model, []), descriptions.get(model, "")
                )
            )
        out.append(
            DocumentContext(
                title=escape.text(document.title),
                anchor=Markup(document.anchor),
                files=escape.code(document.files),
                intro=escape.inline(document.intro),
                sections=tuple(sections),
            )
        )
    return {
        "documents": out,
        "quality": [
            (escape.text(what), escape.code(".".join(path)), escape.number(minimum))
            for path, minimum, what in quality.MINIMUMS
        ],
        "max_components": escape.number(quality.MAX_COMPONENTS),
        "min_concepts": escape.number(quality.MIN_CONCEPTS),
        "min_checklist": escape.number(quality.MIN_CHECKLIST),
        "value_types": [
            (escape.text(t.name), Markup(t.anchor), escape.inline(t.meaning)) for t in VALUE_TYPES
        ],
        "schema_rules": [escape.code(code) for code in SCHEMA_RULES],
        "not_in_schema": [
            (Markup(f"[{code}](errors.md#{code.lower()})"), escape.inline(rule))
            for code, rule in NOT_IN_SCHEMA.items()
            if rule
        ],
        "max_bytes": escape.number(load.MAX_BYTES),
        "max_depth": escape.number(load.MAX_DEPTH),
        **_limits(),
    }


def _limits() -> dict[str, Markup]:
    """The bounds on prose and estimates, printed in the rules for every file."""
    return {
        name: escape.number(value)
        for name, value in (
            ("max_open", prose.MAX_OPEN),
            ("max_nesting", prose.MAX_NESTING),
            ("max_definitions", prose.MAX_DEFINITIONS),
            ("max_footnotes", prose.MAX_FOOTNOTES),
            ("max_boxes", prose.MAX_BOXES),
            ("max_figures", MAX_FIGURES),
            ("max_exponent", MAX_EXPONENT),
        )
    }


def _first_descriptions(root: type[BaseModel]) -> dict[type[BaseModel], str]:
    """The description of the field where each model is first used, for models without a
    docstring."""
    found: dict[type[BaseModel], str] = {}
    for model in models_in(root):
        for ref in fields_of(model):
            if ref.nested is not None and ref.nested not in found:
                found[ref.nested] = ref.info.description or ""
    return found


# -- the error codes ----------------------------------------------------------------------


def fenced(text: str, lang: str = "yaml") -> Markup:
    """A fenced code block holding `text` literally; the fence outruns any backticks inside."""
    ticks = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, ticks + 1)
    return Markup(f"{fence}{lang}\n{text.rstrip()}\n{fence}")


@dataclass(frozen=True)
class CodeEntry:
    code: Markup
    anchor: Markup
    title: Markup
    severity: Markup
    fix: Markup
    example: Markup  # a fenced block, or empty


@dataclass(frozen=True)
class Family:
    title: Markup
    anchor: Markup
    codes: tuple[CodeEntry, ...]


def _entry(code: Code) -> CodeEntry:
    severity = (
        "error"
        if code.severity is Severity.ERROR
        else "warning (an error with `--strict`, as in the pull-request check)"
    )
    return CodeEntry(
        code=escape.text(code.code),
        anchor=Markup(code.code.lower()),
        title=escape.text(code.title),
        severity=escape.inline(severity),
        fix=escape.inline(code.fix),
        example=fenced(code.example) if code.example else Markup(""),
    )


def errors_context(codes: Iterable[Code] | None = None) -> dict[str, Any]:
    by_family: dict[str, list[Code]] = {}
    for code in sorted(codes if codes is not None else CODES.values(), key=lambda c: c.code):
        by_family.setdefault(code.code[:3], []).append(code)
    families = [
        Family(
            title=escape.text(f"{prefix}xx: {FAMILIES.get(prefix, 'Other problems')}"),
            anchor=Markup(f"{prefix.lower()}xx"),
            codes=tuple(_entry(c) for c in family),
        )
        for prefix, family in sorted(by_family.items())
    ]
    return {"families": families}


# -- pages --------------------------------------------------------------------------------


def reference_pages(env: jinja2.Environment) -> list[Page]:
    """The two reference pages; "edit this page" leads to the code they are generated from."""
    return [
        replace(
            render_page(env, "reference_format.md.j2", FORMAT_PAGE, **format_context()),
            source="generator/format/models.py",
        ),
        replace(
            render_page(env, "reference_errors.md.j2", ERRORS_PAGE, **errors_context()),
            source="generator/problems/problem.py",
        ),
    ]
