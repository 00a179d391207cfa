"""The mkdocs plugin, kept thin: one `casebook build` before mkdocs reads the pages, its
navigation handed to mkdocs, and the sources watched in `mkdocs serve`.

Everything else the site needs (pages, edit links in their front matter, the navigation) is
what `casebook build` writes for any builder; see `builder.py`. In `mkdocs serve` the plugin
keeps a build cache from one rebuild to the next (mkdocs keeps a plugin that has `on_startup`
for the whole run), so an edit loads and renders again only what it touches; the server
watches the sources, never the generator's own output, so one edit makes one rebuild; and that
rebuild builds only the pages the edit changed (`preview.py`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.markup.paths import OWNED_FOLDERS
from generator.problems.problem import CasebookError, ProblemsFound, printable
from generator.project import Project
from generator.site.builder import prepare
from generator.site.convert import Conversions
from generator.site.held import HeldPages
from generator.site.inline import quicken
from generator.site.preview import Built, Preview
from generator.site.render_pass import Renders
from generator.write.cache import BuildCache

log = get_plugin_logger("casebook")


class CasebookPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    serving = False
    cache: tuple[Path, BuildCache] | None = None  # in `mkdocs serve`: the project's cache
    built: Built | None = None  # in `mkdocs serve`: what the last full build left
    _nav: tuple[Files, Navigation] | None = None
    held: HeldPages  # the pages of the current build, from conversion to rendering
    conversions: Conversions  # the generated pages converted in forked children (convert.py)
    renders: Renders  # the generated pages built in forked children (render_pass.py)
    dirty = False

    def __init__(self) -> None:
        super().__init__()
        self._renew()  # and again for each build, in `on_config`

    def _renew(self) -> None:
        self.held, self.conversions = HeldPages(), Conversions()
        self.renders = Renders(self.held.drop)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving, self.cache, self.built = command == "serve", None, None
        self.dirty = dirty

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.project = Project.at(Path(config.config_file_path).resolve().parent)
        self._renew()
        try:
            prepared = prepare(self.project, cache=self._cache())
        except ProblemsFound as exc:
            raise PluginError(
                "case studies have problems:\n" + "\n".join(p.format() for p in exc.problems)
            ) from None
        except (CasebookError, OSError) as exc:  # a linked docs/ folder, a read-only disk
            raise PluginError(f"cannot generate the pages: {printable(str(exc))}") from None
        report = prepared.report
        log.info(
            "generated pages: %d written, %d unchanged, %d removed",
            len(report.written),
            report.unchanged,
            len(report.removed),
        )
        config["nav"] = prepared.nav
        quicken(config)
        return config

    def _cache(self) -> BuildCache | None:
        """The build cache of the project served, kept across the server's rebuilds."""
        if not self.serving:
            return None
        if self.cache is None or self.cache[0] != self.project.root:
            self.cache = (self.project.root, BuildCache())
        return self.cache[1]

    # The generated pages' HTML, held compressed from conversion to rendering (held.py): last,
    # after every other plugin's change; given back first, before any plugin reads it.
    @event_priority(-100)
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        return self.held.hold(page, html)

    @event_priority(100)
    def on_page_context(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        self.held.restore(page)
        return context

    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        self.held.release(page)
        return output

    # Recorded last, after every other plugin's change, for the preview's single-page builds.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav = (files, nav)
        if not self.serving and not self.dirty:  # a server's rebuilds build only what changed
            self.conversions.start(config, files)
        return nav

    # Last, so that the Markdown compared with the child's is the one mkdocs converts.
    @event_priority(-100)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        self.conversions.adopt(page, markdown, files)
        return markdown

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.conversions.stop()
        self.renders.stop()

    def on_build_error(self, *, error: Exception) -> None:
        self.conversions.stop()
        self.renders.stop()

    @event_priority(-100)
    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        if self.serving and self._nav is not None:
            self.built = Built(config, *self._nav, env)
        elif not self.serving and not self.dirty:  # as in `on_nav`
            self.renders.install(config, files)
        return env

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        # mkdocs watches all of docs/, whose generated folders change at every rebuild: each
        # edit would build twice. docs/ itself is watched for its own files only.
        server.unwatch(config.docs_dir)
        server.watch(config.docs_dir, recursive=False)
        for path in watched(self.project, Path(config.docs_dir)):
            server.watch(str(path))
        if self.cache is not None and self.built is not None:
            preview = Preview(self.project, self.cache[1], builder, self._built)
            server.builder = preview.rebuild
            server._serve_request = preview.serving(server)  # type: ignore[method-assign]
        return server

    def _built(self) -> Built | None:
        return self.built


def watched(project: Project, docs: Path) -> list[Path]:
    """What `mkdocs serve` watches besides docs/ itself and mkdocs.yml: each hand-written
    folder of docs/, and the generator's inputs."""
    handwritten = [p for p in sorted(docs.iterdir()) if p.is_dir() and p.name not in OWNED_FOLDERS]
    return [*handwritten, project.case_studies, project.templates]
