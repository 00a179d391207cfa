"""Key figures: what each must measure, and the rules that hold them to it."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from generator.estimate.issues import Field, Issue, Section, describe
from generator.estimate.units import Dims, is_bandwidth, is_bytes, is_rate
from generator.format.models import Estimation, KeyFigure

KEY_LABELS: dict[KeyFigure, str] = {
    KeyFigure.READ_RATE: "Reads",
    KeyFigure.WRITE_RATE: "Writes",
    KeyFigure.PEAK_READ_RATE: "Peak reads",
    KeyFigure.PEAK_WRITE_RATE: "Peak writes",
    KeyFigure.PEAK_RATE: "Peak",
    KeyFigure.STORAGE_LOGICAL: "Storage (logical)",
    KeyFigure.STORAGE_REPLICATED: "Storage (replicated)",
    KeyFigure.STORAGE: "Storage",
    KeyFigure.INGRESS: "Ingress",
    KeyFigure.EGRESS: "Egress",
    KeyFigure.CACHE: "Cache",
}
"""Labels in the "At a glance" box and the comparison page's columns, in their order."""

LEGACY: dict[KeyFigure, str] = {
    KeyFigure.PEAK_RATE: "peak_read_rate or peak_write_rate",
    KeyFigure.STORAGE: "storage_logical (bytes before copies) or storage_replicated (on disk)",
}
"""The first release's keys, and what to mark instead (CS223); the comparison page shows their
columns only while a case study still marks them."""

_RATE = "a rate of things per time (for example url/s)"
_BYTES = "bytes (B, KB, TB, …)"
_BANDWIDTH = "bytes per time (B/s, MB/s, …)"

KEY_RULES: dict[KeyFigure, tuple[str, Callable[[Dims], bool]]] = {
    KeyFigure.READ_RATE: (_RATE, is_rate),
    KeyFigure.WRITE_RATE: (_RATE, is_rate),
    KeyFigure.PEAK_READ_RATE: (_RATE, is_rate),
    KeyFigure.PEAK_WRITE_RATE: (_RATE, is_rate),
    KeyFigure.PEAK_RATE: ("a rate of things per time (for example request/s)", is_rate),
    KeyFigure.STORAGE_LOGICAL: (_BYTES, is_bytes),
    KeyFigure.STORAGE_REPLICATED: (_BYTES, is_bytes),
    KeyFigure.STORAGE: (_BYTES, is_bytes),
    KeyFigure.CACHE: (_BYTES, is_bytes),
    KeyFigure.INGRESS: (_BANDWIDTH, is_bandwidth),
    KeyFigure.EGRESS: (_BANDWIDTH, is_bandwidth),
}


def check_keys(estimation: Estimation, dims: Mapping[int, Dims]) -> list[Issue]:
    """CS213 for a key marked twice, CS214 for a key figure of the wrong kind, CS223 for a key
    of the first release.

    `dims` holds the dimensions of the figures that evaluated, by their index in `derived`.
    """
    issues: list[Issue] = []
    marked: dict[KeyFigure, str] = {}
    for i, d in enumerate(estimation.derived):
        if d.key is None:
            continue
        if d.key in marked:
            message = (
                f"key '{d.key.value}' is already marked on figure '{marked[d.key]}' "
                "(each key figure once)"
            )
            issues.append(Issue("CS213", message, Section.DERIVED, i, Field.KEY))
            continue
        marked[d.key] = d.name
        if d.key in LEGACY:
            message = f"key '{d.key.value}' does not say what it measures; mark {LEGACY[d.key]}"
            issues.append(Issue("CS223", message, Section.DERIVED, i, Field.KEY))
        wanted, rule = KEY_RULES[d.key]
        if i in dims and not rule(dims[i]):
            message = (
                f"key figure '{d.key.value}' must be {wanted}, but '{d.name}' comes out in "
                f"{describe(dims[i])}"
            )
            issues.append(Issue("CS214", message, Section.DERIVED, i, Field.KEY))
    return issues
