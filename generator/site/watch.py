"""`casebook watch`: regenerate the pages whenever a source changes, for any builder's preview.

Polls modification times (no extra dependency, and it behaves the same on every file system):
a change to a case study, concept, the method checklist, a template or mkdocs.yml triggers one
`casebook build`. The build writes only pages whose bytes changed, so a builder's own preview
server (`zensical serve`, `mkdocs serve`) reloads just those. A build with problems prints them
and keeps the old pages; the next change tries again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from generator.project import Project


def snapshot(paths: Iterable[Path]) -> dict[Path, int]:
    """Every file below `paths` with its modification time in nanoseconds."""
    out: dict[Path, int] = {}
    for root in paths:
        files = [root] if root.is_file() else root.rglob("*") if root.is_dir() else []
        for file in files:
            try:
                if file.is_file():
                    out[file] = file.stat().st_mtime_ns
            except OSError:  # removed while we looked: the next poll sees it gone
                continue
    return out


def sources(project: Project) -> list[Path]:
    return [project.case_studies, project.templates, project.mkdocs_config]


def watch(
    project: Project,
    rebuild: Callable[[], None],
    *,
    interval: float = 0.3,
    rounds: int | None = None,
) -> None:
    """Call `rebuild` once now and after every change; `rounds` bounds the polls (tests)."""
    rebuild()
    seen = snapshot(sources(project))
    polls = 0
    while rounds is None or polls < rounds:
        time.sleep(interval)
        polls += 1
        now = snapshot(sources(project))
        if now != seen:
            seen = now
            rebuild()
