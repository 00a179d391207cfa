"""The validated, enriched catalogue as JSON, for other tools.

The dump is generic: dataclasses, pydantic models, mappings and sequences are walked by their
own fields, so whatever the enrich stage adds later (computed figures, links, checklists)
appears in the export without changes here. Output is deterministic: keys are sorted.
"""

from __future__ import annotations

import json
from typing import Any

from generator.enrich.site import Site
from generator.format.jsonable import jsonable
from generator.problems.problem import printable_json

EXPORT_VERSION = 1


def export_document(site: Site) -> dict[str, Any]:
    return {"format": "system-design-casebook", "version": EXPORT_VERSION, "site": jsonable(site)}


def export_text(site: Site) -> str:
    text = json.dumps(export_document(site), indent=2, sort_keys=True, ensure_ascii=False)
    return printable_json(text) + "\n"
