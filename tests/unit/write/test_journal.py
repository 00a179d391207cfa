"""Recovery from a killed build: a journal is finished, temporary files are deleted, and a
journal that names anything outside the generated folders is never followed."""

from __future__ import annotations

import json
from pathlib import Path

from generator.markup.paths import JOURNAL
from generator.render.pages import Page
from generator.write.journal import recover
from generator.write.writer import write_pages

OWNED = ("case-studies",)


def test_a_journal_left_by_a_killed_build_is_finished(tmp_path: Path) -> None:
    pages = [Page("case-studies/a.md", "old A"), Page("case-studies/b.md", "B")]
    write_pages(tmp_path, pages, OWNED)
    folder = tmp_path / "case-studies"
    (folder / ".casebook-tmp-x1").write_text("new A")
    steps = [["case-studies/a.md", "case-studies/.casebook-tmp-x1"], ["case-studies/b.md", ""]]
    (tmp_path / JOURNAL).write_text(json.dumps({"steps": steps}))
    assert recover(tmp_path, OWNED) is True
    assert sorted(p.name for p in folder.iterdir()) == ["a.md"]
    assert (folder / "a.md").read_text() == "new A"
    assert recover(tmp_path, OWNED) is False  # nothing left to do


def test_a_journal_naming_files_outside_is_not_followed(tmp_path: Path) -> None:
    write_pages(tmp_path, [Page("case-studies/a.md", "A")], OWNED)
    (tmp_path / "index.md").write_text("hand-written")
    (tmp_path / JOURNAL).write_text(json.dumps({"steps": [["index.md", ""]]}))
    (tmp_path / "case-studies" / ".casebook-tmp-y").write_text("left over")
    assert recover(tmp_path, OWNED) is True
    assert (tmp_path / "index.md").read_text() == "hand-written"
    assert sorted(p.name for p in (tmp_path / "case-studies").iterdir()) == ["a.md"]


def test_a_staged_file_that_is_not_ours_is_not_moved(tmp_path: Path) -> None:
    write_pages(tmp_path, [Page("case-studies/a.md", "A"), Page("case-studies/b.md", "B")], OWNED)
    (tmp_path / JOURNAL).write_text(
        json.dumps({"steps": [["case-studies/a.md", "case-studies/b.md"]]})
    )
    recover(tmp_path, OWNED)
    assert (tmp_path / "case-studies" / "a.md").read_text() == "A"
    assert (tmp_path / "case-studies" / "b.md").read_text() == "B"
