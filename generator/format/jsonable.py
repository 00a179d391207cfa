"""Plain JSON data for any value the pipeline produces: models, dataclasses, enums, quantities.

Generic on purpose: whatever a later stage adds appears in the export and the schema examples
without changes here.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from enum import Enum
from typing import Any

from pydantic import BaseModel


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
