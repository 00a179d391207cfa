"""Hostile input that cannot be a committed file: special files, permissions, file names that
are not UTF-8, linked folders, a near-megabyte value, and what the CLI prints of hostile text.

Each ends as `path:line:col: CODE message` (or `error: …` for a command-line problem) and exit
status 1, never a traceback and never a hang. Permission tests run the CLI without the power to
bypass file modes (as root, through `setpriv`; otherwise as is).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.corpus.test_hostile import HOSTILE, hostile_project, validate

CLI = [sys.executable, "-c", "from generator.cli import main; main()"]
# As root, file modes are not enforced; without these two capabilities they are.
UNPRIVILEGED = (
    ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
)


def run(root: Path, *args: str, unprivileged: bool = False) -> subprocess.CompletedProcess[str]:
    """The CLI in a subprocess, so that permissions, FIFOs and signals are real."""
    return subprocess.run(
        [*(UNPRIVILEGED if unprivileged else []), *CLI, *args],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
    )


def problems(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in result.stderr, result.stderr
    # Quality warnings (CS6xx), and the HTML the hostile concept carries on purpose (CS114).
    return [
        line for line in result.stdout.splitlines() if " CS6" not in line and " CS114 " not in line
    ]


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    project = hostile_project(tmp_path, "bom.yaml")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n")
    return project


# -- special files: read only regular files, everywhere ---------------------------------------


def test_a_fifo_as_the_method_checklist_is_refused_unread(root: Path) -> None:
    method = root / "case_studies" / "method" / "checklist.yaml"
    method.unlink()
    os.mkfifo(method)
    result = run(root, "validate")
    assert (result.returncode, problems(result)) == (
        1,
        ["case_studies/method/checklist.yaml:1:1: CS702 the file is a named pipe (FIFO), not a "
         "regular file"],
    )  # fmt: skip


def test_a_fifo_case_study_is_refused_and_not_counted(root: Path) -> None:
    os.mkfifo(root / "case_studies" / "pipe.yaml")
    result = run(root, "validate")
    assert problems(result) == [
        "case_studies/pipe.yaml:1:1: CS702 the file is a named pipe (FIFO), not a regular file"
    ]
    assert result.stderr.endswith("1 error, 20 warnings\n")  # quality and CS114 warnings
    given = run(root, "validate", "case_studies/pipe.yaml")
    assert given.returncode == 2
    assert given.stderr.endswith(
        "Error: Invalid value for PATHS: case_studies/pipe.yaml is a named pipe (FIFO), not a "
        "case-study file\n"
    )


def test_a_fifo_does_not_hang_the_build(root: Path) -> None:
    os.mkfifo(root / "case_studies" / "notes.txt")  # not a case study; the fingerprint skips it
    result = run(root, "build")
    assert (result.returncode, result.stdout) == (0, "17 written, 0 unchanged, 0 removed\n")


# -- permissions ------------------------------------------------------------------------------


def test_an_unreadable_case_study(root: Path) -> None:
    (root / "case_studies" / "bom.yaml").chmod(0)
    result = run(root, "validate", unprivileged=True)
    assert (result.returncode, problems(result)) == (
        1,
        ["case_studies/bom.yaml:1:1: CS008 cannot read the file: Permission denied"],
    )


def test_an_unreadable_concepts_folder(root: Path) -> None:
    (root / "case_studies" / "concepts").chmod(0)
    try:
        result = run(root, "validate", unprivileged=True)
    finally:
        (root / "case_studies" / "concepts").chmod(0o755)
    assert (result.returncode, problems(result)) == (
        1,
        ["case_studies/concepts:1:1: CS008 cannot read the folder: Permission denied"],
    )


def test_an_unreadable_stray_file_does_not_stop_the_build(root: Path) -> None:
    stray = root / "case_studies" / "notes.txt"
    stray.write_text("mine")
    stray.chmod(0)
    result = run(root, "build", unprivileged=True)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "17 written, 0 unchanged, 0 removed\n",
        "",
    )


def test_a_read_only_docs_folder(root: Path) -> None:
    (root / "docs").chmod(0o555)
    try:
        result = run(root, "build", unprivileged=True)
    finally:
        (root / "docs").chmod(0o755)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "error: Permission denied: docs/case-studies\n"


def test_export_into_a_path_that_cannot_be_written(root: Path) -> None:
    (root / "locked").mkdir(mode=0o555)
    result = run(root, "export", "-o", "locked/catalogue.json", unprivileged=True)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "error: Permission denied: locked/catalogue.json\n"
    under_a_file = run(root, "export", "-o", "case_studies/bom.yaml/x.json")
    assert (under_a_file.returncode, under_a_file.stderr) == (
        1,
        "error: File exists: case_studies/bom.yaml\n",
    )


# -- the command line -------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["validate", "build", "export", "checklist"])
def test_a_root_that_does_not_exist(tmp_path: Path, command: str) -> None:
    result = run(tmp_path, command, "--root", "nowhere")
    assert (result.returncode, result.stdout, result.stderr) == (
        1,
        "",
        "error: --root nowhere: no such folder\n",
    )


def test_a_root_without_case_studies(tmp_path: Path) -> None:
    result = run(tmp_path, "validate", "--root", ".")
    assert (result.returncode, result.stderr) == (
        1,
        "error: no case_studies/ folder in .; is --root the project folder?\n",
    )


# -- names and folders ------------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8(root: Path) -> None:
    name = os.fsdecode(b"bad\xff\xfe.yaml")
    shutil.copy2(HOSTILE / "bom.yaml", root / "case_studies" / name)
    result = run(root, "validate")
    assert problems(result) == [
        "case_studies/bad\\xff\\xfe.yaml:1:5: CS105 id 'bom' does not match the file name "
        "'bad\\xff\\xfe.yaml'",
        "case_studies/bom.yaml:1:5: CS112 id 'bom' is already used by "
        "case_studies/bad\\xff\\xfe.yaml",
    ]
    as_json = run(root, "validate", "--format", "json")
    assert as_json.returncode == 1 and '"path": "case_studies/bad\\\\xff\\\\xfe.yaml"' in (
        as_json.stdout
    )


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("concepts", "case_studies/concepts:1:1: CS702 the folder is a symbolic link, not a "
                     "regular folder"),
        ("method", "case_studies/method:1:1: CS702 the folder is a symbolic link, not a regular "
                   "folder"),
        ("", "case_studies:1:1: CS702 the folder is a symbolic link, not a regular folder"),
    ],
)  # fmt: skip
def test_a_linked_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str, expected: str
) -> None:
    (tmp_path / "project").mkdir()
    root = hostile_project(tmp_path / "project", "bom.yaml")
    outside = tmp_path / "outside"
    real = root / "case_studies" / folder if folder else root / "case_studies"
    shutil.move(real, outside)
    real.symlink_to(outside, target_is_directory=True)
    code, lines, _ = validate(root, monkeypatch)
    assert (code, lines) == (1, [expected])


# -- messages ---------------------------------------------------------------------------------


def test_a_near_megabyte_value_is_cut_in_the_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = hostile_project(tmp_path)
    text = (HOSTILE / "bom.yaml").read_text(encoding="utf-8-sig")
    (root / "case_studies" / "bom.yaml").write_text(
        text.replace("difficulty: medium", "difficulty: " + "x" * 990_000)
    )
    code, lines, _ = validate(root, monkeypatch)
    assert (code, lines) == (
        1,
        ["case_studies/bom.yaml:4:13: CS103 difficulty: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
         "xxxxxxxxxxxxxxxxx...' is not one of easy, medium, hard"],
    )  # fmt: skip


# -- what the CLI prints of hostile text ------------------------------------------------------


def test_checklist_output_keeps_a_hostile_title_on_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The title holds a line break, a fake step heading, a ticked item, ESC, DEL and NUL."""
    root = hostile_project(tmp_path, "terminal-title.yaml")
    monkeypatch.chdir(root)
    args = ["checklist", "--case", "terminal-title", "--step", "2", "write_rate"]
    markdown = CliRunner().invoke(main, [*args, "--format", "markdown"])
    assert markdown.stdout == (
        "### Step 2. Back-of-the-envelope estimation\n\n"
        "- [ ] `write_rate` is an average rate: what is its peak, and is the design sized for "
        "it? — derived from Paste ### Step 9. Forged - [x] Security review passed [31mred "
        "(`terminal-title/derived/peak-write-rate`)\n"
    )
    text = CliRunner().invoke(main, args)
    assert text.stdout == (
        "Step 2. Back-of-the-envelope estimation\n\n"
        "  [ ] `write_rate` is an average rate: what is its peak, and is the design sized for "
        "it?\n      terminal-title/derived/peak-write-rate · derived from Paste ### Step 9. "
        "Forged - [x] Security review passed \\u001b[31mred\\u007f\\u0000 · capacity\n"
    )
    as_json = CliRunner().invoke(main, [*args, "--format", "json"])
    assert '"case_title": "Paste\\n### Step 9. Forged\\n- [x] Security review passed ' in (
        as_json.stdout
    )
    for output in (markdown.stdout, text.stdout, as_json.stdout):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", output)


# -- Markdown that would stall the site build -------------------------------------------------


def test_the_stall_file_is_refused_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = hostile_project(tmp_path, "stall-brackets.yaml")
    started = time.perf_counter()
    code, lines, _ = validate(root, monkeypatch)
    assert code == 1 and [line.split()[1] for line in lines] == ["CS703"]
    assert time.perf_counter() - started < 10  # it took 42 s in the site build before
