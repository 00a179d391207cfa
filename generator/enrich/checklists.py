"""Checklists: the method's questions, each case study's own, and those derived from its data.

Pure functions over validated models. Every item has a stable id that never depends on a list
position, so a reader's ticks (kept by id in the browser) survive edits and reorderings:

- the method's questions: ``method/<step-slug>/<id>``;
- the same questions applied to one case study, on its page: ``<case>/method/<step-slug>/<id>``
  (a reader ticks them once per case study they practise);
- a case study's own items: ``<case>/<id>``;
- derived items: ``<case>/derived/fails-<component-id>`` (step 7) and
  ``<case>/derived/peak-<figure-name>`` (step 2), with the underscores of the component id or
  figure name written as hyphens (``peak-write-rate``): ids then hold only ``a-z 0-9 - /``, so
  they serve as anchors that Markdown never mistakes for emphasis. (Identifiers have no
  hyphens, so no two names share an id.)

Derived items, and the rules behind them (explained on the checklists page):

- Step 7: every stateful component of the high-level design (kinds database, cache, queue,
  blob-store, search) gets "What happens during an outage of <name>? Is there a single point of
  failure?", and step 7 must answer it: a risk that names the component (CS610 otherwise).
- Step 2: every figure per unit of time (a rate such as ``url/s`` or a bandwidth such as
  ``MB/s``: ``units.per_time`` of its display unit) gets an item unless its peak is stated.
  A figure *applies* a peak factor when its formula uses an assumption whose name has the
  word ``peak``. A figure *states* a peak when its name has the
  word ``peak``, it applies a peak factor, or its formula uses a figure that states one. A rate's
  peak is stated when it states one itself or a figure that applies a peak factor is computed
  from it (``peak_read_rate = read_rate * peak_factor`` covers ``read_rate``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from generator.estimate.issues import Fail
from generator.estimate.parse_units import parse_unit
from generator.estimate.units import UnitSet, declare, dims_of, per_time
from generator.format.components import STATEFUL_KINDS
from generator.format.models import CaseStudy, Derived, Estimation, MethodChecklist
from generator.format.steps import STEPS, StepInfo
from generator.markup.paths import case_page, step_page


class Origin(StrEnum):
    METHOD = "method"
    CASE = "case"
    DERIVED = "derived"


@dataclass(frozen=True)
class Item:
    """One question on one checklist."""

    id: str
    text: str  # one line of inline Markdown
    step: StepInfo
    origin: Origin
    tags: tuple[str, ...] = ()
    case: str | None = None  # the case study it belongs to; None for the method's own
    case_title: str | None = None

    @property
    def derived(self) -> bool:
        return self.origin is Origin.DERIVED

    @property
    def page(self) -> str:
        """The generated page (relative to docs/) where the item lives with its anchor."""
        if self.case is None:
            return step_page(self.step.anchor)
        return case_page(self.case)


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def step_info(field: str) -> StepInfo:
    return next(s for s in STEPS if s.field == field)


def method_items(method: MethodChecklist | None, case: CaseStudy | None = None) -> list[Item]:
    """The method's questions; applied to `case` (ids prefixed with its id) when given."""
    if method is None:
        return []
    prefix = f"{case.id}/" if case else ""
    return [
        Item(
            id=f"{prefix}method/{step.slug}/{q.id}",
            text=q.text,
            step=step,
            origin=Origin.METHOD,
            tags=q.tags,
            case=case.id if case else None,
            case_title=case.title if case else None,
        )
        for step in STEPS
        for q in getattr(method, step.field)
    ]


def own_items(case: CaseStudy) -> list[Item]:
    """The items the case study lists itself, step by step."""
    return [
        Item(f"{case.id}/{q.id}", q.text, step, Origin.CASE, q.tags, case.id, case.title)
        for step in STEPS
        for q in getattr(case, step.field).checklist
    ]


def is_per_time(figure: Derived, units: UnitSet) -> bool:
    """Whether the figure's display unit is per a unit of time (an unknown unit is not)."""
    try:
        return per_time(dims_of(parse_unit(figure.unit, "CS203", "CS216", units)))
    except Fail:
        return False


def _slug(identifier: str) -> str:
    return identifier.replace("_", "-")


def _has_peak_word(name: str) -> bool:
    return "peak" in name.lower().split("_")


def _names_in(formula: str) -> set[str]:
    return set(_NAME.findall(formula))


def rates_without_peak(estimation: Estimation) -> list[Derived]:
    """Rates whose peak the estimate does not state (see the module docstring for the rule)."""
    figures = {f.name: f for f in estimation.derived}
    peak_assumptions = {a.name for a in estimation.assumptions if _has_peak_word(a.name)}
    uses = {f.name: _names_in(f.formula) for f in estimation.derived}
    applies = {name for name, used in uses.items() if used & peak_assumptions}
    states: dict[str, bool] = {}

    def stated(name: str, seen: frozenset[str] = frozenset()) -> bool:
        if name not in states:
            # `seen` guards against cycles; the estimate's own checks report them.
            states[name] = (
                _has_peak_word(name)
                or name in applies
                or any(
                    stated(n, seen | {name}) for n in (uses[name] & figures.keys()) - seen - {name}
                )
            )
        return states[name]

    covered = set().union(*(uses[name] for name in applies)) if applies else set()
    units, _ = declare(estimation.units)
    return [
        f
        for f in estimation.derived
        if is_per_time(f, units) and not stated(f.name) and f.name not in covered
    ]


def failure_question(name: str) -> str:
    """The derived step-7 question; worded so that it reads right for "Redis" and "Ingesters"."""
    return f"What happens during an outage of {name}? Is there a single point of failure?"


def derived_items(case: CaseStudy) -> list[Item]:
    """Items computed from the case study's own data: unstated peaks, stateful components."""
    estimation, bottlenecks = step_info("estimation"), step_info("bottlenecks")
    items = [
        Item(
            f"{case.id}/derived/peak-{_slug(f.name)}",
            f"`{f.name}` is an average rate: what is its peak, and is the design sized for it?",
            estimation,
            Origin.DERIVED,
            ("capacity",),
            case.id,
            case.title,
        )
        for f in rates_without_peak(case.estimation)
    ]
    items += [
        Item(
            f"{case.id}/derived/fails-{_slug(c.id)}",
            failure_question(c.name),
            bottlenecks,
            Origin.DERIVED,
            STATEFUL_KINDS[c.kind],
            case.id,
            case.title,
        )
        for c in case.high_level_design.components
        if c.kind in STATEFUL_KINDS
    ]
    return items


def by_step(items: Iterable[Item]) -> dict[str, list[Item]]:
    """Items grouped by step field, every step present, in the order given."""
    grouped: dict[str, list[Item]] = {s.field: [] for s in STEPS}
    for item in items:
        grouped[item.step.field].append(item)
    return grouped


Derive = Callable[[CaseStudy], Sequence[Item]]  # `derived_items`, or what enrichment kept of it


def case_checklist(
    case: CaseStudy, method: MethodChecklist | None, derived: Derive = derived_items
) -> dict[str, list[Item]]:
    """What a case study's page shows at the end of each step: method, own, then derived."""
    return by_step([*method_items(method, case), *own_items(case), *derived(case)])


def catalogue_items(
    method: MethodChecklist | None, cases: Sequence[CaseStudy], derived: Derive = derived_items
) -> list[Item]:
    """Every item of the site once: the method's, then each case study's own and derived.

    Ordered by step; within a step the method first, then case studies in the order given.
    """
    items = [*method_items(method)]
    for case in cases:
        items += own_items(case)
        items += derived(case)
    order = {s.field: i for i, s in enumerate(STEPS)}
    return sorted(items, key=lambda item: order[item.step.field])  # stable: keeps the rest


# Words readers type for what the items spell out. A query word matches an item when the word
# or one of its expansions appears in it. The finder reads this table from items.json.
ABBREVIATIONS: Mapping[str, tuple[str, ...]] = {
    "spof": ("single point of failure",),
    "cdn": ("content delivery network", "edge cache"),
    "lb": ("load balancer", "load balancing"),
    "qps": ("queries per second", "requests per second", "request rate"),
    "rps": ("requests per second", "request rate"),
    "tps": ("transactions per second",),
    "ttl": ("time to live", "expiry", "expire"),
    "db": ("database",),
    "sla": ("service level", "availability target"),
    "slo": ("service level", "availability target"),
}


def query_words(words: Sequence[str]) -> list[str]:
    """The words of a query, lower-cased: each argument split at whitespace, as the finder does."""
    return [w for arg in words for w in arg.lower().split()]


def matches(
    item: Item,
    words: Sequence[str] = (),
    step: StepInfo | None = None,
    tag: str | None = None,
    case: str | None = None,
) -> bool:
    """Every word (or one of its ABBREVIATIONS) appears in the item's text, tags, id or case
    title, in any case."""
    if step is not None and item.step != step:
        return False
    if tag is not None and tag not in item.tags:
        return False
    if case is not None and item.case != case:
        return False
    haystack = " ".join([item.text, *item.tags, item.id, item.case_title or ""]).lower()
    return all(
        any(form in haystack for form in (word, *ABBREVIATIONS.get(word, ())))
        for word in query_words(words)
    )
