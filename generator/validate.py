"""Validation: raw documents to frozen models, or every problem found, located in its file.

Two layers: the pydantic models check each document's shape; the rules below check what a
model cannot see alone (names unique in their lists, flows between known components, links
between case studies). Nothing here raises for a contributor mistake.
"""

from __future__ import annotations

import difflib
import html
import re
import types
import typing
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .errors import Problem
from .estimate import check_estimates
from .load import Loc, RawDocument, iter_strings
from .models import SLUG_RE, Assumption, CaseStudy, Derived
from .placeholders import find_placeholders
from .reserved import check_reserved
from .steps import STEPS

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Located:
    """A validated case study with the map back to its source."""

    case: CaseStudy
    doc: RawDocument

    def at(self, *loc: str | int) -> tuple[int, int]:
        return self.doc.source.find(loc)


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


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
        model = _inner_model(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _field_by_alias(model: type[BaseModel], key: str) -> Any:
    for name, field in model.model_fields.items():
        if (field.alias or name) == key:
            return field
    return None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (tuple, list, typing.Union, types.UnionType, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def _dotted(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


def _problem_for(error: ErrorDetails, doc: RawDocument, root: type[BaseModel]) -> Problem:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    where = _dotted(loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        owner = _model_at(root, loc[:-1])
        hint = did_you_mean(key, _field_names(owner)) if owner else ""
        line, col = doc.source.find(loc, key=True)
        return Problem(doc.path, line, col, "CS101", f"unknown field '{key}'{hint}")
    if kind == "missing":
        parent = _dotted(loc[:-1])
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
            f"id '{error['input']}' is not a lowercase slug (a-z, 0-9 and single hyphens, "
            "2 to 60 characters)",
        )
    message = _type_message(error)
    return Problem(doc.path, line, col, "CS103", f"{where}: {message}")


def _type_message(error: ErrorDetails) -> str:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error["input"]
    if kind == "enum":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"'{value}' is not one of {', '.join(allowed)}{did_you_mean(str(value), allowed)}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_RE.pattern:
        return f"'{value}' is not a lowercase slug (a-z, 0-9 and single hyphens)"
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "must not be empty"
    if kind == "too_short" and isinstance(value, list | tuple) and not value:
        return "must list at least one item"
    message = error["msg"]
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
    return repr(value) if isinstance(value, str) else str(value)


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
        match = difflib.get_close_matches(str(loc[-1]), absent, n=1, cutoff=0.6)
        if match:
            explained.add((*loc[:-1], match[0]))
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


# -- rules within one case study --------------------------------------------------------------

_LINK_TARGETS = (
    re.compile(r"\]\(\s*<?([^)>]*)"),  # [text](target), spaces and line breaks included
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M),  # [ref]: target
    re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>"),  # <scheme:autolink>
)
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.\-]*)\s*:")
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


# What a browser ignores in a URL's scheme (tabs, line breaks) and what the escaping drops
# before Markdown sees the text (control characters), plus invisible characters: the scheme is
# judged with all of them removed, so `java\nscript:` or `\x01javascript:` count as javascript.
_IGNORED_IN_SCHEME = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+"
)


def unsafe_link(value: str) -> str | None:
    """The first link target in `value` whose scheme is not http, https or mailto."""
    if "]" not in value and "<" not in value:  # every link form needs one: skip most text fast
        return None
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", value)  # as escape._clean does
    for pattern in _LINK_TARGETS:
        for match in pattern.finditer(text):
            target = _IGNORED_IN_SCHEME.sub("", html.unescape(match.group(1)))
            scheme = _SCHEME.match(target)
            if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
                return " ".join(match.group(1).split())
    return None


def _check_links(doc: RawDocument) -> Iterator[Problem]:
    for loc, value in iter_strings(doc.data):
        target = unsafe_link(value)
        if loc and loc[-1] == "source" and target is None:
            scheme = _SCHEME.match(value)
            if not scheme or scheme.group(1).lower() not in ("http", "https"):
                target = value
        if target is not None:
            line, col = doc.source.find(loc)
            shown = target if len(target) <= 60 else target[:57] + "..."
            yield Problem(
                doc.path,
                line,
                col,
                "CS111",
                f"{_dotted(loc)}: unsafe link '{shown}' (use http, https or mailto)",
            )


def _unique(
    doc: RawDocument, items: Sequence[Any], attr: str, loc: Loc, what: str
) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        key = getattr(item, attr)
        if key in seen:
            line, col = doc.source.find((*loc, i, attr if attr != "from_" else "from"))
            yield Problem(
                doc.path,
                line,
                col,
                "CS107",
                f"{what} '{key}' is defined twice (first as item {seen[key] + 1})",
            )
        else:
            seen[key] = i


def check_id(doc: RawDocument, value: str, kind: str) -> Iterator[Problem]:
    """A document's `id` must equal its file name (CS105) and not be reserved (CS701)."""
    stem = PurePath(doc.path).stem
    if value != stem:
        line, col = doc.source.find(("id",))
        yield Problem(
            doc.path,
            line,
            col,
            "CS105",
            f"id '{value}' does not match the file name '{stem}.yaml'",
        )
    yield from check_reserved(doc, value, kind)


def _check_case(located: Located) -> Iterator[Problem]:
    case, doc = located.case, located.doc
    yield from check_id(doc, case.id, "case study")
    est = case.estimation
    names: list[Assumption | Derived] = [*est.assumptions, *est.derived]
    locs = [("estimation", "assumptions", i) for i in range(len(est.assumptions))] + [
        ("estimation", "derived", i) for i in range(len(est.derived))
    ]
    seen: dict[str, Loc] = {}
    for item, loc in zip(names, locs, strict=True):
        if item.name in seen:
            line, col = doc.source.find((*loc, "name"))
            yield Problem(
                doc.path,
                line,
                col,
                "CS107",
                f"estimate name '{item.name}' is defined twice "
                f"(first at {_dotted(seen[item.name])})",
            )
        else:
            seen[item.name] = loc
    yield from _unique(
        doc, case.interface.operations, "name", ("interface", "operations"), "operation"
    )
    yield from _unique(doc, case.data_model.entities, "name", ("data_model", "entities"), "entity")
    hld = case.high_level_design
    yield from _unique(doc, hld.components, "id", ("high_level_design", "components"), "component")
    ids = [c.id for c in hld.components]
    for i, flow in enumerate(hld.flows):
        for attr, key in (("from_", "from"), ("to", "to")):
            target = getattr(flow, attr)
            if target not in ids:
                line, col = located.at("high_level_design", "flows", i, key)
                yield Problem(
                    doc.path,
                    line,
                    col,
                    "CS109",
                    f"flow {key} unknown component '{target}'{did_you_mean(target, ids)}",
                )
    decisions = case.detailed_design.decisions
    yield from _unique(doc, decisions, "id", ("detailed_design", "decisions"), "decision")
    for i, decision in enumerate(decisions):
        base = ("detailed_design", "decisions", i)
        yield from _unique(doc, decision.options, "name", (*base, "options"), "option")
        names_ = [o.name for o in decision.options]
        if decision.choice not in names_:
            line, col = located.at(*base, "choice")
            yield Problem(
                doc.path,
                line,
                col,
                "CS110",
                f"choice '{decision.choice}' is not one of the options"
                f"{did_you_mean(decision.choice, names_)}",
            )
    yield from _check_checklist_ids(located)
    yield from _check_links(doc)


def _check_checklist_ids(located: Located) -> Iterator[Problem]:
    seen: set[str] = set()
    for step in (info.field for info in STEPS):
        for i, item in enumerate(getattr(located.case, step).checklist):
            if item.id in seen:
                line, col = located.at(step, "checklist", i, "id")
                yield Problem(
                    located.doc.path,
                    line,
                    col,
                    "CS107",
                    f"checklist item '{item.id}' is defined twice",
                )
            seen.add(item.id)


# -- rules across the catalogue ---------------------------------------------------------------


def _check_catalogue(cases: Sequence[Located], file_ids: set[str]) -> Iterator[Problem]:
    by_id: dict[str, Located] = {}
    for located in cases:
        first = by_id.get(located.case.id)
        if first is not None:
            line, col = located.at("id")
            yield Problem(
                located.doc.path,
                line,
                col,
                "CS112",
                f"id '{located.case.id}' is already used by {first.doc.path}",
            )
        else:
            by_id[located.case.id] = located
    # A file that failed validation still exists: referring to it is not a second mistake.
    known = sorted(set(by_id) | file_ids)
    for located in cases:
        for i, rid in enumerate(located.case.related):
            if rid not in known or rid == located.case.id:
                line, col = located.at("related", i)
                why = (
                    "is this case study itself" if rid == located.case.id else "is not a case study"
                )
                hint = did_you_mean(rid, known) if rid not in known else ""
                yield Problem(located.doc.path, line, col, "CS108", f"related '{rid}' {why}{hint}")


from .quality import check_quality  # noqa: E402  (quality builds on Located, defined above)


def validate_all(
    docs: Sequence[RawDocument], file_ids: Iterable[str] = ()
) -> tuple[list[Located], list[Problem]]:
    """Validate every document; rules that need the whole catalogue run on those that parsed.

    `file_ids` names every case-study file found, including those that did not parse.
    """
    problems: list[Problem] = []
    located: list[Located] = []
    for doc in docs:
        case, found = validate_shape(doc)
        problems += found
        problems += find_placeholders(doc)
        if case is not None:
            item = Located(case, doc)
            problems += _check_case(item)
            problems += check_estimates(case.estimation, doc)
            problems += check_quality(item)
            located.append(item)
    problems += _check_catalogue(located, set(file_ids))
    return located, sorted(problems)
