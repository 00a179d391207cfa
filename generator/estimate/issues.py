"""What the estimate passes report: an `Issue` in one field, and the failure that raises one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from generator.estimate.units import Dims, format_dims


class Section(StrEnum):
    UNITS = "units"
    ASSUMPTIONS = "assumptions"
    DERIVED = "derived"
    CHECKS = "checks"


class Field(StrEnum):
    VALUE = "value"
    UNIT = "unit"
    FORMULA = "formula"
    KEY = "key"
    CHECK = "check"


@dataclass(frozen=True)
class Issue:
    """A problem in one field of one list item of `estimation`; `offset` is a column in its text.

    `field` is None for an item that is a plain value (a declared unit).
    """

    code: str
    message: str
    section: Section
    index: int
    field: Field | None
    offset: int | None = None

    @property
    def loc(self) -> tuple[str | int, ...]:
        """The item's path in the document."""
        loc: tuple[str | int, ...] = ("estimation", self.section.value, self.index)
        return loc if self.field is None else (*loc, self.field.value)


class Fail(Exception):
    """Raised inside a pass, caught by the pass that knows which field it was reading."""

    def __init__(self, code: str, message: str, col: int | None) -> None:
        super().__init__(message)
        self.code, self.message, self.col = code, message, col

    def issue(self, section: Section, index: int, field: Field, prefix: str = "") -> Issue:
        return Issue(self.code, prefix + self.message, section, index, field, self.col)


def describe(dims: Dims) -> str:
    """Base units as a message names them: `paste/s`, `B`, or "a pure number"."""
    return format_dims(dims) or "a pure number"
