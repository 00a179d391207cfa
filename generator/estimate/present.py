"""An estimate as the page shows it: table rows, key figures, checks, inline values, and the
JSON the what-if calculator reads."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.estimate.analyse import Analysis, analyse
from generator.estimate.checks import CheckResult, Side, values
from generator.estimate.keys import KEY_LABELS
from generator.estimate.numbers import Display, exact, shown
from generator.estimate.units import Dims
from generator.format.models import Estimation, KeyFigure
from generator.problems.problem import CasebookError

HOLDS, FAILS = "holds", "fails"


def anchor(name: str) -> str:
    """The anchor of an assumption's or figure's row in step 2 (names are unique across both)."""
    return "figure-" + name.replace("_", "-")


@dataclass(frozen=True)
class AssumptionRow:
    name: str
    value: str
    unit: str
    note: str | None
    source: str | None
    anchor: str


@dataclass(frozen=True)
class FigureRow:
    name: str
    formula: str
    exact: str
    rounded: str
    note: str | None
    anchor: str


@dataclass(frozen=True)
class KeyRow:
    key: KeyFigure
    label: str
    name: str
    rounded: str
    sort: float  # base units, for sorting across case studies


@dataclass(frozen=True)
class CheckRow:
    index: int
    check: str
    left: str
    right: str
    verdict: str
    why: str


@dataclass(frozen=True)
class InlineValue:
    """What a backticked figure name in prose shows beside it, and where it links."""

    name: str
    rounded: str
    anchor: str


@dataclass(frozen=True)
class Estimate:
    assumptions: tuple[AssumptionRow, ...]
    figures: tuple[FigureRow, ...]  # file order
    keys: tuple[KeyRow, ...]  # in the order of `KEY_LABELS`
    checks: tuple[CheckRow, ...]  # file order
    inline: Mapping[str, InlineValue]  # every assumption and figure, by name
    whatif: str  # JSON for the calculator

    def key(self, key: KeyFigure) -> KeyRow | None:
        return next((row for row in self.keys if row.key is key), None)


def _with_unit(number: str, unit: str) -> str:
    return f"{number} {unit}" if unit else number


def _check_row(result: CheckResult) -> CheckRow:
    left, right = values(result)
    verdict = HOLDS if result.holds else FAILS
    return CheckRow(result.index, result.model.check, left, right, verdict, result.model.why)


def _inline(analysis: Analysis) -> dict[str, InlineValue]:
    out: dict[str, InlineValue] = {}
    for name, display in analysis.displays().items():
        item = analysis.inputs.get(name) or analysis.figures[name]
        out[name] = InlineValue(name, shown(item.base, item.dims, display), anchor(name))
    return out


def present(estimation: Estimation) -> Estimate:
    """Display strings and calculator data of an estimate that has no errors."""
    analysis = analyse(estimation)
    if analysis.errors:
        raise CasebookError(f"estimate has problems: {analysis.errors[0].message}")
    assumptions = tuple(
        AssumptionRow(a.name, exact(a.value), a.unit, a.note, a.source, anchor(a.name))
        for a in estimation.assumptions
    )
    rows = []
    for d in estimation.derived:
        fig = analysis.figures[d.name]
        rounded = shown(fig.base, fig.dims, fig.display)
        exact_text = _with_unit(exact(fig.shown), d.unit)
        rows.append(FigureRow(d.name, d.formula, exact_text, rounded, d.note, anchor(d.name)))
    keys = []
    for key, label in KEY_LABELS.items():
        for d in estimation.derived:
            if d.key is key:
                fig = analysis.figures[d.name]
                text = shown(fig.base, fig.dims, fig.display)
                keys.append(KeyRow(key, label, d.name, text, fig.base))
    order = [d.name for d in estimation.derived]
    return Estimate(
        assumptions,
        tuple(rows),
        tuple(keys),
        tuple(_check_row(c) for c in analysis.checks),
        _inline(analysis),
        whatif_json(analysis, order),
    )


def _display(display: Display, dims: Dims) -> dict[str, Any]:
    return {
        "dims": [list(p) for p in dims],
        "binary": display.binary,
        "per": [display.per.symbol, display.per.seconds],
        "whole": display.whole,
    }


def _side(side: Side) -> dict[str, Any]:
    return {"rpn": [list(op) for op in side.rpn], **_display(side.display, side.dims)}


def whatif_json(analysis: Analysis, order: Sequence[str]) -> str:
    """What the calculator needs: inputs in their own units, figures as RPN over base units.

    `figures` is in evaluation order (each after the figures it uses); `order` is the order of
    the page's table. Each check's sides are RPN too, evaluated after every figure.
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
                **_display(i.display, i.dims),
            }
            for i in analysis.inputs.values()
        ],
        "figures": [
            {
                "name": name,
                "rpn": [list(op) for op in f.rpn],
                "unit": f.model.unit,
                "factor": f.display_factor,
                "nonneg": bool(f.dims),
                **_display(f.display, f.dims),
            }
            for name, f in analysis.figures.items()
        ],
        "checks": [
            {"index": c.index, "op": c.op, "left": _side(c.left), "right": _side(c.right)}
            for c in analysis.checks
        ],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
