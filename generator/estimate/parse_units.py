"""Unit strings (`url/day`, `B/url`, `us/order`, `1/s`) as their size in base units.

The same parser as formulas reads them (`formula.py`), but every name in a unit is a unit.
"""

from __future__ import annotations

import functools
import math

from generator.estimate import formula as fm
from generator.estimate.issues import Fail
from generator.estimate.units import (
    MAX_EXPONENT,
    SECOND,
    Qty,
    TimeUnit,
    UnitSet,
    quantity,
    time_unit,
)
from generator.problems.hints import did_you_mean


def magnitude(q: Qty) -> float:
    return float(q.magnitude)


def unknown_unit(name: str, units: UnitSet) -> str:
    """The message for a unit this case study does not know: a near miss, or how to declare it."""
    hint = did_you_mean(name, units.known_names())
    if not hint and units.undeclared(name):
        singular = name[:-1] if name.endswith("s") and not name.endswith("ss") else name
        hint = f" (to count it, declare it in estimation.units: [{singular}])"
    return f"unknown unit '{name}'{hint}"


def _leaf(name: str, col: int, code: str, units: UnitSet) -> Qty:
    found = units.lookup(name)
    if found is None:
        raise Fail(code, unknown_unit(name, units), col)
    return found


_SHAPE = "a unit may only use names, numbers, *, / and ^ with a number"


def _walk(node: fm.Node, text: str, code: str, malformed: str, units: UnitSet) -> Qty:
    def walk(node: fm.Node) -> Qty:
        if isinstance(node, fm.Number):
            if node.unit is None:
                return quantity(node.value, "")
            leaf = _leaf(node.unit, node.unit_col, code, units)
            return quantity(node.value * magnitude(leaf), leaf.units)
        if isinstance(node, fm.Name):
            return _leaf(node.name, node.start, code, units)
        if isinstance(node, fm.Binary) and node.op in "*/":
            left, right = walk(node.left), walk(node.right)
            if node.op == "*":
                return quantity(magnitude(left) * magnitude(right), left.units * right.units)
            return quantity(magnitude(left) / magnitude(right), left.units / right.units)
        if isinstance(node, fm.Binary) and node.op == "^":
            power = constant(node.right)
            if power is not None and abs(power) > MAX_EXPONENT:
                raise Fail(
                    malformed,
                    f"malformed unit '{text}': a unit's power is at most {MAX_EXPONENT}",
                    node.col,
                )
            if power is not None:
                left = walk(node.left)
                return quantity(magnitude(left) ** power, left.units**power)
        col = node.col if isinstance(node, fm.Binary) else node.start
        raise Fail(malformed, f"malformed unit '{text}': {_SHAPE}", col)

    return walk(node)


@functools.lru_cache(maxsize=4096)  # the same few units recur in every case study
def parse_unit(text: str, code: str, malformed: str, units: UnitSet) -> Qty:
    """A unit string as its size in base units; raises `Fail` with `code` for an unknown unit
    and `malformed` for text that is not a unit."""
    if not text.strip():
        return quantity(1.0, "")
    try:
        tree = fm.parse(text)
    except fm.FormulaSyntaxError as exc:
        raise Fail(malformed, f"malformed unit '{text}': {exc.message}", exc.col) from None
    try:
        size = _walk(tree, text, code, malformed, units)
    except (ZeroDivisionError, OverflowError):
        size = quantity(math.nan, "")
    if not (math.isfinite(magnitude(size)) and magnitude(size) > 0):
        raise Fail(malformed, f"malformed unit '{text}': its size must be a positive number", 0)
    return size


def constant(node: fm.Node) -> float | None:
    """A plain number, possibly signed; None for anything else."""
    if isinstance(node, fm.Number) and node.unit is None:
        return node.value
    if isinstance(node, fm.Unary) and isinstance(node.operand, fm.Number):
        inner = constant(node.operand)
        return None if inner is None else (-inner if node.op == "-" else inner)
    return None


@functools.lru_cache(maxsize=4096)
def time_base(text: str) -> TimeUnit:
    """The time unit an author's unit is per (`day` in `message/day`); seconds otherwise.

    Only a unit that divides by exactly one named time unit has a base of its own; `B/s`,
    `Gbps` and `url/(user*day)` read per second, per second and per day.
    """
    try:
        tree = fm.parse(text)
    except fm.FormulaSyntaxError:
        return SECOND
    found = [u for u in _divisors(tree, False) if u is not None]
    return found[0] if len(found) == 1 else SECOND


def _divisors(node: fm.Node, below: bool) -> list[TimeUnit | None]:
    if isinstance(node, fm.Name):
        return [time_unit(node.name)] if below else []
    if isinstance(node, fm.Number) and node.unit is not None:
        return [time_unit(node.unit)] if below else []
    if isinstance(node, fm.Binary) and node.op in "*/":
        right_below = not below if node.op == "/" else below
        return _divisors(node.left, below) + _divisors(node.right, right_below)
    return []
