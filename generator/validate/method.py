"""Rules for checklists: the method checklist file, and case-study items measured against it.

The method's questions live in ``case_studies/method/checklist.yaml``: one key per step (the
step's field name), each a list of items with an id, the question and optional tags. It is in a
folder of its own so that it is never mistaken for a case study.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from generator.format.models import ChecklistItem, MethodChecklist
from generator.format.steps import STEPS
from generator.load import RawDocument
from generator.problems.hints import did_you_mean
from generator.problems.problem import Problem, Severity
from generator.validate.links import check_links
from generator.validate.shape import Located, validate_model
from generator.validate.tags import TAGS_FILE

FOLDER = "method"
FILE = "checklist.yaml"
STEP_FIELDS = tuple(s.field for s in STEPS)


def validate_method(doc: RawDocument) -> tuple[MethodChecklist | None, list[Problem]]:
    """The method checklist, or every problem in it."""
    unknown = [key for key in doc.data if key not in STEP_FIELDS]
    problems = [
        Problem(
            doc.path,
            *doc.source.find((key,), key=True),
            "CS401",
            f"unknown step '{key}'{did_you_mean(key, STEP_FIELDS)}",
        )
        for key in unknown
    ]
    at_unknown = {(p.line, p.col) for p in problems}
    problems += check_links(doc)  # its questions are shown on every case-study page
    method, found = validate_model(doc, MethodChecklist)
    # The model reports an unknown key as an unknown field (CS101): CS401 says it better.
    problems += [p for p in found if not (p.code == "CS101" and (p.line, p.col) in at_unknown)]
    if method is None:
        return None, sorted(problems)
    for step in STEPS:
        items: tuple[ChecklistItem, ...] = getattr(method, step.field)
        problems += _duplicate_ids(doc, step.field, items)
        problems += _repeated_questions(doc, step.field, items)
    if any(p.severity is Severity.ERROR for p in problems):
        return None, sorted(problems)
    return method, sorted(problems)


def _duplicate_ids(
    doc: RawDocument, field: str, items: Sequence[ChecklistItem]
) -> Iterator[Problem]:
    first: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in first:
            line, col = doc.source.find((field, i, "id"))
            yield Problem(
                doc.path,
                line,
                col,
                "CS402",
                f"checklist item '{item.id}' is defined twice in {field} "
                f"(first as item {first[item.id] + 1})",
            )
        else:
            first[item.id] = i


def _normal(text: str) -> str:
    return " ".join(text.lower().split()).rstrip("?.! ")


def _repeated_questions(
    doc: RawDocument, field: str, items: Sequence[ChecklistItem]
) -> Iterator[Problem]:
    first: dict[str, str] = {}
    for i, item in enumerate(items):
        key = _normal(item.text)
        if key in first:
            line, col = doc.source.find((field, i, "text"))
            yield Problem(
                doc.path,
                line,
                col,
                "CS404",
                f"{field}: the question of '{item.id}' repeats '{first[key]}'",
            )
        else:
            first[key] = item.id


def stray_file(display: str) -> Problem:
    """A file beside the method checklist that is not read."""
    return Problem(
        display,
        1,
        1,
        "CS403",
        f"only {FOLDER}/{FILE} and {FOLDER}/{TAGS_FILE} are read in this folder; "
        "this file is ignored",
    )


def _distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace) that turn `a` into `b`."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def likely_typo(tag: str, known: set[str]) -> str | None:
    """The known tag `tag` is a slip of the keyboard away from: one edit for short tags, two
    for longer ones. New tags that merely look alike (`deduplication`) are left alone."""
    allowed = 1 if len(tag) <= 5 else 2
    # Lengths further apart than the allowance cannot be within it: skip the quadratic DP.
    scored = sorted(
        (_distance(tag, k), k) for k in known if k != tag and abs(len(k) - len(tag)) <= allowed
    )
    return scored[0][1] if scored and scored[0][0] <= allowed else None


def check_case_items(method: MethodChecklist | None, catalogue: Sequence[Located]) -> list[Problem]:
    """Case-study items that repeat a method question, and tags that look misspelt."""
    known_tags = (
        {t for s in STEPS for q in getattr(method, s.field) for t in q.tags} if method else set()
    )
    problems: list[Problem] = []
    typos: dict[str, str | None] = {}  # the same unknown tag recurs across case studies
    for located in catalogue:
        for step in STEPS:
            asked = {_normal(q.text): q.id for q in getattr(method, step.field)} if method else {}
            for i, item in enumerate(getattr(located.case, step.field).checklist):
                loc = (step.field, "checklist", i)
                repeat = asked.get(_normal(item.text))
                if repeat is not None:
                    line, col = located.at(*loc, "text")
                    problems.append(
                        Problem(
                            located.doc.path,
                            line,
                            col,
                            "CS404",
                            f"checklist item '{item.id}' repeats the method question "
                            f"'method/{step.slug}/{repeat}', which the step already shows",
                        )
                    )
                for j, tag in enumerate(item.tags):
                    if tag in known_tags:
                        continue
                    if tag not in typos:
                        typos[tag] = likely_typo(tag, known_tags)
                    close = typos[tag]
                    if close:
                        line, col = located.at(*loc, "tags", j)
                        problems.append(
                            Problem(
                                located.doc.path,
                                line,
                                col,
                                "CS405",
                                f"checklist tag '{tag}' is not used by the method checklist "
                                f"(did you mean '{close}'?)",
                            )
                        )
    return problems


def check_method(
    doc: RawDocument | None, catalogue: Sequence[Located]
) -> tuple[MethodChecklist | None, list[Problem]]:
    """The method checklist (None when the file is absent or broken) and every problem found
    in it or in the case studies' items measured against it."""
    method, problems = validate_method(doc) if doc is not None else (None, [])
    return method, problems + check_case_items(method, catalogue)
