"""The exports without a browser: chapters rewritten for print, the Anki deck (opened as the zip
and SQLite collection it is), the cheat sheet's facts, reproducible archives, and the errors
for a missing Chromium or epubcheck."""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import genanki
import pytest
from click.testing import CliRunner
from markupsafe import Markup

from generator.cli import main
from generator.exports import anki, html_tree
from generator.exports.chapters import Casebook, _print_checklists, gather
from generator.exports.epub import epubcheck_command
from generator.exports.pdf import css_string
from generator.exports.reproducible import Entry, build_time, write_zip
from generator.format.steps import STEPS
from generator.pipeline import check_all
from generator.problems.problem import CasebookError
from generator.project import Project
from generator.render import cheatsheet
from tests.conftest import FIXTURES, ROOT, copy_project

EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
SITE = "https://system-design-casebook.github.io/casebook/"
NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Casebook:
    """The two tiny fixture case studies with the real templates, docs and mkdocs.yml."""
    root = copy_project(tmp_path_factory.mktemp("tiny"), FIXTURES / "project" / "case_studies")
    return gather(Project.at(root))


# -- chapters -----------------------------------------------------------------------------


def test_a_chapter_has_the_seven_steps_with_prefixed_anchors(tiny: Casebook) -> None:
    chapter = tiny.chapter("tiny-shortener", cases=frozenset(tiny.order))
    assert chapter.anchor == "cs-tiny-shortener"
    assert [(s.anchor, s.title) for s in chapter.steps] == [
        (f"cs-tiny-shortener--{s.anchor}", f"{s.number}. {s.title}") for s in STEPS
    ]
    ids = [e.get("id", "") for e in chapter.body.iter() if e.get("id")]
    assert ids and all(i.startswith("cs-tiny-shortener") and NCNAME.match(i) for i in ids)
    assert len(ids) == len(set(ids))


def test_browser_only_parts_are_left_out(tiny: Casebook) -> None:
    body = tiny.chapter("tiny-shortener").body
    markup = html_tree.to_html(body)
    for gone in ("headerlink", "casebook-whatif", "casebook-progress", "<input", "What if?"):
        assert gone not in markup
    assert "The calculator needs JavaScript." not in html_tree.text_of(body)


def test_links_point_into_the_book_or_at_the_site(tiny: Casebook) -> None:
    in_book = tiny.chapter("tiny-shortener", cases=frozenset(tiny.order))
    alone = tiny.chapter("tiny-shortener")
    related = [a.get("href") for a in in_book.body.iter("a") if a.text == "Design a tiny paste bin"]
    assert related == ["#cs-tiny-paste"]
    related = [a.get("href") for a in alone.body.iter("a") if a.text == "Design a tiny paste bin"]
    assert related == [f"{SITE}case-studies/tiny-paste/"]
    conventions = [
        a.get("href") for a in alone.body.iter("a") if a.text == "estimation conventions"
    ]
    assert conventions == [f"{SITE}conventions/"]
    hrefs = [a.get("href", "") for a in alone.body.iter("a")]
    assert all(h.startswith(("#cs-tiny-shortener", "https://")) for h in hrefs)


def test_diagrams_become_placeholders_with_their_mermaid_source(tiny: Casebook) -> None:
    chapter = tiny.chapter("tiny-shortener")
    assert [(d.key, d.source.split("\n")[0], d.base) for d in chapter.diagrams] == [
        ("tiny-shortener-1", "erDiagram", f"{SITE}case-studies/tiny-shortener/"),
        ("tiny-shortener-2", "flowchart TB", f"{SITE}case-studies/tiny-shortener/"),
    ]
    placeholders = [e.get("data-key") for e in chapter.body.iter("casebook-diagram")]
    assert placeholders == ["tiny-shortener-1", "tiny-shortener-2"]
    assert not [e for e in chapter.body.iter("pre") if "mermaid" in e.get("class", "")]


def test_checklists_keep_the_case_studys_own_items_as_boxes() -> None:
    root = html_tree.parse(
        '<h3 id="a-checklist">Checklist</h3><ul class="task-list">'
        '<li id="x/method/y"><label class="task-list-control"><input type="checkbox" disabled/>'
        '</label> Q1</li><li id="x/own"><label class="task-list-control">'
        '<input type="checkbox" disabled/></label> Q2 <span class="casebook-derived">derived'
        '</span></li></ul><h3 id="b-checklist">Checklist</h3><ul class="task-list">'
        '<li id="x/method/z"><label class="task-list-control"></label> Q3</li></ul>'
    )
    _print_checklists(root)
    assert html_tree.to_html(root) == (
        '<div><h3 id="a-checklist">Checklist</h3><ul class="task-list"><li id="x/own">'
        '<span class="casebook-box">☐</span> Q2 <span class="casebook-derived">derived</span>'
        "</li></ul></div>"
    )


def test_html_is_read_as_text_and_written_back_escaped() -> None:
    root = html_tree.parse("<p>a &amp; &lt;b&gt; <b>c</b><br>d</p>")
    assert html_tree.to_html(root) == "<div><p>a &amp; &lt;b&gt; <b>c</b><br>d</p></div>"
    assert html_tree.to_xhtml(root) == "<div><p>a &amp; &lt;b&gt; <b>c</b><br />d</p></div>"


def test_css_strings_escape_everything_but_plain_text() -> None:
    assert css_string('Design "x" </style> \\ ü') == Markup(
        '"Design \\22 x\\22  \\3c \\2f style\\3e  \\5c  \\fc "'
    )


# -- the Anki deck --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("anki")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = CliRunner().invoke(main, ["anki", "--root", str(ROOT), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out.as_posix()}/casebook.apkg\n"
    yield out / "casebook.apkg"


def notes(package: Path, tmp: Path) -> list[tuple[str, list[str], str]]:
    with zipfile.ZipFile(package) as archive:
        archive.extract("collection.anki2", tmp)
    connection = sqlite3.connect(tmp / "collection.anki2")
    try:
        rows = connection.execute("select guid, flds, tags from notes order by id").fetchall()
    finally:
        connection.close()
    return [(guid, fields.split("\x1f"), tags.strip()) for guid, fields, tags in rows]


def test_the_deck_is_a_zip_with_a_collection(deck: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(deck) as archive:
        assert archive.namelist() == ["collection.anki2", "media"]
        assert archive.read("media") == b"{}"
    with zipfile.ZipFile(deck) as archive:
        (tmp_path / "c.anki2").write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(tmp_path / "c.anki2")
    decks = json.loads(connection.execute("select decks from col").fetchone()[0])
    connection.close()
    catalogue, _, _, _ = check_all(Project.at(ROOT))
    titles = sorted(f"System Design Casebook::{item.case.title}" for item in catalogue)
    assert sorted(d["name"] for d in decks.values()) == sorted(
        ["Default", "System Design Casebook", *titles]
    )
    ids = {d["name"]: int(d["id"]) for d in decks.values()}
    assert ids["System Design Casebook::Design a URL shortener"] == anki.stable_id(
        "deck", "url-shortener"
    )


def test_the_deck_has_a_note_for_every_question_decision_estimate_and_checklist(
    deck: Path, tmp_path: Path
) -> None:
    catalogue, _, method, _ = check_all(Project.at(ROOT))
    cases = [item.case for item in catalogue]
    found = notes(deck, tmp_path)
    kinds = [tags.split()[-1] for _, _, tags in found]
    assert kinds.count("clarifying-question") == sum(
        len(c.requirements.clarifying_questions) for c in cases
    )
    assert kinds.count("decision") == sum(len(c.detailed_design.decisions) for c in cases)
    assert kinds.count("estimate") == sum(len(c.estimation.derived) for c in cases)
    own = sum(1 for c in cases for s in STEPS if getattr(c, s.field).checklist)
    assert method is not None and kinds.count("checklist") == own + len(STEPS)
    assert len({guid for guid, _, _ in found}) == len(found)


def test_an_estimate_note_has_the_figure_formula_and_assumptions(
    deck: Path, tmp_path: Path
) -> None:
    found = {guid: (fields, tags) for guid, fields, tags in notes(deck, tmp_path)}
    key = genanki.guid_for("system-design-casebook", "url-shortener", "estimate", "peak_read_rate")
    fields, tags = found[key]
    assert fields == [
        '<div class="case">Design a URL shortener</div>Peak read rate? <code>peak_read_rate</code>',
        '<p class="figure">34.7K url/s</p><p>Exact: 34,722.22222 url/s</p>'
        "<p>Formula: <code>read_rate * peak_factor</code></p><p>Assumptions:</p><ul>"
        "<li><code>new_urls_per_day</code> = 100,000,000 url/day</li>"
        "<li><code>read_write_ratio</code> = 10</li><li><code>peak_factor</code> = 3</li></ul>"
        '<p class="note">Redirects per second in the busiest hour; the figure the cache and '
        "redirect tier are sized for.</p>",
        f"{SITE}case-studies/url-shortener/#estimation-derived",
    ]
    assert tags == "url-shortener estimation estimate"


def test_question_and_decision_notes_carry_the_answer_and_the_choice(
    deck: Path, tmp_path: Path
) -> None:
    found = {guid: fields for guid, fields, _ in notes(deck, tmp_path)}
    question = "Is there a vanity domain per customer?"
    key = genanki.guid_for("system-design-casebook", "url-shortener", "question", question)
    assert found[key][:2] == [
        f'<div class="case">Design a URL shortener</div>{question}',
        "Not now; one short domain for everyone.",
    ]
    key = genanki.guid_for("system-design-casebook", "url-shortener", "decision", "redirect-code")
    front, back, source = found[key]
    assert front == (
        '<div class="case">Design a URL shortener</div>'
        "Should redirects use 301 (permanent) or 302 (temporary)?"
    )
    assert back.startswith(
        '<p class="figure">302</p><p>The ability to block a phishing link quickly and to count '
    )
    assert (
        "<p>Options weighed:</p><ul><li><b>301</b>: Moved permanently; browsers may cache the "
        "redirect indefinitely.<ul><li>Pro: Repeat visits skip our servers entirely.</li>"
        "<li>Con: We lose sight of repeat clicks, so analytics undercount.</li>"
    ) in back
    assert source == f"{SITE}case-studies/url-shortener/#decision-redirect-code"


def test_the_method_note_lists_the_steps_questions(deck: Path, tmp_path: Path) -> None:
    found = {guid: fields for guid, fields, _ in notes(deck, tmp_path)}
    _, _, method, _ = check_all(Project.at(ROOT))
    assert method is not None
    front, back, source = found[genanki.guid_for("system-design-casebook", "method", "estimation")]
    assert front == (
        '<div class="case">The seven-step method</div>'
        "Step 2. Back-of-the-envelope estimation: which questions?"
    )
    assert back == "<ol>" + "".join(f"<li>{q.text}</li>" for q in method.estimation) + "</ol>"
    assert source == f"{SITE}checklists/step-2-estimation/"


def test_note_ids_follow_content_ids_not_positions(tmp_path: Path) -> None:
    """Reordering and rewording keep each note's id, so a re-import updates the cards."""
    (tmp_path / "p").mkdir()
    root = copy_project(tmp_path / "p", FIXTURES / "project" / "case_studies")
    path = root / "case_studies" / "tiny-shortener.yaml"
    before = anki_guids(root, tmp_path / "a")
    text = path.read_text()
    path.write_text(text.replace("Hash the long URL and take 7 characters.", "Hash it."))
    assert anki_guids(root, tmp_path / "b") == before


def anki_guids(root: Path, out: Path) -> dict[str, str]:
    result = CliRunner().invoke(main, ["anki", "--root", str(root), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return {guid: fields[0] for guid, fields, _ in notes(out / "casebook.apkg", out)}


def test_the_deck_is_reproducible(deck: Path, tmp_path: Path) -> None:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        result = CliRunner().invoke(main, ["anki", "--root", str(ROOT), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "casebook.apkg").read_bytes() == deck.read_bytes()


def test_assumptions_used_follow_figures_through_figures() -> None:
    catalogue, _, _, _ = check_all(Project.at(ROOT))
    case = next(item.case for item in catalogue if item.case.id == "url-shortener")
    # storage_replicated ← storage_logical ← urls_over_retention, url_record_size ← url_length …
    assert anki.assumptions_used(case.estimation, "storage_replicated") == [
        "new_urls_per_day",
        "url_length",
        "record_overhead",
        "retention",
        "replication_factor",
    ]


# -- the cheat sheet ------------------------------------------------------------------------


def test_purposes_are_the_first_sentence_of_each_steps_purpose() -> None:
    text = (ROOT / "docs" / "method.md").read_text()
    found = cheatsheet.purposes(text)
    assert found[1] == "Agree on what is being built before deciding how."
    assert found[6] == "Go deep on the two or three parts that are hard for *this* problem."
    assert sorted(found) == [s.number for s in STEPS]


def test_rules_of_thumb_are_computed_and_rounded_like_figures() -> None:
    assert [(r.label, r.value) for r in cheatsheet.rules()] == [
        ("1 million requests a day", "11.6 request/s"),
        ("1 billion requests a month", "386 request/s"),
        ("1 KB/s for a day", "86.4 MB"),
        ("1 TB a month", "386 KB/s"),
        ("Downtime a year at 99.9 %", "8.76 h"),
        ("Downtime a year at 99.99 %", "52.6 min"),
        ("Downtime a month at 99.99 %", "4.32 min"),
        ("Downtime a year at 99.999 %", "5.26 min"),
    ]


def test_the_cheat_sheet_page_is_generated_with_the_site(tiny: Casebook) -> None:
    page = tiny.pages["reference/cheat-sheet.md"]
    assert page.source == "docs/method.md"
    lines = page.text.splitlines()
    # The tiny catalogue has no method checklist, so no questions.
    assert lines[lines.index("## The seven steps {#steps}") + 4] == (
        "| [1. Requirements clarification](../method.md#step-1-requirements) | 5 min | "
        "Agree on what is being built before deciding how. |  |"
    )
    assert "| 1 TB a month | `1 TB / month` | 386 KB/s |" in lines
    assert "| Disk seek | 10 ms |" in lines


def test_a_method_page_without_a_purpose_is_an_error(tmp_path: Path) -> None:
    root = copy_project(tmp_path, FIXTURES / "project" / "case_studies")
    method = root / "docs" / "method.md"
    method.write_text(method.read_text().replace("**Purpose:** pin down", "Pin down"))
    result = CliRunner().invoke(main, ["build", "--root", str(root)])
    assert result.exit_code == 1
    assert result.stderr == "error: docs/method.md: no **Purpose:** paragraph under step 3\n"


# -- reproducible files and missing tools ---------------------------------------------------


def test_build_time_is_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    assert build_time() == datetime(2026, 1, 1, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(CasebookError) as caught:
        build_time()
    assert str(caught.value) == (
        "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, not 'soon'"
    )


def test_archives_depend_only_on_their_entries(tmp_path: Path) -> None:
    entries = [Entry("mimetype", b"application/epub+zip", compress=False), Entry("a/b.txt", b"x")]
    when = datetime(2026, 1, 1, tzinfo=UTC)
    write_zip(tmp_path / "one.zip", entries, when)
    write_zip(tmp_path / "two.zip", entries, when)
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type, first.date_time) == (
            "mimetype",
            zipfile.ZIP_STORED,
            (2026, 1, 1, 0, 0, 0),
        )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.zip", "two.zip"]


def test_missing_chromium_is_an_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CASEBOOK_CHROMIUM", "/nowhere/chromium")
    for command in ("pdf", "epub", "cheatsheet"):
        result = CliRunner().invoke(main, [command, "--root", str(ROOT), "-o", str(tmp_path)])
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            "error: Chromium not found at /nowhere/chromium: install it "
            "(`sudo scripts/browser-deps.sh`, or `apt-get install chromium`) or set "
            "CASEBOOK_CHROMIUM to its path\n"
        )
    assert list(tmp_path.iterdir()) == []


def test_missing_epubcheck_is_an_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CASEBOOK_EPUBCHECK", str(tmp_path / "epubcheck"))
    message = (
        "epubcheck not found: install it (`sudo apt-get install epubcheck`, or "
        "`scripts/export-deps.sh`), set CASEBOOK_EPUBCHECK to it, or pass --no-check"
    )
    with pytest.raises(CasebookError) as caught:
        epubcheck_command()
    assert str(caught.value) == message
    result = CliRunner().invoke(main, ["epub", "--root", str(ROOT), "-o", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (1, f"error: {message}\n")


def test_debian_epubcheck_jar_runs_under_java(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    jar = tmp_path / "epubcheck.jar"
    jar.write_bytes(b"PK")
    (tmp_path / "epubcheck").symlink_to(jar)
    monkeypatch.setenv("CASEBOOK_EPUBCHECK", str(tmp_path / "epubcheck"))
    command = epubcheck_command()
    assert command[1:] == ["-jar", str(jar)] and command[0].endswith("java")


def test_an_unknown_case_study_is_named_with_a_suggestion(tmp_path: Path) -> None:
    monkeypatch_env = {"CASEBOOK_CHROMIUM": "/bin/sh"}  # any file: the check comes first
    result = CliRunner().invoke(
        main,
        ["pdf", "--root", str(ROOT), "--case", "url-shortner", "-o", str(tmp_path)],
        env=monkeypatch_env,
    )
    assert (result.exit_code, result.stderr) == (
        1,
        "error: no case study has the id 'url-shortner' (did you mean 'url-shortener'?)\n",
    )


def test_editing_the_method_page_regenerates_the_cheat_sheet(tmp_path: Path) -> None:
    root = copy_project(tmp_path, FIXTURES / "project" / "case_studies")
    runner = CliRunner()
    assert runner.invoke(main, ["build", "--root", str(root)]).exit_code == 0
    method = root / "docs" / "method.md"
    method.write_text(method.read_text().replace("**Purpose:** pin down", "**Purpose:** fix"))
    result = runner.invoke(main, ["build", "--root", str(root)])
    assert result.stdout.startswith("2 written, ")  # the cheat sheet and the build stamp
    page = (root / "docs" / "reference" / "cheat-sheet.md").read_text()
    assert "| 5 min | Fix the contract between the system and its callers. |" in page
