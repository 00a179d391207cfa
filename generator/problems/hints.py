"""Small helpers that make a problem message useful: a did-you-mean, a field path, a cut value."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence


def close_match(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate closest to `word`, if any is close enough to be a likely typo."""
    match = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return match[0] if match else None


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
