"""Writing generated pages: only changed bytes, only inside the folders the generator owns.

All new contents are first written to temporary files beside their targets; only when every
one of them is on disk are they moved into place (each move is atomic). A failure before that
leaves the previous output untouched; a failure while moving puts back the pages already
replaced (each is kept under a temporary hard link until the end). Stale pages in owned folders
are removed last.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.problems.problem import CasebookError
from generator.render.pages import Page
from generator.render.paths import OWNED_FOLDERS


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


def _check_path(path: str, owned: Sequence[str]) -> PurePosixPath:
    rel = PurePosixPath(path)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts or rel.parts[0] not in owned:
        raise CasebookError(f"refusing to write {path!r}: outside the generated folders")
    return rel


def _existing(docs: Path, owned: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for folder in owned:
        root = docs / folder
        if root.is_dir():
            for file in root.rglob("*"):
                if file.is_file() and not file.name.startswith(".casebook-tmp"):
                    found.add(file.relative_to(docs).as_posix())
    return found


def _move_into_place(staged: Sequence[tuple[Path, Path]]) -> None:
    """Replace every target by its staged file; on any failure, restore the ones replaced."""
    done: list[tuple[Path, Path | None]] = []  # target, hard link to its previous contents
    try:
        for tmp_path, target in staged:
            backup: Path | None = None
            if target.exists():
                backup = tmp_path.with_name(tmp_path.name + "-previous")
                try:
                    os.link(target, backup)
                except OSError:  # a file system without hard links
                    shutil.copy2(target, backup)
            try:
                os.replace(tmp_path, target)
            except BaseException:
                if backup is not None:
                    backup.unlink()
                raise
            done.append((target, backup))
    except BaseException:
        for target, backup in reversed(done):
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(backup, target)
        for tmp_path, _ in staged:
            tmp_path.unlink(missing_ok=True)
        raise
    for _, backup in done:
        if backup is not None:
            backup.unlink()


def write_pages(
    docs: Path, pages: Iterable[Page], owned: Sequence[str] = OWNED_FOLDERS
) -> WriteReport:
    wanted: dict[str, bytes] = {}
    for page in pages:
        rel = _check_path(page.path, owned).as_posix()
        if rel in wanted:  # two pages for one file: one would silently replace the other
            raise CasebookError(f"refusing to write {rel!r} twice in one build")
        wanted[rel] = page.text.encode("utf-8")
    for folder in owned:  # a linked folder would let stale-page removal delete files elsewhere
        if (docs / folder).is_symlink():
            raise CasebookError(f"refusing to write into {folder}/: it is a symbolic link")
    changed: list[str] = []
    unchanged = 0
    for rel, data in sorted(wanted.items()):
        target = docs / rel
        try:
            if target.read_bytes() == data:
                unchanged += 1
                continue
        except OSError:
            pass
        changed.append(rel)

    staged: list[tuple[Path, Path]] = []
    try:
        for rel in changed:
            target = docs / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".casebook-tmp-", dir=target.parent)
            staged.append((Path(tmp), target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(wanted[rel])
    except BaseException:
        for leftover, _ in staged:
            leftover.unlink(missing_ok=True)
        raise
    _move_into_place(staged)

    stale = sorted(_existing(docs, owned) - set(wanted))
    for rel in stale:
        (docs / rel).unlink()
    for folder in owned:  # drop folders that became empty, deepest first
        root = docs / folder
        if root.is_dir():
            subfolders = sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True)
            for sub in [*subfolders, root]:
                if not any(sub.iterdir()):
                    sub.rmdir()
    return WriteReport(tuple(changed), unchanged, tuple(stale))
