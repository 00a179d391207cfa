"""Step 2, the "at a glance" box and the comparison page, as generated Markdown."""

from __future__ import annotations

import html
import json

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


def test_step_2_shows_formula_exact_and_rounded_values(pages: dict[str, str]) -> None:
    text = pages["case-studies/grokking-tinyurl.md"]
    derived = section(text, "### Derived figures", "### What if?")
    v = '<span class="casebook-value" data-search-exclude>'
    assert (
        f"| `write_rate` | `new_urls_per_month` | {v}192.9012346 url/s</span> "
        f"| {v}193 url/s</span> |  |" in derived
    )
    assert (
        f"| `cache_memory` | `daily_reads * cache_ratio * url_record_size` "
        f"| {v}166.6666667 GB</span> | {v}167 GB</span> |  |" in derived
    )
    assumptions = section(text, "### Assumptions", "### Derived figures")
    assert "| `new_urls_per_month` | 500,000,000 | url/month | New short links per month. |" in (
        assumptions
    )
    assert (
        "| `cache_ratio` | 0.2 |  | Share of a day's reads kept in memory (the 80-20 rule). |"
        in (assumptions)
    )


def test_step_2_states_the_conventions(pages: dict[str, str]) -> None:
    for case_id in ("grokking-pastebin", "grokking-tinyurl", "xu-url-shortener"):
        step2 = section(pages[f"case-studies/{case_id}.md"], "## 2. ", "## 3. ")
        assert '!!! info "Conventions"' in step2
        assert "1 KB = 1,000 B" in step2
        assert "A day has 86,400 s, a month 30 days, a year 365 days." in step2
        assert "[estimation conventions](../conventions.md)" in step2


def test_at_a_glance_lists_the_key_figures_in_a_fixed_order(pages: dict[str, str]) -> None:
    text = pages["case-studies/grokking-pastebin.md"]
    glance = section(text, '!!! abstract "At a glance"', "## 1. ")
    assert glance.splitlines()[2:] == [
        "    | Key figure | Value | Computed as |",
        "    | --- | ---: | --- |",
        "    | Reads | 57.9 paste/s | [`read_rate`](#estimation-derived) |",
        "    | Writes | 11.6 paste/s | [`write_rate`](#estimation-derived) |",
        "    | Storage | 36.5 TB | [`storage`](#estimation-derived) |",
        "",
    ]


def test_calculator_data_is_escaped_into_its_attribute(pages: dict[str, str]) -> None:
    text = pages["case-studies/xu-url-shortener.md"]
    line = next(li for li in text.splitlines() if li.startswith('<div class="casebook-whatif"'))
    attribute = line.split('data-estimate="', 1)[1].split('">', 1)[0]
    assert '"' not in attribute and "<" not in attribute
    data = json.loads(html.unescape(attribute))
    assert data["order"] == ["write_rate", "read_rate", "records", "storage"]
    assert data["assumptions"][0] == {
        "name": "new_urls_per_day",
        "value": 100e6,
        "unit": "url/day",
        "factor": 1 / 86400,
        "nonneg": True,
    }
    assert data["figures"][3] == {
        "name": "storage",
        "rpn": [["v", "records"], ["v", "url_record_size"], ["*"]],
        "unit": "TB",
        "factor": 1e12,
        "dims": [["B", 1]],
        "binary": False,
        "nonneg": True,
    }


def test_comparison_page_puts_key_figures_side_by_side(pages: dict[str, str]) -> None:
    text = pages["case-studies/comparison.md"]
    rows = [line for line in text.splitlines() if line.startswith("|")]
    assert rows[0] == "| Case study | Reads | Writes | Peak | Storage | Ingress | Egress | Cache |"
    assert rows[2] == (
        "| [Pastebin, as sized in Grokking the System Design Interview](grokking-pastebin.md) "
        '| <span data-sort="57.87037037037037">57.9 paste/s</span> '
        '| <span data-sort="11.574074074074073">11.6 paste/s</span> '
        '| <span data-sort=""></span> '
        '| <span data-sort="36499999999999.99">36.5 TB</span> '
        '| <span data-sort=""></span> | <span data-sort=""></span> | <span data-sort=""></span> |'
    )
    assert len(rows) == 5


def test_catalogue_links_to_the_comparison(pages: dict[str, str]) -> None:
    assert "[compared side by side](comparison.md)" in pages["case-studies/index.md"]
