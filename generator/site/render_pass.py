"""mkdocs's second pass on every core: the later generated pages built in a forked child.

Once every page is converted, mkdocs builds one page after another: the theme around it, the
plugins' `on_page_context` (where the search plugin parses the page's HTML into its index) and
the file written. At a large catalogue that is a third of the build. So from the first page
mkdocs builds, children build the later runs of generated pages with mkdocs's own
`_build_page` (theme, plugins, file and all) and send back what this process must know of
them: the search index's new entries and what was logged. mkdocs still goes through every page
in order; at a page a child built, those are applied here, so the index and the log come out
as one process makes them. A child that failed leaves its pages to this process.

Only done when every plugin that sees a page being built is one whose per-page work leaves
nothing but the search entries (ours, the theme's search and tags): another plugin might keep
what it sees of each page, and a child's copy of that would be lost.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2
import mkdocs.commands.build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.fork import Children, shares
from generator.site.convert import child_capture, runs, source_uri
from generator.site.held import generated_pages

BuildPage = Callable[..., None]  # mkdocs's `_build_page`
Entries = list[dict[str, Any]]
KNOWN = ("generator.", "material.plugins.search.", "material.plugins.tags.")
EVENTS = ("page_context", "post_page")  # the plugin events of building one page


@dataclass(frozen=True)
class Rendered:
    """What building one page in a child left that this process needs."""

    entries: tuple[tuple[dict[str, Any], ...], ...]  # new entries of each search index
    logged: tuple[tuple[str, int, str], ...] = ()


@dataclass
class Renders:
    """mkdocs's `_build_page` replaced for one build; the children and their pages."""

    drop: Callable[[Page], None]  # forget what was held for a page built in a child
    original: BuildPage | None = None
    pending: list[Page] = field(default_factory=list)  # to share out at the first page
    children: Children[Page, Rendered] = field(default_factory=lambda: Children(source_uri))

    def install(self, config: MkDocsConfig, files: Files) -> None:
        """Build the later generated pages in children from the first page on, if that pays."""
        if self.original is not None or not hasattr(mkdocs_build, "_build_page"):
            return
        if not _known_plugins(config):
            return
        pages = generated_pages(files)
        if shares(pages) < 2:
            return
        self.pending, self.original = pages, mkdocs_build._build_page
        mkdocs_build._build_page = self.build_page

    def build_page(
        self,
        page: Page,
        config: MkDocsConfig,
        doc_files: Sequence[File],
        nav: Navigation,
        env: jinja2.Environment,
        dirty: bool = False,
        excluded: bool = False,
    ) -> None:
        """mkdocs's `_build_page`, or what a child made of it."""
        assert self.original is not None
        if self.pending:
            self._start(config, doc_files, nav, env)
        made = self.children.take(page)  # None: built here (a child's failed pages too)
        if made is None:
            self.original(page, config, doc_files, nav, env, dirty, excluded)
            return
        for name, level, message in made.logged:
            logging.getLogger(name).log(level, "%s", message)
        for index, entries in zip(_indexes(config), made.entries, strict=True):
            index.extend(entries)
        self.drop(page)

    def _start(
        self, config: MkDocsConfig, doc_files: Sequence[File], nav: Navigation, env: Any
    ) -> None:
        count = shares(self.pending)  # again: a thread started since would make forking unsafe
        every = [f.page for f in doc_files if f.page is not None]
        original, later = self.original, runs(self.pending, every, count) if count > 1 else []
        self.pending = []
        assert original is not None

        def work(page: Page) -> Rendered:
            capture = child_capture()
            capture.records = []
            indexes = _indexes(config)
            before = [len(index) for index in indexes]
            excluded = page.file.inclusion.is_excluded()  # type: ignore[no-untyped-call]
            original(page, config, doc_files, nav, env, False, excluded)
            new = tuple(tuple(index[n:]) for index, n in zip(indexes, before, strict=True))
            for index, n in zip(indexes, before, strict=True):
                del index[n:]  # sent, not kept
            return Rendered(new, tuple(capture.records))

        self.children.start(work, later)

    def stop(self) -> None:
        """The build ended (or failed): mkdocs's own `_build_page` again, no child left."""
        if self.original is not None and os.getpid() == self.children.owner:
            mkdocs_build._build_page = self.original
        self.children.stop()
        self.original, self.pending = None, []


def _known_plugins(config: MkDocsConfig) -> bool:
    methods = [m for event in EVENTS for m in config.plugins.events.get(event, [])]
    return all(type(getattr(m, "__self__", None)).__module__.startswith(KNOWN) for m in methods)


def _indexes(config: MkDocsConfig) -> list[Entries]:
    """The entry lists of the search plugins' indexes (mkdocs-material's keeps `entries`)."""
    found = []
    for plugin in config.plugins.values():
        entries = getattr(getattr(plugin, "search_index", None), "entries", None)
        if isinstance(entries, list):
            found.append(entries)
    return found
