"""Walking the format's models: the one place that knows how models nest.

Which models a document reaches and each field's YAML key (shared by the JSON Schema, the format
reference and the scaffold's tests, so all three see the same fields in the same order); where a
case study names concepts; which entity field a foreign key points at.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.format.models import CaseStudy, DataModel, Line, Text
from generator.format.steps import STEPS, StepInfo
from generator.load import Loc

_CONTAINERS = (tuple, list, typing.Union, types.UnionType, typing.Annotated)


def held_models(annotation: Any) -> Iterator[type[BaseModel]]:
    """Every model a field can hold: itself, or inside a list, tuple, optional or annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    elif typing.get_origin(annotation) in _CONTAINERS:
        for arg in typing.get_args(annotation):
            yield from held_models(arg)


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, directly or in a list or optional; None for plain values."""
    return next(held_models(annotation), None)


def is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return is_list(typing.get_args(annotation)[0])
    return origin in (tuple, list)


@dataclass(frozen=True)
class FieldRef:
    model: type[BaseModel]
    name: str  # the Python attribute
    info: FieldInfo

    @property
    def key(self) -> str:
        """The key a contributor writes in YAML (`from`, not `from_`)."""
        return self.info.alias or self.name

    @property
    def nested(self) -> type[BaseModel] | None:
        return nested_model(self.info.annotation)


def fields_of(model: type[BaseModel]) -> list[FieldRef]:
    return [FieldRef(model, name, info) for name, info in model.model_fields.items()]


def models_in(root: type[BaseModel]) -> list[type[BaseModel]]:
    """`root` and every model it reaches, depth first in field order, each once."""
    seen: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.append(model)
        for ref in fields_of(model):
            if ref.nested is not None:
                visit(ref.nested)

    visit(root)
    return seen


def uses_of(root: type[BaseModel]) -> dict[type[BaseModel], list[str]]:
    """Where each model appears, as YAML paths such as `requirements.checklist[]`."""
    found: dict[type[BaseModel], list[str]] = {root: [""]}

    def visit(model: type[BaseModel], path: str, depth: int) -> None:
        for ref in fields_of(model):
            sub = ref.nested
            if sub is None or depth > 20:
                continue
            here = f"{path}.{ref.key}" if path else ref.key
            here += "[]" if is_list(ref.info.annotation) else ""
            found.setdefault(sub, []).append(here)
            visit(sub, here, depth + 1)

    visit(root, "", 0)
    return found


# -- concept references ----------------------------------------------------------------------


@dataclass(frozen=True)
class ConceptRef:
    """One item of a `concepts:` list: which concept, in which step, at which document path."""

    concept: str
    step: StepInfo
    loc: Loc


def concept_refs(case: CaseStudy) -> Iterator[ConceptRef]:
    """Every concept reference of a case study, in document order."""
    for step in STEPS:
        yield from _walk(getattr(case, step.field), (step.field,), step)


@functools.cache
def _concept_fields(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    """(attribute, key) of the fields that are, or can lead to, a `concepts` list: the walk
    skips every other field (most of a case study is text)."""
    return tuple(
        (name, field.alias or name)
        for name, field in model.model_fields.items()
        if (field.alias or name) == "concepts"
        or any(_concept_fields(inner) for inner in held_models(field.annotation))
    )


def _walk(value: Any, loc: Loc, step: StepInfo) -> Iterator[ConceptRef]:
    if isinstance(value, BaseModel):
        for name, key in _concept_fields(type(value)):
            item = getattr(value, name)
            if key == "concepts" and isinstance(item, tuple):
                for j, concept in enumerate(item):
                    yield ConceptRef(concept, step, (*loc, key, j))
            else:
                yield from _walk(item, (*loc, key), step)
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _walk(item, (*loc, i), step)


# -- prose ----------------------------------------------------------------------------------

_PROSE = (typing.get_args(Line)[1], typing.get_args(Text)[1])  # their StringConstraints


def _holds_prose(annotation: Any) -> bool:
    if typing.get_origin(annotation) is typing.Annotated:
        return any(arg in _PROSE for arg in typing.get_args(annotation)[1:])
    if typing.get_origin(annotation) in _CONTAINERS:
        return any(_holds_prose(arg) for arg in typing.get_args(annotation))
    return False


@functools.cache
def _prose_fields(model: type[BaseModel]) -> tuple[tuple[str, str, bool], ...]:
    """(attribute, key, is prose) of the fields that are, or can lead to, prose."""
    out = []
    for name, field in model.model_fields.items():
        own = any(m in _PROSE for m in field.metadata) or _holds_prose(field.annotation)
        if own or any(_prose_fields(inner) for inner in held_models(field.annotation)):
            out.append((name, field.alias or name, own))
    return tuple(out)


def prose(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every prose string (line and Markdown fields) of a model, with its document path."""
    if isinstance(value, BaseModel):
        for name, key, own in _prose_fields(type(value)):
            item = getattr(value, name)
            if own and isinstance(item, str):
                yield (*loc, key), item
            elif own and isinstance(item, tuple) and all(isinstance(i, str) for i in item):
                yield from (((*loc, key, i), text) for i, text in enumerate(item))
            else:
                yield from prose(item, (*loc, key))
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from prose(item, (*loc, i))


# -- entity references -----------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A foreign key: field `field` of entity `source` points at entity `target`."""

    source: int
    field: str
    target: int


def resolve(dm: DataModel, reference: str) -> int | None:
    """The index of the entity `Entity.field` points at, if both exist."""
    entity, dot, name = reference.partition(".")
    if not dot:
        return None
    for i, e in enumerate(dm.entities):
        if e.name == entity.strip() and any(f.name == name.strip() for f in e.fields):
            return i
    return None


def references(dm: DataModel) -> list[Reference]:
    out: list[Reference] = []
    for i, entity in enumerate(dm.entities):
        for f in entity.fields:
            target = resolve(dm, f.references) if f.references else None
            if target is not None:
                out.append(Reference(i, f.name, target))
    return out
