"""Walking the format's models: which models a document reaches, and each field's YAML key.

Shared by the JSON Schema, the format reference and the scaffold's tests, so that all three
see the same fields in the same order.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, directly or in a list or optional; None for plain values."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (
        tuple,
        list,
        typing.Union,
        types.UnionType,
        typing.Annotated,
    ):
        for arg in typing.get_args(annotation):
            found = nested_model(arg)
            if found is not None:
                return found
    return None


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
