"""The shape of a document: pydantic's verdict on it, each error located at its YAML node.

The rules that a model cannot check alone live beside this module: `case` (within one case
study), `links` (URLs and references), `catalogue` (across files). Nothing here raises for a
contributor mistake.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator.format.fields import nested_model
from generator.format.models import SLUG_RE, CaseStudy
from generator.load import Loc, RawDocument
from generator.problems.hints import close_match, did_you_mean, dotted, shorten
from generator.problems.problem import Problem

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Located:
    """A validated case study with the map back to its source."""

    case: CaseStudy
    doc: RawDocument

    def at(self, *loc: str | int) -> tuple[int, int]:
        return self.doc.source.find(loc)


# -- shape ------------------------------------------------------------------------------------


def _model_at(root: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that holds the mapping at `loc`, following list and optional fields."""
    model: Any = root
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = _field_by_alias(model, part)
        if field is None:
            return None
        model = nested_model(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _field_by_alias(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if (field.alias or name) == key:
            return field
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def _problem_for(error: ErrorDetails, doc: RawDocument, root: type[BaseModel]) -> Problem:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    where = dotted(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        owner = _model_at(root, loc[:-1])
        hint = did_you_mean(key, _field_names(owner)) if owner else ""
        line, col = doc.source.find(loc, key=True)
        return Problem(doc.path, line, col, "CS101", f"unknown field '{shorten(key)}'{hint}")
    if kind == "missing":
        parent = dotted(loc[:-1])
        line, col = doc.source.find(loc[:-1])
        return Problem(
            doc.path, line, col, "CS102", f"missing required field '{loc[-1]}' in {parent}"
        )
    line, col = doc.source.find(loc)
    if loc == ("id",) and kind in (
        "string_pattern_mismatch",
        "string_too_short",
        "string_too_long",
    ):
        return Problem(
            doc.path,
            line,
            col,
            "CS106",
            f"id '{shorten(str(error['input']))}' is not a lowercase slug (a-z, 0-9 and single "
            "hyphens, 2 to 60 characters)",
        )
    message = _type_message(error)
    return Problem(doc.path, line, col, "CS103", f"{where}: {message}")


def _type_message(error: ErrorDetails) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error["input"]
    if kind == "enum":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = did_you_mean(str(value), allowed) if len(str(value)) <= 60 else ""
        return f"'{shorten(str(value))}' is not one of {', '.join(allowed)}{hint}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_RE.pattern:
        return f"'{shorten(str(value))}' is not a lowercase slug (a-z, 0-9 and single hyphens)"
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "must not be empty"
    if kind == "too_short" and isinstance(value, list | tuple) and not value:
        return "must list at least one item"
    message = error["msg"]
    if kind == "value_error":  # our own validators' messages, as written
        return message.removeprefix("Value error, ")
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{message[0].lower()}{message[1:]}, got {_describe(value)}"
    return message[0].lower() + message[1:]


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    return repr(shorten(value)) if isinstance(value, str) else shorten(str(value))


def _misspelt_missing(errors: list[ErrorDetails], root: type[BaseModel]) -> set[Loc]:
    """Missing fields explained by a misspelt key beside them: report the misspelling only."""
    extras = [tuple(e["loc"]) for e in errors if e["type"] == "extra_forbidden"]
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    explained: set[Loc] = set()
    for loc in extras:
        owner = _model_at(root, loc[:-1])
        if owner is None:
            continue
        absent = [str(m[-1]) for m in missing if m[:-1] == loc[:-1]]
        match = close_match(str(loc[-1]), absent)
        if match:
            explained.add((*loc[:-1], match))
    return explained


def _echoes(errors: list[ErrorDetails]) -> set[Loc]:
    """Length errors that only echo a failing item (pydantic drops invalid items, then counts)."""
    locs = [tuple(e["loc"]) for e in errors]
    return {
        loc
        for e, loc in zip(errors, locs, strict=True)
        if e["type"] == "too_short"
        and any(len(o) > len(loc) and o[: len(loc)] == loc for o in locs)
    }


def validate_model(
    doc: RawDocument, model: type[M], data: Any = None
) -> tuple[M | None, list[Problem]]:
    """Validate `data` (the whole document by default) against `model`, locating every error."""
    try:
        return model.model_validate(doc.data if data is None else data), []
    except ValidationError as exc:
        errors = exc.errors()
        skip = _misspelt_missing(errors, model) | _echoes(errors)
        return None, [_problem_for(e, doc, model) for e in errors if tuple(e["loc"]) not in skip]


def validate_shape(doc: RawDocument) -> tuple[CaseStudy | None, list[Problem]]:
    return validate_model(doc, CaseStudy)
