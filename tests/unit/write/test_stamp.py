"""The no-op fast path: an unchanged project is not regenerated, a doubtful one always is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.commands.progress import Timings
from generator.pipeline import build, build_site
from generator.project import Project
from tests.conftest import FIXTURES, ROOT


@pytest.fixture()
def project(tmp_path: Path) -> Project:
    shutil.copytree(FIXTURES / "project" / "case_studies", tmp_path / "case_studies")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return Project.at(tmp_path)


def test_unchanged_project_skips_the_pipeline(project: Project) -> None:
    first = build(project)
    assert len(first.written) > 0
    timings = Timings()
    second = build(project, timings=timings)
    assert (second.written, second.removed) == ((), ())
    assert second.unchanged == len(first.written) - 1  # every page but the stamp itself
    assert set(timings.stages) == {"stamp"}


def test_a_hand_edited_page_is_regenerated(project: Project) -> None:
    build(project)
    page = project.docs / "case-studies" / "tiny-paste.md"
    original = page.read_text()
    page.write_text("edited by hand")
    report = build(project)
    assert report.written == ("case-studies/tiny-paste.md",)
    assert page.read_text() == original


def test_a_changed_input_reruns_and_writes_only_what_changed(project: Project) -> None:
    build(project)
    source = project.case_studies / "tiny-paste.yaml"
    source.write_text(source.read_text().replace("Cheap and durable.", "Cheap and lasting."))
    report = build(project)
    assert "case-studies/tiny-paste.md" in report.written
    assert "case-studies/tiny-shortener.md" not in report.written
    assert "case-studies/.casebook-stamp.json" in report.written


def test_strict_is_part_of_the_fingerprint(project: Project) -> None:
    build(project)
    timings = Timings()
    with pytest.raises(Exception, match="CS6"):  # the tiny fixtures fall short of the bar
        build(project, strict=True, timings=timings)
    assert "validate" in timings.stages


def test_a_no_op_build_returns_the_same_manifest(project: Project) -> None:
    first = build_site(project)
    second = build_site(project)
    assert second.report.written == ()
    assert second.manifest == first.manifest
    assert "case-studies/tiny-paste.md" in second.manifest.pages
    assert [group.path for group in second.manifest.nav] == [("Web",), ()]


def test_the_fingerprint_covers_every_stage_of_the_generator() -> None:
    from generator.write import stamp

    covered = {p.relative_to(stamp._CODE).as_posix() for p in stamp._files(stamp._CODE)}
    assert {"estimate/units.py", "render/pages.py", "pipeline.py", "cli.py"} <= covered
