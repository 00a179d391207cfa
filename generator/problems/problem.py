"""Problems found in contributor files, the registry of their codes, and the one user-facing error.

A contributor mistake is never an exception that escapes: it becomes a `Problem` with a stable code,
and the CLI or the mkdocs plugin prints every problem as ``path:line:col: CODE message``.
"""

from __future__ import annotations

import re
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

# Families of codes by their first three characters: the headings of the error reference page.
FAMILIES: dict[str, str] = {
    "CS0": "The file itself",
    "CS1": "The shape of the document",
    "CS2": "Estimates: assumptions, formulas and units",
    "CS3": "Concepts, cross-links and diagrams",
    "CS4": "Checklists",
    "CS5": "Contributing: scaffold and pull-request checks",
    "CS6": "The bar a complete case study clears",
    "CS7": "Input the format cannot hold safely",
}

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
    Code(
        "CS008",
        "the file or folder cannot be read",
        E,
        "Make it readable by whoever builds the site, or remove it.",
        "",
    ),
    Code(
        "CS009",
        "a YAML file that is not read",
        E,
        "Case studies and concepts are `.yaml` files (lower case); rename the file.",
        "case_studies/url-shortener.yml",
    ),
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
    Code(
        "CS113",
        "image in text",
        E,
        "Remove the image. Pages load nothing from other hosts and case studies ship no image "
        "files: the diagrams are drawn from the structured fields.",
        "![chart](https://example.com/chart.png)",
    ),
    Code(
        "CS114",
        "heading or raw HTML in prose",
        W,
        "Headings belong to the page (its steps and sections): use bold text or a list. Write "
        "HTML as Markdown, or as code in backticks; the page shows both as literal text.",
        "rationale: |\n  ## Failover\n  <b>Replicas</b> take over.",
    ),
    # CS2xx: estimates (assumptions, formulas, units)
    Code(
        "CS201",
        "malformed formula",
        E,
        "Fix the formula at the column shown; see the formula syntax in the conventions page.",
        "formula: write_rate * (1 + growth",
    ),
    Code(
        "CS202",
        "unknown name in a formula",
        E,
        "Use the name of an assumption or a derived figure, or a unit.",
        "formula: new_url / day",
    ),
    Code(
        "CS203",
        "unknown unit",
        E,
        "Use a unit listed on the conventions page (KB, GB, day, url, request, …), or declare "
        "the thing this case study counts in `estimation.units`.",
        "unit: Bytes/s",
    ),
    Code(
        "CS204",
        "bad assumption unit",
        E,
        "Write the unit with known units, `*`, `/` and `^`, for example `url/day` or `B/url`; "
        "declare a countable the shared list lacks in `estimation.units: [trade]`.",
        "unit: urls per day",
    ),
    Code(
        "CS205",
        "unit mismatch in a formula",
        E,
        "Only quantities of the same unit can be added, subtracted or compared; check the "
        "units of both sides.",
        "formula: write_rate + ingress",
    ),
    Code(
        "CS206",
        "the figure does not fit its display unit",
        E,
        "Change the display unit to the unit the formula gives, or fix the formula.",
        "unit: B/s  # for a formula giving url/s",
    ),
    Code(
        "CS207",
        "cycle between figures",
        E,
        "A figure cannot depend on itself, directly or through others; break the cycle.",
        "formula: read_rate / ratio  # while read_rate uses this figure",
    ),
    Code(
        "CS208",
        "division by zero",
        E,
        "Check the assumption that makes the divisor zero.",
        "formula: storage / disks",
    ),
    Code(
        "CS209",
        "not a finite number",
        E,
        "Check for an overflow, `sqrt` or `log2` of a negative number, or an infinite value.",
        "formula: log2(0)",
    ),
    Code(
        "CS210",
        "negative quantity",
        E,
        "A quantity with a unit (bytes, requests, seconds) cannot be negative; check the "
        "formula or the assumption.",
        "formula: capacity - demand",
    ),
    Code(
        "CS211",
        "unknown function",
        E,
        "Use one of the functions ceil, floor, log2, max, min, sqrt.",
        "formula: avg(a, b)",
    ),
    Code(
        "CS212",
        "wrong number of arguments",
        E,
        "ceil, floor, log2 and sqrt take one argument; min and max at least two.",
        "formula: max(a)",
    ),
    Code(
        "CS213",
        "key figure marked twice",
        E,
        "Mark each key figure (read_rate, write_rate, …) on one derived figure only.",
        "key: storage  # on two figures",
    ),
    Code(
        "CS214",
        "key figure of the wrong kind",
        E,
        "Rates are things per time, storage and cache are bytes, ingress and egress are "
        "bytes per time.",
        "key: storage  # on a figure in url/s",
    ),
    Code(
        "CS215",
        "quantity raised to a variable power",
        E,
        "Raise a quantity with a unit to a fixed number only, so its unit cannot change.",
        "formula: size ^ years",
    ),
    Code(
        "CS216",
        "malformed display unit",
        E,
        "Write the unit with known units, `*`, `/` and `^`, for example `url/s` or `TB`.",
        "unit: url//s",
    ),
    Code(
        "CS217",
        "malformed check",
        E,
        "Write a check as two formulas joined by one of `<`, `<=`, `>`, `>=`.",
        'check: "key_space = urls_stored"',
    ),
    Code(
        "CS218",
        "check does not hold",
        E,
        "The design's numbers contradict the claim: change the design (or the assumption "
        "that is wrong), or restate the claim and its check.",
        'check: "key_space >= 1000 * urls_stored"  # with a 6-character key',
    ),
    Code(
        "CS219",
        "declared unit clashes with a unit",
        E,
        "Choose another name for the countable: this one already reads as a unit of time, "
        "information or a prefixed unit.",
        "units: [day]",
    ),
    Code(
        "CS220",
        "declared unit is shared already",
        W,
        "Remove the name from `estimation.units`: every case study may use the shared countables.",
        "units: [server]",
    ),
    Code(
        "CS221",
        "checks skipped",
        W,
        "Fix the errors reported beside it; the checks run once the figures they use compute.",
        "",
    ),
    Code(
        "CS222",
        "backticked name is a near miss of a figure",
        W,
        "Write the figure's name exactly, so the page shows its value beside it; put other "
        "code in backticks only if it is not one slip from a figure name.",
        "narrative: Storage grows to `storage_replicatd`.",
    ),
    Code(
        "CS223",
        "key figure of the first release",
        W,
        "Mark peak_read_rate or peak_write_rate instead of peak_rate, and storage_logical (bytes "
        "before copies) or storage_replicated (bytes on disk) instead of storage, so figures "
        "compare like with like.",
        "key: peak_rate",
    ),
    # CS3xx: concepts, cross-links and diagrams
    Code(
        "CS301",
        "concept alias already taken",
        E,
        "An alias must not be another concept's id or alias; remove it or rename one of them.",
        "aliases: [cache]",
    ),
    Code(
        "CS302",
        "further reading must use https",
        E,
        "Link each further-reading entry to an https:// address.",
        "url: http://example.com/paper.pdf",
    ),
    Code(
        "CS303",
        "reference to an unknown entity field",
        E,
        "Write `references` as `Entity.field`, naming an entity of this data model and one of "
        "its fields.",
        "references: Acount.account_id",
    ),
    Code(
        "CS304",
        "link to a page or anchor that does not exist",
        E,
        "Link to a page of the site relative to the page the text is on (`../concepts/cache.md`"
        ", `../case-studies/url-shortener.md#step-2-estimation`), or to an anchor of it.",
        "[see](../concepts/cachng.md)",
    ),
    Code(
        "CS305",
        "diagram too large to draw",
        E,
        "Shorten the labels or split the design: Mermaid refuses diagrams longer than its "
        "text limit.",
        "",
    ),
    Code(
        "CS310",
        "tag not in the vocabulary",
        E,
        "Use a tag of case_studies/method/tags.yaml (the message suggests the closest), or add "
        "the new tag there with a line saying what it groups.",
        "tags: [websockets]",
    ),
    # CS4xx: checklists (case_studies/method/checklist.yaml and `checklist:` items)
    Code(
        "CS401",
        "unknown step in the method checklist",
        E,
        "Use the field names of the seven steps: requirements, estimation, interface, "
        "data_model, high_level_design, detailed_design, bottlenecks.",
        "bottleneck:\n  - id: spof",
    ),
    Code(
        "CS402",
        "checklist item id used twice in a step",
        E,
        "Give every question of a step its own id; ids are what readers' ticks are kept by, "
        "so never reuse or renumber them.",
        "- id: replicas\n- id: replicas",
    ),
    Code(
        "CS403",
        "unexpected file beside the method checklist",
        W,
        "Only case_studies/method/checklist.yaml and tags.yaml are read; merge the questions "
        "into the checklist or remove the file.",
        "",
    ),
    Code(
        "CS404",
        "checklist question asked twice",
        W,
        "Remove the repeat: the method's questions already appear at the end of every step "
        "of every case study.",
        "text: Is there any single point of failure?",
    ),
    Code(
        "CS405",
        "checklist tag looks misspelt",
        W,
        "Use the tag the message suggests, so the checklist finder groups the items together.",
        "tags: [cachng]",
    ),
    # CS5xx: contributing (scaffold and pull-request checks)
    Code(
        "CS501",
        "placeholder left from the scaffold",
        W,
        "Replace the value with your own; `casebook new` writes `TODO …` prose and `todo…` "
        "ids that a finished case study must not keep.",
        'summary: "TODO: one sentence shown in the catalogue."',
    ),
    Code(
        "CS502",
        "category used by no other case study",
        W,
        "Use a category in use (the message lists them, and `casebook new` prints them); a "
        "new one opens a navigation section of its own, so add it only on purpose.",
        "category: datastore  # while the others use storage",
    ),
    # CS6xx: the bar a complete case study clears (warnings; errors with --strict)
    Code(
        "CS601",
        "too few items for a complete case study",
        W,
        "Add items until the list reaches the minimum the message names.",
        "functional: [Shorten a URL.]",
    ),
    Code(
        "CS602",
        "component not connected by any flow",
        W,
        "Add a flow from or to the component, or remove it.",
        "",
    ),
    Code(
        "CS603",
        "too few concept references",
        W,
        "Reference concepts on components, storage choices, decisions and risks.",
        "",
    ),
    Code(
        "CS604",
        "too few case-specific checklist items",
        W,
        "Add `checklist:` items to the steps.",
        "",
    ),
    Code(
        "CS605",
        "a decision without real alternatives",
        W,
        "Weigh at least two options, each with pros and cons.",
        "",
    ),
    Code("CS606", "entity without a key", W, "Mark the key field with `key: primary`.", ""),
    Code(
        "CS607",
        "too many components",
        W,
        "Keep the high-level design to ten boxes; move detail to step 6.",
        "",
    ),
    Code(
        "CS610",
        "a stateful component's failure is not answered in step 7",
        W,
        "Add a risk to bottlenecks.risks that names the component and says what happens when "
        'it fails; it answers the derived "what happens during an outage" checklist item.',
        "components:\n  - {id: store, name: Link store, kind: database}\n"
        "risks:\n  - risk: Spammers create links in bulk.",
    ),
    # CS7xx: hostile or accidental input the format cannot hold safely
    Code(
        "CS701",
        "reserved id",
        E,
        "Choose another id: index, comparison, tags and categories name generated pages.",
        "id: index",
    ),
    Code(
        "CS702",
        "a symbolic link or special file",
        E,
        "Commit case studies as regular files in regular folders; a link could pull in files "
        "from outside the project, and a FIFO or device would hang the build.",
        "",
    ),
    Code(
        "CS703",
        "Markdown nested or left open too deeply",
        E,
        "Close the brackets and parentheses of links (write a literal one as `\\[`), and nest "
        "lists, quotes and definitions less deeply: the Markdown converter slows down with the "
        "square of such nesting.",
        "[[[[[[[[[[[[ text",
    ),
)


# Characters that would act instead of show in a terminal or a CI log: control characters,
# line and paragraph separators, bidirectional overrides, zero-width and other invisible format
# characters (an id holding U+200B looks like a valid one), and the lone surrogates that stand
# for bytes of a file name that is not UTF-8.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb"
    "\ud800-\udfff]"
)
MAX_MESSAGE = 400  # characters: a message quoting a huge value must not flood the report


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(ch, f"\\u{code:04x}")


def printable(value: str) -> str:
    """`value` with every character that could act on a terminal written as an escape."""
    return _UNPRINTABLE.sub(_visible, value) if _UNPRINTABLE.search(value) else value


def one_line(value: str) -> str:
    """Contributor text for a terminal or a line of Markdown: one line, nothing that acts."""
    return printable(" ".join(value.split()))


_JSON_UNSAFE = re.compile(_UNPRINTABLE.pattern.replace("\x00-\x1f", "").replace("\\x00-\\x1f", ""))


def printable_json(text: str) -> str:
    """JSON text whose strings hold no character that acts on a terminal (written as \\uXXXX;
    json.dumps already escapes the C0 controls, so every match lies inside a string)."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def cut(value: str, limit: int = MAX_MESSAGE) -> str:
    """`value` cut in the middle when longer than `limit`, saying how long it was."""
    if len(value) <= limit:
        return value
    tail = limit // 5
    return f"{value[: limit - tail]}...{value[-tail:]} ({len(value):,} characters)"


@dataclass(frozen=True, order=True)
class Problem:
    """One contributor mistake, located in a file."""

    path: str
    line: int
    col: int
    code: str
    message: str

    def __post_init__(self) -> None:
        # Messages quote contributor text: a newline or a terminal escape in it must not start
        # a forged line (`::error …` in CI logs) or restyle the terminal, so they stay visible.
        # A value of a megabyte quoted whole would bury every other problem: cut it.
        for name in ("path", "message"):
            value = getattr(self, name)
            shown = cut(printable(value))
            if shown is not value:
                object.__setattr__(self, name, shown)

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
