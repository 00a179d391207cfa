"""Small helpers that make a problem message useful: a did-you-mean, a field path, a cut value."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence


def allowed_edits(word: str) -> int:
    """How many typing slips a word of this length may hold and still be suggested.

    One per four characters, at least one: `dya` → `day` and `cassandr` → `cassandra` are
    suggested, but `trade` is two edits from `ride` and is not.
    """
    return max(1, len(word) // 4)


def edits(a: str, b: str, limit: int) -> int:
    """Insertions, deletions, substitutions and swaps of neighbours that turn `a` into `b`
    (optimal string alignment), or `limit + 1` as soon as it is sure to exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def close_match(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to `word`, if it is within `allowed_edits` of it (first wins)."""
    limit = allowed_edits(word)
    best, best_edits = None, limit + 1
    lowered = word.lower()
    letters = _letters(lowered)
    for candidate in candidates:
        if abs(len(candidate) - len(word)) > limit:
            continue  # `edits` would say so too, after a call: most candidates end here
        other = candidate.lower()
        # Each edit changes a word's set of letters by at most two (a substitution drops one
        # and adds one): sets further apart than twice the limit rule a candidate out before
        # the quadratic count.
        if len(letters ^ _letters(other)) > 2 * limit:
            continue
        found = edits(lowered, other, limit)
        if found < best_edits:
            best, best_edits = candidate, found
    return best


@functools.lru_cache(maxsize=4096)
def _letters(word: str) -> frozenset[str]:
    return frozenset(word)


def did_you_mean(word: str, candidates: Iterable[str], what: str = "") -> str:
    """` (did you mean 'x'?)`, or nothing when no candidate is close."""
    match = close_match(word, candidates)
    return f" (did you mean {what}'{match}'?)" if match else ""


def dotted(loc: Sequence[str | int]) -> str:
    """A YAML location as contributors read it: `interface.operations[0].method`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


def shorten(value: str, limit: int = 60) -> str:
    """A quoted value cut to `limit` characters, so a long one cannot flood the report."""
    return value if len(value) <= limit else value[: limit - 3] + "..."
