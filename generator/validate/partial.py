"""A case study that failed validation, kept as far as it is valid, so later rules still run.

A misspelt key in step 7 must not hide an unknown component in step 5 or a unit error in step 2:
every top-level field is validated on its own, and those that fail are replaced by an empty
stand-in (`empty`) that no rule finds fault with. The result feeds the rules that look at one
section at a time (names, flows, choices, references, estimates), never the completeness bar or
the site, so a stand-in can never be published.
"""

from __future__ import annotations

import functools
import typing
from pathlib import PurePath
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from generator.format.fields import nested_model
from generator.format.models import CaseStudy
from generator.load import RawDocument


def empty(model: type[BaseModel]) -> BaseModel:
    """An instance of `model` with nothing in it: empty lists and text, nested models empty."""
    values: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        origin = typing.get_origin(field.annotation)
        nested = nested_model(field.annotation)
        if origin in (tuple, list):
            values[name] = ()
        elif nested is not None and not field.is_required():
            values[name] = None
        elif nested is not None:
            values[name] = empty(nested)
        elif not field.is_required():
            values[name] = field.get_default(call_default_factory=True)
        else:
            values[name] = ""
    return model.model_construct(**values)


def partial_case(doc: RawDocument) -> tuple[CaseStudy, frozenset[str]]:
    """The document's case study with every invalid top-level field replaced by a stand-in,
    and the names of the fields that were valid."""
    values: dict[str, Any] = {}
    valid: set[str] = set()
    for name, field in CaseStudy.model_fields.items():
        key = field.alias or name
        try:
            if key not in doc.data:
                raise ValueError(key)
            values[name] = _adapter(name).validate_python(doc.data[key])
            valid.add(key)
        except (ValidationError, ValueError):
            nested = nested_model(field.annotation)
            values[name] = empty(nested) if nested is not None else _stand_in(name, doc)
    return CaseStudy.model_construct(**values), frozenset(valid)


@functools.cache
def _adapter(name: str) -> TypeAdapter[Any]:
    field = CaseStudy.model_fields[name]
    annotation: Any = field.annotation
    if not field.metadata:
        return TypeAdapter(annotation)
    return TypeAdapter(Annotated[annotation, *field.metadata])


def _stand_in(name: str, doc: RawDocument) -> Any:
    if name == "id":  # the file name: an invalid id is reported once, by its own rule
        return PurePath(doc.path).stem
    return () if name in ("tags", "related") else ""
