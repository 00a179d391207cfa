"""Problems found in contributor files, the registry of their codes, and the one user-facing error.

A contributor mistake is never an exception that escapes: it becomes a `Problem` with a stable code,
and the CLI or the mkdocs plugin prints every problem as ``path:line:col: CODE message``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    severity: Severity
    fix: str
    example: str = ""


def _codes(*codes: Code) -> dict[str, Code]:
    return {c.code: c for c in codes}


E, W = Severity.ERROR, Severity.WARNING

# The stable registry. Codes are never reused; retired codes stay listed.
CODES: dict[str, Code] = _codes(
    # CS0xx: the file itself
    Code(
        "CS001",
        "YAML syntax error",
        E,
        "Fix the YAML syntax at the position shown.",
        "title: [unclosed",
    ),
    Code(
        "CS002",
        "duplicate key",
        E,
        "Remove one of the two keys; YAML keeps only the last.",
        "title: A\ntitle: B",
    ),
    Code(
        "CS003",
        "anchors and aliases are not allowed",
        E,
        "Write the value out in full instead of `&anchor` / `*alias`.",
        "a: &x 1\nb: *x",
    ),
    Code(
        "CS004",
        "YAML tags are not allowed",
        E,
        "Remove the `!tag`; values are plain strings, numbers, lists and mappings.",
        "title: !!python/object:os.system x",
    ),
    Code(
        "CS005",
        "file too large or too deeply nested",
        E,
        "Split the text or flatten the structure; see the limits in the format reference.",
        "",
    ),
    Code(
        "CS006",
        "the file must hold one mapping",
        E,
        "Start the file with `id:` and the other top-level fields.",
        "- just a list",
    ),
    Code("CS007", "the file is not valid UTF-8", E, "Save the file as UTF-8.", ""),
    # CS1xx: the shape of the document
    Code(
        "CS101",
        "unknown field",
        E,
        "Remove the field or correct its spelling.",
        "titel: Design a URL shortener",
    ),
    Code("CS102", "missing required field", E, "Add the field.", ""),
    Code(
        "CS103",
        "wrong type or value",
        E,
        "Give the value the type the format reference lists.",
        "difficulty: very hard",
    ),
    Code(
        "CS104",
        "unknown concept",
        E,
        "Use the id of a concept in case_studies/concepts/ (or add the concept).",
        "concepts: [cassandr]",
    ),
    Code(
        "CS105",
        "id does not match the file name",
        E,
        "Make `id` equal to the file name without `.yaml`.",
        "",
    ),
    Code(
        "CS106",
        "invalid id",
        E,
        "Use a lowercase slug: letters a-z, digits and single hyphens, 2 to 60 characters.",
        "id: URL_Shortener",
    ),
    Code(
        "CS107",
        "duplicate name",
        E,
        "Names of components, assumptions, figures, operations, entities and options must be "
        "unique in their list.",
        "",
    ),
    Code(
        "CS108",
        "unknown related case study",
        E,
        "Use the id of a bundled case study.",
        "related: [pastebinn]",
    ),
    Code(
        "CS109",
        "unknown component in a flow",
        E,
        "Use the `id` of a component listed under `components`.",
        "from: clent",
    ),
    Code(
        "CS110",
        "the choice is not one of the options",
        E,
        "Set `choice` to the `name` of one of the options.",
        "",
    ),
    Code(
        "CS111",
        "unsafe link",
        E,
        "Links may use http, https or mailto, or be relative; not javascript:, data: or others.",
        "[x](javascript:alert(1))",
    ),
    Code("CS112", "the same id in two files", E, "Give each case study its own id.", ""),
    # CS6xx: the bar a complete case study clears (warnings; errors with --strict)
    Code("CS601", "too few items for a complete case study", W,
         "Add items until the list reaches the minimum the message names.",
         "functional: [Shorten a URL.]"),
    Code("CS602", "component not connected by any flow", W,
         "Add a flow from or to the component, or remove it.", ""),
    Code("CS603", "too few concept references", W,
         "Reference concepts on components, storage choices, decisions and risks.", ""),
    Code("CS604", "too few case-specific checklist items", W,
         "Add `checklist:` items to the steps.", ""),
    Code("CS605", "a decision without real alternatives", W,
         "Weigh at least two options, each with pros and cons.", ""),
    Code("CS606", "entity without a key", W, "Mark the key field with `key: primary`.", ""),
    Code("CS607", "too many components", W,
         "Keep the high-level design to ten boxes; move detail to step 6.", ""),
)


@dataclass(frozen=True, order=True)
class Problem:
    """One contributor mistake, located in a file."""

    path: str
    line: int
    col: int
    code: str
    message: str

    @property
    def severity(self) -> Severity:
        return CODES[self.code].severity

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.code} {self.message}"


class CasebookError(Exception):
    """A user-facing failure: printed without traceback at the CLI edge."""


class ProblemsFound(CasebookError):
    """Validation failed; carries every problem of every file."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(p.format() for p in self.problems))
