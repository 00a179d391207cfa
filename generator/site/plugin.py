"""The mkdocs plugin, kept thin: one `casebook build` before mkdocs reads the pages, its
navigation handed to mkdocs, and the sources watched in `mkdocs serve`.

Everything else the site needs (pages, edit links in their front matter, the navigation) is
what `casebook build` writes for any builder; see `builder.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, get_plugin_logger

from generator.problems.problem import CasebookError, ProblemsFound, printable
from generator.project import Project
from generator.site.builder import prepare

log = get_plugin_logger("casebook")


class CasebookPlugin(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.project = Project.at(Path(config.config_file_path).resolve().parent)
        try:
            prepared = prepare(self.project)
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
        return config

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        server.watch(str(self.project.case_studies))
        server.watch(str(self.project.templates))
        return server
