"""Estimate issues as problems located in the contributor's file."""

from __future__ import annotations

from typing import Any

from generator.estimate.analyse import analyse
from generator.format.models import Estimation
from generator.load import RawDocument
from generator.problems.problem import Problem
from generator.problems.report import plural

SKIPPED = "CS221"


def check_estimates(estimation: Estimation, doc: RawDocument) -> list[Problem]:
    """Every estimate problem of one case study, located in its file."""
    problems: list[Problem] = []
    analysis = analyse(estimation)
    for issue in analysis.issues:
        line, col = doc.source.find(issue.loc)
        if issue.offset is not None and issue.loc in doc.source.plain:
            col += issue.offset
        problems.append(Problem(doc.path, line, col, issue.code, issue.message))
    if analysis.skipped:
        problems.append(skipped(doc, analysis.skipped, "the figures they use can be computed"))
    return problems


def skipped(doc: RawDocument, count: int, until: str) -> Problem:
    """CS221: checks that cannot run because of errors reported beside it."""
    line, col = doc.source.find(("estimation", "checks"), key=True)
    message = f"{plural(count, 'check')} skipped until {until} (see the errors in this file)"
    return Problem(doc.path, line, col, SKIPPED, message)


def unchecked_estimates(doc: RawDocument) -> list[Problem]:
    """CS221 for the checks of an estimation section too malformed to analyse."""
    raw: Any = doc.data.get("estimation")
    checks = raw.get("checks") if isinstance(raw, dict) else None
    count = len(checks) if isinstance(checks, list) else 0
    return [skipped(doc, count, "the estimation section is well-formed")] if count else []
