"""Writing generated pages: only changed bytes, only inside the folders the generator owns, and
the old output or the new one, never a mix.

1. Stage: each page whose bytes differ from its target's goes, as soon as it is made, to a
   temporary file beside the target (`.casebook-tmp-*`, a dotfile mkdocs never publishes);
   nothing a reader sees has changed, and a build that fails before step 2 removes them.
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
from generator.write.stamp import page_digest


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


@dataclass(frozen=True)
class Staged:
    """A page once its bytes are on disk (step 1): the build holds this, not the page's text."""

    path: str  # below docs/, checked
    digest: str  # of its bytes, for the stamp
    staged: str = ""  # its temporary file below docs/; "" when the target holds these bytes


@dataclass(frozen=True)
class Stager:
    """Stages each page as it is made, so that no process holds a large build's pages (at 5,000
    case studies their text is about 900 MB in memory). Safe in a forked child: the files it
    stages are named in what it sends back, and `discard` removes any a failed child left."""

    docs: Path
    owned: Sequence[str] = OWNED_FOLDERS

    def __call__(self, page: Page) -> Staged:
        rel = check_path(page.path, self.owned).as_posix()
        data = page.text.encode("utf-8")
        digest = page_digest(data)
        target = self.docs / rel
        try:
            if target.read_bytes() == data:
                return Staged(rel, digest)
        except OSError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return Staged(rel, digest, (Path(rel).parent / Path(tmp).name).as_posix())

    def text(self, staged: Staged) -> str:
        """The page's text, read back from where it was staged."""
        return (self.docs / (staged.staged or staged.path)).read_text(encoding="utf-8")


def discard(docs: Path, owned: Sequence[str] = OWNED_FOLDERS) -> None:
    """Every staged file removed (a build that failed before its commit point)."""
    journal.finish(docs, owned)


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


def commit(
    docs: Path, staged: Sequence[Staged], owned: Sequence[str] = OWNED_FOLDERS
) -> WriteReport:
    """Steps 2 to 4 for the staged pages: after this, the output is theirs and nothing else."""
    try:
        paths = _unique(staged)
        stale = sorted(_existing(docs, owned) - paths)
    except BaseException:
        discard(docs, owned)
        raise
    changed = sorted((s for s in staged if s.staged), key=lambda s: s.path)
    moves = [Step(s.path, s.staged) for s in changed]
    stamp = [m for m in moves if m.target == STAMP]
    steps = [m for m in moves if m.target != STAMP] + [Step(rel) for rel in stale] + stamp
    if steps:
        journal.save(docs, steps)
        _apply_undoably(docs, steps)
    journal.finish(docs, owned)
    return WriteReport(tuple(s.path for s in changed), len(staged) - len(changed), tuple(stale))


def _unique(staged: Sequence[Staged]) -> set[str]:
    paths: set[str] = set()
    for page in staged:
        if page.path in paths:  # two pages for one file: one would silently replace the other
            raise CasebookError(f"refusing to write {page.path!r} twice in one build")
        paths.add(page.path)
    return paths


def write_pages(
    docs: Path, pages: Iterable[Page], owned: Sequence[str] = OWNED_FOLDERS
) -> WriteReport:
    """Every step for `pages`, made beforehand."""
    recover(docs, owned)  # also refuses linked generated folders, before anything is written
    stage = Stager(docs, owned)
    try:
        staged = [stage(page) for page in pages]
    except BaseException:
        discard(docs, owned)
        raise
    return commit(docs, staged, owned)
