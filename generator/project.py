"""Where a casebook project keeps its parts."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

BUILDER_CONFIG = "casebook-site.yml"


@dataclass(frozen=True)
class Project:
    root: Path
    case_studies: Path
    templates: Path
    docs: Path

    @classmethod
    def at(cls, root: Path) -> Project:
        """The standard layout: case_studies/, templates/ and docs/ under one folder."""
        return cls(root, root / "case_studies", root / "templates", root / "docs")

    @property
    def builder_config(self) -> Path:
        """The configuration `casebook build` writes for builders that run no plugins: the
        hand-written one (inherited) plus the generated navigation."""
        return self.root / BUILDER_CONFIG

    @property
    def concepts(self) -> Path:
        """The concept catalogue: one <id>.yaml per concept, beside the case studies."""
        return self.case_studies / "concepts"

    @property
    def mkdocs_config(self) -> Path:
        """The site's configuration: its Markdown extensions are the ones prose is checked with."""
        return self.root / "mkdocs.yml"

    @functools.cached_property
    def _resolved_root(self) -> Path:
        return self.root.resolve()

    def display(self, path: Path) -> str:
        """A path as contributors see it in messages: relative to the project root."""
        try:  # the folder resolved, not the file: a link is named as itself, not its target
            return (path.parent.resolve() / path.name).relative_to(self._resolved_root).as_posix()
        except ValueError:
            return path.as_posix()
