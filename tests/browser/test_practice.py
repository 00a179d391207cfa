"""Practice mode on a case study: steps 2-7 behind Reveal, notes kept per step and per case study,
the state remembered, and a timer that counts each step down from the method's budget."""

from __future__ import annotations

from typing import Any

import pytest

from generator.format.steps import STEPS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CASE = "case-studies/url-shortener/"


def hidden_answers(page: Any) -> list[int]:
    return page.eval_on_selector_all(  # type: ignore[no-any-return]
        ".casebook-practice-step",
        "boxes => boxes.filter(b => b.querySelector('.casebook-answer').hidden)"
        ".map(b => Number(b.dataset.step))",
    )


def test_practice_hides_steps_2_to_7_and_keeps_notes(site_url: str, page: Any) -> None:
    page.goto(f"{site_url}/{CASE}")
    toggle = page.locator(".casebook-practice-toggle")
    assert toggle.get_attribute("aria-pressed") == "false"
    assert page.locator(".casebook-practice-step").count() == 0
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    assert hidden_answers(page) == [2, 3, 4, 5, 6, 7]
    assert page.locator("#estimation-assumptions").is_visible() is False
    assert page.locator("#requirements-functional").is_visible()  # step 1 stays: the problem
    page.fill("#casebook-notes-2", "100M writes a day → 1.2K/s")
    reveal = page.locator(".casebook-practice-step[data-step='2'] .casebook-reveal")
    assert reveal.get_attribute("aria-expanded") == "false"
    reveal.click()
    assert reveal.get_attribute("aria-expanded") == "true"
    assert reveal.text_content() == "Hide step 2"
    assert hidden_answers(page) == [3, 4, 5, 6, 7]
    assert page.locator("#estimation-assumptions").is_visible()
    assert page.locator("#casebook-notes-2").is_visible()  # the notes stay beside the answer

    page.reload()
    assert page.locator(".casebook-practice-toggle").get_attribute("aria-pressed") == "true"
    assert page.input_value("#casebook-notes-2") == "100M writes a day → 1.2K/s"
    assert hidden_answers(page) == [3, 4, 5, 6, 7]
    assert page.evaluate("localStorage.getItem('casebook.practised:url-shortener')") is not None

    page.goto(f"{site_url}/case-studies/pastebin/")  # remembered per case study
    assert page.locator(".casebook-practice-toggle").get_attribute("aria-pressed") == "false"
    assert page.locator(".casebook-practice-step").count() == 0

    page.goto(f"{site_url}/{CASE}")
    page.click(".casebook-practice-toggle")  # off again: the page as it was
    assert page.locator(".casebook-practice-step").count() == 0
    assert page.locator("#estimation-assumptions").is_visible()
    assert page.console_errors == []


def test_the_timer_counts_each_step_down_from_its_budget(site_url: str, page: Any) -> None:
    page.clock.install()
    page.goto(f"{site_url}/{CASE}")
    page.click(".casebook-practice-toggle")
    page.click(".casebook-timer-toggle")
    text = page.locator(".casebook-timer-text")
    budget = {s.number: s.minutes for s in STEPS}
    assert text.text_content() == f"Step 2: {budget[2]}:00 left"
    page.clock.run_for(61_000)
    assert text.text_content() == f"Step 2: {budget[2] - 2}:59 left"
    page.clock.run_for(budget[2] * 60_000)
    assert text.text_content() == "Step 2: 1:01 over"
    page.click(".casebook-practice-step[data-step='2'] .casebook-reveal")
    assert text.text_content() == f"Step 3: {budget[3]}:00 left"
    page.click(".casebook-timer-toggle")
    assert text.text_content() == ""
    assert page.console_errors == []
