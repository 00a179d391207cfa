"""End to end: the bundled case studies through the generator and `mkdocs build --strict`."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from generator.format.steps import STEPS

from tests.conftest import ROOT, BuiltSite

pytestmark = pytest.mark.slow

STEP_TITLES = [f"{s.number}. {s.title}" for s in STEPS]
CASE_IDS = sorted(p.stem for p in (ROOT / "case_studies").glob("*.yaml"))


def h2_texts(markdown: str) -> list[str]:
    tokens = MarkdownIt("commonmark").parse(markdown)
    out = []
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.tag == "h2":
            out.append(tokens[i + 1].content.split(" {#")[0])
    return out


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h2_ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "h2":
            self.h2_ids.append(dict(attrs).get("id") or "")


def test_bundled_catalogue_is_not_empty() -> None:
    assert {"url-shortener", "twitter-timeline", "pastebin"} <= set(CASE_IDS)


def test_build_is_clean(built_site: BuiltSite) -> None:
    assert "WARNING" not in built_site.log
    assert (built_site.site / "case-studies" / "index.html").is_file()


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_markdown_has_the_seven_steps_in_order(built_site: BuiltSite, case_id: str) -> None:
    markdown = (built_site.project / "docs" / "case-studies" / f"{case_id}.md").read_text()
    steps = [h for h in h2_texts(markdown) if h in STEP_TITLES]
    assert steps == STEP_TITLES


@pytest.mark.parametrize("case_id", CASE_IDS)
def test_html_has_the_seven_step_anchors_in_order(built_site: BuiltSite, case_id: str) -> None:
    parser = _Headings()
    parser.feed((built_site.site / "case-studies" / case_id / "index.html").read_text())
    anchors = [a for a in parser.h2_ids if a.startswith("step-")]
    assert anchors == [s.anchor for s in STEPS]


def test_catalogue_lists_every_case_study(built_site: BuiltSite) -> None:
    html = (built_site.site / "case-studies" / "index.html").read_text()
    for case_id in CASE_IDS:
        assert f'href="{case_id}/"' in html


def test_generated_pages_are_not_tracked(built_site: BuiltSite) -> None:
    ignore = (ROOT / ".gitignore").read_text().splitlines()
    assert "/docs/case-studies/" in ignore
    assert not Path(ROOT / "docs" / "case-studies").is_symlink()


def test_the_method_page_shows_the_time_budget_of_steps_py() -> None:
    text = (ROOT / "docs" / "method.md").read_text(encoding="utf-8")
    rows = [f"| {s.number}. {s.title} | {s.minutes} |" for s in STEPS]
    total = f"| Total | {sum(s.minutes for s in STEPS)} |"
    table = "| Step | Minutes |\n| --- | ---: |\n" + "\n".join([*rows, total]) + "\n"
    assert table in text
