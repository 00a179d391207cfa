"""Step 2, the "at a glance" box and the comparison page, as generated Markdown."""

from __future__ import annotations

import html
import json
import shutil
from pathlib import Path

import pytest

from generator.pipeline import generate
from generator.project import Project
from tests.conftest import FIXTURES, ROOT


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    source = FIXTURES / "estimates" / "published"
    docs = tmp_path_factory.mktemp("docs")
    project = Project(source.parent, source, ROOT / "templates", docs)
    _, rendered = generate(project)
    return {page.path: page.text for page in rendered}


def section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def cells(name: str, exact: str, rounded: str) -> str:
    """A derived figure's exact and rounded cells, each naming its figure for the calculator."""
    return (
        f'<span class="casebook-value" data-of="{name}" data-form="exact">'
        f'{exact}</span> | <span class="casebook-value" data-of="{name}">'
        f"{rounded}</span>"
    )


def test_step_2_shows_formula_exact_and_rounded_values(pages: dict[str, str]) -> None:
    text = pages["case-studies/grokking-tinyurl.md"]
    derived = section(text, "### Derived figures", "### What if?")
    assert (
        f'| <span id="figure-write-rate"></span>`write_rate` | `new_urls_per_month` '
        f"| {cells('write_rate', '192.9012346 url/s', '193 url/s')} |  |" in derived
    )
    assert (
        f'| <span id="figure-cache-memory"></span>`cache_memory` '
        f"| `daily_reads * cache_ratio * url_record_size` "
        f"| {cells('cache_memory', '166.6666667 GB', '167 GB')} |  |" in derived
    )
    assumptions = section(text, "### Assumptions", "### Derived figures")
    assert (
        '| <span id="figure-new-urls-per-month"></span>`new_urls_per_month` | 500,000,000 '
        "| url/month | New short links per month. |" in assumptions
    )
    assert (
        '| <span id="figure-cache-ratio"></span>`cache_ratio` | 0.2 |  '
        "| Share of a day's reads kept in memory (the 80-20 rule). |" in assumptions
    )


def test_step_2_states_the_conventions(pages: dict[str, str]) -> None:
    for case_id in ("grokking-pastebin", "grokking-tinyurl", "xu-url-shortener"):
        step2 = section(pages[f"case-studies/{case_id}.md"], "## 2. ", "## 3. ")
        assert '!!! info "Conventions"' in step2
        assert "1 KB = 1,000 B" in step2
        assert "A day has 86,400 s, a month 30 days, a year 365 days." in step2
        assert "[estimation conventions](../conventions.md)" in step2


def glance_value(name: str, rounded: str) -> str:
    return f'<span class="casebook-value" data-of="{name}">{rounded}</span>'


def test_at_a_glance_lists_the_key_figures_in_a_fixed_order(pages: dict[str, str]) -> None:
    text = pages["case-studies/grokking-pastebin.md"]
    glance = section(text, '!!! abstract "At a glance"', "## 1. ")
    assert glance.splitlines()[2:] == [
        "    | Key figure | Value | Computed as |",
        "    | --- | ---: | --- |",
        f"    | Reads | {glance_value('read_rate', '57.9 paste/s')} "
        "| [`read_rate`](#estimation-derived) |",
        f"    | Writes | {glance_value('write_rate', '11.6 paste/s')} "
        "| [`write_rate`](#estimation-derived) |",
        f"    | Storage (logical) | {glance_value('storage', '36.5 TB')} "
        "| [`storage`](#estimation-derived) |",
        "",
    ]


def test_calculator_data_is_escaped_into_its_attribute(pages: dict[str, str]) -> None:
    text = pages["case-studies/xu-url-shortener.md"]
    line = next(li for li in text.splitlines() if li.startswith('<div class="casebook-whatif"'))
    # Single-quoted, so the JSON's double quotes need no entity each.
    attribute = line.split("data-estimate='", 1)[1].split("'>", 1)[0]
    assert "'" not in attribute and "<" not in attribute and '"order":' in attribute
    data = json.loads(html.unescape(attribute))
    assert data["order"] == ["write_rate", "read_rate", "records", "storage"]
    assert data["assumptions"][0] == {
        "name": "new_urls_per_day",
        "value": 100e6,
        "unit": "url/day",
        "factor": 1 / 86400,
        "nonneg": True,
        "dims": [["url", 1], ["s", -1]],
        "binary": False,
        "per": ["day", 86400],
        "whole": False,
    }
    assert data["figures"][3] == {
        "name": "storage",
        "rpn": [["v", "records"], ["v", "url_record_size"], ["*"]],
        "unit": "TB",
        "factor": 1e12,
        "dims": [["B", 1]],
        "binary": False,
        "nonneg": True,
        "per": ["s", 1],
        "whole": False,
    }


def test_comparison_page_puts_key_figures_side_by_side(pages: dict[str, str]) -> None:
    text = pages["case-studies/comparison.md"]
    rows = [line for line in text.splitlines() if line.startswith("|")]
    # Peak reads apart from peak writes, logical storage apart from replicated; no column for
    # the first release's `peak_rate` and `storage`, which no case study here marks.
    assert rows[0] == (
        "| Case study | Reads | Writes | Peak reads | Peak writes | Storage (logical) "
        "| Storage (replicated) | Ingress | Egress | Cache |"
    )
    empty = '<span data-sort=""></span>'
    assert rows[2] == (
        "| [Pastebin, as sized in Grokking the System Design Interview](grokking-pastebin.md) "
        '| <span data-sort="57.87037037037037">57.9 paste/s</span> '
        '| <span data-sort="11.574074074074073">11.6 paste/s</span> '
        f"| {empty} | {empty} "
        '| <span data-sort="36499999999999.99">36.5 TB</span> '
        f"| {empty} | {empty} | {empty} | {empty} |"
    )
    assert len(rows) == 5


def test_keys_of_the_first_release_keep_their_columns_while_marked(tmp_path: Path) -> None:
    source = tmp_path / "case_studies"
    source.mkdir()
    for path in (
        FIXTURES / "estimates" / "published" / "grokking-pastebin.yaml",
        FIXTURES / "estimates" / "errors" / "cs223-first-release-key.yaml",
    ):
        shutil.copy2(path, source)
    project = Project(tmp_path, source, ROOT / "templates", tmp_path / "docs")
    _, rendered = generate(project)
    text = {page.path: page.text for page in rendered}
    rows = [
        line for line in text["case-studies/comparison.md"].splitlines() if line.startswith("|")
    ]
    assert rows[0] == (
        "| Case study | Reads | Writes | Peak reads | Peak writes | Peak | Storage (logical) "
        "| Storage (replicated) | Storage | Ingress | Egress | Cache |"
    )
    glance = section(text["case-studies/cs223-first-release-key.md"], "At a glance", "## 1. ")
    assert glance.splitlines()[4:] == [
        f"    | Writes | {glance_value('write_rate', '11.6 paste/s')} "
        "| [`write_rate`](#estimation-derived) |",
        f"    | Peak | {glance_value('peak_write_rate', '34.7 paste/s')} "
        "| [`peak_write_rate`](#estimation-derived) |",
        f"    | Storage | {glance_value('storage', '3.65 TB')} | [`storage`](#estimation-derived) |",
        "",
    ]


def test_catalogue_links_to_the_comparison(pages: dict[str, str]) -> None:
    assert "[compared side by side](comparison.md)" in pages["case-studies/index.md"]


@pytest.fixture(scope="module")
def declared(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A case study that declares `trade` and `job`, times in µs per trade, sizes nodes with
    `ceil`, states checks and names figures in prose."""
    source = FIXTURES / "estimates" / "declared"
    docs = tmp_path_factory.mktemp("docs")
    _, rendered = generate(Project(source.parent, source, ROOT / "templates", docs))
    return next(p.text for p in rendered if p.path == "case-studies/matching-engine.md")


def test_declared_units_per_item_durations_and_whole_counts(declared: str) -> None:
    step2 = section(declared, "## 2. ", "## 3. ")
    assert "    Counted in this case study besides the shared units: `trade`, `job`." in step2
    # Per day stays per day; µs per trade reads naturally; a fleet is a whole number of nodes.
    assert f"| {cells('trade_rate', '2,000,000,000 trade/day', '2B trade/day')} |" in step2
    assert "`match_time` | 1.17 | us/trade |" in step2
    assert (
        "| `ceil(peak_trade_rate * headroom / trades_per_node)` "
        f"| {cells('match_nodes', '2 node', '2 node')} |" in step2
    )


def test_checks_show_both_sides_and_their_verdict(declared: str) -> None:
    checks = section(declared, "### Checks", "### What if?")
    assert checks.splitlines()[2:8] == [
        "Claims the design rests on, computed from the figures above; the page is not built when "
        "one fails.",
        "{: data-search-exclude }",
        "",
        "| Check | Left | Right | Verdict | Why |",
        "| --- | ---: | ---: | --- | --- |",
        '| `match_nodes <= 16 node` | <span class="casebook-check" data-check="0" '
        'data-side="left" data-search-exclude>2 node</span> | <span class="casebook-check" '
        'data-check="0" data-side="right" data-search-exclude>16 node</span> | '
        '<span class="casebook-verdict" data-check="0" data-search-exclude>'
        "holds</span> | The order book fits in one rack, so matching stays on one switch. |",
    ]


def test_backticked_figure_names_in_prose_show_their_values(declared: str) -> None:
    assert (
        "Clients send [`trade_rate`](#figure-trade-rate) "
        '(<span class="casebook-inline" data-of="trade_rate">2B trade/day</span>) to the API.'
        in declared
    )
    assert (
        "on [`match_nodes`](#figure-match-nodes) "
        '(<span class="casebook-inline" data-of="match_nodes">2 node</span>);' in declared
    )
    # Each links to its row in step 2.
    assert '| <span id="figure-trade-rate"></span>`trade_rate` |' in declared
