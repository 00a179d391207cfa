"""The bar a complete case study clears: minimum counts, connected designs, enough references.

These are warnings: a draft may fall short while it is being written, and `--strict` (used in
CI) turns them into errors. The numbers live in `MINIMUMS` so the docs can print them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.format.components import unanswered_failures
from generator.format.fields import concept_refs
from generator.format.models import CaseStudy
from generator.format.steps import STEPS
from generator.problems.problem import Problem
from generator.validate.shape import Located

# (path of a list in the case study, minimum length, what the list holds)
MINIMUMS: tuple[tuple[tuple[str, ...], int, str], ...] = (
    (("requirements", "clarifying_questions"), 3, "clarifying questions"),
    (("requirements", "functional"), 4, "functional requirements"),
    (("requirements", "non_functional"), 3, "non-functional requirements"),
    (("requirements", "out_of_scope"), 1, "out-of-scope items"),
    (("estimation", "assumptions"), 5, "assumptions"),
    (("estimation", "derived"), 6, "derived figures"),
    (("interface", "operations"), 3, "operations"),
    (("data_model", "entities"), 2, "entities"),
    (("data_model", "storage"), 1, "storage choices"),
    (("high_level_design", "components"), 5, "components"),
    (("detailed_design", "decisions"), 3, "decisions"),
    (("bottlenecks", "risks"), 4, "risks"),
    (("bottlenecks", "monitoring"), 3, "monitoring metrics"),
)
MAX_COMPONENTS = 10
MIN_CONCEPTS = 5
MIN_CHECKLIST = 4


def _get(case: CaseStudy, path: tuple[str, ...]) -> Any:
    value: Any = case
    for part in path:
        value = getattr(value, part)
    return value


def concept_references(case: CaseStudy) -> set[str]:
    """The distinct concepts a case study names, wherever the format lets it name them."""
    return {ref.concept for ref in concept_refs(case)}


Finding = tuple[tuple[str | int, ...], str, str]
"""Where (a YAML location), which code and what: a rule's verdict before it is located."""


def check_quality(located: Located) -> Iterator[Problem]:
    """Every shortfall from the bar of a complete case study, as a warning at its field."""
    for rule in _RULES:
        for loc, code, message in rule(located.case):
            line, col = located.at(*loc)
            yield Problem(located.doc.path, line, col, code, message)


def _minimums(case: CaseStudy) -> Iterator[Finding]:
    for loc, minimum, what in MINIMUMS:
        count = len(_get(case, loc))
        if count < minimum:
            yield loc, "CS601", f"{count} {what}; a complete case study has at least {minimum}"


def _design_size(case: CaseStudy) -> Iterator[Finding]:
    components = case.high_level_design.components
    if len(components) > MAX_COMPONENTS:
        yield (
            ("high_level_design", "components"),
            "CS607",
            f"{len(components)} components; keep the high-level design to "
            f"{MAX_COMPONENTS} boxes at most",
        )
    flows = case.high_level_design.flows
    connected = {f.from_ for f in flows} | {f.to for f in flows}
    for i, component in enumerate(components):
        if component.id not in connected:
            yield (
                ("high_level_design", "components", i, "id"),
                "CS602",
                f"component '{component.id}' is not connected by any flow",
            )


def _decisions(case: CaseStudy) -> Iterator[Finding]:
    for i, decision in enumerate(case.detailed_design.decisions):
        base = ("detailed_design", "decisions", i)
        if len(decision.options) < 2:
            yield (
                (*base, "options"),
                "CS605",
                f"decision '{decision.id}' weighs {len(decision.options)} option; weigh at least 2",
            )
        for j, option in enumerate(decision.options):
            if not option.pros or not option.cons:
                yield (
                    (*base, "options", j),
                    "CS605",
                    f"option '{option.name}' of decision '{decision.id}' needs both pros and cons",
                )


def _keys(case: CaseStudy) -> Iterator[Finding]:
    for i, entity in enumerate(case.data_model.entities):
        if not any(f.key for f in entity.fields):
            yield (
                ("data_model", "entities", i, "fields"),
                "CS606",
                f"entity '{entity.name}' has no key field",
            )


def _references(case: CaseStudy) -> Iterator[Finding]:
    refs = concept_references(case)
    if len(refs) < MIN_CONCEPTS:
        yield (
            ("high_level_design", "components"),
            "CS603",
            f"{len(refs)} distinct concept references; a complete case study has at "
            f"least {MIN_CONCEPTS}",
        )
    items = sum(len(getattr(case, step.field).checklist) for step in STEPS)
    if items < MIN_CHECKLIST:
        yield (
            ("id",),
            "CS604",
            f"{items} case-specific checklist items; a complete case study has at least "
            f"{MIN_CHECKLIST}",
        )


def _failures_answered(case: CaseStudy) -> Iterator[Finding]:
    for i, name in unanswered_failures(case):
        yield (
            ("high_level_design", "components", i, "id"),
            "CS610",
            f"no risk in step 7 names '{name}': say what happens when it fails",
        )


_RULES = (_minimums, _design_size, _decisions, _keys, _references, _failures_answered)
