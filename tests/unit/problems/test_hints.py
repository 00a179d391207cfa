"""Did-you-mean hints: one typing slip per four characters, no more."""

from __future__ import annotations

import random
import string

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


def test_the_letter_bound_never_changes_the_match() -> None:
    """`close_match` rules candidates out by their letters before counting edits; over words
    a few slips apart (substitutions, insertions, deletions, swaps), it finds what counting
    every candidate finds."""
    rng = random.Random(7)
    letters = string.ascii_lowercase

    def slip(word: str) -> str:
        at = rng.randrange(len(word))
        new = rng.choice(letters)
        return rng.choice(
            [
                word[:at] + new + word[at + 1 :],
                word[:at] + new + word[at:],
                word[:at] + word[at + 1 :] or word,
                word[:at] + word[at + 1 : at + 2] + word[at : at + 1] + word[at + 2 :],
            ]
        )

    for _ in range(2000):
        names = ["".join(rng.sample(letters, rng.randint(4, 12))) for _ in range(6)]
        word = rng.choice(names)
        for _ in range(rng.randint(1, 3)):
            word = slip(word)
        limit = allowed_edits(word)
        counted = [(edits(word, n, limit), i) for i, n in enumerate(names)]
        best = min((c for c in counted if c[0] <= limit), default=None)
        assert close_match(word, names) == (names[best[1]] if best else None), (word, names)
