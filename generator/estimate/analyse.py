"""Back-of-the-envelope estimates: assumptions and formulas to quantities with units.

Every quantity is carried in base units (B, s and the countables of `units.py`) as a pint
quantity whose magnitude we compute ourselves, one float operation per formula operation, in
the order the what-if calculator repeats in the browser. pint keeps the units honest: adding
tweets per second to bytes per second is a contributor error, not a number.

The stages:

1. `analyse` parses every unit and formula, resolves names, orders figures so that each comes
   after the figures it uses, evaluates them, and records every problem as an `Issue`.
2. `check_estimates` turns issues into located `Problem`s for `casebook validate`.
3. `present` turns a clean analysis into the strings the page shows and the JSON the what-if
   calculator reads.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from generator.estimate import formula as fm
from generator.estimate.numbers import Dims, exact, rounded
from generator.estimate.units import (
    MAX_EXPONENT,
    Qty,
    dims_of,
    format_dims,
    known_names,
    quantity,
    unit_quantity,
)
from generator.format.models import Derived, Estimation, KeyFigure
from generator.load import RawDocument
from generator.problems.hints import did_you_mean, shorten
from generator.problems.problem import CasebookError, Problem


class Field(StrEnum):
    VALUE = "value"
    UNIT = "unit"
    FORMULA = "formula"
    KEY = "key"


@dataclass(frozen=True)
class Issue:
    """A problem in one field of one assumption or figure; `offset` is a column in its text."""

    code: str
    message: str
    section: str  # "assumptions" or "derived"
    index: int
    field: Field
    offset: int | None = None


class _Fail(Exception):
    def __init__(self, code: str, message: str, col: int | None) -> None:
        super().__init__(message)
        self.code, self.message, self.col = code, message, col


def _text(dims: Dims) -> str:
    return format_dims(dims) or "a pure number"


# -- units ------------------------------------------------------------------------------------


def _unit_leaf(name: str, col: int, code: str) -> Qty:
    quantity = unit_quantity(name)
    if quantity is None:
        raise _Fail(code, f"unknown unit '{name}'{did_you_mean(name, known_names())}", col)
    return quantity


@functools.lru_cache(maxsize=4096)  # the same few units recur in every case study
def parse_unit(text: str, code: str, malformed: str) -> Qty:
    """A unit string (`url/day`, `B/url`, `1/s`) as its size in base units; raises `_Fail`."""
    if not text.strip():
        return quantity(1.0, "")
    try:
        tree = fm.parse(text)
    except fm.FormulaSyntaxError as exc:
        raise _Fail(malformed, f"malformed unit '{text}': {exc.message}", exc.col) from None

    def walk(node: fm.Node) -> Qty:
        if isinstance(node, fm.Number):
            if node.unit is None:
                return quantity(node.value, "")
            leaf = _unit_leaf(node.unit, node.unit_col, code)
            return quantity(node.value * _mag(leaf), leaf.units)
        if isinstance(node, fm.Name):
            return _unit_leaf(node.name, node.start, code)
        if isinstance(node, fm.Binary) and node.op in "*/":
            left, right = walk(node.left), walk(node.right)
            if node.op == "*":
                return quantity(_mag(left) * _mag(right), left.units * right.units)
            return quantity(_mag(left) / _mag(right), left.units / right.units)
        if (
            isinstance(node, fm.Binary)
            and node.op == "^"
            and isinstance(node.right, fm.Number | fm.Unary)
        ):
            power = _constant(node.right)
            if power is not None and abs(power) > MAX_EXPONENT:
                raise _Fail(
                    malformed,
                    f"malformed unit '{text}': a unit's power is at most {MAX_EXPONENT}",
                    node.col,
                )
            if power is not None:
                left = walk(node.left)
                return quantity(_mag(left) ** power, left.units**power)
        col = node.col if isinstance(node, fm.Binary) else node.start
        raise _Fail(
            malformed,
            f"malformed unit '{text}': a unit may only use names, numbers, "
            "*, / and ^ with a number",
            col,
        )

    try:
        size = walk(tree)
    except (ZeroDivisionError, OverflowError):
        size = quantity(math.nan, "")
    if not (math.isfinite(_mag(size)) and _mag(size) > 0):
        raise _Fail(malformed, f"malformed unit '{text}': its size must be a positive number", 0)
    return size


def _constant(node: fm.Node) -> float | None:
    if isinstance(node, fm.Number) and node.unit is None:
        return node.value
    if isinstance(node, fm.Unary) and isinstance(node.operand, fm.Number):
        inner = _constant(node.operand)
        return None if inner is None else (-inner if node.op == "-" else inner)
    return None


# -- formulas ---------------------------------------------------------------------------------

BINARY_PREFIX = re.compile(r"(?<![A-Za-z])[KMGTPE]i[A-Za-z]")


@dataclass(frozen=True)
class Figure:
    """A derived figure that evaluated cleanly."""

    model: Derived
    base: float  # value in base units
    dims: Dims
    display_factor: float  # base units per display unit
    rpn: tuple[tuple[object, ...], ...]

    @property
    def shown(self) -> float:
        return self.base / self.display_factor

    @property
    def binary(self) -> bool:
        return bool(BINARY_PREFIX.search(self.model.unit))


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


@dataclass(frozen=True)
class Analysis:
    inputs: dict[str, Input]
    figures: dict[str, Figure]  # in evaluation order
    issues: tuple[Issue, ...]


class _Resolver:
    """Names of a formula: assumptions and figures first, units otherwise."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = list(names)

    def unknown(self, tree: fm.Node, text: str) -> list[_Fail]:
        fails: list[_Fail] = []
        for name in fm.names(tree):
            if name.name not in self.names and unit_quantity(name.name) is None:
                hint = did_you_mean(name.name, self.names) or did_you_mean(
                    name.name, known_names(), "the unit "
                )
                fails.append(_Fail("CS202", f"unknown name '{name.name}'{hint}", name.start))
        for number in fm.number_units(tree):
            unit = number.unit or ""
            if unit_quantity(unit) is None:
                if unit in self.names:
                    written = text[number.start : number.unit_col].strip()
                    hint = (
                        " (a number followed by a name is a quantity with a unit; to "
                        f"multiply, write {written} * {unit})"
                    )
                else:
                    hint = did_you_mean(unit, known_names())
                fails.append(_Fail("CS203", f"unknown unit '{unit}'{hint}", number.unit_col))
        return fails

    def dependencies(self, tree: fm.Node) -> list[str]:
        seen: list[str] = []
        for node in fm.names(tree):
            if node.name in self.names and node.name not in seen:
                seen.append(node.name)
        return seen


def _mag(q: Qty) -> float:
    return float(q.magnitude)


class _Evaluator:
    """Evaluates a parsed formula over base-unit quantities and compiles it to RPN."""

    def __init__(self, text: str, env: dict[str, Qty]) -> None:
        self.text, self.env = text, env
        self.rpn: list[tuple[object, ...]] = []

    def quote(self, node: fm.Node) -> str:
        return self.text[node.start : node.end]

    def q(self, magnitude: float, units: Any) -> Qty:
        return quantity(magnitude, units)

    def eval(self, node: fm.Node) -> Qty:
        if isinstance(node, fm.Number):
            if node.unit is None:
                self.rpn.append(("n", node.value))
                return self.q(node.value, "")
            leaf = unit_quantity(node.unit)
            assert leaf is not None  # unknown units are reported before evaluation
            magnitude = node.value * _mag(leaf)
            self.rpn.append(("n", magnitude))
            return self.q(magnitude, leaf.units)
        if isinstance(node, fm.Name):
            if node.name in self.env:
                self.rpn.append(("v", node.name))
                return self.env[node.name]
            leaf = unit_quantity(node.name)
            assert leaf is not None
            self.rpn.append(("n", _mag(leaf)))
            return leaf
        if isinstance(node, fm.Unary):
            operand = self.eval(node.operand)
            if node.op == "+":
                return operand
            self.rpn.append(("neg",))
            return self.q(-_mag(operand), operand.units)
        if isinstance(node, fm.Binary):
            return self.binary(node)
        if isinstance(node, fm.Call):
            return self.call(node)
        raise AssertionError(f"unknown node {node!r}")  # pragma: no cover

    def binary(self, node: fm.Binary) -> Qty:
        left = self.eval(node.left)
        right = self.eval(node.right)
        a, b = _mag(left), _mag(right)
        op = node.op
        self.rpn.append((op,))
        if op in "+-":
            if left.units != right.units:
                verb = "add" if op == "+" else "subtract"
                raise _Fail(
                    "CS205",
                    f"cannot {verb} {_text(dims_of(left))} and {_text(dims_of(right))}",
                    node.col,
                )
            return self.q(a + b if op == "+" else a - b, left.units)
        if op == "*":
            return self.q(a * b, left.units * right.units)
        if op == "/":
            if b == 0:
                raise _Fail("CS208", f"division by zero: '{self.quote(node.right)}' is 0", node.col)
            return self.q(a / b, left.units / right.units)
        # "^"
        if not right.dimensionless:
            raise _Fail(
                "CS205",
                f"the exponent must be a pure number, got {_text(dims_of(right))}",
                node.col,
            )
        if (
            not left.dimensionless
            and fm.names(node.right)
            and any(n.name in self.env for n in fm.names(node.right))
        ):
            raise _Fail(
                "CS215",
                f"a quantity in {_text(dims_of(left))} can only be raised to "
                f"a fixed number, not to '{self.quote(node.right)}'",
                node.col,
            )
        if not left.dimensionless and abs(b) > MAX_EXPONENT:
            raise _Fail(
                "CS215",
                f"a quantity in {_text(dims_of(left))} can only be raised to a power of at most "
                f"{MAX_EXPONENT}, not '{shorten(self.quote(node.right), 20)}'",
                node.col,
            )
        try:
            value = math.pow(a, b)
        except (ValueError, OverflowError):
            value = math.nan
        if not math.isfinite(value):
            raise _Fail("CS209", f"'{self.quote(node)}' is not a finite number", node.col)
        exponent: float = int(b) if b.is_integer() else b
        return self.q(value, left.units**exponent)

    def call(self, node: fm.Call) -> Qty:
        args = [self.eval(arg) for arg in node.args]
        fn = node.function
        self.rpn.append(("f", fn, len(args)))
        values = [_mag(a) for a in args]
        units = args[0].units
        if fn in ("min", "max"):
            for other in args[1:]:
                if other.units != units:
                    raise _Fail(
                        "CS205",
                        f"{fn}() needs arguments in one unit, got "
                        f"{_text(dims_of(args[0]))} and {_text(dims_of(other))}",
                        node.start,
                    )
            if any(math.isnan(v) for v in values):  # as Math.min and Math.max do
                return self.q(math.nan, units)
            return self.q(min(values) if fn == "min" else max(values), units)
        (value,) = values
        if fn == "ceil":
            return self.q(float(math.ceil(value)) if math.isfinite(value) else value, units)
        if fn == "floor":
            return self.q(float(math.floor(value)) if math.isfinite(value) else value, units)
        if fn == "sqrt":
            if value < 0:
                raise _Fail(
                    "CS209",
                    f"sqrt() of a negative number: '{self.quote(node.args[0])}'",
                    node.start,
                )
            return self.q(math.sqrt(value), units**0.5)
        # log2
        if not args[0].dimensionless:
            raise _Fail(
                "CS205", f"log2() needs a pure number, got {_text(dims_of(args[0]))}", node.start
            )
        if value <= 0:
            raise _Fail(
                "CS209",
                f"log2() of zero or a negative number: '{self.quote(node.args[0])}'",
                node.start,
            )
        return self.q(math.log2(value), units)


# Key figures: what each must measure.
KEY_LABELS: dict[KeyFigure, str] = {
    KeyFigure.READ_RATE: "Reads",
    KeyFigure.WRITE_RATE: "Writes",
    KeyFigure.PEAK_RATE: "Peak",
    KeyFigure.STORAGE: "Storage",
    KeyFigure.INGRESS: "Ingress",
    KeyFigure.EGRESS: "Egress",
    KeyFigure.CACHE: "Cache",
}


def _is_rate(dims: Dims) -> bool:
    exps = dict(dims)
    return exps.get("s") == -1 and "B" not in exps


_KEY_RULES: dict[KeyFigure, tuple[str, Callable[[Dims], bool]]] = {
    KeyFigure.READ_RATE: ("a rate of things per time (for example url/s)", _is_rate),
    KeyFigure.WRITE_RATE: ("a rate of things per time (for example url/s)", _is_rate),
    KeyFigure.PEAK_RATE: ("a rate of things per time (for example request/s)", _is_rate),
    KeyFigure.STORAGE: ("bytes (B, KB, TB, …)", lambda d: d == (("B", 1),)),
    KeyFigure.CACHE: ("bytes (B, KB, TB, …)", lambda d: d == (("B", 1),)),
    KeyFigure.INGRESS: ("bytes per time (B/s, MB/s, …)", lambda d: d == (("B", 1), ("s", -1))),
    KeyFigure.EGRESS: ("bytes per time (B/s, MB/s, …)", lambda d: d == (("B", 1), ("s", -1))),
}


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


@functools.lru_cache(maxsize=256)  # validate and enrich both need it
def analyse(estimation: Estimation) -> Analysis:
    """Everything about an estimate: clean inputs and figures, and every problem found."""
    issues: list[Issue] = []
    inputs: dict[str, Input] = {}
    for i, a in enumerate(estimation.assumptions):
        if a.name in inputs:
            continue  # duplicate names are reported by validate (CS107)
        try:
            unit = parse_unit(a.unit, "CS204", "CS204")
        except _Fail as fail:
            issues.append(
                Issue(
                    fail.code,
                    f"assumption '{a.name}': {fail.message}",
                    "assumptions",
                    i,
                    Field.UNIT,
                    fail.col,
                )
            )
            continue
        dims = dims_of(unit)
        if not math.isfinite(a.value):
            issues.append(
                Issue(
                    "CS209",
                    f"assumption '{a.name}' is not a finite number",
                    "assumptions",
                    i,
                    Field.VALUE,
                )
            )
            continue
        if a.value < 0 and dims:
            issues.append(
                Issue(
                    "CS210",
                    f"assumption '{a.name}' is negative, but a quantity in "
                    f"{format_dims(dims)} cannot be",
                    "assumptions",
                    i,
                    Field.VALUE,
                )
            )
            continue
        inputs[a.name] = Input(a.name, a.value, a.unit, _mag(unit), dims, unit.units)

    assumption_names = [a.name for a in estimation.assumptions]
    figure_index: dict[str, int] = {}
    for i, d in enumerate(estimation.derived):
        if d.name not in figure_index and d.name not in assumption_names:
            figure_index[d.name] = i
    resolver = _Resolver([*assumption_names, *figure_index])

    trees: dict[str, fm.Node] = {}
    deps: dict[str, list[str]] = {}
    for name, i in figure_index.items():
        d = estimation.derived[i]
        try:
            tree = fm.parse(d.formula)
        except fm.FormulaSyntaxError as exc:
            prefix = "malformed formula: " if exc.code == "CS201" else ""
            issues.append(
                Issue(exc.code, f"{prefix}{exc.message}", "derived", i, Field.FORMULA, exc.col)
            )
            continue
        fails = resolver.unknown(tree, d.formula)
        for unknown in fails:
            issues.append(
                Issue(unknown.code, unknown.message, "derived", i, Field.FORMULA, unknown.col)
            )
        if fails:
            continue
        trees[name] = tree
        deps[name] = resolver.dependencies(tree)

    order, cycles = _order(estimation.derived, deps)
    for cycle in cycles:
        first = min(cycle, key=lambda n: figure_index[n])
        start = cycle.index(first)
        ring = [*cycle[start:], *cycle[:start], first]
        issues.append(
            Issue(
                "CS207",
                "cycle between figures: " + " → ".join(ring),
                "derived",
                figure_index[first],
                Field.FORMULA,
            )
        )

    env: dict[str, Qty] = {name: quantity(item.base, item.units) for name, item in inputs.items()}
    figures: dict[str, Figure] = {}
    for name in order:
        i = figure_index[name]
        d = estimation.derived[i]
        if any(dep not in env for dep in deps[name]):
            continue  # a figure it uses failed: that failure is reported already
        evaluator = _Evaluator(d.formula, env)
        try:
            result = evaluator.eval(trees[name])
        except _Fail as fail:
            issues.append(Issue(fail.code, fail.message, "derived", i, Field.FORMULA, fail.col))
            continue
        if not math.isfinite(_mag(result)):
            issues.append(
                Issue(
                    "CS209",
                    f"'{name}' is not a finite number (an overflow or an undefined operation)",
                    "derived",
                    i,
                    Field.FORMULA,
                )
            )
            continue
        dims = dims_of(result)
        if _mag(result) < 0 and dims:
            issues.append(
                Issue(
                    "CS210",
                    f"'{name}' is negative ({rounded(_mag(result), dims)}), "
                    "but a quantity with a unit cannot be",
                    "derived",
                    i,
                    Field.FORMULA,
                )
            )
            continue
        env[name] = result
        try:
            display = parse_unit(d.unit, "CS203", "CS216")
        except _Fail as fail:
            issues.append(
                Issue(
                    fail.code,
                    f"display unit of '{name}': {fail.message}",
                    "derived",
                    i,
                    Field.UNIT,
                    fail.col,
                )
            )
            continue
        if display.units != result.units:
            shown = f"'{d.unit}' ({_text(dims_of(display))})" if d.unit else "a pure number"
            if d.unit and format_dims(dims_of(display)) == d.unit:
                shown = f"'{d.unit}'"
            issues.append(
                Issue(
                    "CS206",
                    f"'{name}' comes out in {_text(dims)}, which cannot be shown in {shown}",
                    "derived",
                    i,
                    Field.UNIT,
                )
            )
            continue
        figures[name] = Figure(d, _mag(result), dims, _mag(display), tuple(evaluator.rpn))

    issues += _check_keys(estimation, figure_index, figures)
    return Analysis(inputs, figures, tuple(issues))


def _check_keys(
    estimation: Estimation, figure_index: dict[str, int], figures: dict[str, Figure]
) -> list[Issue]:
    issues: list[Issue] = []
    marked: dict[KeyFigure, str] = {}
    for i, d in enumerate(estimation.derived):
        if d.key is None:
            continue
        if d.key in marked:
            issues.append(
                Issue(
                    "CS213",
                    f"key '{d.key.value}' is already marked on figure "
                    f"'{marked[d.key]}' (each key figure once)",
                    "derived",
                    i,
                    Field.KEY,
                )
            )
            continue
        marked[d.key] = d.name
        figure = figures.get(d.name) if figure_index.get(d.name) == i else None
        wanted, rule = _KEY_RULES[d.key]
        if figure is not None and not rule(figure.dims):
            issues.append(
                Issue(
                    "CS214",
                    f"key figure '{d.key.value}' must be {wanted}, but "
                    f"'{d.name}' comes out in {_text(figure.dims)}",
                    "derived",
                    i,
                    Field.KEY,
                )
            )
    return issues


# -- problems ---------------------------------------------------------------------------------


def check_estimates(estimation: Estimation, doc: RawDocument) -> list[Problem]:
    """Every estimate problem of one case study, located in its file."""
    problems: list[Problem] = []
    plain: set[object] = getattr(doc.source, "plain", set())
    for issue in analyse(estimation).issues:
        loc = ("estimation", issue.section, issue.index, issue.field.value)
        line, col = doc.source.find(loc)
        if issue.offset is not None and loc in plain:
            col += issue.offset
        problems.append(Problem(doc.path, line, col, issue.code, issue.message))
    return problems


# -- presentation -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AssumptionRow:
    name: str
    value: str
    unit: str
    note: str | None
    source: str | None


@dataclass(frozen=True)
class FigureRow:
    name: str
    formula: str
    exact: str
    rounded: str
    note: str | None


@dataclass(frozen=True)
class KeyRow:
    key: KeyFigure
    label: str
    name: str
    rounded: str
    sort: float  # base units, for sorting across case studies


@dataclass(frozen=True)
class Estimate:
    assumptions: tuple[AssumptionRow, ...]
    figures: tuple[FigureRow, ...]  # file order
    keys: tuple[KeyRow, ...]  # in the order of `KEY_LABELS`
    whatif: str  # JSON for the calculator

    def key(self, key: KeyFigure) -> KeyRow | None:
        return next((row for row in self.keys if row.key is key), None)


def _with_unit(number: str, unit: str) -> str:
    return f"{number} {unit}" if unit else number


def present(estimation: Estimation) -> Estimate:
    """Display strings and calculator data of an estimate that has no problems."""
    analysis = analyse(estimation)
    if analysis.issues:
        raise CasebookError(f"estimate has problems: {analysis.issues[0].message}")
    assumptions = tuple(
        AssumptionRow(a.name, exact(a.value), a.unit, a.note, a.source)
        for a in estimation.assumptions
    )
    rows = []
    for d in estimation.derived:
        fig = analysis.figures[d.name]
        rows.append(
            FigureRow(
                d.name,
                d.formula,
                _with_unit(exact(fig.shown), d.unit),
                rounded(fig.base, fig.dims, fig.binary),
                d.note,
            )
        )
    keys = []
    for key, label in KEY_LABELS.items():
        for d in estimation.derived:
            if d.key is key:
                fig = analysis.figures[d.name]
                keys.append(KeyRow(key, label, d.name, rounded(fig.base, fig.dims), fig.base))
    order = [d.name for d in estimation.derived]
    return Estimate(assumptions, tuple(rows), tuple(keys), whatif_json(analysis, order))


def whatif_json(analysis: Analysis, order: Sequence[str]) -> str:
    """What the calculator needs: inputs in their own units, figures as RPN over base units.

    `figures` is in evaluation order (each after the figures it uses); `order` is the order of
    the page's table.
    """
    data = {
        "order": list(order),
        "assumptions": [
            {
                "name": i.name,
                "value": i.value,
                "unit": i.unit,
                "factor": i.factor,
                "nonneg": bool(i.dims),
            }
            for i in analysis.inputs.values()
        ],
        "figures": [
            {
                "name": name,
                "rpn": [list(op) for op in f.rpn],
                "unit": f.model.unit,
                "factor": f.display_factor,
                "dims": [list(p) for p in f.dims],
                "binary": f.binary,
                "nonneg": bool(f.dims),
            }
            for name, f in analysis.figures.items()
        ],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
