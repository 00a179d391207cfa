"""The mkdocs plugin: runs the generator before every build and watches its sources in serve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.pipeline import build_site
from generator.site.search import index_site
from generator.site.edit_links import edit_urls
from generator.problems.problem import ProblemsFound
from generator.site.nav import group_by_category
from generator.site.page_meta import last_updated, meta_for, with_meta
from generator.site.wrap import wrap_identifiers
from generator.project import Project
from generator.enrich.sections import CASES_FOLDER, NavGroup
from generator.write.writer import OWNED_FOLDERS

log = get_plugin_logger("casebook")


class CasebookPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.project = Project.at(Path(config.config_file_path).resolve().parent)
        self.edit_urls: dict[str, str | None] = {}  # generated page → its source's edit link
        self.nav_groups: tuple[NavGroup, ...] = ()  # case-study pages per category
        self.sources: dict[str, str] = {}  # generated page → its source file
        self.dates: dict[str, str] = {}  # source file → date of its last commit
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        try:
            built = build_site(self.project)
        except ProblemsFound as exc:
            raise PluginError(
                "case studies have problems:\n" + "\n".join(p.format() for p in exc.problems)
            ) from None
        report = built.report
        self.nav_groups = built.manifest.nav
        self.sources = dict(built.manifest.sources)
        self.dates = last_updated(self.project.root, self.project.case_studies)
        self.edit_urls = edit_urls(
            built.manifest.sources,
            root=self.project.root,
            docs_dir=Path(config.docs_dir),
            repo_url=config.repo_url,
            edit_uri=config.edit_uri,
            edit_uri_template=config.edit_uri_template,
        )
        log.info(
            "generated pages: %d written, %d unchanged, %d removed",
            len(report.written),
            report.unchanged,
            len(report.removed),
        )

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Any) -> Navigation:
        # One navigation section per category; page URLs stay case-studies/<id>/ (see nav.py).
        return group_by_category(nav, self.nav_groups)

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Any
    ) -> str | None:
        src = page.file.src_uri
        if src.startswith(f"{CASES_FOLDER}/") and src in self.sources:  # a case study
            html = with_meta(html, meta_for(self.sources, self.dates, src))
        return wrap_identifiers(html)

    def on_page_context(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Any
    ) -> Any:
        # A generated page is not in the repository: "edit this page" opens its source
        # (the case study's YAML), or is hidden when the page has no single source.
        src = page.file.src_uri
        if src in self.edit_urls:
            page.edit_url = self.edit_urls[src]
        elif src.split("/", 1)[0] in OWNED_FOLDERS:
            page.edit_url = None
        return context

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # Checklist items become search entries of their own, landing on the item's anchor.
        index_site(Path(config.site_dir))

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self.project.case_studies))
        server.watch(str(self.project.templates))
        return server
