"""The unit registry of estimates: our own small pint registry with fixed conventions.

We do not load pint's default definitions: its year is 365.25 days, its month a twelfth of that,
and it knows thousands of units a contributor never means (`B` would be ambiguous). Ours holds:

- time: s, min, h, day, week, month (30 days), year (365 days);
- information: B (byte, the base unit) and bit, with decimal prefixes (1 KB = 1000 B) and binary
  ones when written (1 KiB = 1024 B); `bps` is bits per second;
- percent (`%`), a pure number;
- countables: each its own base dimension, so tweets per second and bytes per second cannot be
  added by mistake. Plurals are accepted (`urls`, `queries`).
"""

from __future__ import annotations

import functools
import math
from typing import Any, TypeAlias

import pint

Qty: TypeAlias = "pint.Quantity[Any]"

COUNTABLES: tuple[str, ...] = (
    "booking", "chunk", "click", "comment", "connection", "document", "driver", "edit", "event",
    "file", "follow", "hotel", "id", "item", "key", "like", "location", "message", "metric",
    "node", "notification", "order", "page", "paste", "payment", "photo", "post", "query",
    "record", "replica", "request", "ride", "room", "sample", "seat", "server", "session",
    "shard", "ticket", "trip", "tweet", "url", "user", "video", "view", "word",
)  # fmt: skip

# Plurals that are not the singular plus "s".
_IRREGULAR_PLURALS = {"query": "queries"}

_DEFINITIONS: tuple[str, ...] = (
    # prefixes: decimal (K and k are both 1000), binary when written
    "nano- = 1e-9 = n-",
    "micro- = 1e-6 = u- = µ-",
    "milli- = 1e-3 = m-",
    "kilo- = 1e3 = k- = K-",
    "mega- = 1e6 = M-",
    "giga- = 1e9 = G-",
    "tera- = 1e12 = T-",
    "peta- = 1e15 = P-",
    "exa- = 1e18 = E-",
    "kibi- = 2**10 = Ki-",
    "mebi- = 2**20 = Mi-",
    "gibi- = 2**30 = Gi-",
    "tebi- = 2**40 = Ti-",
    "pebi- = 2**50 = Pi-",
    "exbi- = 2**60 = Ei-",
    # time: a day of 86,400 s, a month of 30 days, a year of 365 days
    "second = [time] = s = sec",
    "minute = 60 * second = min",
    "hour = 60 * minute = h = hr",
    "day = 24 * hour",
    "week = 7 * day",
    "month = 30 * day",
    "year = 365 * day = yr",
    # information
    "byte = [information] = B",
    "bit = byte / 8",
    "bps = bit / second",
    # pure numbers
    "percent = 0.01 = %",
)

SECONDS_PER_DAY = 86_400
DAYS_PER_MONTH = 30
DAYS_PER_YEAR = 365


@functools.cache
def registry() -> pint.UnitRegistry[Any]:
    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(
        None, on_redefinition="raise", cache_folder=None
    )
    for line in _DEFINITIONS:
        ureg.define(line)
    for name in COUNTABLES:
        plural = _IRREGULAR_PLURALS.get(name)
        ureg.define(f"{name} = [{name}]" + (f" = _ = {plural}" if plural else ""))
    return ureg


# Base units as contributors write them, in the order they appear in composed unit text.
_SYMBOLS = {"byte": "B", "second": "s"}


def symbol(base: str) -> str:
    return _SYMBOLS.get(base, base)


def _order(unit: str) -> tuple[int, str]:
    return (0 if unit == "B" else 2 if unit == "s" else 1, unit)


def _sorted_dims(dims: dict[str, int | float]) -> tuple[tuple[str, int | float], ...]:
    return tuple(sorted(((u, e) for u, e in dims.items() if e != 0), key=lambda p: _order(p[0])))


def quantity(magnitude: float, units: Any) -> Qty:
    """A quantity of our registry, `units` being a pint unit or a unit string."""
    return registry().Quantity(magnitude, units)


def dims_of(quantity: Qty) -> tuple[tuple[str, int | float], ...]:
    """Exponents of a quantity already in base units, keyed by symbol."""
    items: dict[str, Any] = dict(quantity.unit_items())
    return _sorted_dims({symbol(u): _tidy(float(e)) for u, e in items.items()})


def _tidy(exp: float) -> int | float:
    return int(exp) if float(exp).is_integer() else float(exp)


@functools.cache
def unit_quantity(name: str) -> Qty | None:
    """One unit name (with prefix or plural) as a quantity in base units, or None if unknown."""
    ureg = registry()
    try:
        canonical = ureg.get_name(name, case_sensitive=True)
    except (pint.UndefinedUnitError, AttributeError, ValueError):
        return None
    if not canonical:
        return None
    base = ureg.Quantity(1.0, canonical).to_base_units()
    return quantity(float(base.magnitude), base.units)


def format_dims(dims: tuple[tuple[str, int | float], ...]) -> str:
    """Base units as short text: `B/s`, `url/s`, `B/(url·s)`, `1/s`; empty for a pure number."""

    def part(unit: str, exp: int | float) -> str:
        exp = abs(exp)
        return unit if exp == 1 else f"{unit}^{_exp_text(exp)}"

    top = [part(u, e) for u, e in dims if e > 0]
    bottom = [part(u, e) for u, e in dims if e < 0]
    num = "·".join(top) or ("1" if bottom else "")
    if not bottom:
        return num
    den = "·".join(bottom)
    return f"{num}/({den})" if len(bottom) > 1 else f"{num}/{den}"


def _exp_text(exp: int | float) -> str:
    if float(exp).is_integer() and abs(exp) < 1e6:  # never print a 300-digit exponent whole
        return str(int(exp))
    return f"{exp:g}"


def known_names() -> list[str]:
    """Unit names and symbols for "did you mean" hints (prefixed byte units included)."""
    ureg = registry()
    out: set[str] = set()
    for name in ureg._units:  # pint exposes no public list of defined names
        out.add(name)
    out.update(f"{p}B" for p in ("K", "M", "G", "T", "P", "E", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"))
    out.update(("ms", "us", "ns", "Kbps", "Mbps", "Gbps"))
    return sorted(n for n in out if n.isidentifier() or n == "%")


# Units are raised to small fixed powers (m^2, 1/s^2): a power of 1e300 would only let float
# rounding drop a dimension (`B^1e300 * KB / B^1e300` is not KB).
MAX_EXPONENT = 12


def is_finite(value: float) -> bool:
    return math.isfinite(value)
