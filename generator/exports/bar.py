"""A progress bar for the whole-casebook exports, on a terminal only (never in CI or a pipe)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from generator.commands.progress import wanted

Advance = Callable[[str], None]


@contextlib.contextmanager
def progress_bar(label: str, total: int) -> Iterator[Advance]:
    """Yields `advance(what)`: one unit done; `what` names the next one on the bar."""
    if not wanted():
        yield lambda what: None
        return
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[what]}"),
    )
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total, what="")
        yield lambda what: bar.update(task, advance=1, what=what)
