"""The `casebook` command line. User errors print as text with no traceback."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from generator.commands import progress, scaffold, scope
from generator.commands.checklist import FORMATTERS, Format, find_step, select
from generator.commands.export import export_text
from generator.enrich.site import enrich
from generator.format.steps import StepInfo
from generator.load import is_regular, iter_yaml
from generator.markup.paths import TMP_PREFIX
from generator.pipeline import check_all, generate, problems_of
from generator.problems import report as reporting
from generator.problems.hints import did_you_mean
from generator.problems.problem import CasebookError, Problem, ProblemsFound, printable
from generator.project import Project
from generator.render import schema
from generator.site.builder import prepare
from generator.site.finish import finish_site
from generator.site.watch import watch as watch_sources
from generator.write.cache import BuildCache

F = TypeVar("F", bound=Callable[..., Any])


def _fail(message: str) -> NoReturn:
    click.echo(f"error: {printable(message)}", err=True)
    sys.exit(1)


def _existing_root(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    if not value.is_dir():  # else every command would see an empty catalogue and pass
        _fail(f"--root {value.as_posix()}: no such folder")
    return value


def _root_option(func: F) -> F:
    return click.option(
        "--root",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default=True,
        callback=_existing_root,
        help="Project folder holding case_studies/, templates/ and docs/.",
    )(func)


def _project(root: Path) -> Project:
    """The project at `root`, which must hold a case_studies/ folder."""
    project = Project.at(root)
    if not project.case_studies.is_dir() and not project.case_studies.is_symlink():
        _fail(f"no case_studies/ folder in {root.as_posix()}; is --root the project folder?")
    return project


def _os_error(exc: OSError) -> str:
    """`Permission denied: docs/case-studies`: the system's reason, and where."""
    if exc.filename is None:
        return str(exc.strerror or exc)
    where = Path(os.fsdecode(exc.filename))
    if where.name.startswith(TMP_PREFIX):  # our temporary file: the folder is what matters
        where = where.parent
    return f"{exc.strerror or exc}: {where.as_posix()}"


def _print_problems(problems: list[Problem], err: bool) -> None:
    for problem in problems:
        click.echo(problem.format(), err=err)


@contextlib.contextmanager
def _exit_on_user_errors() -> Iterator[None]:
    """Contributor problems and other user errors: printed on stderr, exit status 1."""
    try:
        yield
    except ProblemsFound as exc:
        _print_problems(exc.problems, err=True)
        click.echo(reporting.tally(exc.problems), err=True)
        sys.exit(1)
    except CasebookError as exc:
        _fail(str(exc))
    except OSError as exc:  # a read-only docs/, a full disk: the system's word, no traceback
        _fail(_os_error(exc))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="system-design-casebook")
def main() -> None:
    """Build and check the System Design Casebook."""


@main.command()
@_root_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def build(root: Path, strict: bool) -> None:
    """Generate the Markdown pages under docs/ from case_studies/.

    Writes only files whose contents changed, only inside the generated folders, then
    casebook-site.yml: mkdocs.yml plus the generated navigation, for site builders that run
    no mkdocs plugins. Nothing is written when any case study has a problem.

    \b
    Examples:
      casebook build && mkdocs build --strict
      casebook build && zensical build -f casebook-site.yml
    """
    with _exit_on_user_errors():
        report = prepare(_project(root), strict=strict, timings=progress.timings()).report
    click.echo(
        f"{len(report.written)} written, {report.unchanged} unchanged, "
        f"{len(report.removed)} removed"
    )


@main.command()
@_root_option
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def watch(root: Path, strict: bool) -> None:
    """Regenerate the pages whenever a case study, concept, template or mkdocs.yml changes.

    For the preview server of a builder that runs no mkdocs plugins; stop it with Ctrl-C.

    \b
    Example:
      casebook watch & zensical serve -f casebook-site.yml
    """
    project = Project.at(root)
    cache = BuildCache()  # only what an edit touches is loaded and rendered again

    def rebuild() -> None:
        try:
            report = prepare(project, strict=strict, cache=cache).report
        except ProblemsFound as exc:
            _print_problems(exc.problems, err=True)
            return
        if report.written or report.removed:
            click.echo(f"{len(report.written)} written, {len(report.removed)} removed")

    with contextlib.suppress(KeyboardInterrupt):
        watch_sources(project, rebuild)


@main.command()
@_root_option
@click.argument(
    "site_dir", type=click.Path(exists=True, file_okay=False, path_type=Path), default="site"
)
def finish(root: Path, site_dir: Path) -> None:
    """Finish a built site: search entries per checklist item, the last-updated date and
    reading time of case studies, breakable identifiers.

    Works on what mkdocs-material or Zensical built (their search indexes differ; both are
    handled). Files are rewritten only when they change, so it can run again.

    \b
    Example:
      mkdocs build --strict && casebook finish site
    """
    with _exit_on_user_errors():
        done = finish_site(site_dir, Project.at(root))
    click.echo(
        f"{done.entries} checklist entries added to the search index, {done.pages} pages finished"
    )


@main.command()
@_root_option
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in reporting.Format]),
    default=reporting.Format.TEXT.value,
    show_default=True,
    help="text: path:line:col: CODE message; json: one document; "
    "github: annotations on the pull request's diff.",
)
def validate(root: Path, paths: tuple[Path, ...], strict: bool, fmt: str) -> None:
    """Check the case studies and print every problem as path:line:col: CODE message.

    With PATHS (case-study files or folders), only their problems are printed; the whole
    catalogue is still read, so links between case studies are checked against all of them.
    A summary goes to stderr. Exit status: 0 when clean (warnings allowed unless --strict),
    1 when there are problems, 2 on usage errors.

    \b
    Examples:
      casebook validate
      casebook validate case_studies/online-judge.yaml
      casebook validate --strict --format github      # in CI
      casebook validate --format json > problems.json
    """
    project = _project(root)
    try:
        selected = scope.scope_of(project, paths)
    except scope.OutOfScope as exc:
        raise click.BadParameter(str(exc), param_hint="PATHS") from None
    with _exit_on_user_errors():
        problems = problems_of(project, timings=progress.timings())
    checked = sum(1 for file in iter_yaml(project.case_studies) if is_regular(file))
    if selected is not None:
        problems, checked = selected.select(problems), selected.count()
    output_format = reporting.Format(fmt)
    click.echo(reporting.render(problems, output_format, strict=strict, checked=checked), nl=False)
    click.echo(reporting.summary(problems, strict=strict, checked=checked), err=True)
    sys.exit(1 if reporting.blocking(problems, strict) else 0)


@main.command()
@_root_option
@click.argument("case_id", metavar="ID")
@click.option(
    "--title", required=True, help='Page title, for example "Design an online code judge".'
)
def new(root: Path, case_id: str, title: str) -> None:
    """Start a case study: write case_studies/ID.yaml from the commented scaffold.

    ID is a lowercase slug (a-z, digits, single hyphens). Every field of the format is in the
    new file with a one-line hint; it validates as written, and `casebook validate` lists the
    TODO placeholders left in it (CS501) until they are all replaced. An existing file is
    never overwritten.

    \b
    Example:
      casebook new online-judge --title "Design an online code judge"
      casebook validate case_studies/online-judge.yaml
    """
    project = Project.at(root)
    for check_argument, value, hint in (
        (scaffold.check_id, case_id, "ID"),
        (scaffold.check_title, title, "'--title'"),
    ):
        try:
            check_argument(value)
        except scaffold.InvalidArgument as exc:
            raise click.BadParameter(str(exc), param_hint=hint) from None
    with _exit_on_user_errors():
        target = scaffold.new_case_study(project, case_id, title)
    shown = project.display(target)
    click.echo(f"created {shown}")
    click.echo(
        f"next: replace its TODOs (`casebook validate {shown}` lists them), "
        "preview with `make serve`",
        err=True,
    )


@main.command(name="schema")
@_root_option
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Write nothing; exit 1 if the committed schema differs from the models.",
)
def schema_command(root: Path, check_only: bool) -> None:
    """Write the JSON Schemas of the format to schema/ (case studies and concepts).

    Editors use them for completion and inline errors: every case study's first line points at
    one (`# yaml-language-server: $schema=../schema/case-study.schema.json`). The files are
    generated from the models; commit them whenever the models change.

    \b
    Examples:
      casebook schema            # after changing generator/format/models.py
      casebook schema --check    # in CI: are the committed files current?
    """
    project = Project.at(root)
    if check_only:
        stale = schema.stale(project)
        for entry in stale:
            click.echo(
                f"{entry.path} differs from the models; run `{schema.REGENERATE}` and commit it",
                err=True,
            )
        if stale:
            sys.exit(1)
        click.echo("schemas are up to date")
        return
    written = schema.write_schemas(project)
    for entry in schema.SCHEMAS:
        click.echo(f"{'wrote' if entry in written else 'unchanged'} {entry.path}")


@main.command()
@_root_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of stdout.",
)
def export(root: Path, output: Path | None) -> None:
    """Print the whole validated catalogue, with computed fields, as JSON.

    Every case study as validated, plus what the generator computes from it, with keys
    sorted so that the same catalogue always gives the same bytes. Nothing is exported
    when a case study has an error.

    \b
    Examples:
      casebook export > catalogue.json
      casebook export -o build/catalogue.json
    """
    with _exit_on_user_errors():
        site, _ = generate(_project(root), timings=progress.timings())
    text = export_text(site)
    if output is None:
        click.echo(text, nl=False)
        return
    with _exit_on_user_errors():
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8", newline="\n")
    click.echo(f"wrote {printable(output.as_posix())}", err=True)


def _parse_step(ctx: click.Context, param: click.Parameter, value: str | None) -> StepInfo | None:
    if value is None:
        return None
    step = find_step(value)
    if step is None:
        raise click.BadParameter(
            f"'{value}' is not a step: use 1 to 7 or a step's name, such as estimation or "
            "high-level-design"
        )
    return step


@main.command()
@_root_option
@click.argument("query", nargs=-1)
@click.option(
    "--step",
    callback=_parse_step,
    metavar="N|NAME",
    help="Only this step: 1 to 7, or its name (estimation, high-level-design, ...).",
)
@click.option("--tag", metavar="TAG", help="Only items with this tag, for example availability.")
@click.option(
    "--case",
    "case_id",
    metavar="ID",
    help="One case study's checklist as its page shows it: the method's questions, "
    "its own items and the derived ones.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in Format]),
    default="text",
    show_default=True,
    help="markdown prints a task list to paste into an issue or a pull request.",
)
def checklist(
    root: Path,
    query: tuple[str, ...],
    step: StepInfo | None,
    tag: str | None,
    case_id: str | None,
    fmt: str,
) -> None:
    """Print the checklist items that match QUERY, each with where it comes from.

    Every word of QUERY must appear in the item's text, tags, id or case-study title (in any
    case). Without --case, the method's questions are listed once, followed by every case
    study's own items and the items derived from its data. Ids are stable: the same item has
    the same id on the site, in the JSON and here.

    Exit status: 0 with the items (none is not an error), 1 when the case studies have errors,
    2 on usage errors (unknown step, tag or case study).

    \b
    Examples:
      casebook checklist single point of failure
      casebook checklist --step 2 --tag capacity
      casebook checklist --case url-shortener --step 7 --format markdown
      casebook checklist --format json > items.json
    """
    with _exit_on_user_errors():
        catalogue, concepts, method, _ = check_all(_project(root), timings=progress.timings())
    site = enrich(catalogue, concepts, method)
    cases = [site.cases[cid].model for cid in site.order]
    case = site.cases[case_id].model if case_id in site.cases else None
    if case_id is not None and case is None:
        raise click.BadParameter(
            f"'{case_id}' is not a case study{did_you_mean(case_id, site.order)}",
            param_hint="'--case'",
        )
    tags = sorted({t for item in site.checklists for t in item.tags})
    if tag is not None and tag not in tags:
        raise click.BadParameter(
            f"no item has the tag '{tag}'{did_you_mean(tag, tags)}", param_hint="'--tag'"
        )
    items = select(method, cases, words=query, step=step, tag=tag, case=case)
    click.echo(FORMATTERS[Format(fmt)](items), nl=False)
    click.echo(reporting.plural(len(items), "item"), err=True)


def _output_option(func: F) -> F:
    return click.option(
        "-o",
        "--output",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("dist"),
        show_default=True,
        help="Folder to write into (created if missing).",
    )(func)


def _case_option(what: str) -> Callable[[F], F]:
    return click.option("--case", "case_id", metavar="ID", help=f"Only this case study's {what}.")


def _echo_written(paths: list[Path]) -> None:
    for path in paths:
        click.echo(f"wrote {path.as_posix()}")


@main.command()
@_root_option
@_output_option
@_case_option("PDF")
def pdf(root: Path, output: Path, case_id: str | None) -> None:
    """Write the casebook as PDF: casebook.pdf and one <id>.pdf per case study.

    The whole casebook has a cover, a table of contents with page numbers and a bookmark for
    every case study, step and section. Diagrams are vector graphics with real text. Needs
    Chromium (/usr/bin/chromium, or CASEBOOK_CHROMIUM); nothing is downloaded. With
    SOURCE_DATE_EPOCH set, the same sources give the same bytes.

    \b
    Examples:
      casebook pdf                          # dist/casebook.pdf and dist/<id>.pdf
      casebook pdf --case url-shortener -o build
    """
    from generator.exports.pdf import export_pdfs

    with _exit_on_user_errors():
        _echo_written(export_pdfs(Project.at(root), case_id, output, progress.timings()))


@main.command()
@_root_option
@_output_option
@click.option("--no-check", is_flag=True, help="Do not run epubcheck on the book written.")
def epub(root: Path, output: Path, no_check: bool) -> None:
    """Write the whole casebook as an EPUB 3 book (casebook.epub) and check it with epubcheck.

    One chapter per case study, a navigation document down to the steps, diagrams as SVG,
    and metadata. Needs Chromium to draw the diagrams and epubcheck (a Debian package) to
    check the result; any error it reports fails the command.

    \b
    Examples:
      casebook epub                 # dist/casebook.epub
      casebook epub -o build --no-check
    """
    from generator.exports.epub import export_epub

    with _exit_on_user_errors():
        _echo_written([export_epub(Project.at(root), output, not no_check, progress.timings())])


@main.command()
@_root_option
@_output_option
def anki(root: Path, output: Path) -> None:
    """Write an Anki deck of the whole casebook (casebook.apkg).

    A parent deck with the method's checklist, and one deck per case study with its
    clarifying questions, decisions, estimates (figure, formula and assumptions) and its own
    checklist per step. Notes keep their ids across editions: importing a newer deck updates
    the cards instead of adding copies.

    \b
    Example:
      casebook anki                 # dist/casebook.apkg; import it in Anki (File > Import)
    """
    from generator.exports.anki import export_anki

    with _exit_on_user_errors():
        _echo_written([export_anki(Project.at(root), output, progress.timings())])


@main.command()
@_root_option
@_output_option
def cheatsheet(root: Path, output: Path) -> None:
    """Write the cheat sheet as a one-page PDF (cheat-sheet.pdf).

    The seven steps with their purpose, first questions and time budget, the estimation
    conventions, rules of thumb computed by the estimate engine, and latency numbers. The
    same sheet is a page of the site (reference/cheat-sheet.md, written by `casebook build`).

    \b
    Example:
      casebook cheatsheet           # dist/cheat-sheet.pdf
    """
    from generator.exports.cheatsheet_pdf import export_cheat_sheet

    with _exit_on_user_errors():
        _echo_written([export_cheat_sheet(Project.at(root), output, progress.timings())])


def run() -> None:  # pragma: no cover - console entry for `python -m generator`
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    main()
