"""Progress on the terminal while the pipeline runs; nothing at all in CI or when piped.

The pipeline already reports each stage to a `Timings` object, so showing progress is a
`Timings` that also draws a spinner naming the stage. It writes to stderr only, and is
transient: the terminal is left as it was, so output on stdout stays exact.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from time import perf_counter
from typing import TextIO, TypeVar

from rich.console import Console

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


_LABELS = {
    "stamp": "Checking what changed",
    "load": "Reading case studies",
    "validate": "Checking case studies",
    "enrich": "Computing estimates and links",
    "render": "Rendering pages",
    "write": "Writing pages",
}


def wanted(stream: TextIO | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Show progress only to a person: on a terminal, outside CI."""
    stream = stream if stream is not None else sys.stderr
    env = environ if environ is not None else os.environ
    if env.get("CI", "").lower() not in ("", "0", "false"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@dataclass
class StageProgress(Timings):
    """Timings that show a spinner with the name of the running stage."""

    console: Console = field(default_factory=lambda: Console(stderr=True))

    def run(self, name: str, step: Callable[[], T]) -> T:
        with self.console.status(f"{_LABELS.get(name, name.capitalize())}…"):
            return super().run(name, step)


def timings() -> Timings:
    return StageProgress() if wanted() else Timings()
