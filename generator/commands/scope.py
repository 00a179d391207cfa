"""Which files' problems to report when `casebook validate` is given paths.

The whole catalogue is always loaded and validated, because cross-file rules (related case
studies, ids used twice) need every file; the scope only filters what is reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.load import is_regular, iter_yaml, kind_of
from generator.problems.problem import CasebookError, Problem, printable
from generator.project import Project


class OutOfScope(CasebookError):
    """A path given on the command line is not a case-study file or folder."""


@dataclass(frozen=True)
class Scope:
    files: frozenset[Path]  # resolved files named on the command line
    folders: frozenset[Path]  # resolved folders: every file below them
    root: Path

    def covers(self, problem: Problem) -> bool:
        path = (self.root / problem.path).resolve()
        return path in self.files or any(path.is_relative_to(f) for f in self.folders)

    def select(self, problems: Iterable[Problem]) -> list[Problem]:
        return [p for p in problems if self.covers(p)]

    def count(self) -> int:
        """How many case-study files the scope names."""
        found = set(self.files)
        for folder in self.folders:
            found.update(p.resolve() for p in iter_yaml(folder) if is_regular(p))
        return len(found)


def scope_of(project: Project, paths: Sequence[Path]) -> Scope | None:
    """The scope named by `paths`; None (report everything) when there are none."""
    if not paths:
        return None
    base = project.case_studies.resolve()
    files: set[Path] = set()
    folders: set[Path] = set()
    for given in paths:
        kind = kind_of(given)
        if kind not in ("a regular file", "a folder"):  # a FIFO would hang the read
            raise OutOfScope(f"{printable(given.as_posix())} is {kind}, not a case-study file")
        path = given.resolve()
        if not path.is_relative_to(base):
            raise OutOfScope(
                f"{given.as_posix()} is not inside {project.display(project.case_studies)}/: "
                "only case-study files are validated"
            )
        if path.is_dir():
            folders.add(path)
        elif path.suffix != ".yaml":
            raise OutOfScope(f"{given.as_posix()} is not a .yaml file")
        else:
            files.add(path)
    return Scope(frozenset(files), frozenset(folders), project.root.resolve())
