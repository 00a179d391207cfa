"""The pipeline: load → validate → enrich → render → write.

Everything is gathered before anything is written: cross-links need the whole catalogue, and a
failing file must stop the run with the output of the previous run intact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from time import perf_counter
from typing import TypeVar

from .enrich import Site, enrich
from .errors import Problem, ProblemsFound, Severity
from .load import RawDocument, iter_yaml, load_file
from .project import Project
from .render import Page, make_environment, render_site
from .validate import Located, validate_all
from .write import WriteReport, write_pages

T = TypeVar("T")


@dataclass
class Timings:
    """Seconds spent per stage, for benchmarks."""

    stages: dict[str, float] = field(default_factory=dict)

    def run(self, name: str, step: Callable[[], T]) -> T:
        start = perf_counter()
        try:
            return step()
        finally:
            self.stages[name] = self.stages.get(name, 0.0) + perf_counter() - start


def load_all(project: Project) -> tuple[list[RawDocument], list[Problem], set[str]]:
    """Every case-study file parsed; also the ids their file names promise."""
    docs: list[RawDocument] = []
    problems: list[Problem] = []
    files = list(iter_yaml(project.case_studies))
    for file in files:
        doc, found = load_file(file, project.display(file))
        problems += found
        if doc is not None:
            docs.append(doc)
    return docs, problems, {file.stem for file in files}


def check(
    project: Project, *, strict: bool = False, timings: Timings | None = None
) -> tuple[list[Located], list[Problem]]:
    """Load and validate; raise `ProblemsFound` when anything blocks the build."""
    t = timings or Timings()
    docs, problems, file_ids = t.run("load", lambda: load_all(project))
    catalogue, more = t.run("validate", lambda: validate_all(docs, file_ids))
    problems = sorted(problems + more)
    blocking = [p for p in problems if strict or p.severity is Severity.ERROR]
    if blocking:
        raise ProblemsFound(problems)
    return catalogue, problems


def generate(
    project: Project, *, strict: bool = False, timings: Timings | None = None
) -> tuple[Site, list[Page]]:
    """Everything but the write: the pure part of the pipeline over the loaded files."""
    t = timings or Timings()
    catalogue, _ = check(project, strict=strict, timings=t)
    site = t.run("enrich", lambda: enrich(catalogue))
    env = make_environment(project.templates)
    pages = t.run("render", lambda: render_site(site, env))
    return site, pages


def build(project: Project, *, strict: bool = False, timings: Timings | None = None) -> WriteReport:
    t = timings or Timings()
    _, pages = generate(project, strict=strict, timings=t)
    return t.run("write", lambda: write_pages(project.docs, pages))
