"""Writing generated pages: only changed bytes, only inside the folders the generator owns, and
the old output or the new one, never a mix.

1. Stage: every new content goes to a temporary file beside its target (`.casebook-tmp-*`,
   a dotfile mkdocs never publishes); nothing a reader sees has changed.
2. Commit: the plan (every move, every stale page to remove, the stamp last) is saved as the
   journal with one atomic rename (see `journal.py`).
3. Apply: the moves and removals, in order. Each page replaced or removed is kept under a
   temporary name until the end, so that a move the system refuses can be undone: the pages
   already replaced are put back and the journal is dropped.
4. Finish: the journal, the kept pages and every folder left empty are removed.

A build killed at any point leaves either temporary files only (before 2: the next run deletes
them) or a journal (after 2: the next run carries it out). `recover` runs before every build.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.markup.paths import JOURNAL, OWNED_FOLDERS, STAMP, TMP_PREFIX
from generator.problems.problem import CasebookError
from generator.render.pages import Page
from generator.write import journal
from generator.write.journal import Step, check_path, recover


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]


def _existing(docs: Path, owned: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for folder in owned:
        root = docs / folder
        if root.is_dir():
            for file in root.rglob("*"):
                if file.is_file() and not file.name.startswith(TMP_PREFIX):
                    found.add(file.relative_to(docs).as_posix())
    return found - {JOURNAL}


def _wanted(pages: Iterable[Page], owned: Sequence[str]) -> dict[str, str]:
    """Each page's text by its checked path. The bytes are made one page at a time where they
    are compared or written: all pages' bytes at once beside their text would double the
    memory of a large build."""
    wanted: dict[str, str] = {}
    for page in pages:
        rel = check_path(page.path, owned).as_posix()
        if rel in wanted:  # two pages for one file: one would silently replace the other
            raise CasebookError(f"refusing to write {rel!r} twice in one build")
        wanted[rel] = page.text
    return wanted


def _changed(docs: Path, wanted: dict[str, str]) -> list[str]:
    changed: list[str] = []
    for rel, text in sorted(wanted.items()):
        try:
            if (docs / rel).read_bytes() == text.encode("utf-8"):
                continue
        except OSError:
            pass
        changed.append(rel)
    return changed


def _stage(docs: Path, changed: Sequence[str], wanted: dict[str, str]) -> list[Step]:
    """Each new content in a temporary file beside its target; the stamp's move comes last."""
    steps: list[Step] = []
    try:
        for rel in changed:
            target = docs / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=target.parent)
            steps.append(Step(rel, (Path(rel).parent / Path(tmp).name).as_posix()))
            with os.fdopen(fd, "wb") as handle:
                handle.write(wanted[rel].encode("utf-8"))
    except BaseException:
        for step in steps:
            (docs / step.staged).unlink(missing_ok=True)
        raise
    return steps


def _keep(path: Path) -> Path:
    """A temporary hard link to `path`'s contents (a copy where links are not supported)."""
    kept = path.with_name(f"{TMP_PREFIX}{secrets.token_hex(8)}-previous")
    try:
        os.link(path, kept)
    except OSError:
        shutil.copy2(path, kept)
    return kept


def _apply_undoably(docs: Path, steps: Sequence[Step]) -> None:
    """The journal's steps; on a failure, every page replaced or removed so far is put back."""
    kept: list[tuple[Path, Path | None]] = []  # target, its previous contents (None: was new)
    try:
        for step in steps:
            target = docs / step.target
            previous = _keep(target) if target.exists() else None
            kept.append((target, previous))
            journal.apply(docs, [step])
    except BaseException:
        (docs / JOURNAL).unlink(missing_ok=True)  # the plan is abandoned, not to be finished
        for target, previous in reversed(kept):
            if previous is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(previous, target)
                previous.unlink(
                    missing_ok=True
                )  # a rename between two links to one file is a no-op
        for step in steps:
            if step.staged:
                (docs / step.staged).unlink(missing_ok=True)
        raise


def write_pages(
    docs: Path, pages: Iterable[Page], owned: Sequence[str] = OWNED_FOLDERS
) -> WriteReport:
    wanted = _wanted(pages, owned)
    recover(docs, owned)  # also refuses linked generated folders, before anything is removed
    changed = _changed(docs, wanted)
    stale = sorted(_existing(docs, owned) - set(wanted))
    staged = _stage(docs, changed, wanted)
    stamp = [s for s in staged if s.target == STAMP]
    steps = [s for s in staged if s.target != STAMP] + [Step(rel) for rel in stale] + stamp
    if steps:
        journal.save(docs, steps)
        _apply_undoably(docs, steps)
    journal.finish(docs, owned)
    return WriteReport(tuple(changed), len(wanted) - len(changed), tuple(stale))
