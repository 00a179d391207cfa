"""The validated, enriched catalogue as JSON, for other tools.

The dump is generic: dataclasses, pydantic models, mappings and sequences are walked by their
own fields, so whatever the enrich stage adds later (computed figures, links, checklists)
appears in the export without changes here. Output is deterministic: keys are sorted.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from enum import Enum
from typing import Any

from pydantic import BaseModel

from .enrich import Site

EXPORT_VERSION = 1


def jsonable(value: Any) -> Any:
    """Plain JSON data for any value the pipeline produces."""
    if isinstance(value, Enum):  # before str: string enums are strings too
        return jsonable(value.value)
    if value is None or type(value) in (bool, int, str):
        return value
    if isinstance(value, str):  # Markup and other subclasses: the plain text
        return str(value)
    if isinstance(value, bool | int):
        return int(value) if not isinstance(value, bool) else bool(value)
    if isinstance(value, float):
        return float(value) if math.isfinite(value) else str(value)
    if isinstance(value, BaseModel):
        return jsonable(value.model_dump(mode="python", by_alias=True))
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((jsonable(item) for item in value), key=json.dumps)
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if hasattr(value, "magnitude") and hasattr(value, "units"):  # a quantity with units
        return {"magnitude": jsonable(value.magnitude), "unit": str(value.units)}
    return str(value)


def export_document(site: Site) -> dict[str, Any]:
    return {"format": "system-design-casebook", "version": EXPORT_VERSION, "site": jsonable(site)}


def export_text(site: Site) -> str:
    return json.dumps(export_document(site), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
