"""Did-you-mean hints: one typing slip per four characters, no more."""

from __future__ import annotations

import pytest

from generator.estimate.units import COUNTABLES, SHARED
from generator.problems.hints import allowed_edits, close_match, did_you_mean, edits


@pytest.mark.parametrize(
    ("word", "candidates", "meant"),
    [
        ("dya", ["day", "s"], "day"),  # a swap of neighbours is one slip
        ("pastte", COUNTABLES, "paste"),
        ("cassandr", ["cassandra", "cache"], "cassandra"),
        ("storag_replicated", ["storage_replicated", "storage"], "storage_replicated"),
        ("Bytes", SHARED.known_names(), "byte"),  # case does not count as a slip
        # Too far for their length: two slips in five letters, five in ten.
        ("trade", COUNTABLES, None),
        ("tiny-paste", ["tiny-shortener"], None),
        ("job", COUNTABLES, None),
    ],
)
def test_close_matches_scale_with_the_length_of_the_word(
    word: str, candidates: list[str], meant: str | None
) -> None:
    assert close_match(word, candidates) == meant


def test_allowed_edits_grow_with_length() -> None:
    assert [allowed_edits("x" * n) for n in (1, 3, 4, 7, 8, 12)] == [1, 1, 1, 1, 2, 3]


def test_edits_count_swaps_once_and_stop_early() -> None:
    assert edits("dya", "day", 1) == 1
    assert edits("trade", "ride", 1) == 2  # beyond the limit: limit + 1
    assert edits("abc", "abcdefgh", 2) == 3


def test_hint_text() -> None:
    assert did_you_mean("meduim", ["easy", "medium", "hard"]) == " (did you mean 'medium'?)"
    assert did_you_mean("trade", ["ride"]) == ""
