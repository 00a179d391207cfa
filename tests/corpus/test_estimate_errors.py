"""One failing fixture per estimate error code: `casebook validate` prints exactly these lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.problems.problem import CODES, Severity
from tests.conftest import FIXTURES

ERRORS = FIXTURES / "estimates" / "errors"

EXPECTED: dict[str, list[str]] = {
    "cs201-malformed-formula": [
        "case_studies/cs201-malformed-formula.yaml:22:40: CS201 malformed formula: expected ')' "
        "to close the '(' at character 14 of the formula, found the end of the formula",
    ],
    "cs202-unknown-name": [
        "case_studies/cs202-unknown-name.yaml:22:16: CS202 unknown name 'new_paste' "
        "(did you mean 'new_pastes'?)",
    ],
    "cs203-unknown-unit": [
        "case_studies/cs203-unknown-unit.yaml:22:44: CS203 unknown unit 'dya' "
        "(did you mean 'day'?)",
    ],
    "cs204-bad-assumption-unit": [
        "case_studies/cs204-bad-assumption-unit.yaml:19:16: CS204 assumption 'paste_size': "
        "unknown unit 'pastte' (did you mean 'paste'?)",
    ],
    # A countable this case study did not declare: the message says how (never "did you mean
    # 'ride'?", which is two slips away from 'trade').
    "cs204-undeclared-unit": [
        "case_studies/cs204-undeclared-unit.yaml:19:13: CS204 assumption 'trades_per_paste': "
        "unknown unit 'trade' (to count it, declare it in estimation.units: [trade])",
    ],
    "cs205-unit-mismatch": [
        "case_studies/cs205-unit-mismatch.yaml:25:27: CS205 cannot add paste/s and B/s",
    ],
    "cs206-display-unit": [
        "case_studies/cs206-display-unit.yaml:23:13: CS206 'ingress' comes out in B/s, which "
        "cannot be shown in 'paste/s'",
    ],
    "cs207-cycle": [
        "case_studies/cs207-cycle.yaml:24:16: CS207 cycle between figures: "
        "write_rate → peak_rate → write_rate",
    ],
    "cs208-division-by-zero": [
        "case_studies/cs208-division-by-zero.yaml:28:27: CS208 division by zero: 'servers' is 0",
    ],
    "cs209-not-finite": [
        "case_studies/cs209-not-finite.yaml:24:16: CS209 log2() of zero or a negative number: "
        "'replicas - 1'",
    ],
    "cs210-negative": [
        "case_studies/cs210-negative.yaml:25:16: CS210 'free_after_a_year' is negative "
        "(-2.65 TB), but a quantity with a unit cannot be",
    ],
    "cs211-unknown-function": [
        "case_studies/cs211-unknown-function.yaml:22:29: CS211 unknown function 'round'",
    ],
    "cs212-wrong-arguments": [
        "case_studies/cs212-wrong-arguments.yaml:22:29: CS212 max() takes at least 2 arguments, "
        "got 1",
    ],
    "cs213-key-twice": [
        "case_studies/cs213-key-twice.yaml:30:12: CS213 key 'write_rate' is already marked on "
        "figure 'write_rate' (each key figure once)",
    ],
    "cs214-key-kind": [
        "case_studies/cs214-key-kind.yaml:24:12: CS214 key figure 'storage_logical' must be "
        "bytes "
        "(B, KB, TB, …), but 'write_rate' comes out in paste/s",
    ],
    "cs215-variable-power": [
        "case_studies/cs215-variable-power.yaml:24:27: CS215 a quantity in B/paste can only be "
        "raised to a fixed number, not to 'years'",
    ],
    "cs216-malformed-display-unit": [
        "case_studies/cs216-malformed-display-unit.yaml:23:19: CS216 display unit of "
        "'write_rate': malformed unit 'paste//s': expected a name, a number or '(' but found '/'",
    ],
    "cs217-malformed-check": [
        "case_studies/cs217-malformed-check.yaml:22:25: CS217 malformed check: '=' is not a "
        "comparison; use <, <=, > or >= (a check states a bound)",
    ],
    "cs218-check-fails": [
        "case_studies/cs218-check-fails.yaml:26:14: CS218 check does not hold: key_space "
        "(56.8B paste) < 1000 * pastes_stored (3.65T paste)",
    ],
    "cs219-declared-unit-clash": [
        "case_studies/cs219-declared-unit-clash.yaml:13:16: CS219 cannot declare 'day': it "
        "already names a unit ('day')",
    ],
    "cs220-declared-unit-shared": [
        "case_studies/cs220-declared-unit-shared.yaml:13:16: CS220 unit 'server' is shared by "
        "every case study already; remove it here",
    ],
    "cs222-near-miss-figure": [
        "case_studies/cs222-near-miss-figure.yaml:37:39: CS222 `write_rat` is not a figure of "
        "this estimate (did you mean 'write_rate'?); only an exact name shows its value",
    ],
    # The first release's keys: a warning saying what to mark instead.
    "cs223-first-release-key": [
        "case_studies/cs223-first-release-key.yaml:30:12: CS223 key 'peak_rate' does not say "
        "what it measures; mark peak_read_rate or peak_write_rate",
        "case_studies/cs223-first-release-key.yaml:34:12: CS223 key 'storage' does not say "
        "what it measures; mark storage_logical (bytes before copies) or storage_replicated "
        "(on disk)",
    ],
    # A misspelt key, a unit error, a display unit (of a figure whose input failed), an unknown
    # component and a wrong value in step 7: all in one run, none hidden behind another.
    "cs2xx-behind-shape-errors": [
        "case_studies/cs2xx-behind-shape-errors.yaml:3:1: CS101 unknown field 'sumary' "
        "(did you mean 'summary'?)",
        "case_studies/cs2xx-behind-shape-errors.yaml:19:16: CS204 assumption 'paste_size': "
        "unknown unit 'pastte' (did you mean 'paste'?)",
        "case_studies/cs2xx-behind-shape-errors.yaml:26:13: CS203 display unit of 'daily_bytes': "
        "unknown unit 'Bytes' (did you mean 'byte'?)",
        "case_studies/cs2xx-behind-shape-errors.yaml:45:14: CS109 flow from unknown component "
        "'clent' (did you mean 'client'?)",
        "case_studies/cs2xx-behind-shape-errors.yaml:57:33: CS103 bottlenecks.risks[0].kind: "
        "'hotspot' is not one of single-point-of-failure, hot-spot, capacity, consistency, "
        "data-loss, security, abuse, latency (did you mean 'hot-spot'?)",
    ],
    # Checks that cannot run say so, beside the error that stops them.
    "cs2xx-checks-skipped": [
        "case_studies/cs2xx-checks-skipped.yaml:16:19: CS204 assumption 'new_pastes': unknown "
        "unit 'dya' (did you mean 'day'?)",
        "case_studies/cs2xx-checks-skipped.yaml:21:3: CS221 2 checks skipped until the figures "
        "they use can be computed (see the errors in this file)",
    ],
    # Estimate problems come with every other problem of the file, in one run.
    "cs2xx-with-other-problems": [
        "case_studies/cs2xx-with-other-problems.yaml:22:16: CS202 unknown name 'new_paste' "
        "(did you mean 'new_pastes'?)",
        "case_studies/cs2xx-with-other-problems.yaml:26:13: CS206 'daily' comes out in paste, "
        "which cannot be shown in 'B'",
        "case_studies/cs2xx-with-other-problems.yaml:45:14: CS109 flow from unknown component "
        "'clent' (did you mean 'client'?)",
    ],
}


def _is_error(line: str) -> bool:
    return CODES[line.split(": ")[1].split()[0]].severity is Severity.ERROR


def validate(names: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, str]:
    target = tmp_path / "case_studies"
    target.mkdir()
    for name in names:
        shutil.copy2(ERRORS / f"{name}.yaml", target)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    return result.exit_code, result.stdout


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_prints_exact_lines(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = validate([name], tmp_path, monkeypatch)
    assert code == (1 if any(_is_error(line) for line in EXPECTED[name]) else 0)
    # Quality warnings (CS6xx) come with these small fixtures; they are tested elsewhere.
    assert [line for line in out.splitlines() if " CS6" not in line] == EXPECTED[name]


def test_every_estimate_code_has_a_fixture() -> None:
    exercised = {line.split(": ")[1].split()[0] for lines in EXPECTED.values() for line in lines}
    assert {c for c in CODES if c.startswith("CS2")} <= exercised


def test_fixture_names_match_their_codes() -> None:
    for name, lines in EXPECTED.items():
        code = name.split("-")[0].upper()
        if code != "CS2XX":
            assert {line.split(": ")[1].split()[0] for line in lines} == {code}, name


def test_all_files_are_reported_in_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = sorted(EXPECTED)
    code, out = validate(names, tmp_path, monkeypatch)
    assert code == 1
    expected = sorted((line for name in names for line in EXPECTED[name]), key=_position)
    assert [line for line in out.splitlines() if " CS6" not in line] == expected


def _position(line: str) -> tuple[str, int, int, str]:
    """The order problems are printed in: by file, then line and column as numbers."""
    path, row, col, rest = line.split(":", 3)
    return path, int(row), int(col), rest


def test_nothing_is_written_when_an_estimate_is_wrong(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "case_studies"
    target.mkdir()
    shutil.copy2(ERRORS / "cs206-display-unit.yaml", target)
    (tmp_path / "docs").mkdir()
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 1
    assert "cs206-display-unit.yaml:23:13: CS206 " in result.stderr
    assert list((tmp_path / "docs").iterdir()) == []
