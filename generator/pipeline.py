"""The pipeline: load → validate → enrich → render → write.

Everything is checked before anything is written in place: cross-links need the whole
catalogue, and a failing file must stop the run with the output of the previous run intact. A
build stages each page as it is made (write/writer.py) and commits them once nothing failed.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

from generator.commands.progress import Timings
from generator.enrich.sections import nav_groups
from generator.enrich.site import EnrichedCase, Site, enrich, enrich_case
from generator.fork import in_order, split_map
from generator.format.models import MethodChecklist
from generator.load import (
    RawDocument,
    SourceMap,
    is_yaml_name,
    list_folder,
    load_file,
    read_site_settings,
    read_site_text,
    site_files,
    yaml_files,
)
from generator.markup.markdown import site_markdown
from generator.markup.paths import OWNED_FOLDERS
from generator.problems.problem import Problem, ProblemsFound, Severity
from generator.project import Project
from generator.render.cheatsheet import cheat_sheet_pages
from generator.render.edit_links import with_edit_link
from generator.render.pages import Page, make_environment, render_site
from generator.render.reference import reference_pages
from generator.validate.catalogue import check_catalogue, check_categories, validate_document
from generator.validate.concepts import ConceptCatalogue, validate_links
from generator.validate.method import FILE as METHOD_FILE
from generator.validate.method import FOLDER as METHOD_FOLDER
from generator.validate.method import check_method, stray_file
from generator.validate.page_links import SitePages, check_page_links
from generator.validate.prose import ProseCheck, RelativeLink
from generator.validate.shape import Located
from generator.validate.tags import TAGS_FILE, check_tags
from generator.write.cache import BuildCache, file_digest
from generator.write.journal import recover
from generator.write.stamp import Manifest, fingerprint, read_current, stamp_page
from generator.write.writer import Stager, WriteReport, commit, discard

CASE_STUDY = "case study"  # the kind of file, as the prose checks name it


def _load_folder(
    project: Project, folder: Path
) -> tuple[list[RawDocument], list[Problem], list[Path]]:
    files, problems = yaml_files(folder, project.display)
    docs: list[RawDocument] = []
    for file in files:
        doc, found = load_file(file, project.display(file))
        problems += found
        if doc is not None:
            docs.append(doc)
    return docs, problems, files


def _concepts_folder(project: Project) -> Path | None:
    """case_studies/concepts/, or None when case_studies/ is a link: that is reported once,
    for the folder that holds it."""
    return None if project.case_studies.is_symlink() else project.concepts


def load_concepts(project: Project) -> tuple[list[RawDocument], list[Problem]]:
    """Every concept file parsed (case_studies/concepts/*.yaml)."""
    folder = _concepts_folder(project)
    if folder is None:
        return [], []
    docs, problems, _ = _load_folder(project, folder)
    return docs, problems


@dataclass(frozen=True)
class Read:
    """One source file loaded and checked on its own: what a cache keeps while its bytes stay."""

    doc: RawDocument | None
    problems: tuple[Problem, ...]  # of loading and of the file's own rules
    prose: tuple[Problem, ...] = ()
    links: tuple[RelativeLink, ...] = ()
    item: Located | None = None  # a case study, as far as it is valid
    complete: bool = False  # the whole case study is valid


def _read(project: Project, file: Path, kind: str, prose: ProseCheck) -> Read:
    doc, problems = load_file(file, project.display(file))
    if doc is None:
        return Read(None, tuple(problems))
    item, complete = None, False
    if kind == CASE_STUDY:
        item, complete, more = validate_document(doc)
        problems += more
    start = len(prose.links)
    found = prose.check(doc, kind)
    return Read(doc, tuple(problems), tuple(found), tuple(prose.links[start:]), item, complete)


def _read_folder(
    project: Project, folder: Path, kind: str, prose: ProseCheck, cache: BuildCache | None
) -> tuple[list[Read], list[Problem], list[Path]]:
    """Every file of `folder` read; with a `cache`, only those whose bytes changed."""
    files, problems = yaml_files(folder, project.display)
    if cache is None:  # a cold build: every file, on every core
        return (
            split_map(functools.partial(_cold_read, project, kind, prose), files),
            problems,
            files,
        )
    reads: list[Read] = []
    for file in files:

        def compute() -> Read:
            return _read(project, file, kind, prose)  # noqa: B023

        reads.append(cache.files.get(project.display(file), file, compute))
    return reads, problems, files


def _cold_read(project: Project, kind: str, prose: ProseCheck, file: Path) -> Read:
    """A file read for one build: the checks across files need only a case study's model and
    positions from here on."""
    read = _read(project, file, kind, prose)
    return _positions_only(read) if kind == CASE_STUDY else read


def load_method(
    project: Project,
) -> tuple[RawDocument | None, RawDocument | None, list[Problem]]:
    """The method checklist and the tag vocabulary (case_studies/method/), each if present.

    Other YAML files beside them are reported, since they would otherwise be silently ignored.
    """
    folder = project.case_studies / METHOD_FOLDER
    if project.case_studies.is_symlink():
        return None, None, []
    files, problems = list_folder(folder, project.display(folder))
    docs: dict[str, RawDocument | None] = {METHOD_FILE: None, TAGS_FILE: None}
    for file in files:
        if file.name in docs:
            docs[file.name], found = load_file(file, project.display(file))
            problems += found
        elif is_yaml_name(file) and not file.is_dir():
            problems.append(stray_file(project.display(file)))
    return docs[METHOD_FILE], docs[TAGS_FILE], problems


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while the catalogue is loaded and validated.

    Loading makes many objects and no garbage cycles, but each of the collector's full passes
    walked every object loaded so far, so loading grew faster than the number of files.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class Checked:
    """What validation gives the later stages, and what it found."""

    catalogue: list[Located]
    concepts: ConceptCatalogue
    method: MethodChecklist | None
    problems: list[Problem]
    links: list[RelativeLink]  # relative links of the prose, checked against the pages later


def _blocking(problems: list[Problem], strict: bool) -> bool:
    return any(strict or p.severity is Severity.ERROR for p in problems)


def validated(
    project: Project,
    *,
    strict: bool = False,
    timings: Timings | None = None,
    cache: BuildCache | None = None,
) -> Checked:
    """Load and validate every file; raise `ProblemsFound` when anything blocks the build.

    With a `cache`, a file whose bytes did not change since the last build is neither loaded
    nor checked again: only the rules across files run anew.
    """
    with collector_paused():  # the checks across files too: they walk what was loaded
        return _validated(project, strict, timings or Timings(), cache)


def _validated(project: Project, strict: bool, t: Timings, cache: BuildCache | None) -> Checked:
    if cache is not None:
        cache.files.start(file_digest(project.mkdocs_config))
    prose = ProseCheck(project.mkdocs_config)
    cases, problems, files = t.run(
        "load", lambda: _read_folder(project, project.case_studies, CASE_STUDY, prose, cache)
    )
    concept_reads, more_loaded, concept_files = t.run(
        "load", lambda: _concept_reads(project, prose, cache)
    )
    catalogue = [r.item for r in cases if r.item is not None and r.complete]
    partial = [r.item for r in cases if r.item is not None and not r.complete]
    more = t.run(
        "validate",
        lambda: [
            *check_catalogue([*catalogue, *partial], {f.stem for f in files}),
            *check_categories(catalogue, partial),
        ],
    )
    concept_docs = [r.doc for r in concept_reads if r.doc is not None]
    concepts, linked = t.run(
        "validate", lambda: validate_links([*catalogue, *partial], concept_docs)
    )
    method_doc, tags_doc, method_loaded = t.run("load", lambda: load_method(project))
    method, method_checked = t.run("validate", lambda: check_method(method_doc, catalogue))
    _, tagged = t.run("validate", lambda: check_tags(catalogue, tags_doc))
    start = len(prose.links)
    method_prose = prose.check(method_doc, "method") if method_doc is not None else []
    if cache is not None:  # files deleted or renamed since the last build are forgotten
        cache.files.keep(project.display(f) for f in (*files, *concept_files))
    reads = [*cases, *concept_reads]
    problems += [p for r in reads for p in r.problems]
    problems += more_loaded + more + linked + method_loaded + method_checked + tagged
    # The input checks may have named a field's link already (CS111 of a `source`): once is enough.
    seen = {(p.path, p.line, p.col, p.code) for p in problems}
    prose_found = [*(p for r in reads for p in r.prose), *method_prose]
    problems = sorted(
        problems + [p for p in prose_found if (p.path, p.line, p.col, p.code) not in seen]
    )
    if _blocking(problems, strict):
        raise ProblemsFound(problems)
    links = [*(link for r in reads for link in r.links), *prose.links[start:]]
    if cache is None:  # a cache keeps the files' data for the next build's checks across files
        catalogue = [_without_data(item) for item in catalogue]
    return Checked(catalogue, concepts, method, problems, links)


def _positions_only(read: Read) -> Read:
    """A case study's read without the file's loaded data, once the file's own rules have run:
    at catalogue scale the data is a third of the memory. The positions stay (`SourceMap`
    works them out from the text, should a check across files find a problem)."""
    if read.doc is None or read.item is None:
        return read
    doc = RawDocument(read.doc.path, {}, read.doc.source)
    return replace(read, doc=doc, item=replace(read.item, doc=doc))


def _without_data(item: Located) -> Located:
    """A validated case study without its file's text: the later stages read the model and
    the path only."""
    return replace(item, doc=RawDocument(item.doc.path, {}, SourceMap()))


def _concept_reads(
    project: Project, prose: ProseCheck, cache: BuildCache | None
) -> tuple[list[Read], list[Problem], list[Path]]:
    folder = _concepts_folder(project)
    if folder is None:
        return [], [], []
    return _read_folder(project, folder, "concept", prose, cache)


def check(
    project: Project, *, strict: bool = False, timings: Timings | None = None
) -> tuple[list[Located], list[Problem]]:
    """Load and validate; raise `ProblemsFound` when anything blocks the build."""
    checked = validated(project, strict=strict, timings=timings)
    return checked.catalogue, checked.problems


def check_all(
    project: Project, *, strict: bool = False, timings: Timings | None = None
) -> tuple[list[Located], ConceptCatalogue, MethodChecklist | None, list[Problem]]:
    """`check`, also returning the concept catalogue and the method checklist."""
    c = validated(project, strict=strict, timings=timings)
    return c.catalogue, c.concepts, c.method, c.problems


@dataclass(frozen=True)
class Generated:
    site: Site
    pages: list[Page]
    problems: list[Problem]  # warnings only: anything blocking was raised


class Made(Protocol):
    @property
    def path(self) -> str: ...  # below docs/


M = TypeVar("M", bound=Made)


class Keep(Protocol[M]):
    """What the pipeline keeps of each page as it is made, and how it reads its text back."""

    def __call__(self, page: Page) -> M: ...

    def text(self, made: M) -> str: ...


class Held:
    """Each page kept whole, in memory."""

    def __call__(self, page: Page) -> Page:
        return page

    def text(self, made: Page) -> str:
        return made.text


def _site_pages(project: Project, made: list[M], keep: Keep[M]) -> SitePages:
    files = site_files(project.docs, OWNED_FOLDERS)
    return SitePages(
        generated={page.path: functools.partial(keep.text, page) for page in made},
        hand_written={
            path: functools.partial(read_site_text, file) for path, file in files.items()
        },
        md=site_markdown(project.mkdocs_config),
    )


def _enrichment(item: Located) -> dict[str, Any]:
    """What `enrich_case` adds to a case study's model: what a forked child sends back (the
    parent holds the model already, and a copy of it would double its memory)."""
    made = enrich_case(item)
    return {f.name: getattr(made, f.name) for f in fields(made) if f.name != "model"}


def _enrich_cold(checked: Checked) -> Site:
    """A cold build's enrichment: each case study's own part on every core."""
    parts = split_map(_enrichment, checked.catalogue)
    made = {
        i.case.id: EnrichedCase(model=i.case, **p)
        for i, p in zip(checked.catalogue, parts, strict=True)
    }
    return enrich(
        checked.catalogue, checked.concepts, checked.method, per_case=lambda i: made[i.case.id]
    )


def _enrich(checked: Checked, cache: BuildCache | None) -> Site:
    if cache is None:
        return _enrich_cold(checked)
    site = enrich(
        checked.catalogue,
        checked.concepts,
        checked.method,
        per_case=lambda item: cache.cases.get(item, enrich_case),
        graphs=lambda key, compute: cache.keyed.get("links", key, compute),
    )
    cache.cases.keep(checked.catalogue)
    return replace(site, concepts=cache.same("concepts", site.concepts))


def _render(
    project: Project, site: Site, cache: BuildCache | None, then: Callable[[Page], M]
) -> list[M]:
    """`then` of every page, as each is made; with a `cache`, only the pages whose context
    changed are rendered again."""
    env = (
        make_environment(project.templates)
        if cache is None
        else cache.environment(project.templates)
    )
    made = [
        *render_site(site, env, then, each=split_map if cache is None else in_order),
        *map(then, reference_pages(env)),
        *map(then, cheat_sheet_pages(env, project, site.method)),
    ]
    if cache is not None:
        cache.pages.keep(page.path for page in made)
    return made


def _generated(
    project: Project,
    keep: Keep[M],
    *,
    strict: bool,
    timings: Timings | None,
    cache: BuildCache | None,
) -> tuple[Site, list[M], list[Problem]]:
    """Everything but the commit of the write, and the problems only the rendered pages show
    (CS304); what is kept of each page is `keep`'s."""
    t = timings or Timings()
    checked = validated(project, strict=strict, timings=t, cache=cache)
    settings = read_site_settings(project.mkdocs_config)

    def then(page: Page) -> M:
        return keep(with_edit_link(page, settings, root=project.root, docs_dir=project.docs))

    # What was loaded, and then what enrichment adds, lives to the end: frozen, the collector's
    # passes while rendering skip it (each full pass over a large catalogue's models took 0.2 s).
    gc.freeze()
    try:
        site = t.run("enrich", lambda: _enrich(checked, cache))
        gc.freeze()
        made = t.run("render", lambda: _render(project, site, cache, then))
    finally:
        gc.unfreeze()
    a_case = site.order[0] if site.order else None
    linked = t.run(
        "validate",
        lambda: (
            list(check_page_links(checked.links, _site_pages(project, made, keep), a_case))
            if checked.links
            else []
        ),
    )
    problems = sorted(checked.problems + linked)
    if _blocking(linked, strict):
        raise ProblemsFound(problems)
    return site, made, problems


def generated(
    project: Project,
    *,
    strict: bool = False,
    timings: Timings | None = None,
    cache: BuildCache | None = None,
) -> Generated:
    """Everything but the write, and the problems only the rendered pages show (CS304).

    A long-lived run passes the same `cache` to every call (see write/cache.py)."""
    site, pages, problems = _generated(project, Held(), strict=strict, timings=timings, cache=cache)
    return Generated(site, pages, problems)


def generate(
    project: Project,
    *,
    strict: bool = False,
    timings: Timings | None = None,
    cache: BuildCache | None = None,
) -> tuple[Site, list[Page]]:
    """Everything but the write: the pure part of the pipeline over the loaded files."""
    done = generated(project, strict=strict, timings=timings, cache=cache)
    return done.site, done.pages


def problems_of(project: Project, *, timings: Timings | None = None) -> list[Problem]:
    """Every problem `casebook validate` reports, those of the rendered pages included."""
    try:
        checked = validated(project, timings=timings)
        if not checked.links:  # nothing needs the rendered pages
            return checked.problems
        return generated(project, timings=timings).problems
    except ProblemsFound as exc:
        return exc.problems


@dataclass(frozen=True)
class Built:
    report: WriteReport
    manifest: Manifest


def build_site(
    project: Project,
    *,
    strict: bool = False,
    timings: Timings | None = None,
    cache: BuildCache | None = None,
) -> Built:
    """Generate and write the pages, or do nothing when no input changed since the last run.

    A long-lived run (`casebook watch`, `mkdocs serve`) passes the same `cache` to every build.
    """
    t = timings or Timings()
    # A build killed in the middle left a journal or temporary files: finish or undo that
    # first, so that even the no-op path below starts from a complete output.
    t.run("stamp", lambda: recover(project.docs))
    key = t.run("stamp", lambda: fingerprint(project, f"strict={strict}"))
    current = t.run("stamp", lambda: read_current(project, key))
    if current is not None:  # nothing the pipeline reads has changed since the last run
        count, manifest = current
        return Built(WriteReport(written=(), unchanged=count, removed=()), manifest)
    # Each page is staged as it is made, and the build holds only where it went: a large
    # catalogue's pages are never all in memory.
    stage = Stager(project.docs)
    try:
        site, staged, _ = _generated(project, stage, strict=strict, timings=t, cache=cache)
        manifest = Manifest(pages=tuple(sorted(s.path for s in staged)), nav=nav_groups(site))
        staged.append(stage(stamp_page(key, {s.path: s.digest for s in staged}, manifest)))
    except BaseException:
        discard(project.docs)
        raise
    return Built(t.run("write", lambda: commit(project.docs, staged)), manifest)


def build(project: Project, *, strict: bool = False, timings: Timings | None = None) -> WriteReport:
    return build_site(project, strict=strict, timings=timings).report
