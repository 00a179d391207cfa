"""One failing fixture per error code: `casebook validate` prints exactly these lines."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.problems.problem import CODES, Severity
from tests.conftest import FIXTURES, ROOT

ERRORS = FIXTURES / "errors"

EXPECTED: dict[str, list[str]] = {
    "cs001-syntax": [
        "case_studies/cs001-syntax.yaml:3:8: CS001 while parsing a flow sequence did not find "
        "expected ',' or ']' (it started on line 2, column 8)",
    ],
    "cs002-duplicate-key": [
        "case_studies/cs002-duplicate-key.yaml:5:1: CS002 duplicate key 'difficulty' "
        "(first defined on line 4)",
    ],
    "cs003-alias": [
        "case_studies/cs003-alias.yaml:5:11: CS003 YAML anchors and aliases are not allowed",
    ],
    "cs004-tag": [
        "case_studies/cs004-tag.yaml:2:8: CS004 YAML tag "
        "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ],
    "cs005-too-deep": [
        "case_studies/cs005-too-deep.yaml:2:48: CS005 the document is nested deeper than 40 levels",
    ],
    "cs006-not-mapping": [
        "case_studies/cs006-not-mapping.yaml:1:1: CS006 the top level must be a mapping of fields",
    ],
    "cs007-invalid-utf8": [
        "case_studies/cs007-invalid-utf8.yaml:3:21: CS007 invalid UTF-8 byte 0xff",
    ],
    "cs009-yml-file": [
        "case_studies/tiny-paste.yml:1:1: CS009 only .yaml files are read; rename it to "
        "'tiny-paste.yaml'",
    ],
    "cs101-unknown-field": [
        "case_studies/cs101-unknown-field.yaml:3:1: CS101 unknown field 'sumary' "
        "(did you mean 'summary'?)",
    ],
    "cs102-missing-field": [
        "case_studies/cs102-missing-field.yaml:7:3: CS102 missing required field 'functional' "
        "in requirements",
    ],
    "cs103-wrong-value": [
        "case_studies/cs103-wrong-value.yaml:4:13: CS103 difficulty: 'meduim' is not one of "
        "easy, medium, hard (did you mean 'medium'?)",
    ],
    "cs105-id-mismatch": [
        "case_studies/cs105-id-mismatch.yaml:1:5: CS105 id 'another-paste' does not match "
        "the file name 'cs105-id-mismatch.yaml'",
    ],
    "cs106-invalid-id": [
        "case_studies/cs106-invalid-id.yaml:1:5: CS106 id 'Tiny_Paste' is not a lowercase slug "
        "(a-z, 0-9 and single hyphens, 2 to 60 characters)",
    ],
    "cs107-duplicate-name": [
        "case_studies/cs107-duplicate-name.yaml:34:12: CS107 component 'api' is defined twice "
        "(first as item 2)",
    ],
    "cs108-unknown-related": [
        "case_studies/cs108-unknown-related.yaml:6:11: CS108 related 'tiny-shortner' is not a "
        "case study",
    ],
    "cs109-unknown-component": [
        "case_studies/cs109-unknown-component.yaml:35:14: CS109 flow from unknown component "
        "'clent' (did you mean 'client'?)",
    ],
    "cs110-choice-not-option": [
        "case_studies/cs110-choice-not-option.yaml:43:15: CS110 choice 'Object storage' is not "
        "one of the options (did you mean 'Object store'?)",
    ],
    "cs111-unsafe-link": [
        "case_studies/cs111-unsafe-link.yaml:30:14: CS111 high_level_design.narrative: unsafe "
        "link 'javascript:alert(1' (use http, https or mailto)",
    ],
    "cs112-same-id": [
        "case_studies/shared-paste-copy.yaml:1:5: CS105 id 'shared-paste' does not match the "
        "file name 'shared-paste-copy.yaml'",
        "case_studies/shared-paste.yaml:1:5: CS112 id 'shared-paste' is already used by "
        "case_studies/shared-paste-copy.yaml",
    ],
    "cs113-image": [
        "case_studies/cs113-image.yaml:32:14: CS113 high_level_design.narrative: image "
        "'https://example.com/chart.png' is not allowed (pages load nothing from other hosts, "
        "and case studies ship no image files)",
    ],
    # Warnings (errors under --strict): the page would show these as literal text. Code, and
    # angle brackets around a word that is no HTML element, are not flagged.
    "cs114-markup-in-prose": [
        "case_studies/cs114-markup-in-prose.yaml:50:24: CS114 detailed_design.decisions[0]."
        "options[1].description: heading 'Failover' is shown as literal text (the page's "
        "headings are its steps and sections); use bold text or a list",
        "case_studies/cs114-markup-in-prose.yaml:55:18: CS114 detailed_design.decisions[0]."
        "rationale: heading '## Failover' is shown as literal text (the page's headings are its "
        "steps and sections); use bold text or a list",
        "case_studies/cs114-markup-in-prose.yaml:63:69: CS114 bottlenecks.risks[0].mitigation: "
        "raw HTML '<b>' is shown as literal text; write it as Markdown, or as code in backticks",
    ],
    "cs304-broken-link": [
        "case_studies/cs304-broken-link.yaml:32:14: CS304 high_level_design.narrative: link "
        "'../concepts/cachng.md' names no page of the site (link to the .md file of the page)",
        "case_studies/cs304-broken-link.yaml:32:14: CS304 high_level_design.narrative: link "
        "'index.md#nowhere' names no anchor 'nowhere' of case-studies/index.md",
    ],
    "cs305-diagram-too-large": [
        "case_studies/cs305-diagram-too-large.yaml:32:3: CS305 high_level_design: its diagram "
        "would be 55,756 characters of Mermaid text (at most 50,000); shorten labels or split "
        "the design",
    ],
    # A warning: a misspelt category would open a navigation section of its own.
    "cs502-lone-category": [
        "case_studies/paste-three.yaml:5:11: CS502 category 'webb' is used by no other case "
        "study (did you mean 'web'?); it opens a navigation section of its own (in use: web)",
    ],
    "cs703-stalling-markdown": [
        "case_studies/cs703-stalling-markdown.yaml:32:14: CS703 high_level_design.narrative: "
        "2,000 link brackets or parentheses are open at once (at most 6); close them, or write "
        "a literal one as \\[",
    ],
    "cs701-reserved-id": [
        "case_studies/index.yaml:1:5: CS701 id 'index' is reserved for a generated page; "
        "choose another id",
    ],
}


def validate_fixture(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, list[str]]:
    target = tmp_path / "case_studies"
    source = ERRORS / name
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        target.mkdir()
        shutil.copy2(ERRORS / f"{name}.yaml", target)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")  # links resolve against pages
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.stdout.splitlines()


def _is_error(line: str) -> bool:
    return CODES[line.split(": ")[1].split()[0]].severity is Severity.ERROR


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_prints_exact_lines(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines = validate_fixture(name, tmp_path, monkeypatch)
    assert code == (1 if any(_is_error(line) for line in EXPECTED[name]) else 0)
    # Quality warnings (CS6xx) come with any incomplete fixture; they have their own tests below.
    assert [line for line in lines if " CS6" not in line] == EXPECTED[name]


@pytest.mark.parametrize(
    "name", sorted(n for n, lines in EXPECTED.items() if not any(map(_is_error, lines)))
)
def test_warning_fixtures_fail_under_strict(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines = validate_fixture(name, tmp_path, monkeypatch, "--strict")
    assert code == 1
    assert [line for line in lines if " CS6" not in line] == EXPECTED[name]


def test_a_file_that_fails_still_shares_its_category(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(ERRORS / "cs502-lone-category", tmp_path / "case_studies")
    two = tmp_path / "case_studies" / "paste-two.yaml"
    two.write_text(two.read_text().replace("\nsummary:", "\nsumary:"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 1
    # paste-one shares `web` with paste-two, which fails: no CS502 for it.
    assert [line for line in result.stdout.splitlines() if " CS6" not in line] == [
        "case_studies/paste-three.yaml:5:11: CS502 category 'webb' is used by no other case "
        "study (did you mean 'web'?); it opens a navigation section of its own (in use: web)",
        "case_studies/paste-two.yaml:3:1: CS101 unknown field 'sumary' (did you mean 'summary'?)",
    ]


def test_every_foundation_code_has_a_fixture() -> None:
    """Each code of the file and shape families (CS0xx, CS1xx) is exercised above."""
    exercised = {line.split(": ")[1].split()[0] for lines in EXPECTED.values() for line in lines}
    foundation = {c for c in CODES if c[:3] in ("CS0", "CS1") and c != "CS104"}
    # An unreadable file cannot be committed: CS008 is made at test time (test_hostile_files).
    assert foundation - exercised == {"CS008"}


def test_fixture_names_match_their_codes() -> None:
    for name, lines in EXPECTED.items():
        code = name.split("-")[0].upper()
        assert any(f": {code} " in line for line in lines), name


WARNINGS_CS600 = [
    "case_studies/cs600-incomplete.yaml:1:5: CS604 0 case-specific checklist items; a complete case study has at least 4",
    "case_studies/cs600-incomplete.yaml:7:3: CS601 0 out-of-scope items; a complete case study has at least 1",
    "case_studies/cs600-incomplete.yaml:8:5: CS601 1 clarifying questions; a complete case study has at least 3",
    "case_studies/cs600-incomplete.yaml:10:15: CS601 2 functional requirements; a complete case study has at least 4",
    "case_studies/cs600-incomplete.yaml:11:19: CS601 1 non-functional requirements; a complete case study has at least 3",
    "case_studies/cs600-incomplete.yaml:14:5: CS601 1 assumptions; a complete case study has at least 5",
    "case_studies/cs600-incomplete.yaml:16:5: CS601 1 derived figures; a complete case study has at least 6",
    "case_studies/cs600-incomplete.yaml:19:5: CS601 1 operations; a complete case study has at least 3",
    "case_studies/cs600-incomplete.yaml:28:15: CS606 entity 'Tag' has no key field",
    "case_studies/cs600-incomplete.yaml:34:5: CS601 3 components; a complete case study has at least 5",
    "case_studies/cs600-incomplete.yaml:34:5: CS603 0 distinct concept references; a complete case study has at least 5",
    "case_studies/cs600-incomplete.yaml:36:12: CS602 component 'cache' is not connected by any flow",
    "case_studies/cs600-incomplete.yaml:41:5: CS601 1 decisions; a complete case study has at least 3",
    "case_studies/cs600-incomplete.yaml:44:11: CS605 option 'Database' of decision 'storage' needs both pros and cons",
    "case_studies/cs600-incomplete.yaml:45:11: CS605 option 'Object store' of decision 'storage' needs both pros and cons",
    "case_studies/cs600-incomplete.yaml:50:5: CS601 1 risks; a complete case study has at least 4",
    "case_studies/cs600-incomplete.yaml:52:5: CS601 1 monitoring metrics; a complete case study has at least 3",
]


def test_incomplete_case_study_gets_every_quality_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "case_studies"
    target.mkdir()
    shutil.copy2(ERRORS / "cs600-incomplete.yaml", target)
    monkeypatch.chdir(tmp_path)
    relaxed = CliRunner().invoke(main, ["validate"])
    assert relaxed.exit_code == 0
    assert relaxed.stdout.splitlines() == WARNINGS_CS600
    strict = CliRunner().invoke(main, ["validate", "--strict"])
    assert strict.exit_code == 1
    assert strict.stdout.splitlines() == WARNINGS_CS600
    assert strict.stderr == "0 errors, 17 warnings\n"


def test_too_many_components(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, lines = validate_fixture("cs607-too-many-components", tmp_path, monkeypatch, "--strict")
    assert code == 1
    assert [line for line in lines if " CS607 " in line] == [
        "case_studies/cs607-too-many-components.yaml:32:5: CS607 11 components; keep the "
        "high-level design to 10 boxes at most"
    ]


def test_unanswered_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, lines = validate_fixture("cs610-unanswered-failure", tmp_path, monkeypatch, "--strict")
    assert code == 1
    assert [line for line in lines if " CS610 " in line] == [
        "case_studies/cs610-unanswered-failure.yaml:36:12: CS610 no risk in step 7 names "
        "'Cache': say what happens when it fails"
    ]


def test_every_quality_code_is_exercised() -> None:
    exercised = {line.split(": ")[1].split()[0] for line in WARNINGS_CS600} | {"CS607", "CS610"}
    assert {c for c in CODES if c.startswith("CS6")} == exercised
