"""Checks: comparisons over figures that hold the design to its numbers.

A check is two formulas joined by one of `<`, `<=`, `>`, `>=` (`key_space >= 1000 *
urls_stored`). Both sides are evaluated like derived figures, must come out in the same unit,
and the comparison must hold: a failing check is an error that prints both sides' values.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from generator.estimate import formula as fm
from generator.estimate.evaluate import Evaluator, Resolver, Rpn
from generator.estimate.issues import Fail, Field, Issue, Section, describe
from generator.estimate.numbers import PLAIN, Display, exact, shown
from generator.estimate.parse_units import magnitude
from generator.estimate.units import Dims, Qty, dims_of, format_dims
from generator.format.models import Check
from generator.problems.hints import shorten

COMPARISONS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
NEGATION = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}
_OPERATOR = re.compile(r"<=|>=|==|!=|=<|=>|<|>|=")


@dataclass(frozen=True)
class Side:
    text: str  # as written, trimmed
    base: float  # value in base units
    dims: Dims
    rpn: Rpn
    display: Display

    @property
    def names(self) -> bool:
        """Whether the side uses an assumption or figure (else it is a constant)."""
        return any(op[0] == "v" for op in self.rpn)

    @property
    def rounded(self) -> str:
        return shown(self.base, self.dims, self.display)


@dataclass(frozen=True)
class CheckResult:
    index: int
    model: Check
    op: str
    left: Side
    right: Side

    @property
    def holds(self) -> bool:
        return COMPARISONS[self.op](self.left.base, self.right.base)


@dataclass(frozen=True)
class Parsed:
    """A check whose sides parsed and whose names are all known."""

    index: int
    op: str
    sides: tuple[tuple[str, fm.Node], tuple[str, fm.Node]]
    names: tuple[str, ...]  # the assumptions and figures it uses


def split(text: str) -> tuple[tuple[str, int], str, tuple[str, int]]:
    """(left, its column), operator, (right, its column); raises `Fail` (CS217) unless the
    text holds exactly one comparison."""
    found = list(_OPERATOR.finditer(text))
    if not found:
        raise Fail(
            "CS217", "malformed check: no comparison; join two formulas with <, <=, > or >=", 0
        )
    for match in found:
        if match.group() not in COMPARISONS:
            raise Fail(
                "CS217",
                f"malformed check: '{match.group()}' is not a comparison; use "
                "<, <=, > or >= (a check states a bound)",
                match.start(),
            )
    if len(found) > 1:
        raise Fail(
            "CS217",
            "malformed check: more than one comparison; state each bound as its own check",
            found[1].start(),
        )
    match = found[0]
    return (text[: match.start()], 0), match.group(), (text[match.end() :], match.end())


def _side(text: str, col: int, resolver: Resolver) -> fm.Node:
    try:
        tree = fm.parse(text)
    except fm.FormulaSyntaxError as exc:
        if not text.strip():
            side = "left" if col == 0 else "right"
            raise Fail("CS217", f"malformed check: the {side} side is empty", col) from None
        prefix = "malformed check: " if exc.code == "CS201" else ""
        raise Fail(exc.code, prefix + exc.message, col + exc.col) from None
    fails = resolver.unknown(tree, text)
    if fails:
        raise Fail(fails[0].code, fails[0].message, col + (fails[0].col or 0))
    return tree


def parse_checks(checks: tuple[Check, ...], resolver: Resolver) -> tuple[list[Parsed], list[Issue]]:
    parsed: list[Parsed] = []
    issues: list[Issue] = []
    for i, check in enumerate(checks):
        try:
            (left, lcol), op, (right, rcol) = split(check.check)
            sides = ((left, _side(left, lcol, resolver)), (right, _side(right, rcol, resolver)))
        except Fail as fail:
            issues.append(fail.issue(Section.CHECKS, i, Field.CHECK))
            continue
        names = tuple(dict.fromkeys(n for _, t in sides for n in resolver.dependencies(t)))
        parsed.append(Parsed(i, op, sides, names))
    return parsed, issues


def run_checks(
    checks: tuple[Check, ...],
    parsed: list[Parsed],
    env: dict[str, Qty],
    displays: Mapping[str, Display],
    evaluator: Callable[[str, dict[str, Qty]], Evaluator],
) -> tuple[list[CheckResult], list[Issue], int]:
    """Evaluate the parsed checks whose names all evaluated; also how many were skipped."""
    results: list[CheckResult] = []
    issues: list[Issue] = []
    skipped = 0
    for p in parsed:
        if any(name not in env for name in p.names):
            skipped += 1
            continue
        try:
            left, right = (_side_value(t, tree, env, displays, evaluator) for t, tree in p.sides)
            if left.dims != right.dims:
                raise Fail(
                    "CS205",
                    f"cannot compare {describe(left.dims)} and {describe(right.dims)}",
                    len(p.sides[0][0]),
                )
        except Fail as fail:
            issues.append(fail.issue(Section.CHECKS, p.index, Field.CHECK))
            continue
        result = CheckResult(p.index, checks[p.index], p.op, left, right)
        if not result.holds:
            issues.append(Issue("CS218", failure(result), Section.CHECKS, p.index, Field.CHECK))
        results.append(result)
    return results, issues, skipped


def _side_value(
    text: str,
    tree: fm.Node,
    env: dict[str, Qty],
    displays: Mapping[str, Display],
    evaluator: Callable[[str, dict[str, Qty]], Evaluator],
) -> Side:
    run = evaluator(text, env)
    value = run.eval(tree)
    display = displays.get(tree.name, PLAIN) if isinstance(tree, fm.Name) else PLAIN
    return Side(" ".join(text.split()), magnitude(value), dims_of(value), tuple(run.rpn), display)


def values(result: CheckResult) -> tuple[str, str]:
    """Both sides as the page shows them; exact when rounding would make them look equal."""
    left, right = result.left.rounded, result.right.rounded
    if left == right:
        unit = format_dims(result.left.dims)
        left, right = (f"{exact(s.base)} {unit}".strip() for s in (result.left, result.right))
    return left, right


def _quoted(side: Side, value: str) -> str:
    """A side as written with its value, or only its value when it is a constant."""
    return value if not side.names else f"{shorten(side.text)} ({value})"


def failure(result: CheckResult) -> str:
    left, right = values(result)
    return (
        f"check does not hold: {_quoted(result.left, left)} {NEGATION[result.op]} "
        f"{_quoted(result.right, right)}"
    )
