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


def _print_problems(problems: list[Problem], err: bool) -> None:
    for problem in problems:
        click.echo(problem.format(), err=err)
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    warnings = len(problems) - errors
    if problems:
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=True)


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
        sys.exit(1)
    _print_problems(warnings, err=False)
    click.echo(f"{len(catalogue)} case studies checked, no errors", err=True)


def run() -> None:  # pragma: no cover - console entry for `python -m generator`
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    main()
