"""Render contexts of estimates: step 2 of a case study and the comparison page."""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from generator.enrich.site import Site
from generator.estimate import units
from generator.estimate.keys import KEY_LABELS, LEGACY
from generator.estimate.present import Estimate, InlineValue
from generator.format.models import CaseStudy
from generator.markup import escape


def _estimate(site: Site, case_id: str) -> Estimate:
    estimate = site.cases[case_id].estimate
    assert estimate is not None, "enrich computes every estimate"
    return estimate


# The fixed conventions, printed on every step 2 from the constants the engine uses.
CONVENTIONS: Mapping[str, int] = {
    "decimal": units.DECIMAL_STEP,
    "binary": units.BINARY_STEP,
    "day": units.SECONDS_PER_DAY,
    "month": units.DAYS_PER_MONTH,
    "year": units.DAYS_PER_YEAR,
}


def estimate_context(site: Site, case_id: str) -> Mapping[str, Any]:
    estimate = _estimate(site, case_id)
    return {
        "estimate": estimate,
        "whatif": escape.single_quoted_attribute(estimate.whatif),  # the calculator's JSON
        "conventions": CONVENTIONS,
        "figures": {name: inline_figure(v) for name, v in estimate.inline.items()},
    }


def inline_figure(value: InlineValue) -> Markup:
    """A backticked figure name in prose: the name linked to its row, its value beside it (a
    span the what-if calculator updates)."""
    shown = html.escape(value.rounded)
    return Markup(
        f"[`{value.name}`](#{value.anchor}) "
        f'(<span class="casebook-inline" data-of="{value.name}">{shown}</span>)'
    )


@dataclass(frozen=True)
class Cell:
    text: str  # the rounded value, or "" when the case study does not mark this key figure
    sort: Markup  # the value in base units (B, s, countables), for sorting; "" when absent


@dataclass(frozen=True)
class ComparisonRow:
    case: CaseStudy
    cells: tuple[Cell, ...]


def comparison_context(site: Site) -> Mapping[str, Any]:
    # The first release's keys get a column only while a case study still marks them.
    used = {row.key for cid in site.order for row in _estimate(site, cid).keys}
    columns = [
        (key, label) for key, label in KEY_LABELS.items() if key not in LEGACY or key in used
    ]
    rows = []
    for cid in site.order:
        estimate = _estimate(site, cid)
        cells = []
        for key, _ in columns:
            row = estimate.key(key)
            cells.append(Cell(row.rounded, Markup(repr(row.sort))) if row else Cell("", Markup("")))
        rows.append(ComparisonRow(site.cases[cid].model, tuple(cells)))
    return {"columns": [label for _, label in columns], "rows": rows}
