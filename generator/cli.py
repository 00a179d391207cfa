"""The `casebook` command line. User errors print as text with no traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .build import build as run_build
from .build import check
from .errors import CasebookError, Problem, ProblemsFound, Severity
from .project import Project

F = TypeVar("F", bound=Callable[..., Any])


def _root_option(func: F) -> F:
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        help="Project folder holding case_studies/, templates/ and docs/.",
    )(func)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _tally(problems: list[Problem]) -> str:
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    return f"{_plural(errors, 'error')}, {_plural(len(problems) - errors, 'warning')}"


def _print_problems(problems: list[Problem], err: bool) -> None:
    for problem in problems:
        click.echo(problem.format(), err=err)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="system-design-casebook")
def main() -> None:
    """Build and check the System Design Casebook."""


@main.command()
@_root_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def build(root: Path, strict: bool) -> None:
    """Generate the Markdown pages under docs/ from case_studies/.

    Writes only files whose contents changed, only inside the generated folders. Nothing is
    written when any case study has a problem.

    \b
    Example:
      casebook build && mkdocs build --strict
    """
    try:
        report = run_build(Project.at(root), strict=strict)
    except ProblemsFound as exc:
        _print_problems(exc.problems, err=True)
        click.echo(_tally(exc.problems), err=True)
        sys.exit(1)
    except CasebookError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(
        f"{len(report.written)} written, {report.unchanged} unchanged, "
        f"{len(report.removed)} removed"
    )


@main.command()
@_root_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(root: Path, strict: bool) -> None:
    """Check every case study and print every problem as path:line:col: CODE message.

    Exit status: 0 when clean, 1 when there are problems, 2 on usage errors.

    \b
    Example:
      casebook validate --strict
    """
    try:
        catalogue, warnings = check(Project.at(root), strict=strict)
    except ProblemsFound as exc:
        _print_problems(exc.problems, err=False)
        click.echo(_tally(exc.problems), err=True)
        sys.exit(1)
    _print_problems(warnings, err=False)
    studies = "case study" if len(catalogue) == 1 else "case studies"
    click.echo(f"{len(catalogue)} {studies} checked: {_tally(warnings)}", err=True)


def run() -> None:  # pragma: no cover - console entry for `python -m generator`
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    main()
