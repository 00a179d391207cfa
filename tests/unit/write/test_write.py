from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.problems.problem import CasebookError
from generator.render.pages import Page
from generator.write.stamp import page_digest
from generator.write.writer import Staged, Stager, commit, write_pages

OWNED = ("case-studies",)


def pages(**texts: str) -> list[Page]:
    return [Page(f"case-studies/{name}.md", text) for name, text in texts.items()]


def test_writes_only_changed_files_and_removes_stale_ones(tmp_path: Path) -> None:
    first = write_pages(tmp_path, pages(a="A", b="B"), OWNED)
    assert first.written == ("case-studies/a.md", "case-studies/b.md")
    before = (tmp_path / "case-studies/a.md").stat().st_mtime_ns

    second = write_pages(tmp_path, pages(a="A", c="C"), OWNED)
    assert (second.written, second.unchanged, second.removed) == (
        ("case-studies/c.md",),
        1,
        ("case-studies/b.md",),
    )
    assert (tmp_path / "case-studies/a.md").stat().st_mtime_ns == before
    assert not (tmp_path / "case-studies/b.md").exists()

    third = write_pages(tmp_path, pages(a="A", c="C"), OWNED)
    assert (third.written, third.unchanged, third.removed) == ((), 2, ())


def test_never_touches_hand_written_files(tmp_path: Path) -> None:
    (tmp_path / "index.md").write_text("mine")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "x.md").write_text("mine too")
    write_pages(tmp_path, pages(a="A"), OWNED)
    write_pages(tmp_path, [], OWNED)
    assert (tmp_path / "index.md").read_text() == "mine"
    assert (tmp_path / "notes" / "x.md").read_text() == "mine too"
    assert not (tmp_path / "case-studies").exists()


@pytest.mark.parametrize(
    "path", ["index.md", "case-studies/../index.md", "/etc/passwd", "other/x.md"]
)
def test_refuses_paths_outside_owned_folders(tmp_path: Path, path: str) -> None:
    with pytest.raises(CasebookError, match="outside the generated folders"):
        write_pages(tmp_path, [Page(path, "x")], OWNED)
    assert list(tmp_path.iterdir()) == []


def test_failure_while_staging_leaves_previous_output_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pages(tmp_path, pages(a="old A", b="old B"), OWNED)
    real_fdopen = os.fdopen
    calls = {"n": 0}

    def failing_fdopen(fd: int, mode: str = "r") -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            os.close(fd)
            raise OSError("disk full")
        return real_fdopen(fd, mode)

    monkeypatch.setattr(os, "fdopen", failing_fdopen)
    with pytest.raises(OSError, match="disk full"):
        write_pages(tmp_path, pages(a="new A", b="new B"), OWNED)
    folder = tmp_path / "case-studies"
    assert sorted(p.name for p in folder.iterdir()) == ["a.md", "b.md"]
    assert (folder / "a.md").read_text() == "old A"
    assert (folder / "b.md").read_text() == "old B"


def test_two_pages_for_one_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(CasebookError, match=r"refusing to write 'case-studies/a\.md' twice"):
        write_pages(tmp_path, [*pages(a="A"), Page("case-studies/./a.md", "other")], OWNED)
    assert list(tmp_path.iterdir()) == []


def test_a_linked_generated_folder_is_refused(tmp_path: Path) -> None:
    # Stale-page removal would otherwise delete files wherever the link points.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "precious.md").write_text("keep me")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "case-studies").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(CasebookError, match="case-studies/: it is a symbolic link"):
        write_pages(docs, pages(a="A"), OWNED)
    assert [p.name for p in elsewhere.iterdir()] == ["precious.md"]


def test_failure_while_replacing_puts_back_the_pages_already_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pages(tmp_path, pages(a="old A", b="old B"), OWNED)
    real_replace = os.replace
    calls = {"n": 0}

    def failing_replace(src: str, dst: str) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("device gone")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(OSError, match="device gone"):
        write_pages(tmp_path, pages(a="new A", b="new B", c="new C"), OWNED)
    monkeypatch.undo()
    folder = tmp_path / "case-studies"
    assert sorted(p.name for p in folder.iterdir()) == ["a.md", "b.md"]
    assert (folder / "a.md").read_text() == "old A"
    assert (folder / "b.md").read_text() == "old B"


def test_a_staged_page_is_on_disk_beside_its_target_and_read_back_from_there(
    tmp_path: Path,
) -> None:
    write_pages(tmp_path, pages(a="A"), OWNED)
    stage = Stager(tmp_path, OWNED)
    same, new = stage(Page("case-studies/a.md", "A")), stage(Page("case-studies/b.md", "B é"))
    assert same == Staged("case-studies/a.md", page_digest(b"A"))
    assert new.path == "case-studies/b.md" and new.digest == page_digest("B é".encode())
    assert new.staged.startswith("case-studies/.casebook-tmp-")
    assert (tmp_path / new.staged).read_bytes() == "B é".encode()
    assert not (tmp_path / "case-studies/b.md").exists()  # nothing a reader sees has changed
    assert (stage.text(same), stage.text(new)) == ("A", "B é")
    report = commit(tmp_path, [same, new], OWNED)
    assert (report.written, report.unchanged, report.removed) == (("case-studies/b.md",), 1, ())
    assert sorted(p.name for p in (tmp_path / "case-studies").iterdir()) == ["a.md", "b.md"]


def test_a_commit_refusing_two_pages_for_one_file_removes_what_was_staged(
    tmp_path: Path,
) -> None:
    stage = Stager(tmp_path, OWNED)
    staged = [stage(Page("case-studies/a.md", "one")), stage(Page("case-studies/a.md", "two"))]
    with pytest.raises(CasebookError, match=r"refusing to write 'case-studies/a\.md' twice"):
        commit(tmp_path, staged, OWNED)
    assert list(tmp_path.iterdir()) == []
