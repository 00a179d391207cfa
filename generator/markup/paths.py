"""Every path the generator writes below docs/, named once.

The writer owns the folders listed here and nothing else; the stamp, the pages of case studies
and concepts, the catalogue pages beside them and the checklist and reference pages are all
spelled here and imported where used. Ids that would name one of the fixed pages of a folder
are reserved (CS701), derived from those pages' names rather than kept in step by hand.

Every generated page lies exactly one folder below docs/, so a relative link written as
`../<folder>/<page>.md` means the same page from any generated page.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from generator.format.steps import STEPS

CASES_FOLDER = "case-studies"
CONCEPTS_FOLDER = "concepts"
CHECKLISTS_FOLDER = "checklists"
REFERENCE_FOLDER = "reference"

# Folders below docs/ that belong to the generator (git-ignored). Nothing else is touched.
OWNED_FOLDERS: tuple[str, ...] = (
    CASES_FOLDER,
    CONCEPTS_FOLDER,
    CHECKLISTS_FOLDER,
    REFERENCE_FOLDER,
)

# The build stamp: a dotfile, so that mkdocs does not publish it.
STAMP = f"{CASES_FOLDER}/.casebook-stamp.json"

# The writer's journal of a build in progress (see write/journal.py), and the prefix of its
# temporary files; both are dotfiles, which mkdocs never publishes.
JOURNAL = f"{CASES_FOLDER}/.casebook-journal.json"
TMP_PREFIX = ".casebook-tmp-"

CASE_INDEX = f"{CASES_FOLDER}/index.md"
COMPARISON = f"{CASES_FOLDER}/comparison.md"
CONCEPT_INDEX = f"{CONCEPTS_FOLDER}/index.md"
FINDER = f"{CHECKLISTS_FOLDER}/index.md"
ITEMS_JSON = f"{CHECKLISTS_FOLDER}/items.json"
FORMAT_PAGE = f"{REFERENCE_FOLDER}/format.md"
ERRORS_PAGE = f"{REFERENCE_FOLDER}/errors.md"

# Pages the generator may add beside case studies and concepts later: reserved now, so that
# adding one never breaks a case study or concept that took the name first.
_FUTURE_PAGES = ("tags", "categories")


def case_page(case_id: str) -> str:
    return f"{CASES_FOLDER}/{case_id}.md"


def concept_page(concept_id: str) -> str:
    return f"{CONCEPTS_FOLDER}/{concept_id}.md"


def step_page(anchor: str) -> str:
    """The checklist page of a step, by the step's anchor (`step-2-estimation`)."""
    return f"{CHECKLISTS_FOLDER}/{anchor}.md"


def _stems(folder: str, *pages: str) -> frozenset[str]:
    return frozenset(
        PurePosixPath(p).stem for p in pages if PurePosixPath(p).parent.as_posix() == folder
    ) | frozenset(_FUTURE_PAGES)


_FIXED_PAGES = (CASE_INDEX, COMPARISON, CONCEPT_INDEX)

RESERVED_IDS: dict[str, frozenset[str]] = {
    "case study": _stems(CASES_FOLDER, *_FIXED_PAGES),
    "concept": _stems(CONCEPTS_FOLDER, *_FIXED_PAGES),
}
"""Ids that would replace a fixed page of the folder their page is written to."""

HOME_FOLDER = {"case study": CASES_FOLDER, "concept": CONCEPTS_FOLDER, "method": CASES_FOLDER}
"""Where a document's text is shown first: its own page (the method's, on every case study)."""


def shown_on(kind: str, doc_id: str, loc: tuple[str | int, ...], a_case: str | None) -> list[str]:
    """The pages a field of a document is shown on, for resolving its relative links.

    Its own page first; a summary also appears in its folder's index (and on other pages of
    the same folder, where relative links resolve the same way); checklist questions also
    appear on their step's checklist page. The method's questions are on every case-study page
    (`a_case` stands for them all) and on the checklist pages.
    """
    step = str(loc[0]) if loc else ""
    if kind == "method":
        return [*([case_page(a_case)] if a_case else []), step_page(_anchor(step))]
    own = case_page(doc_id) if kind == "case study" else concept_page(doc_id)
    pages = [own]
    if loc == ("summary",):
        pages.append(CASE_INDEX if kind == "case study" else CONCEPT_INDEX)
    if kind == "case study" and len(loc) == 4 and loc[1:2] == ("checklist",) and loc[3] == "text":
        pages.append(step_page(_anchor(step)))
    return pages


def _anchor(step_field: str) -> str:
    return next((s.anchor for s in STEPS if s.field == step_field), step_field)
