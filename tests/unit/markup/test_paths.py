"""Every generated path named once, reserved ids derived from the page names."""

from __future__ import annotations

from pathlib import PurePosixPath

from generator.markup.paths import (
    CASE_INDEX,
    OWNED_FOLDERS,
    RESERVED_IDS,
    STAMP,
    shown_on,
    step_page,
)
from generator.pipeline import generate
from generator.project import Project
from tests.conftest import FIXTURES, ROOT


def test_reserved_ids_come_from_the_fixed_pages() -> None:
    assert {
        "case study": frozenset({"index", "comparison", "tags", "categories"}),
        "concept": frozenset({"index", "tags", "categories"}),
    } == RESERVED_IDS


def test_every_generated_page_lies_one_folder_below_docs() -> None:
    """So that `../<folder>/<page>.md` names the same page from any generated page."""
    root = FIXTURES / "project"
    _, pages = generate(Project(root, root / "case_studies", ROOT / "templates", root / "docs"))
    for page in pages:
        path = PurePosixPath(page.path)
        assert len(path.parts) == 2 and path.parts[0] in OWNED_FOLDERS, page.path
    assert PurePosixPath(STAMP).parts[0] in OWNED_FOLDERS


def test_where_a_field_is_shown() -> None:
    assert shown_on("case study", "x", ("high_level_design", "narrative"), None) == [
        "case-studies/x.md"
    ]
    assert shown_on("case study", "x", ("summary",), None) == ["case-studies/x.md", CASE_INDEX]
    assert shown_on("case study", "x", ("estimation", "checklist", 0, "text"), None) == [
        "case-studies/x.md",
        step_page("step-2-estimation"),
    ]
    assert shown_on("method", "checklist", ("bottlenecks", 0, "text"), "a") == [
        "case-studies/a.md",
        "checklists/step-7-bottlenecks.md",
    ]
    assert shown_on("concept", "cache", ("summary",), None) == [
        "concepts/cache.md",
        "concepts/index.md",
    ]
