from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import cli, pipeline
from generator.cli import main
from generator.project import Project


def test_build_then_rebuild_writes_nothing(project: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(main, ["build"])
    assert first.exit_code == 0, first.output
    written = int(first.stdout.split()[0])
    assert written >= 3
    second = runner.invoke(main, ["build"])
    assert second.stdout.startswith("0 written, ")
    assert second.stdout.endswith(", 0 removed\n")
    assert (project / "docs" / "index.md").read_text() == "# Home\n"


def test_watch_reads_again_only_the_edited_file(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    load_file = pipeline.load_file

    def reading(file: Path, display: str) -> object:
        read.append(display)
        return load_file(file, display)

    paste = project / "case_studies" / "tiny-paste.yaml"

    def one_edit(_: Project, rebuild: Callable[[], None]) -> None:
        rebuild()
        read.clear()
        paste.write_text(paste.read_text().replace("summary: ", "summary: Edited. ", 1))
        rebuild()

    monkeypatch.setattr(pipeline, "load_file", reading)
    monkeypatch.setattr(cli, "watch_sources", one_edit)
    result = CliRunner().invoke(main, ["watch"])
    assert result.exit_code == 0, result.output
    assert read == ["case_studies/tiny-paste.yaml"]
    assert "Edited. " in (project / "docs/case-studies/tiny-paste.md").read_text()
    # Its page, the catalogue and the other case study's page (both show its summary), the stamp.
    assert result.stdout.splitlines()[-1] == "4 written, 0 removed"


def test_build_with_a_broken_file_writes_nothing(project: Path) -> None:
    path = project / "case_studies" / "tiny-paste.yaml"
    path.write_text(path.read_text().replace("difficulty: medium", "dificulty: medium"))
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    # The tiny fixtures fall short of a complete case study (CS6xx warnings); errors first here.
    assert [line for line in result.stderr.splitlines() if " CS6" not in line] == [
        "case_studies/tiny-paste.yaml:4:1: CS101 unknown field 'dificulty' "
        "(did you mean 'difficulty'?)",
        "1 error, 14 warnings",
    ]
    assert sorted(p.name for p in (project / "docs").iterdir()) == ["index.md"]


def test_validate_reports_every_problem_in_every_file(project: Path) -> None:
    cs = project / "case_studies"
    paste = cs / "tiny-paste.yaml"
    paste.write_text(paste.read_text().replace("kind: hot-spot", "kind: hotspot"))
    short = cs / "tiny-shortener.yaml"
    short.write_text(short.read_text().replace("from: client", "from: browser"))
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if " CS6" not in line] == [
        "case_studies/tiny-paste.yaml:47:33: CS103 bottlenecks.risks[0].kind: 'hotspot' is not "
        "one of single-point-of-failure, hot-spot, capacity, consistency, data-loss, security, "
        "abuse, latency (did you mean 'hot-spot'?)",
        "case_studies/tiny-shortener.yaml:71:13: CS109 flow from unknown component 'browser'",
    ]


def test_validate_clean_exits_zero(project: Path) -> None:
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0
    # The tiny fixtures fall short of a complete case study: warnings, not errors.
    assert len(result.stdout.splitlines()) == 30
    assert result.stderr == "2 case studies checked: 0 errors, 30 warnings\n"


def test_strict_turns_warnings_into_errors(project: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--strict"])
    assert result.exit_code == 1
    assert result.stderr == "0 errors, 30 warnings\n"


def test_unknown_option_is_a_usage_error(project: Path) -> None:
    assert CliRunner().invoke(main, ["validate", "--nope"]).exit_code == 2
