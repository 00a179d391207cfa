"""Enrichment: the validated catalogue plus everything computed from it, ready to render."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .models import CaseStudy
from .validate import Located

_DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}


@dataclass(frozen=True)
class EnrichedCase:
    model: CaseStudy
    source_path: str  # relative to the project root, for "edit this page"


@dataclass(frozen=True)
class Site:
    cases: dict[str, EnrichedCase]
    order: tuple[str, ...]  # catalogue order: by category, difficulty, then title


def enrich(catalogue: Sequence[Located]) -> Site:
    cases = {
        item.case.id: EnrichedCase(model=item.case, source_path=item.doc.path)
        for item in catalogue
    }
    order = tuple(
        sorted(
            cases,
            key=lambda cid: (
                cases[cid].model.category,
                _DIFFICULTY_ORDER[cases[cid].model.difficulty.value],
                cases[cid].model.title.lower(),
                cid,
            ),
        )
    )
    return Site(cases=cases, order=order)
