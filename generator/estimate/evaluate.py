"""Formulas over named quantities: which names they use, and their value with units.

Every quantity is carried in base units (B, s and countables) as a pint quantity whose magnitude
we compute ourselves, one float operation per formula operation, in the order the what-if
calculator repeats in the browser; `Evaluator` records that order as RPN. pint keeps the units
honest: adding tweets per second to bytes per second is a contributor error, not a number.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from generator.estimate import formula as fm
from generator.estimate.issues import Fail, describe
from generator.estimate.parse_units import magnitude, unknown_unit
from generator.estimate.units import MAX_EXPONENT, Qty, UnitSet, dims_of, quantity
from generator.problems.hints import did_you_mean, shorten

Rpn = tuple[tuple[object, ...], ...]


class Resolver:
    """Names of a formula: assumptions and figures first, units otherwise."""

    def __init__(self, names: Sequence[str], units: UnitSet) -> None:
        self.names, self.units = list(names), units

    def unknown(self, tree: fm.Node, text: str) -> list[Fail]:
        fails: list[Fail] = []
        for name in fm.names(tree):
            if name.name not in self.names and self.units.lookup(name.name) is None:
                hint = did_you_mean(name.name, self.names) or did_you_mean(
                    name.name, self.units.known_names(), "the unit "
                )
                fails.append(Fail("CS202", f"unknown name '{name.name}'{hint}", name.start))
        for number in fm.number_units(tree):
            unit = number.unit or ""
            if self.units.lookup(unit) is None:
                if unit in self.names:
                    written = text[number.start : number.unit_col].strip()
                    message = (
                        f"unknown unit '{unit}' (a number followed by a name is a quantity "
                        f"with a unit; to multiply, write {written} * {unit})"
                    )
                else:
                    message = unknown_unit(unit, self.units)
                fails.append(Fail("CS203", message, number.unit_col))
        return fails

    def dependencies(self, tree: fm.Node) -> list[str]:
        seen: list[str] = []
        for node in fm.names(tree):
            if node.name in self.names and node.name not in seen:
                seen.append(node.name)
        return seen


def _mismatch(what: str, left: Qty, right: Qty, col: int) -> Fail:
    return Fail("CS205", f"{what} {describe(dims_of(left))} and {describe(dims_of(right))}", col)


class Evaluator:
    """Evaluates a parsed formula over base-unit quantities and compiles it to RPN."""

    def __init__(self, text: str, env: dict[str, Qty], units: UnitSet) -> None:
        self.text, self.env, self.units = text, env, units
        self.rpn: list[tuple[object, ...]] = []

    def quote(self, node: fm.Node) -> str:
        return self.text[node.start : node.end]

    def eval(self, node: fm.Node) -> Qty:
        if isinstance(node, fm.Number):
            return self.number(node)
        if isinstance(node, fm.Name):
            if node.name in self.env:
                self.rpn.append(("v", node.name))
                return self.env[node.name]
            leaf = self.units.lookup(node.name)
            assert leaf is not None  # unknown names are reported before evaluation
            self.rpn.append(("n", magnitude(leaf)))
            return leaf
        if isinstance(node, fm.Unary):
            operand = self.eval(node.operand)
            if node.op == "+":
                return operand
            self.rpn.append(("neg",))
            return quantity(-magnitude(operand), operand.units)
        if isinstance(node, fm.Binary):
            return self.binary(node)
        if isinstance(node, fm.Call):
            return self.call(node)
        raise AssertionError(f"unknown node {node!r}")  # pragma: no cover

    def number(self, node: fm.Number) -> Qty:
        if node.unit is None:
            self.rpn.append(("n", node.value))
            return quantity(node.value, "")
        leaf = self.units.lookup(node.unit)
        assert leaf is not None  # unknown units are reported before evaluation
        value = node.value * magnitude(leaf)
        self.rpn.append(("n", value))
        return quantity(value, leaf.units)

    def binary(self, node: fm.Binary) -> Qty:
        left = self.eval(node.left)
        right = self.eval(node.right)
        a, b = magnitude(left), magnitude(right)
        op = node.op
        self.rpn.append((op,))
        if op in "+-":
            if left.units != right.units:
                verb = "cannot add" if op == "+" else "cannot subtract"
                raise _mismatch(verb, left, right, node.col)
            return quantity(a + b if op == "+" else a - b, left.units)
        if op == "*":
            return quantity(a * b, left.units * right.units)
        if op == "/":
            if b == 0:
                raise Fail("CS208", f"division by zero: '{self.quote(node.right)}' is 0", node.col)
            return quantity(a / b, left.units / right.units)
        return self.power(node, left, right)

    def power(self, node: fm.Binary, left: Qty, right: Qty) -> Qty:
        a, b = magnitude(left), magnitude(right)
        if not right.dimensionless:
            raise Fail(
                "CS205",
                f"the exponent must be a pure number, got {describe(dims_of(right))}",
                node.col,
            )
        if not left.dimensionless and any(n.name in self.env for n in fm.names(node.right)):
            raise Fail(
                "CS215",
                f"a quantity in {describe(dims_of(left))} can only be raised to "
                f"a fixed number, not to '{self.quote(node.right)}'",
                node.col,
            )
        if not left.dimensionless and abs(b) > MAX_EXPONENT:
            raise Fail(
                "CS215",
                f"a quantity in {describe(dims_of(left))} can only be raised to a power of at "
                f"most {MAX_EXPONENT}, not '{shorten(self.quote(node.right), 20)}'",
                node.col,
            )
        try:
            value = math.pow(a, b)
        except (ValueError, OverflowError):
            value = math.nan
        if not math.isfinite(value):
            raise Fail("CS209", f"'{self.quote(node)}' is not a finite number", node.col)
        exponent: float = int(b) if b.is_integer() else b
        return quantity(value, left.units**exponent)

    def call(self, node: fm.Call) -> Qty:
        args = [self.eval(arg) for arg in node.args]
        fn = node.function
        self.rpn.append(("f", fn, len(args)))
        values = [magnitude(a) for a in args]
        units: Any = args[0].units
        if fn in ("min", "max"):
            for other in args[1:]:
                if other.units != units:
                    what = f"{fn}() needs arguments in one unit, got"
                    raise _mismatch(what, args[0], other, node.start)
            if any(math.isnan(v) for v in values):  # as Math.min and Math.max do
                return quantity(math.nan, units)
            return quantity(min(values) if fn == "min" else max(values), units)
        (value,) = values
        if fn in ("ceil", "floor"):  # in base units: a whole number of bytes, seconds or things
            whole = math.ceil(value) if fn == "ceil" else math.floor(value)
            return quantity(float(whole) if math.isfinite(value) else value, units)
        if fn == "sqrt":
            if value < 0:
                quoted = self.quote(node.args[0])
                raise Fail("CS209", f"sqrt() of a negative number: '{quoted}'", node.start)
            return quantity(math.sqrt(value), units**0.5)
        return self.log2(node, args[0], value)

    def log2(self, node: fm.Call, arg: Qty, value: float) -> Qty:
        if not arg.dimensionless:
            got = describe(dims_of(arg))
            raise Fail("CS205", f"log2() needs a pure number, got {got}", node.start)
        if value <= 0:
            quoted = self.quote(node.args[0])
            raise Fail("CS209", f"log2() of zero or a negative number: '{quoted}'", node.start)
        return quantity(math.log2(value), arg.units)


def is_whole(tree: fm.Node) -> bool:
    """A formula whose last step is `ceil` or `floor` gives a whole count."""
    return isinstance(tree, fm.Call) and tree.function in ("ceil", "floor")
