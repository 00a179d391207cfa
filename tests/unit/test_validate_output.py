"""`casebook validate`: paths, --strict, and the text, json and github formats, exactly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.problems.problem import Problem
from generator.problems.report import escape_data, escape_property, github_line

# A misspelt key: the shape fails, so no other rule (and no quality warning) runs on the file.
MISSPELT = (
    "case_studies/tiny-paste.yaml:4:1: CS101 unknown field 'dificulty' (did you mean 'difficulty'?)"
)


def misspell(project: Path) -> None:
    paste = project / "case_studies" / "tiny-paste.yaml"
    paste.write_text(paste.read_text().replace("difficulty: medium", "dificulty: medium"))


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", *args])


def test_text_format_for_one_file(project: Path) -> None:
    misspell(project)
    result = run("case_studies/tiny-paste.yaml")
    assert result.exit_code == 1
    assert result.stdout == MISSPELT + "\n"
    assert result.stderr == "1 error, 0 warnings\n"


def test_github_format_prints_annotations(project: Path) -> None:
    misspell(project)
    result = run("--format", "github", "case_studies/tiny-paste.yaml")
    assert result.exit_code == 1
    assert result.stdout == (
        "::error file=case_studies/tiny-paste.yaml,line=4,col=1,title=CS101::"
        "CS101 unknown field 'dificulty' (did you mean 'difficulty'?)\n"
    )
    assert result.stderr == "1 error, 0 warnings\n"


def test_json_format(project: Path) -> None:
    misspell(project)
    result = run("--format", "json", "case_studies/tiny-paste.yaml")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "checked": 1,
        "errors": 1,
        "warnings": 0,
        "strict": False,
        "ok": False,
        "problems": [
            {
                "path": "case_studies/tiny-paste.yaml",
                "line": 4,
                "col": 1,
                "code": "CS101",
                "title": "unknown field",
                "severity": "error",
                "message": "unknown field 'dificulty' (did you mean 'difficulty'?)",
            }
        ],
    }
    assert result.stdout.endswith("}\n") and '"checked": 1,\n  "errors": 1,' in result.stdout


def test_paths_limit_the_report_but_links_see_the_whole_catalogue(project: Path) -> None:
    misspell(project)
    # tiny-shortener relates to tiny-paste; tiny-paste is broken but still a known id.
    result = run("case_studies/tiny-shortener.yaml")
    assert "CS101" not in result.stdout
    assert "CS108" not in result.stdout
    assert result.exit_code == 0  # only quality warnings remain in this file
    assert all(": CS6" in line for line in result.stdout.splitlines())
    assert result.stderr.startswith("1 case study checked: 0 errors, ")


def test_related_id_missing_from_the_catalogue_is_reported_for_the_file(project: Path) -> None:
    (project / "case_studies" / "tiny-paste.yaml").unlink()
    result = run("case_studies/tiny-shortener.yaml")
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if ": CS6" not in line] == [
        # No suggestion: 'tiny-shortener' is many slips away from 'tiny-paste'.
        "case_studies/tiny-shortener.yaml:7:11: CS108 related 'tiny-paste' is not a case study"
    ]


def test_a_folder_path_covers_its_files(project: Path) -> None:
    misspell(project)
    result = run("--format", "github", "case_studies")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=case_studies/tiny-paste.yaml,line=4,col=1,title=CS101::"
        "CS101 unknown field 'dificulty' (did you mean 'difficulty'?)"
    )
    assert all(
        line.startswith("::warning file=case_studies/tiny-shortener.yaml,") for line in lines[1:]
    )


def test_strict_makes_warnings_errors_in_annotations(project: Path) -> None:
    relaxed = run("--format", "github", "case_studies/tiny-shortener.yaml")
    strict = run("--format", "github", "--strict", "case_studies/tiny-shortener.yaml")
    assert relaxed.exit_code == 0 and strict.exit_code == 1
    assert relaxed.stdout and relaxed.stdout.count("::warning ") == len(relaxed.stdout.splitlines())
    assert strict.stdout == relaxed.stdout.replace("::warning ", "::error ")
    count = len(relaxed.stdout.splitlines())
    assert relaxed.stderr == f"1 case study checked: 0 errors, {count} warnings\n"
    assert strict.stderr == f"0 errors, {count} warnings\n"


def test_clean_run_with_paths_counts_the_named_files(project: Path) -> None:
    result = run(
        "--format", "json", "case_studies/tiny-paste.yaml", "case_studies/tiny-shortener.yaml"
    )
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert (document["checked"], document["errors"], document["ok"]) == (2, 0, True)
    assert {p["code"][:3] for p in document["problems"]} == {"CS6"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "xml"],
            "Invalid value for '--format': 'xml' is not one of 'text', 'json', 'github'.",
        ),
        (["nowhere.yaml"], "Invalid value for '[PATHS]...': Path 'nowhere.yaml' does not exist."),
        (
            ["templates"],
            "Invalid value for PATHS: templates is not inside case_studies/: only "
            "case-study files are validated",
        ),
    ],
)
def test_usage_errors_exit_2(project: Path, args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == f"Error: {message}"


def test_a_path_that_is_not_yaml_is_a_usage_error(project: Path) -> None:
    (project / "case_studies" / "notes.txt").write_text("x")
    result = run("case_studies/notes.txt")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for PATHS: case_studies/notes.txt is not a .yaml file"
    )


# -- annotation escaping --------------------------------------------------------------------


def test_escape_data_follows_the_runner_rules() -> None:
    assert escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"


def test_escape_property_also_escapes_separators() -> None:
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_line_escapes_paths_and_messages() -> None:
    problem = Problem("case_studies/a,b:c.yaml", 3, 7, "CS103", "50% of: a, b")
    assert github_line(problem, strict=False) == (
        "::error file=case_studies/a%2Cb%3Ac.yaml,line=3,col=7,title=CS103::CS103 50%25 of: a, b"
    )
