"""The journal that makes a write all or nothing, even when the build is killed.

A write moves staged files over their targets and removes stale pages, one file at a time; a
kill can stop it anywhere. So before the first move, the whole plan (every move, every removal,
the stamp last) is put in place as one file with one atomic rename: that rename is the commit
point. Every staged file is complete before it, so a plan on disk can always be carried out.

`recover`, run before every build, finishes a plan a killed build left (docs/ then holds that
build's complete output) and deletes every temporary file a killed build left (a build killed
before its commit point changed nothing else, so docs/ holds the previous output).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.markup.paths import JOURNAL, OWNED_FOLDERS, TMP_PREFIX
from generator.problems.problem import CasebookError


def check_path(path: str, owned: Sequence[str]) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or rel.parts[0] not in owned:
        raise CasebookError(f"refusing to write {path!r}: outside the generated folders")
    return rel


@dataclass(frozen=True)
class Step:
    """Move `staged` (a temporary file) onto `target`, or remove `target` when `staged` is ''."""

    target: str  # below docs/
    staged: str = ""  # below docs/


def save(docs: Path, steps: Sequence[Step]) -> None:
    """Put the plan in place atomically: after this, the write will be carried out."""
    journal = docs / JOURNAL
    journal.parent.mkdir(parents=True, exist_ok=True)
    draft = journal.with_name(TMP_PREFIX + "journal")
    body = json.dumps({"steps": [[s.target, s.staged] for s in steps]}, indent=0)
    with open(draft, "w", encoding="utf-8") as handle:
        handle.write(body + "\n")
    os.rename(draft, journal)  # the commit point


def _load(docs: Path, owned: Sequence[str]) -> list[Step] | None:
    """The plan on disk, or None when there is none or it names anything outside `owned`."""
    try:
        raw = json.loads((docs / JOURNAL).read_text(encoding="utf-8"))
        steps = [Step(str(target), str(staged)) for target, staged in raw["steps"]]
        for step in steps:
            check_path(step.target, owned)
            if step.staged:
                staged = check_path(step.staged, owned)
                if not staged.name.startswith(TMP_PREFIX):
                    return None
    except (OSError, ValueError, KeyError, TypeError, CasebookError):
        return None
    return steps


def apply(docs: Path, steps: Iterable[Step]) -> None:
    """Carry out the plan; a step already done (its staged file gone) is skipped."""
    for step in steps:
        target = docs / step.target
        if step.staged:
            staged = docs / step.staged
            if staged.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged, target)
        else:
            target.unlink(missing_ok=True)


def finish(docs: Path, owned: Sequence[str] = OWNED_FOLDERS) -> None:
    """Remove the journal, then every temporary file and every folder left empty."""
    (docs / JOURNAL).unlink(missing_ok=True)
    for folder in owned:
        root = docs / folder
        if not root.is_dir() or root.is_symlink():
            continue
        for file in root.rglob(TMP_PREFIX + "*"):
            with contextlib.suppress(OSError):
                file.unlink()
        subfolders = sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True)
        for sub in [*subfolders, root]:  # deepest first
            if not any(sub.iterdir()):
                sub.rmdir()


def recover(docs: Path, owned: Sequence[str] = OWNED_FOLDERS) -> bool:
    """Finish or undo whatever a killed build left; True when there was anything to do."""
    for folder in owned:
        if (docs / folder).is_symlink():
            raise CasebookError(f"refusing to write into {folder}/: it is a symbolic link")
    leftovers = any(
        next((docs / folder).rglob(TMP_PREFIX + "*"), None) is not None
        for folder in owned
        if (docs / folder).is_dir()
    )
    steps = _load(docs, owned) if (docs / JOURNAL).exists() else None
    if steps is not None:
        apply(docs, steps)
    if steps is not None or leftovers or (docs / JOURNAL).exists():
        finish(docs, owned)
        return True
    return False
