"""A case study printed: no inputs or buttons, each figure once, every step shown."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_case_study_prints_as_a_document(site_url: str, page: Any) -> None:
    page.goto(f"{site_url}/case-studies/url-shortener/")
    page.wait_for_selector(".casebook-whatif[data-ready]")
    page.click(".casebook-practice-toggle")  # practising: the printout still has every step
    page.emulate_media(media="print")
    # Checklist items keep a box each, to tick on paper (casebook-checklists.css); nothing else.
    visible = page.evaluate(
        """() => [...document.querySelectorAll('article input, article button, article textarea')]
          .filter((n) => n.offsetParent !== null && !n.closest('li.casebook-item')).length"""
    )
    assert visible == 0
    assert page.locator(".casebook-whatif").is_visible() is False
    assert page.locator("#estimation-what-if").is_visible() is False
    assert page.locator("#estimation-derived").is_visible()
    assert page.locator("#estimation-assumptions").is_visible()
    rows = page.locator("tr:visible", has=page.locator("code", has_text="write_rate"))
    assert rows.count() >= 1
    assert page.locator("[data-figure]:visible").count() == 0  # the calculator's copy is gone
    assert page.locator("#step-7-bottlenecks").is_visible()
    pdf = page.pdf()
    assert pdf[:5] == b"%PDF-"
