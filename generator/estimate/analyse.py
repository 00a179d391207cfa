"""Back-of-the-envelope estimates: assumptions and formulas to quantities with units.

`analyse` runs named passes over one case study's `estimation`, each recording the problems it
finds as `Issue`s and going on with what is left, so one run reports every problem:

1. `_declared_units`: the countables the case study declares (`estimation.units`);
2. `_inputs`: each assumption's unit and value;
3. `_formulas`: each formula parsed and its names resolved;
4. `_cycles`: figures ordered after the figures they use, cycles named;
5. `_display_units`: each display unit parsed, whether or not its formula can be evaluated;
6. `_figures`: each figure evaluated and held to its display unit;
7. `check_keys`: key figures measure what their key says;
8. checks: each comparison parsed, evaluated and held (`checks.py`).

`locate.check_estimates` turns issues into located problems; `present` turns a clean analysis
into the page's strings and the calculator's data.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from generator.estimate import formula as fm
from generator.estimate.checks import CheckResult, parse_checks, run_checks
from generator.estimate.evaluate import Evaluator, Resolver, Rpn, is_whole
from generator.estimate.issues import Fail, Field, Issue, Section, describe
from generator.estimate.keys import check_keys
from generator.estimate.numbers import Display, rounded
from generator.estimate.parse_units import magnitude, parse_unit, time_base
from generator.estimate.units import (
    BINARY_PREFIXES,
    Dims,
    Qty,
    UnitSet,
    declare,
    dims_of,
    format_dims,
    quantity,
)
from generator.format.models import Derived, Estimation
from generator.problems.problem import CODES, Severity


def _binary(unit: str) -> bool:
    return any(f"{p}B" in unit or f"{p}bit" in unit for p in BINARY_PREFIXES)


@dataclass(frozen=True)
class Input:
    """An assumption that parsed cleanly."""

    name: str
    value: float
    unit: str
    factor: float  # base units per unit
    dims: Dims
    units: Any  # the pint unit of `dims`

    @property
    def base(self) -> float:
        return self.value * self.factor

    @property
    def display(self) -> Display:
        return Display(_binary(self.unit), time_base(self.unit))


@dataclass(frozen=True)
class Figure:
    """A derived figure that evaluated cleanly."""

    model: Derived
    base: float  # value in base units
    dims: Dims
    display_factor: float  # base units per display unit
    rpn: Rpn
    whole: bool = False  # `ceil` or `floor` last: a whole count

    @property
    def shown(self) -> float:
        return self.base / self.display_factor

    @property
    def binary(self) -> bool:
        return _binary(self.model.unit)

    @property
    def display(self) -> Display:
        return Display(self.binary, time_base(self.model.unit), self.whole)


@dataclass(frozen=True)
class Analysis:
    inputs: dict[str, Input]
    figures: dict[str, Figure]  # in evaluation order
    issues: tuple[Issue, ...]
    checks: tuple[CheckResult, ...] = ()  # those that could run, in file order
    skipped: int = 0  # checks that could not run because a figure they use failed

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if CODES[i.code].severity is Severity.ERROR)

    def displays(self) -> dict[str, Display]:
        return displays_of(self.inputs, self.figures)


def displays_of(inputs: dict[str, Input], figures: dict[str, Figure]) -> dict[str, Display]:
    """How each assumption and figure that computed is shown, by name."""
    return {n: i.display for n, i in inputs.items()} | {n: f.display for n, f in figures.items()}


@dataclass
class _Run:
    """What the passes share while they run."""

    estimation: Estimation
    units: UnitSet
    issues: list[Issue]

    def add(self, fail: Fail, section: Section, index: int, field: Field, prefix: str = "") -> None:
        self.issues.append(fail.issue(section, index, field, prefix))


def _declared_units(estimation: Estimation) -> tuple[UnitSet, list[Issue]]:
    units, problems = declare(estimation.units)
    issues: list[Issue] = []
    for p in problems:
        if p.clash is None:
            message = f"unit '{p.name}' is shared by every case study already; remove it here"
            issues.append(Issue("CS220", message, Section.UNITS, p.index, None))
        else:
            message = f"cannot declare '{p.name}': it already names a unit ('{p.clash}')"
            issues.append(Issue("CS219", message, Section.UNITS, p.index, None))
    return units, issues


def _inputs(run: _Run) -> dict[str, Input]:
    inputs: dict[str, Input] = {}
    for i, a in enumerate(run.estimation.assumptions):
        if a.name in inputs:
            continue  # duplicate names are reported by validate (CS107)
        try:
            unit = parse_unit(a.unit, "CS204", "CS204", run.units)
        except Fail as fail:
            run.add(fail, Section.ASSUMPTIONS, i, Field.UNIT, f"assumption '{a.name}': ")
            continue
        dims = dims_of(unit)
        if not math.isfinite(a.value * magnitude(unit)):  # finite, and still so in base units
            message = f"assumption '{a.name}' is not a finite number"
            if math.isfinite(a.value):
                message += f" once in base units ({a.value:g} {a.unit})"
            run.issues.append(Issue("CS209", message, Section.ASSUMPTIONS, i, Field.VALUE))
            continue
        if a.value < 0 and dims:
            message = (
                f"assumption '{a.name}' is negative, but a quantity in {format_dims(dims)} "
                "cannot be"
            )
            run.issues.append(Issue("CS210", message, Section.ASSUMPTIONS, i, Field.VALUE))
            continue
        inputs[a.name] = Input(a.name, a.value, a.unit, magnitude(unit), dims, unit.units)
    return inputs


def _figure_index(estimation: Estimation) -> dict[str, int]:
    """Each figure's index in `derived`; repeats and names of assumptions are left out."""
    assumption_names = {a.name for a in estimation.assumptions}
    index: dict[str, int] = {}
    for i, d in enumerate(estimation.derived):
        if d.name not in index and d.name not in assumption_names:
            index[d.name] = i
    return index


def _formulas(
    run: _Run, index: dict[str, int], resolver: Resolver
) -> tuple[dict[str, fm.Node], dict[str, list[str]]]:
    trees: dict[str, fm.Node] = {}
    deps: dict[str, list[str]] = {}
    for name, i in index.items():
        d = run.estimation.derived[i]
        try:
            tree = fm.parse(d.formula)
        except fm.FormulaSyntaxError as exc:
            prefix = "malformed formula: " if exc.code == "CS201" else ""
            run.add(Fail(exc.code, exc.message, exc.col), Section.DERIVED, i, Field.FORMULA, prefix)
            continue
        fails = resolver.unknown(tree, d.formula)
        for fail in fails:
            run.add(fail, Section.DERIVED, i, Field.FORMULA)
        if not fails:
            trees[name], deps[name] = tree, resolver.dependencies(tree)
    return trees, deps


def _order(
    derived: Sequence[Derived], deps: dict[str, list[str]]
) -> tuple[list[str], list[list[str]]]:
    """Figures after the figures they use (file order otherwise), and the cycles found."""
    state: dict[str, int] = {}  # 1 = on the path, 2 = done
    order: list[str] = []
    cycles: list[list[str]] = []
    in_cycle: set[str] = set()
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for dep in deps.get(name, []):
            if dep not in deps:
                continue  # an assumption
            if state.get(dep) == 1:
                cycle = path[path.index(dep) :]
                if not in_cycle & set(cycle):
                    cycles.append(cycle)
                in_cycle.update(cycle)
            elif dep not in state:
                visit(dep)
        path.pop()
        state[name] = 2
        order.append(name)

    for figure in derived:
        if figure.name in deps and figure.name not in state:
            visit(figure.name)
    return [n for n in order if n not in in_cycle], cycles


def _cycles(run: _Run, index: dict[str, int], deps: dict[str, list[str]]) -> list[str]:
    order, cycles = _order(run.estimation.derived, deps)
    for cycle in cycles:
        first = min(cycle, key=lambda n: index[n])
        start = cycle.index(first)
        ring = [*cycle[start:], *cycle[:start], first]
        message = "cycle between figures: " + " → ".join(ring)
        run.issues.append(Issue("CS207", message, Section.DERIVED, index[first], Field.FORMULA))
    return order


def _display_units(run: _Run, index: dict[str, int]) -> dict[str, Qty]:
    """Every display unit, checked even where its formula cannot be evaluated."""
    displays: dict[str, Qty] = {}
    for name, i in index.items():
        d = run.estimation.derived[i]
        try:
            displays[name] = parse_unit(d.unit, "CS203", "CS216", run.units)
        except Fail as fail:
            run.add(fail, Section.DERIVED, i, Field.UNIT, f"display unit of '{name}': ")
    return displays


def _value_problem(name: str, result: Qty) -> Fail | None:
    if not math.isfinite(magnitude(result)):
        message = f"'{name}' is not a finite number (an overflow or an undefined operation)"
        return Fail("CS209", message, None)
    dims = dims_of(result)
    if magnitude(result) < 0 and dims:
        return Fail(
            "CS210",
            f"'{name}' is negative ({rounded(magnitude(result), dims)}), "
            "but a quantity with a unit cannot be",
            None,
        )
    return None


def _unit_problem(name: str, d: Derived, result: Qty, display: Qty) -> str | None:
    """CS206's message when the result cannot be shown in the display unit."""
    if display.units == result.units:
        return None
    shown = f"'{d.unit}' ({describe(dims_of(display))})" if d.unit else "a pure number"
    if d.unit and format_dims(dims_of(display)) == d.unit:
        shown = f"'{d.unit}'"
    return f"'{name}' comes out in {describe(dims_of(result))}, which cannot be shown in {shown}"


def _figures(
    run: _Run,
    order: list[str],
    index: dict[str, int],
    trees: dict[str, fm.Node],
    deps: dict[str, list[str]],
    env: dict[str, Qty],
) -> dict[str, Figure]:
    displays = _display_units(run, index)
    figures: dict[str, Figure] = {}
    for name in order:
        i, d = index[name], run.estimation.derived[index[name]]
        if any(dep not in env for dep in deps[name]):
            continue  # a figure it uses failed: that failure is reported already
        evaluator = Evaluator(d.formula, env, run.units)
        try:
            result = evaluator.eval(trees[name])
            problem = _value_problem(name, result)
            if problem is not None:
                raise problem
        except Fail as fail:
            run.add(fail, Section.DERIVED, i, Field.FORMULA)
            continue
        env[name] = result
        if name not in displays:
            continue
        mismatch = _unit_problem(name, d, result, displays[name])
        if mismatch is not None:
            run.issues.append(Issue("CS206", mismatch, Section.DERIVED, i, Field.UNIT))
            continue
        figures[name] = Figure(
            d,
            magnitude(result),
            dims_of(result),
            magnitude(displays[name]),
            tuple(evaluator.rpn),
            is_whole(trees[name]),
        )
    return figures


@functools.lru_cache(maxsize=256)  # validate and enrich both need it
def analyse(estimation: Estimation) -> Analysis:
    """Everything about an estimate: clean inputs, figures and checks, and every problem."""
    units, issues = _declared_units(estimation)
    run = _Run(estimation, units, issues)
    inputs = _inputs(run)
    index = _figure_index(estimation)
    resolver = Resolver([*(a.name for a in estimation.assumptions), *index], units)
    trees, deps = _formulas(run, index, resolver)
    order = _cycles(run, index, deps)
    env: dict[str, Qty] = {name: quantity(item.base, item.units) for name, item in inputs.items()}
    figures = _figures(run, order, index, trees, deps, env)
    run.issues += check_keys(estimation, {index[n]: f.dims for n, f in figures.items()})
    parsed, parse_issues = parse_checks(estimation.checks, resolver)
    run.issues += parse_issues
    checked, check_issues, skipped = run_checks(
        estimation.checks,
        parsed,
        env,
        displays_of(inputs, figures),
        lambda text, e: Evaluator(text, e, units),
    )
    run.issues += check_issues
    return Analysis(inputs, figures, tuple(run.issues), tuple(checked), skipped)
