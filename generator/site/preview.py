"""Edit to preview in `mkdocs serve`: after an edit, build again only the pages it changed, and
the page the browser asks for first.

Stock `mkdocs serve` converts and renders every page after any change, which costs as much as a
full build. The plugin makes `Preview.rebuild` the server's builder instead. It runs the
generator with the serve run's build cache (only the edited file is loaded again, only pages
whose context changed are rendered), then reads the generated pages whose bytes changed and the
hand-written pages edited since, and marks them pending; the server reloads the browsers. A
pending page is converted and rendered with mkdocs's own page steps when it is first asked for
(`serving` wraps the server's request handler), so the reloaded page costs one page's work
however many pages show the edit; a background thread builds the others soon after, then writes
the search index from the entries kept in memory with those pages' replaced. No request is ever
answered with a stale page.

The rest of the site is what the last full build left, and stays right only while nothing an
unchanged page shows has changed; so anything else falls back to mkdocs's full build: the
navigation (titles, pages added, removed or moved), a page's tags (the tags page lists them),
`mkdocs.yml`, the theme's overrides, a hand-written file added or removed, or an edit that
touches most pages anyway. mkdocs 1.6.1 is the last 1.x release, so its page steps and the
server's handler stay put.
"""

from __future__ import annotations

import logging
import posixpath
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import _build_page
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.markup.paths import OWNED_FOLDERS
from generator.pipeline import generated
from generator.problems.problem import CasebookError, ProblemsFound, Severity, printable
from generator.project import Project
from generator.site.builder import prepare
from generator.site.nav import Nav
from generator.site.watch import snapshot
from generator.write.cache import BuildCache

log = logging.getLogger("mkdocs.plugins.casebook")
FULL = ("*",)  # what `Preview.rebuilt` holds after a full build
MOST = 0.5  # an edit changing more than this share of the pages is built in full


@dataclass(frozen=True)
class Built:
    """What a full build leaves in memory: enough to build single pages again."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: jinja2.Environment


@dataclass
class Preview:
    """The serve run's builder: the pages an edit changed, or the whole site when needed."""

    project: Project
    cache: BuildCache
    full_build: Callable[[], None]  # mkdocs serve's own builder
    last_build: Callable[[], Built | None]  # the state the plugin recorded at the last one
    nav: Nav = field(default_factory=list)
    fixed: dict[Path, int] = field(default_factory=dict)  # mkdocs.yml and the overrides
    handwritten: dict[Path, int] = field(default_factory=dict)
    rebuilt: tuple[str, ...] = FULL  # the pages the last rebuild changed (tests, the log)
    pending: dict[str, Page] = field(default_factory=dict)  # by the file each is written to
    lock: threading.RLock = field(default_factory=threading.RLock)
    delay: float = 0.3  # before the background thread builds what no browser asked for

    def __post_init__(self) -> None:
        self._remember()
        # A first build that found its pages current skipped the pipeline and left the cache
        # empty: fill it now, so that the first edit costs what it touches too.
        threading.Thread(target=self._warm, daemon=True).start()

    def _warm(self) -> None:
        with self.lock:
            try:
                generated(self.project, cache=self.cache)
            except (ProblemsFound, CasebookError, OSError):
                pass  # the next rebuild reports them

    def _remember(self) -> None:
        built = self.last_build()
        assert built is not None, "the first full build records its state"
        self.nav = built.config["nav"]
        self.fixed = _fixed(self.project, built.config)
        self.handwritten = _handwritten(self.project.docs)

    def rebuild(self) -> None:
        with self.lock:
            self._rebuild()
        if self.pending:
            threading.Thread(target=self._finish_later, daemon=True).start()

    def _rebuild(self) -> None:
        start = time.perf_counter()
        built = self.last_build()
        assert built is not None, "the first full build records its state"
        handwritten = _handwritten(self.project.docs)
        changed = self._edited(built, handwritten)
        if changed is None:
            return self._full()
        paths = self._generate()
        if paths is None:
            return None
        pages = _scope(built.files, [*paths, *changed])
        if pages is None or not _read(built, pages):
            return self._full()
        self.handwritten, self.rebuilt = handwritten, tuple(p.file.src_uri for p in pages)
        self.pending.update({p.file.dest_uri: p for p in pages})
        log.info("%d page(s) to build, found in %.2f s", len(pages), time.perf_counter() - start)
        return None

    def finish(self, path: str | None = None) -> None:
        """Build the pending page written to `path` (below the site), or every pending page."""
        with self.lock:
            built = self.last_build()
            if built is None:  # the run ended (mkdocs started another command)
                self.pending.clear()
                return
            wanted = list(self.pending) if path is None else [path] if path in self.pending else []
            for dest in wanted:
                _build(built, self.pending.pop(dest))
            if wanted and not self.pending:
                _write_search_index(built)

    def _finish_later(self) -> None:
        time.sleep(self.delay)  # the reloaded browser asks for its page first
        while True:
            with self.lock:
                if not self.pending:
                    return
                self.finish(next(iter(self.pending)))

    def serving(self, server: LiveReloadServer) -> Callable[..., Any]:
        """The server's request handler, building a pending page before serving it."""
        handle, mount = server._serve_request, server.mount_path

        def serve(environ: dict[str, Any], start_response: Any) -> Any:
            path = str(environ.get("PATH_INFO", ""))
            if (path + "/").startswith(mount) and self.pending:
                self.finish(_wanted(path[len(mount) :]))
            return handle(environ, start_response)

        return serve

    def _edited(self, built: Built, handwritten: dict[Path, int]) -> list[str] | None:
        """The hand-written pages edited since, or None when the site must be built in full."""
        if _fixed(self.project, built.config) != self.fixed or set(handwritten) != set(
            self.handwritten
        ):
            return None
        edited = [p for p, t in handwritten.items() if self.handwritten[p] != t]
        return [p.relative_to(self.project.docs).as_posix() for p in edited]

    def _generate(self) -> list[str] | None:
        """The generated files the edit changed; None when the generator found problems (the
        old pages stay, the next change tries again) or the navigation changed (then built in
        full here)."""
        try:
            prepared = prepare(self.project, cache=self.cache)
        except ProblemsFound as exc:
            for problem in exc.problems:
                report = log.error if problem.severity is Severity.ERROR else log.warning
                report(problem.format())
            return None
        except (CasebookError, OSError) as exc:
            log.error("cannot generate the pages: %s", printable(str(exc)))
            return None
        if prepared.nav != self.nav or prepared.report.removed:
            self._full()
            return None
        return [p for p in prepared.report.written if not Path(p).name.startswith(".")]

    def _full(self) -> None:
        self.pending.clear()  # a full build makes every page afresh
        self.full_build()
        self._remember()
        self.rebuilt = FULL


def _fixed(project: Project, config: MkDocsConfig) -> dict[Path, int]:
    overrides = config.theme.custom_dir
    return snapshot([project.mkdocs_config, *([Path(overrides)] if overrides else [])])


def _handwritten(docs: Path) -> dict[Path, int]:
    """docs/'s own files (the generated folders apart), with their modification times."""
    found = snapshot(p for p in docs.iterdir() if p.name not in OWNED_FOLDERS)
    return {p: t for p, t in found.items() if not p.name.startswith(".")}


def _scope(files: Files, changed: list[str]) -> list[Page] | None:
    """The pages to build again; other changed files are copied to the site here. None when
    a changed file is new to the site or the edit touches most pages."""
    pages: list[Page] = []
    for path in changed:
        file = files.get_file_from_path(path)
        if file is None:
            return None
        if file.page is None:
            _copy(file)
        else:
            pages.append(file.page)
    return None if len(pages) > MOST * len(files.documentation_pages()) else pages


def _copy(file: File) -> None:
    file.copy_file(dirty=False)


def _wanted(path: str) -> str | None:
    """The site file a request below the mount path reads, as the server finds it; None for
    the search index, which needs every pending page built."""
    rel = posixpath.normpath("/" + path + ("index.html" if path.endswith("/") or not path else ""))
    rel = rel.lstrip("/")
    return None if rel.startswith("search/") else rel


def _read(built: Built, pages: list[Page]) -> bool:
    """Read `pages` again (the Markdown, the plugins' `on_page_markdown`); False when one now
    shows another title or other tags than the navigation and the tags page have."""
    config, files = built.config, built.files
    for page in pages:
        shown = (page.title, page.meta.get("tags"))
        config._current_page = page
        try:
            page = config.plugins.on_pre_page(page, config=config, files=files)
            page.read_source(config)
            assert page.markdown is not None
            page.markdown = config.plugins.on_page_markdown(
                page.markdown, page=page, config=config, files=files
            )
        finally:
            config._current_page = None
        if (page.title, page.meta.get("tags")) != shown:
            return False
    _drop_search_entries(config, pages)
    return True


def _build(built: Built, page: Page) -> None:
    """The rest of mkdocs's `_populate_page` (convert, `on_page_content`), then `_build_page`."""
    config, files = built.config, built.files
    config._current_page = page
    try:
        page.render(config, files)
        assert page.content is not None
        page.content = config.plugins.on_page_content(
            page.content, page=page, config=config, files=files
        )
    finally:
        config._current_page = None
    _build_page(page, config, files.documentation_pages(), built.nav, built.env)


def _page_url(entry: dict[str, Any]) -> str:
    return str(entry["location"]).partition("#")[0]


def _search_plugin(config: MkDocsConfig) -> Any:
    """The search plugin holding the index in memory (mkdocs-material's), if one is on."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "entries"):
            return plugin
    return None


def _drop_search_entries(config: MkDocsConfig, pages: list[Page]) -> None:
    """Remove the entries of `pages` from the kept index: building them adds them again."""
    search = _search_plugin(config)
    if search is not None:
        urls = {p.url for p in pages}
        index = search.search_index
        index.entries = [e for e in index.entries if _page_url(e) not in urls]


def _write_search_index(built: Built) -> None:
    """The index as a full build writes it: every page's entries in the order of the files."""
    search = _search_plugin(built.config)
    if search is None:
        return
    rank = {f.page.url: i for i, f in enumerate(built.files.documentation_pages()) if f.page}
    search.search_index.entries.sort(key=lambda e: rank.get(_page_url(e), len(rank)))
    search.on_post_build(config=built.config)
