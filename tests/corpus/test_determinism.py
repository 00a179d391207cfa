"""Determinism: the same sources always give byte-identical generated Markdown, whatever the
hash seed of the Python process and whatever order the file system lists files in.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.markup.paths import OWNED_FOLDERS
from generator.pipeline import generate
from generator.project import Project
from tests.conftest import ROOT, copy_project

pytestmark = pytest.mark.slow


def generated(docs: Path) -> dict[str, bytes]:
    """Every generated file's bytes, the build record excepted (it names the generator's code)."""
    return {
        p.relative_to(docs).as_posix(): p.read_bytes()
        for folder in OWNED_FOLDERS
        for p in sorted((docs / folder).rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def build_in_subprocess(project: Path, seed: str) -> dict[str, bytes]:
    result = subprocess.run(
        [str(Path(sys.executable).with_name("casebook")), "build", "--root", str(project)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONHASHSEED": seed},
    )
    assert result.returncode == 0, result.stderr
    return generated(project / "docs")


def test_hash_seeds_do_not_change_a_byte(tmp_path: Path) -> None:
    outputs = []
    for seed in ("0", "1", "4242"):
        (tmp_path / seed).mkdir()
        outputs.append(build_in_subprocess(copy_project(tmp_path / seed), seed))
    assert len(outputs[0]) > 20
    assert outputs[1] == outputs[0]
    assert outputs[2] == outputs[0]


def _copy_in_order(source: Path, dest: Path, order: list[Path]) -> None:
    """The case studies copied one by one in `order`, so that creation order differs."""
    dest.mkdir(parents=True)
    for path in order:
        target = dest / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)


def test_file_system_order_does_not_change_a_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = ROOT / "case_studies"
    files = sorted(source.rglob("*"))
    outputs = []
    for run, (order, listing) in enumerate(
        [
            (files, "as is"),
            (files[::-1], "reversed"),
            (random.Random(7).sample(files, len(files)), "shuffled"),
        ]
    ):
        root = tmp_path / f"run-{run}"
        _copy_in_order(source, root / "case_studies", sorted(order, key=lambda p: len(p.parts)))

        def listed(self: Path, _how: str = listing, _real: Any = Path.iterdir) -> Iterator[Path]:
            entries = list(_real(self))
            if _how == "reversed":
                return iter(sorted(entries, reverse=True))
            if _how == "shuffled":
                return iter(random.Random(str(self)).sample(entries, len(entries)))
            return iter(entries)

        monkeypatch.setattr(Path, "iterdir", listed)
        project = Project(root, root / "case_studies", ROOT / "templates", root / "docs")
        _, pages = generate(project)
        monkeypatch.undo()
        outputs.append([(page.path, page.text) for page in pages])
    assert len(outputs[0]) > 20
    assert outputs[1] == outputs[0]
    assert outputs[2] == outputs[0]
