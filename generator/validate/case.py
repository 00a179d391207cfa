"""Rules within one case study that its model cannot check alone: unique names, known targets."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import PurePath
from typing import Any

from generator.format.models import Assumption, Derived
from generator.format.steps import STEPS
from generator.load import Loc, RawDocument
from generator.markup.diagrams import er_diagram, flowchart, too_large
from generator.problems.hints import did_you_mean, dotted
from generator.problems.problem import Problem
from generator.validate.links import check_links
from generator.validate.reserved import check_reserved
from generator.validate.shape import Located


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


def check_case(located: Located) -> Iterator[Problem]:
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
                f"(first at {dotted(seen[item.name])})",
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
    yield from check_links(doc)
    yield from _check_diagrams(located)


def _check_diagrams(located: Located) -> Iterator[Problem]:
    """CS305 when a diagram drawn from the case study is more than Mermaid will draw."""
    case = located.case
    hld = case.high_level_design
    ids = {c.id for c in hld.components}
    drawable = all(f.from_ in ids and f.to in ids for f in hld.flows)  # else CS109 says why
    diagrams = [("data_model", er_diagram(case.data_model))]
    diagrams += [("high_level_design", flowchart(hld))] if drawable else []
    for field, diagram in diagrams:
        reason = too_large(diagram)
        if reason is not None:
            line, col = located.at(field)
            yield Problem(
                located.doc.path, line, col, "CS305",
                f"{field}: its diagram would be {reason}; shorten labels or split the design",
            )  # fmt: skip


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
