"""Progress shows on a terminal only: never in CI, never when output is piped."""

from __future__ import annotations

import io

from rich.console import Console

from generator.commands.progress import StageProgress, Timings, timings, wanted


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_outside_ci() -> None:
    assert wanted(Terminal(), {}) is True
    assert wanted(io.StringIO(), {}) is False
    assert wanted(Terminal(), {"CI": "true"}) is False
    assert wanted(Terminal(), {"CI": "1"}) is False
    assert wanted(Terminal(), {"CI": "false"}) is True


def test_tests_run_without_progress() -> None:
    # pytest captures stderr, as CI and pipes do: plain timings, no spinner.
    assert type(timings()) is Timings


def test_stage_progress_names_the_stage_then_erases_it() -> None:
    screen = Terminal()
    progress = StageProgress(console=Console(file=screen, force_terminal=True, width=60))
    assert progress.run("validate", lambda: 42) == 42
    assert set(progress.stages) == {"validate"}
    shown = screen.getvalue()
    assert " Checking case studies…\n" in shown
    assert shown.endswith("\x1b[1A\x1b[2K")  # cursor up, erase the line: nothing is left
