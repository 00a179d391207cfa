"""A build killed at any point: the next run starts from the old or the new output, never a mix,
and converges on the new output with no page left over and no temporary file behind.

The change under test deletes one case study (its page must go: a stale page) and edits the
other (pages must change). Two ways to kill:

- Fault injection: a forked child runs the build and dies with `os._exit` (no handler, no
  `finally`, exactly what SIGKILL leaves) at its N-th file-system call once the write has begun,
  for every N until a build gets through.
- SIGKILL: `casebook build` in a subprocess, killed after varied delays.

After each kill, `recover` (what every build does first) must leave `docs/` equal to the old or
the new complete output; then a build must give exactly the new output.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.markup.paths import OWNED_FOLDERS, TMP_PREFIX
from generator.pipeline import build
from generator.project import Project
from generator.write import writer
from generator.write.journal import recover
from tests.conftest import FIXTURES, ROOT

Output = dict[str, bytes]
CALLS = ("open", "replace", "rename", "unlink", "link", "rmdir", "mkdir", "fdopen")


def output(docs: Path) -> Output:
    """Every file of the generated folders, dotfiles (stamp, journal, temporaries) included."""
    return {
        p.relative_to(docs).as_posix(): p.read_bytes()
        for folder in OWNED_FOLDERS
        for p in sorted((docs / folder).rglob("*"))
        if p.is_file()
    }


def make_project(root: Path) -> Project:
    shutil.copytree(FIXTURES / "project" / "case_studies", root / "case_studies")
    shutil.copytree(ROOT / "templates", root / "templates")
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# Home\n")
    return Project.at(root)


def change(project: Project) -> None:
    (project.case_studies / "tiny-shortener.yaml").unlink()
    paste = project.case_studies / "tiny-paste.yaml"
    paste.write_text(paste.read_text().replace("Cheap and durable.", "Cheap and lasting."))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Output, Output]:
    """The old output and the new one, each from an undisturbed build."""
    project = make_project(tmp_path_factory.mktemp("outputs"))
    build(project)
    old = output(project.docs)
    change(project)
    report = build(project)
    assert "case-studies/tiny-shortener.md" in report.removed
    return old, output(project.docs)


def fresh(root: Path) -> Project:
    """A project built with the old input, then changed: the next build writes the new output."""
    if root.exists():
        shutil.rmtree(root)
    project = make_project(root)
    build(project)
    change(project)
    return project


def _die_at(n: int, project: Project) -> None:  # runs in the forked child
    count = {"calls": 0, "armed": False}

    def counting(real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            if count["armed"]:
                count["calls"] += 1
                if count["calls"] == n:
                    os._exit(137)  # as SIGKILL: no handler and no cleanup runs
            return real(*args, **kwargs)

        return call

    for name in CALLS:
        setattr(os, name, counting(getattr(os, name)))
    real_stage = writer.Stager.__call__

    def armed_stage(self: writer.Stager, page: Any) -> Any:
        count["armed"] = True  # the write begins with the first page staged
        return real_stage(self, page)

    writer.Stager.__call__ = armed_stage  # type: ignore[method-assign]
    build(project)
    os._exit(0)


def assert_old_or_new_then_converges(project: Project, old: Output, new: Output) -> str:
    recover(project.docs)
    now = output(project.docs)
    assert now in (old, new), sorted(set(now) ^ set(old)) + sorted(set(now) ^ set(new))
    state = "old" if now == old else "new"
    report = build(project)
    assert output(project.docs) == new
    assert not [p for p in project.docs.rglob(TMP_PREFIX + "*")]
    assert report.written == () or state == "old"
    return state


def test_a_build_killed_at_every_file_operation_of_its_write(
    tmp_path: Path, outputs: tuple[Output, Output]
) -> None:
    old, new = outputs
    context = multiprocessing.get_context("fork")
    seen: dict[str, int] = {"old": 0, "new": 0}
    for n in range(1, 400):
        project = fresh(tmp_path / "p")
        child = context.Process(target=_die_at, args=(n, project))
        child.start()
        child.join(60)
        assert child.exitcode in (0, 137)
        if child.exitcode == 0:  # the build got through: every operation has been a kill point
            assert output(project.docs) == new
            break
        seen[assert_old_or_new_then_converges(project, old, new)] += 1
    else:
        pytest.fail("the build never completed")
    assert n > 30  # the write really has that many steps to be killed at
    assert seen["old"] > 0 and seen["new"] > 0  # kills before and after the commit point


def test_a_build_killed_by_sigkill_at_varied_moments(
    tmp_path: Path, outputs: tuple[Output, Output]
) -> None:
    old, new = outputs
    rng = random.Random(13)
    for attempt in range(8):
        project = fresh(tmp_path / f"k{attempt}")
        started = time.monotonic()
        child = subprocess.Popen(
            [sys.executable, "-c", "from generator.cli import main; main()", "build"],
            cwd=project.root,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 3.0))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert time.monotonic() - started < 60
        assert_old_or_new_then_converges(project, old, new)


def test_leftovers_of_earlier_releases_are_removed(tmp_path: Path) -> None:
    """Temporary files and `-previous` links that killed builds of earlier releases left."""
    project = fresh(tmp_path / "p")
    folder = project.docs / "case-studies"
    for name in (".casebook-tmp-abc123", ".casebook-tmp-abc123-previous"):
        (folder / name).write_text("left by a killed build")
    build(project)
    assert not list(project.docs.rglob(TMP_PREFIX + "*"))
