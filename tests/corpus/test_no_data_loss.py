"""No data loss, through `build()`: a failing run writes nothing, a run interrupted while writing
leaves the previous output as it was, hand-written pages are never touched, and a second run with
no change writes nothing.

Each test works on a copy of the project (bundled case studies, concepts, method checklist,
templates and hand-written docs) in a temporary folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.markup.paths import OWNED_FOLDERS
from generator.pipeline import build
from generator.problems.problem import ProblemsFound
from generator.project import Project
from tests.conftest import copy_project
from tests.corpus.test_hostile import HOSTILE

Snapshot = dict[str, tuple[bytes, int]]


def snapshot(docs: Path, *, generated: bool | None = None) -> Snapshot:
    """Every file under docs/ (or only the generated / hand-written ones): bytes and mtime."""
    out: Snapshot = {}
    for path in sorted(docs.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(docs).as_posix()
        owned = rel.split("/")[0] in OWNED_FOLDERS
        if generated is None or owned == generated:
            out[rel] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out


@pytest.fixture()
def project(tmp_path: Path) -> Project:
    """A copy of the project, built once."""
    project = Project.at(copy_project(tmp_path))
    first = build(project)
    assert len(first.written) > 20
    return project


def edit(project: Project, case_id: str, old: str, new: str) -> None:
    path = project.case_studies / f"{case_id}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def pages_in(snap: Snapshot) -> set[str]:
    return {rel for rel in snap if not rel.rsplit("/", 1)[-1].startswith(".")}


def test_a_second_run_with_no_change_writes_nothing(project: Project) -> None:
    before = snapshot(project.docs)
    report = build(project)
    assert (report.written, report.removed) == ((), ())
    assert report.unchanged == len(pages_in(snapshot(project.docs, generated=True)))
    assert snapshot(project.docs) == before  # not even a timestamp moved


def test_a_full_run_with_the_same_output_rewrites_no_page(project: Project) -> None:
    # A template change that renders the same text defeats the quick check: the whole
    # pipeline runs, and only the record of what was built changes.
    before = snapshot(project.docs)
    template = project.templates / "case_study.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "{## same output ##}\n")
    report = build(project)
    assert report.written == ("case-studies/.casebook-stamp.json",)
    after = snapshot(project.docs)
    assert {k: v for k, v in after.items() if k in pages_in(after)} == {
        k: v for k, v in before.items() if k in pages_in(before)
    }


def test_a_failing_run_writes_nothing(project: Project) -> None:
    before = snapshot(project.docs)
    edit(project, "pastebin", "\nsummary:", "\nsumary:")  # one bad file among many good ones
    edit(project, "url-shortener", "\ntitle:", "\ntitle: Renamed\nold_title:")
    with pytest.raises(ProblemsFound) as failed:
        build(project)
    assert {p.code for p in failed.value.problems if p.severity.value == "error"} == {"CS101"}
    assert snapshot(project.docs) == before


def test_a_run_failing_after_its_pages_were_staged_writes_nothing(project: Project) -> None:
    """A link that only the rendered pages show to be broken (CS304) fails the run after
    every page was staged: the staged files go, the previous output stays."""
    before = snapshot(project.docs)
    edit(project, "pastebin", "\ntitle: ", "\ntitle: Changed ")
    edit(project, "url-shortener", "\nsummary: ", "\nsummary: See [this](../concepts/nope.md). ")
    with pytest.raises(ProblemsFound) as failed:
        build(project)
    assert [p.code for p in failed.value.problems if p.severity.value == "error"] == ["CS304"]
    assert snapshot(project.docs) == before
    assert [p for p in project.docs.rglob("*") if p.name.startswith(".casebook-tmp")] == []


def _change_two_pages(project: Project) -> None:
    edit(project, "pastebin", "\ntitle: ", "\ntitle: Changed ")
    edit(project, "url-shortener", "\ntitle: ", "\ntitle: Changed ")


@pytest.mark.parametrize("stage", ["staging", "replacing"])
@pytest.mark.parametrize("error", [OSError("disk full"), KeyboardInterrupt()])
def test_an_interrupted_write_leaves_the_previous_output(
    project: Project, monkeypatch: pytest.MonkeyPatch, stage: str, error: BaseException
) -> None:
    before = snapshot(project.docs)
    _change_two_pages(project)
    real = os.fdopen if stage == "staging" else os.replace
    calls = {"n": 0}

    def fail_second(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] == 2:
            if stage == "staging":
                os.close(args[0])  # type: ignore[arg-type]
            raise error
        return real(*args, **kwargs)  # type: ignore[operator]

    monkeypatch.setattr(os, "fdopen" if stage == "staging" else "replace", fail_second)
    with pytest.raises(type(error)):
        build(project)
    monkeypatch.undo()
    assert calls["n"] >= 2  # the failure did happen in the middle of the write
    after = snapshot(project.docs)
    # Every page has its previous bytes (a page replaced before the failure was put back),
    # and no temporary file is left behind.
    assert {k: v[0] for k, v in after.items()} == {k: v[0] for k, v in before.items()}
    leftovers = [p for p in project.docs.rglob("*") if p.name.startswith(".casebook-tmp")]
    assert leftovers == []
    # The next run, undisturbed, writes exactly the pages whose text changed.
    report = build(project)
    final = snapshot(project.docs)
    assert set(report.written) == {k for k in final if final[k][0] != before[k][0]}
    assert {"case-studies/pastebin.md", "case-studies/url-shortener.md"} <= set(report.written)


def test_hand_written_pages_are_never_modified_or_deleted(project: Project) -> None:
    hand_written = snapshot(project.docs, generated=False)
    assert "index.md" in hand_written and "method.md" in hand_written
    (project.docs / "notes.md").write_text("# Mine\n", encoding="utf-8")
    hand_written = snapshot(project.docs, generated=False)
    # Runs that remove a case study, rename one, fail, and rebuild everything from scratch.
    base = (HOSTILE / "bom.yaml").read_text(encoding="utf-8-sig")
    extra = project.case_studies / "extra-case.yaml"
    extra.write_text(base.replace("id: bom", "id: extra-case"), encoding="utf-8")
    assert "case-studies/extra-case.md" in build(project).written
    extra.unlink()
    assert "case-studies/extra-case.md" in build(project).removed
    extra.write_text(base.replace("id: bom", "id: extra-case"), encoding="utf-8")
    build(project)
    extra.rename(project.case_studies / "renamed-case.yaml")
    edit(project, "renamed-case", "id: extra-case", "id: renamed-case")
    assert "case-studies/extra-case.md" in build(project).removed
    (project.case_studies / "broken.yaml").write_text("id: [\n", encoding="utf-8")
    with pytest.raises(ProblemsFound):
        build(project)
    (project.case_studies / "broken.yaml").unlink()
    for folder in OWNED_FOLDERS:
        for page in sorted((project.docs / folder).rglob("*"), reverse=True):
            page.unlink() if page.is_file() else page.rmdir()
    build(project)
    assert snapshot(project.docs, generated=False) == hand_written
