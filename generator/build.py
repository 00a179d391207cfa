"""The pipeline: load → validate → enrich → render → write.

Everything is gathered before anything is written: cross-links need the whole catalogue, and a
failing file must stop the run with the output of the previous run intact.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from time import perf_counter
from typing import TypeVar

from .commands.cheatsheet import cheat_sheet_pages
from .concepts import ConceptCatalogue, validate_links
from .edit_links import page_sources
from .enrich import Site, enrich
from .errors import Problem, ProblemsFound, Severity
from .load import RawDocument, iter_yaml, load_file
from .method_checklist import FILE as METHOD_FILE
from .method_checklist import FOLDER as METHOD_FOLDER
from .method_checklist import check_method, stray_file
from .models import MethodChecklist
from .project import Project
from .reference import reference_pages
from .render import Page, make_environment, render_site
from .sections import nav_groups
from .stamp import Manifest, fingerprint, read_current, stamp_page
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


def load_concepts(project: Project) -> tuple[list[RawDocument], list[Problem]]:
    """Every concept file parsed (case_studies/concepts/*.yaml)."""
    docs: list[RawDocument] = []
    problems: list[Problem] = []
    for file in iter_yaml(project.concepts):
        doc, found = load_file(file, project.display(file))
        problems += found
        if doc is not None:
            docs.append(doc)
    return docs, problems


def load_method(project: Project) -> tuple[RawDocument | None, list[Problem]]:
    """The method checklist (case_studies/method/checklist.yaml), if present.

    Other YAML files beside it are reported, since they would otherwise be silently ignored.
    """
    folder = project.case_studies / METHOD_FOLDER
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    doc: RawDocument | None = None
    problems: list[Problem] = []
    for file in files:
        if file.name == METHOD_FILE:
            doc, found = load_file(file, project.display(file))
            problems += found
        elif file.is_file() and file.suffix in (".yaml", ".yml"):
            problems.append(stray_file(project.display(file)))
    return doc, problems


def check(
    project: Project, *, strict: bool = False, timings: Timings | None = None
) -> tuple[list[Located], list[Problem]]:
    """Load and validate; raise `ProblemsFound` when anything blocks the build."""
    catalogue, _, _, problems = check_all(project, strict=strict, timings=timings)
    return catalogue, problems


def check_all(
    project: Project, *, strict: bool = False, timings: Timings | None = None
) -> tuple[list[Located], ConceptCatalogue, MethodChecklist | None, list[Problem]]:
    """`check`, also returning the concept catalogue and the method checklist."""
    t = timings or Timings()
    docs, problems, file_ids = t.run("load", lambda: load_all(project))
    concept_docs, more_loaded = t.run("load", lambda: load_concepts(project))
    catalogue, more = t.run("validate", lambda: validate_all(docs, file_ids))
    concepts, linked = t.run("validate", lambda: validate_links(catalogue, concept_docs))
    method_doc, method_loaded = t.run("load", lambda: load_method(project))
    method, method_checked = t.run("validate", lambda: check_method(method_doc, catalogue))
    problems = sorted(problems + more_loaded + more + linked + method_loaded + method_checked)
    blocking = [p for p in problems if strict or p.severity is Severity.ERROR]
    if blocking:
        raise ProblemsFound(problems)
    return catalogue, concepts, method, problems


def generate(
    project: Project, *, strict: bool = False, timings: Timings | None = None
) -> tuple[Site, list[Page]]:
    """Everything but the write: the pure part of the pipeline over the loaded files."""
    t = timings or Timings()
    catalogue, concepts, method, _ = check_all(project, strict=strict, timings=t)
    site = t.run("enrich", lambda: enrich(catalogue, concepts, method))
    env = make_environment(project.templates)
    pages = t.run(
        "render",
        lambda: [
            *render_site(site, env),
            *reference_pages(env),
            *cheat_sheet_pages(env, project, site.method),
        ],
    )
    return site, pages


@dataclass(frozen=True)
class Built:
    report: WriteReport
    manifest: Manifest


def build_site(project: Project, *, strict: bool = False, timings: Timings | None = None) -> Built:
    """Generate and write the pages, or do nothing when no input changed since the last run."""
    t = timings or Timings()
    key = t.run("stamp", lambda: fingerprint(project, f"strict={strict}"))
    current = t.run("stamp", lambda: read_current(project, key))
    if current is not None:  # nothing the pipeline reads has changed since the last run
        count, manifest = current
        return Built(WriteReport(written=(), unchanged=count, removed=()), manifest)
    site, pages = generate(project, strict=strict, timings=t)
    manifest = Manifest(sources=page_sources(pages), nav=nav_groups(site))
    pages.append(stamp_page(key, pages, manifest))
    return Built(t.run("write", lambda: write_pages(project.docs, pages)), manifest)


def build(project: Project, *, strict: bool = False, timings: Timings | None = None) -> WriteReport:
    return build_site(project, strict=strict, timings=timings).report
