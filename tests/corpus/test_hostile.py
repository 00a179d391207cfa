"""The hostile-input corpus: every file in tests/fixtures/hostile/ and what must come of it.

Case studies arrive from strangers' pull requests. Each fixture is one attack or accident; it
must end as the exact coded problems listed below (never a traceback), or, when the text is
legal but dangerous, build and show that text only as text (see test_hostile_site.py).

Every run sees the corpus's own concept catalogue (`concepts/`, hostile but valid) and method
checklist (`method/`), as a real pull request would. A folder holds several case studies that
only misbehave together.
"""

from __future__ import annotations

import re
import shutil
import typing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from generator.cli import main
from generator.format.fields import nested_model
from generator.format.models import CaseStudy, Concept, MethodChecklist
from generator.load import MAX_BYTES, parse
from generator.markup.paths import RESERVED_IDS
from generator.pipeline import generate
from generator.problems.problem import CODES
from generator.project import Project
from tests.conftest import FIXTURES, ROOT
from tests.corpus.test_escape_properties import markdown_settings

HOSTILE = FIXTURES / "hostile"
SHARED = ("concepts", "method")  # present in every run, not cases of their own
BUILDS = "builds; these strings appear only as text"

EXPECTED: dict[str, list[str] | str] = {
    # -- the file itself ---------------------------------------------------------------------
    "alias-bomb.yaml": [
        "case_studies/alias-bomb.yaml:3:8: CS003 YAML anchors and aliases are not allowed",
    ],
    "tag-python-object.yaml": [
        "case_studies/tag-python-object.yaml:2:8: CS004 YAML tag "
        "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ],
    "tag-python-name-key.yaml": [
        "case_studies/tag-python-name-key.yaml:2:1: CS004 YAML tag "
        "'tag:yaml.org,2002:python/name:os.system' is not allowed",
    ],
    "tag-binary.yaml": [
        "case_studies/tag-binary.yaml:3:10: CS004 YAML tag 'tag:yaml.org,2002:binary' is not "
        "allowed",
    ],
    "tag-local.yaml": [
        "case_studies/tag-local.yaml:3:10: CS004 YAML tag '!include' is not allowed",
    ],
    "tag-set.yaml": [
        "case_studies/tag-set.yaml:10:15: CS004 YAML tag 'tag:yaml.org,2002:set' is not allowed",
    ],
    "merge-key.yaml": [
        "case_studies/merge-key.yaml:35:7: CS004 YAML merge keys (<<) are not allowed",
    ],
    "duplicate-key.yaml": [
        "case_studies/duplicate-key.yaml:5:1: CS002 duplicate key 'difficulty' "
        "(first defined on line 4)",
    ],
    "duplicate-key-nested.yaml": [
        "case_studies/duplicate-key-nested.yaml:35:43: CS002 duplicate key 'name' "
        "(first defined on line 35)",
    ],
    "deep-nesting.yaml": [
        "case_studies/deep-nesting.yaml:43:83: CS005 the document is nested deeper than 40 levels",
    ],
    "deep-flow.yaml": [
        "case_studies/deep-flow.yaml:3:1009: CS005 the document is nested deeper than 40 levels",
    ],
    "invalid-utf8.yaml": [
        "case_studies/invalid-utf8.yaml:3:30: CS007 invalid UTF-8 byte 0xff",
    ],
    "utf16.yaml": [
        "case_studies/utf16.yaml:1:1: CS007 invalid UTF-8 byte 0xff",
    ],
    "bom.yaml": BUILDS,
    "tabs.yaml": [
        "case_studies/tabs.yaml:8:1: CS001 while scanning for the next token found character "
        "that cannot start any token (indent with spaces, not tabs)",
    ],
    "empty.yaml": [
        "case_studies/empty.yaml:1:1: CS006 the file is empty; it must hold one mapping",
    ],
    "comments-only.yaml": [
        "case_studies/comments-only.yaml:1:1: CS006 the file is empty; it must hold one mapping",
    ],
    "list.yaml": [
        "case_studies/list.yaml:1:1: CS006 the top level must be a mapping of fields",
    ],
    "scalar.yaml": [
        "case_studies/scalar.yaml:1:1: CS006 the top level must be a mapping of fields",
    ],
    "two-documents.yaml": [
        "case_studies/two-documents.yaml:52:1: CS001 expected a single document in the stream "
        "but found another document (it started on line 1, column 1)",
    ],
    "nul-byte.yaml": [
        "case_studies/nul-byte.yaml:3:20: CS001 character U+0000 is not allowed in YAML",
    ],
    "long-number.yaml": [
        "case_studies/long-number.yaml:14:33: CS103 the number 9999999999...99999 "
        "(5,000 digits) is too long",
    ],
    "non-string-key.yaml": [
        "case_studies/non-string-key.yaml:6:3: CS103 mapping keys must be plain strings",
    ],
    # -- ids ---------------------------------------------------------------------------------
    "id-dotdot.yaml": [
        "case_studies/id-dotdot.yaml:1:5: CS106 id '../../etc/passwd' is not a lowercase slug "
        "(a-z, 0-9 and single hyphens, 2 to 60 characters)",
    ],
    "id-slash.yaml": [
        "case_studies/id-slash.yaml:1:5: CS106 id 'case-studies/index' is not a lowercase slug "
        "(a-z, 0-9 and single hyphens, 2 to 60 characters)",
    ],
    "id-upper.yaml": [
        "case_studies/id-upper.yaml:1:5: CS106 id 'ID-Upper' is not a lowercase slug "
        "(a-z, 0-9 and single hyphens, 2 to 60 characters)",
    ],
    "id-lookalike.yaml": [  # the second "a" is Cyrillic
        "case_studies/id-lookalike.yaml:1:5: CS106 id 'id-look\u0430like' is not a lowercase "
        "slug (a-z, 0-9 and single hyphens, 2 to 60 characters)",
    ],
    "id-newline.yaml": [
        "case_studies/id-newline.yaml:1:5: CS106 id 'id-newline\\n' is not a lowercase slug "
        "(a-z, 0-9 and single hyphens, 2 to 60 characters)",
    ],
    "id-url-encoded.yaml": [
        "case_studies/id-url-encoded.yaml:1:5: CS106 id 'id%2F..%2Fevil' is not a lowercase "
        "slug (a-z, 0-9 and single hyphens, 2 to 60 characters)",
    ],
    "index.yaml": [
        "case_studies/index.yaml:1:5: CS701 id 'index' is reserved for a generated page; "
        "choose another id",
    ],
    "comparison.yaml": [
        "case_studies/comparison.yaml:1:5: CS701 id 'comparison' is reserved for a generated "
        "page; choose another id",
    ],
    "tags.yaml": [
        "case_studies/tags.yaml:1:5: CS701 id 'tags' is reserved for a generated page; choose "
        "another id",
    ],
    "reserved-concept": [
        "case_studies/concepts/index.yaml:1:5: CS701 id 'index' is reserved for a generated "
        "page; choose another id",
    ],
    "same-id": [
        "case_studies/shared-a.yaml:1:5: CS105 id 'shared' does not match the file name "
        "'shared-a.yaml'",
        "case_studies/shared-b.yaml:1:5: CS105 id 'shared' does not match the file name "
        "'shared-b.yaml'",
        "case_studies/shared-b.yaml:1:5: CS112 id 'shared' is already used by "
        "case_studies/shared-a.yaml",
    ],
    # -- links -------------------------------------------------------------------------------
    "javascript-links.yaml": [
        "case_studies/javascript-links.yaml:3:10: CS111 summary: unsafe link "
        "'javascript:alert('summary'' (use http, https or mailto)",
        "case_studies/javascript-links.yaml:9:15: CS111 requirements.clarifying_questions[0]"
        ".answer: unsafe link 'javascript:alert('answer'' (use http, https or mailto)",
        "case_studies/javascript-links.yaml:32:14: CS111 high_level_design.narrative: unsafe "
        "link 'javascript:alert('narrative'' (use http, https or mailto)",
        "case_studies/javascript-links.yaml:49:18: CS111 detailed_design.decisions[0].rationale"
        ": unsafe link 'javascript:alert('rationale'' (use http, https or mailto)",
        "case_studies/javascript-links.yaml:54:35: CS111 bottlenecks.monitoring[0].alert: "
        "unsafe link 'javascript:alert('alert'' (use http, https or mailto)",
    ],
    "data-links.yaml": [
        "case_studies/data-links.yaml:3:10: CS111 summary: unsafe link "
        "'data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+' (use http, https or mailto)",
        "case_studies/data-links.yaml:9:15: CS111 requirements.clarifying_questions[0].answer: "
        "unsafe link 'data:text/html,<script' (use http, https or mailto)",
        "case_studies/data-links.yaml:14:63: CS111 estimation.assumptions[0].source: unsafe "
        "link 'data:text/html,<script>alert(1)</script>' (use http, https or mailto)",
    ],
    "obfuscated-links.yaml": [
        "case_studies/obfuscated-links.yaml:3:10: CS111 summary: unsafe link "
        "'JaVaScRiPt:alert(1' (use http, https or mailto)",
        "case_studies/obfuscated-links.yaml:9:15: CS111 requirements.clarifying_questions[0]"
        ".answer: unsafe link 'javascript:alert(1' (use http, https or mailto)",
        "case_studies/obfuscated-links.yaml:10:16: CS111 requirements.functional[0]: unsafe "
        "link 'javascript:alert(1' (use http, https or mailto)",
        "case_studies/obfuscated-links.yaml:10:49: CS111 requirements.functional[1]: unsafe "
        "link 'java script:alert(1' (use http, https or mailto)",
        "case_studies/obfuscated-links.yaml:32:14: CS111 high_level_design.narrative: unsafe "
        "link 'java script:alert(1' (use http, https or mailto)",
        "case_studies/obfuscated-links.yaml:50:18: CS111 detailed_design.decisions[0].rationale"
        ": unsafe link '&#106;avascript:alert(1' (use http, https or mailto)",
    ],
    "method-link": [  # the method's questions are shown on every case-study page
        "case_studies/method/checklist.yaml:15:11: CS111 data_model[0].text: unsafe link "
        "'JAVASCRIPT:alert('method'' (use http, https or mailto)",
    ],
    "source-links.yaml": [
        "case_studies/source-links.yaml:14:63: CS111 estimation.assumptions[0].source: unsafe "
        "link 'javascript:alert(1)' (use http, https or mailto)",
        "case_studies/source-links.yaml:15:61: CS111 estimation.assumptions[1].source: unsafe "
        "link 'javascript:alert(1' (use http, https or mailto)",
    ],
    # -- text that is legal but dangerous ----------------------------------------------------
    "xss-text.yaml": BUILDS,
    "jinja-literal.yaml": BUILDS,
    "table-breaking.yaml": BUILDS,
    "heading-breaking.yaml": BUILDS,
    "code-fences.yaml": BUILDS,
    "mermaid-labels.yaml": BUILDS,
    "front-matter.yaml": BUILDS,
    "unicode-text.yaml": BUILDS,
    # -- other mistakes ----------------------------------------------------------------------
    "control-characters.yaml": [  # one line: the newline cannot forge a second one in CI logs
        "case_studies/control-characters.yaml:4:13: CS103 difficulty: "
        "'hard\\n::error file=README.md::forged\\u001b[2J' is not one of easy, medium, hard",
    ],
    "long-text.yaml": [
        "case_studies/long-text.yaml:3:10: CS103 summary: string should have at most 400 "
        "characters",
    ],
    "formula-unknown-name.yaml": [
        "case_studies/formula-unknown-name.yaml:18:38: CS202 unknown name 'new_pastez' "
        "(did you mean 'new_pastes'?)",
    ],
    "formula-unit-mismatch.yaml": [
        "case_studies/formula-unit-mismatch.yaml:18:49: CS205 cannot add paste/s and B/paste",
    ],
    "formula-cycle.yaml": [
        "case_studies/formula-cycle.yaml:17:35: CS207 cycle between figures: write_rate → "
        "daily_storage → write_rate",
    ],
    "formula-division-by-zero.yaml": [
        "case_studies/formula-division-by-zero.yaml:19:62: CS208 division by zero: 'replicas' is 0",
    ],
    "formula-huge-exponent.yaml": [
        "case_studies/formula-huge-exponent.yaml:18:67: CS209 '10 ^ 400' is not a finite number",
    ],
    "formula-deep-nesting.yaml": [
        "case_studies/formula-deep-nesting.yaml:18:88: CS201 malformed formula: the formula "
        "nests deeper than 50 levels",
    ],
    "formula-code.yaml": [
        "case_studies/formula-code.yaml:17:35: CS201 malformed formula: unexpected character '''",
        "case_studies/formula-code.yaml:18:38: CS211 unknown function 'eval'",
    ],
    "assumption-not-finite.yaml": [
        "case_studies/assumption-not-finite.yaml:14:33: CS209 assumption 'new_pastes' is not a "
        "finite number",
        "case_studies/assumption-not-finite.yaml:15:33: CS209 assumption 'paste_size' is not a "
        "finite number",
    ],
    "dangling-concept.yaml": [
        "case_studies/dangling-concept.yaml:35:83: CS104 high_level_design.components[1]"
        ".concepts: unknown concept 'xss-concpet' (did you mean 'xss-concept'?)",
    ],
    "concept-path.yaml": [
        "case_studies/concept-path.yaml:35:83: CS103 high_level_design.components[1]"
        ".concepts[0]: '../../etc/passwd' is not a lowercase slug (a-z, 0-9 and single hyphens)",
    ],
    "dangling-related.yaml": [
        "case_studies/dangling-related.yaml:6:11: CS108 related 'url-shortener' is not a case "
        "study",
        "case_studies/dangling-related.yaml:6:26: CS108 related 'dangling-related' is this case "
        "study itself",
    ],
    "dangling-entity-reference.yaml": [
        "case_studies/dangling-entity-reference.yaml:28:112: CS303 data_model.entities[0]"
        ".fields[1].references: '../../Account.id' is not an Entity.field of this data model",
    ],
    # -- second round: what the site's Markdown makes of the text, and the files themselves ----
    "reference-in-quote.yaml": [
        "case_studies/reference-in-quote.yaml:32:14: CS111 high_level_design.narrative: unsafe "
        "link 'javascript:alert('x')' (use http, https or mailto)",
    ],
    "reference-in-list.yaml": [
        "case_studies/reference-in-list.yaml:46:18: CS111 detailed_design.decisions[0].rationale: "
        "unsafe link 'JavaScript:alert(document.cookie)' (use http, https or mailto)",
    ],
    "reference-in-definition-list.yaml": [
        "case_studies/reference-in-definition-list.yaml:32:14: CS111 high_level_design.narrative: "
        "unsafe link 'vbscript:msgbox(1)' (use http, https or mailto)",
    ],
    "reference-in-footnote.yaml": [
        "case_studies/reference-in-footnote.yaml:32:14: CS111 high_level_design.narrative: unsafe "
        "link 'javascript:alert(1)' (use http, https or mailto)",
    ],
    "reference-with-entities.yaml": [
        "case_studies/reference-with-entities.yaml:32:14: CS111 high_level_design.narrative: "
        "unsafe link 'data:text/html,<script>alert(1)</script' (use http, https or mailto)",
    ],
    "remote-image.yaml": [
        "case_studies/remote-image.yaml:3:10: CS113 summary: image '../assets/logo.png' is not "
        "allowed (pages load nothing from other hosts, and case studies ship no image files)",
        "case_studies/remote-image.yaml:32:14: CS113 high_level_design.narrative: image "
        "'https://evil.example/track.png' is not allowed (pages load nothing from other hosts, "
        "and case studies ship no image files)",
        "case_studies/remote-image.yaml:46:18: CS113 detailed_design.decisions[0].rationale: "
        "image 'https://evil.example/c.png' is not allowed (pages load nothing from other hosts, "
        "and case studies ship no image files)",
    ],
    "stall-brackets.yaml": [
        "case_studies/stall-brackets.yaml:32:14: CS703 high_level_design.narrative: 19,999 link "
        "brackets or parentheses are open at once (at most 6); close them, or write a literal one "
        "as \\[",
    ],
    "stall-markdown.yaml": [
        "case_studies/stall-markdown.yaml:20:10: CS703 interface.notes: 400 definition-list items "
        "follow each other in one paragraph (at most 10); separate them with blank lines",
        "case_studies/stall-markdown.yaml:33:14: CS703 high_level_design.narrative: 5,000 link "
        "brackets or parentheses are open at once (at most 6); close them, or write a literal one "
        "as \\[",
        "case_studies/stall-markdown.yaml:47:18: CS703 detailed_design.decisions[0].rationale: "
        "5,000 link brackets or parentheses are open at once (at most 6); close them, or write a "
        "literal one as \\[",
        "case_studies/stall-markdown.yaml:50:55: CS703 bottlenecks.risks[0].mitigation: 90 link "
        "brackets or parentheses are open at once (at most 6); close them, or write a literal one "
        "as \\[",
        "case_studies/stall-markdown.yaml:52:35: CS703 bottlenecks.monitoring[0].alert: lists, "
        "quotes or indents are nested 130 deep (at most 8)",
    ],
    "tag-bool-maybe.yaml": [
        "case_studies/tag-bool-maybe.yaml:4:13: CS004 YAML tag 'tag:yaml.org,2002:bool' is not "
        "allowed",
    ],
    "tag-int-empty.yaml": [
        "case_studies/tag-int-empty.yaml:14:33: CS004 YAML tag 'tag:yaml.org,2002:int' is not "
        "allowed",
    ],
    "tag-float-empty.yaml": [
        "case_studies/tag-float-empty.yaml:14:33: CS004 YAML tag 'tag:yaml.org,2002:float' is not "
        "allowed",
    ],
    "tag-int-text.yaml": [
        "case_studies/tag-int-text.yaml:14:33: CS004 YAML tag 'tag:yaml.org,2002:int' is not "
        "allowed",
    ],
    "tag-map-scalar.yaml": [
        "case_studies/tag-map-scalar.yaml:4:13: CS004 YAML tag 'tag:yaml.org,2002:map' is not "
        "allowed",
    ],
    "figures-chain.yaml": [
        "case_studies/figures-chain.yaml:17:5: CS103 estimation.derived: 1,000 items; an estimate "
        "has at most 200",
    ],
    "formula-exponent-digits.yaml": [
        "case_studies/formula-exponent-digits.yaml:18:49: CS215 a quantity in B/paste can only be "
        "raised to a power of at most 12, not '99999999999999999...'",
    ],
    "id-invisible.yaml": [
        "case_studies/id-invisible.yaml:1:5: CS106 id 'id-invisible\\u200b\\u2060\\ufeff' is not a "
        "lowercase slug (a-z, 0-9 and single hyphens, 2 to 60 characters)",
    ],
    "yaml11-yes.yaml": [
        "case_studies/yaml11-yes.yaml:9:15: CS103 requirements.clarifying_questions[0].answer: "
        "'yes' is true in YAML 1.1 but the text 'yes' in YAML 1.2; write it so that both read the "
        "same (quote it to keep it as text)",
    ],
    "yaml11-sexagesimal.yaml": [
        "case_studies/yaml11-sexagesimal.yaml:14:33: CS103 estimation.assumptions[0].value: "
        "'1:30' is 90 in YAML 1.1 but the text '1:30' in YAML 1.2; write it so that both read the "
        "same (quote it to keep it as text)",
    ],
    "yaml11-octal.yaml": [
        "case_studies/yaml11-octal.yaml:15:33: CS103 estimation.assumptions[1].value: '010' is 8 "
        "in YAML 1.1 but 10 in YAML 1.2; write it so that both read the same (quote it to keep it "
        "as text)",
    ],
    "unit-power.yaml": [
        "case_studies/unit-power.yaml:15:44: CS204 assumption 'paste_size': malformed unit "
        "'B^1e300 * KB / B^1e300 / paste': a unit's power is at most 12",
    ],
    "broken-relative-links.yaml": [
        "case_studies/broken-relative-links.yaml:3:10: CS304 summary: link '#step-2-estimation' "
        "names no anchor 'step-2-estimation' of case-studies/index.md, which also shows this text",
        "case_studies/broken-relative-links.yaml:32:14: CS304 high_level_design.narrative: link "
        "'../../outside.md' leads outside the site",
        "case_studies/broken-relative-links.yaml:32:14: CS304 high_level_design.narrative: link "
        "'../concepts/cachng.md' names no page of the site (link to the .md file of the page)",
        "case_studies/broken-relative-links.yaml:32:14: CS304 high_level_design.narrative: link "
        "'../concepts/xss-concept.md#nowhere' names no anchor 'nowhere' of "
        "concepts/xss-concept.md",
        "case_studies/broken-relative-links.yaml:32:14: CS304 high_level_design.narrative: link "
        "'/index.md' is absolute; write it relative to the page, such as ../concepts/cache.md",
    ],
    "operation-anchors.yaml": BUILDS,
    "terminal-title.yaml": BUILDS,
    "prototype-keys.yaml": BUILDS,
    "mermaid-oversize.yaml": [
        "case_studies/mermaid-oversize.yaml:32:3: CS305 high_level_design: its diagram would be "
        "55,756 characters of Mermaid text (at most 50,000); shorten labels or split the design",
    ],
    "yml-extension": [
        "case_studies/Upper-Case.YAML:1:1: CS009 only .yaml files are read; rename it to "
        "'Upper-Case.yaml'",
        "case_studies/yml-one.yml:1:1: CS009 only .yaml files are read; rename it to "
        "'yml-one.yaml'",
    ],
}


def hostile_project(root: Path, *names: str) -> Path:
    """`root`/case_studies with the corpus's concepts and method checklist and `names`, and the
    project's templates (relative links are checked against the rendered pages)."""
    target = root / "case_studies"
    target.mkdir()
    shutil.copytree(ROOT / "templates", root / "templates")
    for shared in SHARED:
        shutil.copytree(HOSTILE / shared, target / shared)
    for name in names:
        source = HOSTILE / name
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target / name)
    return root


def validate(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str], str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["validate"])
    # A traceback is never an answer: the command must end by its own exit, 0 or 1.
    assert isinstance(result.exception, SystemExit | None), result.exception
    # Quality warnings (CS6xx) and the warning for headings and HTML in prose (CS114, which
    # most of this corpus carries on purpose) have fixtures of their own.
    errors = [
        line for line in result.stdout.splitlines() if " CS6" not in line and " CS114 " not in line
    ]
    return result.exit_code, errors, result.stderr


def test_the_corpus_is_complete() -> None:
    found = {p.name for p in HOSTILE.iterdir() if p.name not in SHARED}
    assert found == set(EXPECTED)
    assert len(EXPECTED) >= 40


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_hostile_file_has_its_outcome(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, lines, stderr = validate(hostile_project(tmp_path, name), monkeypatch)
    expected = EXPECTED[name]
    if expected == BUILDS:
        assert (code, lines) == (0, []), stderr
    else:
        assert (code, lines) == (1, expected)
        assert stderr.endswith(" warnings\n") or stderr.endswith(" warning\n")


def test_a_ten_megabyte_file_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = hostile_project(tmp_path)
    big = root / "case_studies" / "huge.yaml"
    line = b"- " + b"x" * 1021 + b"\n"
    with big.open("wb") as handle:
        handle.write(b"id: huge\nfunctional:\n")
        for _ in range(10 * 1024):
            handle.write(line)
    assert big.stat().st_size > 10_000_000
    code, lines, _ = validate(root, monkeypatch)
    assert (code, lines) == (
        1,
        ["case_studies/huge.yaml:1:1: CS005 the file is larger than 1,000,000 bytes"],
    )


def test_text_just_over_the_limit_is_refused_too() -> None:
    doc, problems = parse("a: " + "é" * (MAX_BYTES // 2), "f.yaml")
    assert doc is None
    assert [p.format() for p in problems] == [
        "f.yaml:1:1: CS005 the file is larger than 1,000,000 bytes"
    ]


def test_symbolic_links_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = hostile_project(tmp_path)
    outside = tmp_path / "secret.yaml"
    outside.write_text(
        (HOSTILE / "bom.yaml").read_text(encoding="utf-8-sig").replace("bom", "linked")
    )
    (root / "case_studies" / "linked.yaml").symlink_to(outside)
    (root / "case_studies" / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    code, lines, _ = validate(root, monkeypatch)
    assert (code, lines) == (
        1,
        [
            "case_studies/dangling.yaml:1:1: CS702 the file is a symbolic link, not a regular file",
            "case_studies/linked.yaml:1:1: CS702 the file is a symbolic link, not a regular file",
        ],
    )


# -- the legal-but-dangerous text reaches every free-text field ---------------------------------

# Fields whose grammar rejects markup with its own codes (formula-*, dangling-* fixtures).
GRAMMAR_FIELDS = {
    "Assumption.unit", "Derived.unit", "Derived.formula", "EntityField.references",
    "Check.check",
}  # fmt: skip


def _pattern(annotation: Any) -> str | None:
    for arg in typing.get_args(annotation):
        for part in (arg, *getattr(arg, "__metadata__", ())):
            if getattr(part, "pattern", None):
                return str(part.pattern)
        found = _pattern(arg)
        if found:
            return found
    for meta in getattr(annotation, "__metadata__", ()):
        if getattr(meta, "pattern", None):
            return str(meta.pattern)
    return None


def _is_text(annotation: Any) -> bool:
    if annotation is str:
        return True
    return any(_is_text(arg) for arg in typing.get_args(annotation))


def free_text_fields(model: type[BaseModel], seen: set[type[BaseModel]] | None = None) -> set[str]:
    """`Model.field` for every string field without a pattern (ids, slugs, methods have one)."""
    seen = seen if seen is not None else set()
    seen.add(model)
    out: set[str] = set()
    for name, info in model.model_fields.items():
        nested = nested_model(info.annotation)
        if nested is not None:
            if nested not in seen:
                out |= free_text_fields(nested, seen)
            continue
        pattern = _pattern(info.annotation) or next(
            (m.pattern for m in info.metadata if getattr(m, "pattern", None)), None
        )
        if _is_text(info.annotation) and (pattern is None or name == "path"):
            out.add(f"{model.__name__}.{name}")
    return out - GRAMMAR_FIELDS


def payload_fields(model: type[BaseModel], data: Any) -> set[str]:
    """`Model.field` of every value in `data` (shaped like `model`) that carries a script tag."""
    out: set[str] = set()
    items = data if isinstance(data, list) else [data]
    for item in items:
        if not isinstance(item, dict):
            continue
        for name, info in model.model_fields.items():
            value = item.get(info.alias or name)
            nested = nested_model(info.annotation)
            if nested is not None and value is not None:
                out |= payload_fields(nested, value)
            values = value if isinstance(value, list) else [value]
            if any(isinstance(v, str) and ("<script>" in v or "<img" in v) for v in values):
                out.add(f"{model.__name__}.{name}")
    return out


@pytest.mark.parametrize(
    ("fixture", "model"),
    [
        ("xss-text.yaml", CaseStudy),
        ("concepts/xss-concept.yaml", Concept),
        ("method/checklist.yaml", MethodChecklist),
    ],
)
def test_every_free_text_field_carries_a_payload(fixture: str, model: type[BaseModel]) -> None:
    doc, problems = parse((HOSTILE / fixture).read_text(encoding="utf-8"), fixture)
    assert problems == [] and doc is not None
    missing = free_text_fields(model) - payload_fields(model, doc.data)
    assert missing == set(), f"add a payload to {fixture} for {sorted(missing)}"


def test_every_hostile_input_code_is_exercised() -> None:
    exercised = {
        line.split(": ")[1].split()[0]
        for lines in EXPECTED.values()
        for line in lines
        if lines != BUILDS
    } | {"CS702"}  # symbolic links and FIFOs are made at test time (test_hostile_files)
    assert {c for c in CODES if c.startswith("CS7")} <= exercised


def test_reserved_ids_cover_every_page_beside_case_studies_and_concepts(tmp_path: Path) -> None:
    """A page the generator writes next to case studies or concepts must have a reserved name,
    or a case study or concept with that id would replace it."""
    root = hostile_project(tmp_path, "bom.yaml")
    _, pages = generate(Project(root, root / "case_studies", ROOT / "templates", root / "docs"))
    stems: dict[str, set[str]] = {"case-studies": set(), "concepts": set()}
    for page in pages:
        folder, _, name = page.path.partition("/")
        if folder in stems and "/" not in name:
            stems[folder].add(name.removesuffix(".md"))
    assert {"index", "comparison"} <= stems["case-studies"]
    assert stems["case-studies"] - {"bom"} <= RESERVED_IDS["case study"]
    assert stems["concepts"] - {"xss-concept"} <= RESERVED_IDS["concept"]


def test_extensions_that_would_read_files_or_raw_html_stay_off() -> None:
    enabled = set(markdown_settings()[0])
    assert "pymdownx.superfences" in enabled
    assert {"pymdownx.snippets", "md_in_html", "markdown.extensions.md_in_html"} & enabled == set()


def _text_leaves(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(data, dict):
        return [leaf for k, v in data.items() for leaf in _text_leaves(v, (*path, k))]
    if isinstance(data, list):
        return [leaf for i, v in enumerate(data) for leaf in _text_leaves(v, (*path, i))]
    return [path] if isinstance(data, str) and ("<script>" in data or "<img" in data) else []


LINK_FORMS = {
    "inline": "[link]({}) here",
    # A reference definition inside a quote, a list item or a definition: no pattern over the
    # input sees these; the site's own Markdown does.
    "reference in a quote": "> [r]: {}\\n\\n[link][r]",
    "reference in a list": "- [r]: {}\\n\\n[link][r]",
    "reference in a definition": "Term\\n: [r]: {}\\n\\n[link][r]",
}


@pytest.mark.parametrize("form", sorted(LINK_FORMS))
@pytest.mark.parametrize("scheme", ["javascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4="])
def test_an_unsafe_link_is_refused_in_every_text_field(
    scheme: str, form: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each free-text field of the payload case study, given a link instead: one CS111 each."""
    text = (HOSTILE / "xss-text.yaml").read_text(encoding="utf-8")
    doc, _ = parse(text, "xss-text.yaml")
    assert doc is not None
    leaves = _text_leaves(doc.data)
    lines = text.splitlines()
    for path in leaves:
        line, col = doc.source.values[path]
        row = lines[line - 1]
        assert row[col - 1] == '"', path  # every payload is one double-quoted scalar
        quoted = re.match(r'"(?:[^"\\]|\\.)*"', row[col - 1 :])
        assert quoted is not None, path
        end = col - 1 + quoted.end()
        link = f"/[link]({scheme})" if path[-1] == "path" else LINK_FORMS[form].format(scheme)
        lines[line - 1] = row[: col - 1] + f'"{link}"' + row[end:]
    root = hostile_project(tmp_path)
    (root / "case_studies" / "xss-text.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    code, found, _ = validate(root, monkeypatch)
    assert code == 1
    assert [line.split(": ")[1].split()[0] for line in found] == ["CS111"] * len(leaves), found
    assert len(leaves) >= 50
