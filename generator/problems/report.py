"""Printing problems for people and for machines: plain lines, JSON, or GitHub annotations.

`github` prints workflow commands (``::error file=…,line=…,col=…,title=…::message``), which the
Actions runner turns into annotations on the pull request's diff. Values are escaped as the
runner expects (the rules of actions/toolkit's `escapeData` and `escapeProperty`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import StrEnum

from generator.problems.problem import CODES, Problem, Severity


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def effective_severity(problem: Problem, strict: bool) -> Severity:
    """`--strict` turns every warning into an error."""
    return Severity.ERROR if strict else problem.severity


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def tally(problems: Sequence[Problem]) -> str:
    """'1 error, 2 warnings': by each code's own severity (`--strict` only makes warnings block)."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    return f"{plural(errors, 'error')}, {plural(len(problems) - errors, 'warning')}"


def blocking(problems: Sequence[Problem], strict: bool) -> bool:
    """Whether the problems fail the check: any error, or any warning under `--strict`."""
    return any(effective_severity(p, strict) is Severity.ERROR for p in problems)


def escape_data(value: str) -> str:
    """A workflow command's message: `%`, CR and LF would end or corrupt the command."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """A workflow command's property value: also `:` and `,`, which separate properties."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(problem: Problem, strict: bool) -> str:
    level = effective_severity(problem, strict).value
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in (
            ("file", problem.path),
            ("line", problem.line),
            ("col", problem.col),
            ("title", problem.code),
        )
    )
    return f"::{level} {props}::{escape_data(f'{problem.code} {problem.message}')}"


def as_dict(problem: Problem) -> dict[str, object]:
    return {
        "path": problem.path,
        "line": problem.line,
        "col": problem.col,
        "code": problem.code,
        "title": CODES[problem.code].title,
        "severity": problem.severity.value,
        "message": problem.message,
    }


def render(problems: Sequence[Problem], fmt: Format, *, strict: bool, checked: int) -> str:
    """Everything printed on stdout for `problems`, in the chosen format ('' when none)."""
    if fmt is Format.JSON:
        errors = sum(1 for p in problems if p.severity is Severity.ERROR)
        document = {
            "checked": checked,
            "errors": errors,
            "warnings": len(problems) - errors,
            "strict": strict,
            "ok": not blocking(problems, strict),
            "problems": [as_dict(p) for p in problems],
        }
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if fmt is Format.GITHUB:
        lines = [github_line(p, strict) for p in problems]
    else:
        lines = [p.format() for p in problems]
    return "".join(line + "\n" for line in lines)


def summary(problems: Sequence[Problem], *, strict: bool, checked: int) -> str:
    """The closing line, for stderr."""
    if blocking(problems, strict):
        return tally(problems)
    noun = "case study" if checked == 1 else "case studies"
    return f"{checked} {noun} checked: {tally(problems)}"
