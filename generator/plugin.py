"""The mkdocs plugin: runs the generator before every build and watches its sources in serve."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger

from .build import build
from .errors import ProblemsFound
from .project import Project

log = get_plugin_logger("casebook")


class CasebookPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.project = Project.at(Path(config.config_file_path).resolve().parent)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        try:
            report = build(self.project)
        except ProblemsFound as exc:
            raise PluginError(
                "case studies have problems:\n" + "\n".join(p.format() for p in exc.problems)
            ) from None
        log.info(
            "generated pages: %d written, %d unchanged, %d removed",
            len(report.written), report.unchanged, len(report.removed),
        )

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self.project.case_studies))
        server.watch(str(self.project.templates))
        return server
