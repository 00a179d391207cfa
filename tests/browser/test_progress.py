"""Progress and the catalogue: ticked/total and practised per case study, the progress page, an
export/import round trip through a file, and the catalogue's sort and filters."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.enrich.checklists import case_checklist
from generator.pipeline import check_all
from generator.project import Project
from tests.conftest import BuiltSite

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CASE = "url-shortener"


def item_counts(built_site: BuiltSite) -> dict[str, int]:
    """Checklist items on each case study's page, by case id."""
    catalogue, _, method, _ = check_all(Project.at(built_site.project))
    return {
        i.case.id: sum(len(items) for items in case_checklist(i.case, method).values())
        for i in catalogue
    }


def item_count(built_site: BuiltSite, case_id: str) -> int:
    return item_counts(built_site)[case_id]


def tick_two_and_practise(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}/case-studies/{CASE}/")
    for indicator in page.locator("li.casebook-item .task-list-indicator").all()[:2]:
        indicator.click()
    page.click(".casebook-practice-toggle")
    page.click(".casebook-practice-step[data-step='2'] .casebook-reveal")


def test_catalogue_and_progress_page_sum_up_ticks_and_practice(
    built_site: BuiltSite, site_url: str, page: Any, tmp_path: Path
) -> None:
    total = item_count(built_site, CASE)
    tick_two_and_practise(page, site_url)
    page.goto(f"{site_url}/case-studies/")
    cell = page.locator(f".casebook-case-progress[data-case='{CASE}']")
    page.wait_for_function(  # filled in by the script once the page has loaded
        "s => document.querySelector(s)?.textContent !== ''",
        arg=f".casebook-case-progress[data-case='{CASE}']",
    )
    assert cell.text_content() == f"2 / {total} ticked · practised"
    other = page.locator(".casebook-case-progress[data-case='pastebin']")
    assert other.text_content() == f"0 / {item_count(built_site, 'pastebin')} ticked"

    page.goto(f"{site_url}/progress/")
    row = page.locator(f"tr[data-case='{CASE}'] td")
    row.nth(2).wait_for()  # the rows are the script's, written once the page has loaded
    assert row.all_text_contents()[1:] == [
        f"2 / {total}",
        "on " + page.evaluate("new Date().toISOString().slice(0, 10)"),
    ]
    counts = item_counts(built_site)
    assert page.locator(".casebook-progress-total").text_content() == (
        f"2 of {sum(counts.values())} items ticked across {len(counts)} case studies; 1 practised."
    )

    with page.expect_download() as download:
        page.click("text=Export to a file")
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["format"] == "casebook-progress" and data["version"] == 1
    ticks = sorted(k for k in data["entries"] if k.startswith("casebook.tick:"))
    assert len(ticks) == 2 and all(k.startswith(f"casebook.tick:{CASE}/") for k in ticks)
    assert f"casebook.practised:{CASE}" in data["entries"]

    page.evaluate("localStorage.clear()")  # another browser
    page.reload()
    row.nth(2).wait_for()
    assert row.all_text_contents()[1:] == [
        f"0 / {total}",
        "not yet",
    ]
    page.set_input_files(".casebook-import input[type=file]", str(saved))
    status = page.locator(".casebook-transfer-status")
    status.filter(has_text="Imported").wait_for()
    assert status.text_content() == f"Imported {len(data['entries'])} entries."
    assert page.locator(f"tr[data-case='{CASE}'] td").all_text_contents()[1] == f"2 / {total}"
    page.goto(f"{site_url}/case-studies/{CASE}/")
    checked = page.locator("li.casebook-item input[type=checkbox]:checked").count()
    assert checked == 2

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "casebook-progress", "entries": {"other.key": "1"}}')
    page.goto(f"{site_url}/progress/")
    page.set_input_files(".casebook-import input[type=file]", str(bad))
    status.filter(has_text="Nothing").wait_for()
    assert status.text_content() == 'Nothing imported: unexpected entry "other.key".'
    assert page.console_errors == []


def test_catalogue_sorts_and_filters_with_the_filters_in_the_address(
    built_site: BuiltSite, site_url: str, page: Any
) -> None:
    page.goto(f"{site_url}/case-studies/")
    count = page.locator(".casebook-catalogue-count")
    n = len(item_counts(built_site))
    assert count.text_content() == f"{n} of {n} case studies shown"
    page.select_option("select[name=difficulty]", "hard")
    visible = page.locator("article table tbody tr:not([hidden])")
    difficulties = {t.strip() for t in visible.locator("td:nth-child(3)").all_text_contents()}
    assert difficulties == {"hard"}
    assert count.text_content() == f"{visible.count()} of {n} case studies shown"
    assert "difficulty=hard" in page.url
    page.select_option("select[name=difficulty]", "")
    page.select_option("select[name=tag]", "caching")
    tags = visible.locator("td:nth-child(5)").all_text_contents()
    assert tags and all("caching" in t.split(", ") for t in tags)
    page.reload()
    assert page.input_value("select[name=tag]") == "caching"
    page.select_option("select[name=tag]", "")
    page.click("article table thead th:nth-child(3) button")  # sort by difficulty
    order = [t.strip() for t in visible.locator("td:nth-child(3)").all_text_contents()]
    rank = {"easy": 0, "medium": 1, "hard": 2}
    assert order == sorted(order, key=rank.__getitem__)
    link = page.locator("article table tbody tr:first-child td:nth-child(5) a").first
    assert link.get_attribute("href").startswith(f"{site_url}/tags/#tag:")
    assert page.console_errors == []
