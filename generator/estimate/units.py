"""The unit registry of estimates: our own small pint registry with fixed conventions.

We do not load pint's default definitions: its year is 365.25 days, its month a twelfth of that,
and it knows thousands of units a contributor never means (`B` would be ambiguous). Ours holds:

- time: ns, µs (`us`), ms, s, min, h, day, week, month (30 days), year (365 days);
- information: B (byte, the base unit) and bit, with decimal prefixes (1 KB = 1000 B) and binary
  ones when written (1 KiB = 1024 B); `bps` is bits per second;
- percent (`%`), a pure number;
- countables: each its own base dimension, so tweets per second and bytes per second cannot be
  added by mistake. Plurals are accepted (`urls`, `queries`). The shared ones below serve every
  case study; a case study declares the others it counts (`estimation.units: [trade]`), and
  only that case study may use them (`UnitSet`).

Every fact of the conventions (seconds in a day, days in a month, the prefixes) is defined
here once; the conventions box of step 2 and the docs print these constants.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeAlias

import pint

Qty: TypeAlias = "pint.Quantity[Any]"
Dims = tuple[tuple[str, int | float], ...]

COUNTABLES: tuple[str, ...] = (
    "booking", "chunk", "click", "comment", "connection", "document", "driver", "edit", "event",
    "file", "follow", "hotel", "id", "item", "key", "like", "location", "message", "metric",
    "node", "notification", "order", "page", "paste", "payment", "photo", "post", "query",
    "record", "replica", "request", "ride", "room", "sample", "seat", "server", "session",
    "shard", "ticket", "trip", "tweet", "url", "user", "video", "view", "word",
)  # fmt: skip
"""Countables every case study may use; others are declared by the case study that counts them."""

DECLARED_UNIT_RE = re.compile(r"^[a-z]+(?:_[a-z]+)*$")
"""A declared countable: lowercase words joined by `_`, singular (digits would read as powers)."""

# Plurals that are not the singular plus "s".
_IRREGULAR_PLURALS = {"query": "queries"}

SECONDS_PER_DAY = 86_400
DAYS_PER_WEEK = 7
DAYS_PER_MONTH = 30
DAYS_PER_YEAR = 365
DECIMAL_STEP = 1000  # 1 KB = 1000 B
BINARY_STEP = 1024  # 1 KiB = 1024 B


@dataclass(frozen=True)
class TimeUnit:
    symbol: str  # as the rounded column prints it
    seconds: float
    spellings: tuple[str, ...]  # every name a contributor may write


TIME_UNITS: tuple[TimeUnit, ...] = (
    TimeUnit("ns", 1e-9, ("ns",)),
    TimeUnit("µs", 1e-6, ("µs", "us")),
    TimeUnit("ms", 1e-3, ("ms",)),
    TimeUnit("s", 1.0, ("s", "sec", "second")),
    TimeUnit("min", 60.0, ("min", "minute")),
    TimeUnit("h", 3600.0, ("h", "hr", "hour")),
    TimeUnit("day", float(SECONDS_PER_DAY), ("day",)),
    TimeUnit("week", float(DAYS_PER_WEEK * SECONDS_PER_DAY), ("week",)),
    TimeUnit("month", float(DAYS_PER_MONTH * SECONDS_PER_DAY), ("month",)),
    TimeUnit("year", float(DAYS_PER_YEAR * SECONDS_PER_DAY), ("year", "yr")),
)
"""Time units, shortest first; `numbers.rounded` picks among those it names in `DURATIONS`."""

SECOND = TIME_UNITS[3]

DECIMAL_PREFIXES = ("K", "M", "G", "T", "P", "E")
BINARY_PREFIXES = ("Ki", "Mi", "Gi", "Ti", "Pi", "Ei")

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
    f"day = {SECONDS_PER_DAY} * second",
    f"week = {DAYS_PER_WEEK} * day",
    f"month = {DAYS_PER_MONTH} * day",
    f"year = {DAYS_PER_YEAR} * day = yr",
    # information
    "byte = [information] = B",
    "bit = byte / 8",
    "bps = bit / second",
    # pure numbers
    "percent = 0.01 = %",
)


@functools.cache
def registry() -> pint.UnitRegistry[Any]:
    """The one registry. Countables declared by case studies are added to it as they are met
    (`UnitSet`); which case study may use which is decided by `UnitSet`, not here."""
    ureg: pint.UnitRegistry[Any] = pint.UnitRegistry(
        None, on_redefinition="raise", cache_folder=None
    )
    for line in _DEFINITIONS:
        ureg.define(line)
    for name in COUNTABLES:
        _define_countable(ureg, name)
    return ureg


def _define_countable(ureg: pint.UnitRegistry[Any], name: str) -> None:
    plural = _IRREGULAR_PLURALS.get(name)
    ureg.define(f"{name} = [{name}]" + (f" = _ = {plural}" if plural else ""))


# Base units as contributors write them, in the order they appear in composed unit text.
_SYMBOLS = {"byte": "B", "second": "s"}


def symbol(base: str) -> str:
    return _SYMBOLS.get(base, base)


def _order(unit: str) -> tuple[int, str]:
    return (0 if unit == "B" else 2 if unit == "s" else 1, unit)


def _sorted_dims(dims: dict[str, int | float]) -> Dims:
    return tuple(sorted(((u, e) for u, e in dims.items() if e != 0), key=lambda p: _order(p[0])))


def quantity(magnitude: float, units: Any) -> Qty:
    """A quantity of our registry, `units` being a pint unit or a unit string."""
    return registry().Quantity(magnitude, units)


def dims_of(quantity: Qty) -> Dims:
    """Exponents of a quantity already in base units, keyed by symbol."""
    items: dict[str, Any] = dict(quantity.unit_items())
    return _sorted_dims({symbol(u): _tidy(float(e)) for u, e in items.items()})


def _tidy(exp: float) -> int | float:
    return int(exp) if float(exp).is_integer() else float(exp)


@functools.cache
def unit_quantity(name: str) -> Qty | None:
    """One unit name (with prefix or plural) as a quantity in base units, or None if unknown.

    Knows every countable any case study declared; `UnitSet.lookup` narrows that to one's own.
    """
    ureg = registry()
    try:
        canonical = ureg.get_name(name, case_sensitive=True)
    except (pint.UndefinedUnitError, AttributeError, ValueError):
        return None
    if not canonical:
        return None
    base = ureg.Quantity(1.0, canonical).to_base_units()
    return quantity(float(base.magnitude), base.units)


def is_time(dims: Dims) -> bool:
    return dims == (("s", 1),)


def per_time(dims: Dims) -> bool:
    """Anything per unit of time: a rate of things or a bandwidth (`url/s`, `MB/hour`)."""
    return dict(dims).get("s") == -1


def is_rate(dims: Dims) -> bool:
    """Things per unit of time (`url/s`, `1/s`): the one definition of a rate.

    Bytes per time is a bandwidth (`is_bandwidth`), not a rate of things.
    """
    return per_time(dims) and "B" not in dict(dims)


def is_bytes(dims: Dims) -> bool:
    return dims == (("B", 1),)


def is_bandwidth(dims: Dims) -> bool:
    return dims == (("B", 1), ("s", -1))


def time_unit(name: str) -> TimeUnit | None:
    """The time unit a unit name spells (`us`, `days`, `hr`), if it is one of `TIME_UNITS`."""
    found = unit_quantity(name)
    if found is None or not is_time(dims_of(found)):
        return None
    seconds = float(found.magnitude)
    return next((u for u in TIME_UNITS if math.isclose(u.seconds, seconds, rel_tol=1e-12)), None)


@dataclass(frozen=True)
class DeclareProblem:
    name: str
    index: int
    clash: str | None  # the unit the name already means, or None when it is a shared countable


@dataclass(frozen=True)
class UnitSet:
    """The units one case study may use: the shared ones and the countables it declares."""

    declared: tuple[str, ...] = ()

    @functools.cached_property
    def countables(self) -> frozenset[str]:
        return frozenset(COUNTABLES) | frozenset(self.declared)

    def lookup(self, name: str) -> Qty | None:
        """A unit name as a quantity in base units; None if unknown to this case study."""
        found = unit_quantity(name)
        if found is None:
            return None
        if any(u not in ("B", "s") and u not in self.countables for u, _ in dims_of(found)):
            return None  # a countable another case study declared
        return found

    def known_names(self) -> list[str]:
        """Unit names and symbols for "did you mean" hints."""
        return sorted({*_builtin_names(), *self.declared})

    def undeclared(self, name: str) -> bool:
        """Whether `name` could be declared as a countable of this case study."""
        return bool(DECLARED_UNIT_RE.match(name)) and name not in self.countables


def declare(names: Iterable[str]) -> tuple[UnitSet, list[DeclareProblem]]:
    """The unit set of a case study declaring `names`, and the names it cannot declare."""
    ureg = registry()
    problems: list[DeclareProblem] = []
    accepted: list[str] = []
    for i, name in enumerate(names):
        if name in COUNTABLES:
            problems.append(DeclareProblem(name, i, None))
            continue
        existing = unit_quantity(name)
        if existing is not None and dims_of(existing) != ((name, 1),):
            problems.append(DeclareProblem(name, i, ureg.get_name(name, case_sensitive=True)))
            continue
        if existing is None:
            _define_countable(ureg, name)
            unit_quantity.cache_clear()  # the name (and its plural) now means something
        if name not in accepted:
            accepted.append(name)
    return units_of(tuple(accepted)), problems


@functools.cache
def units_of(declared: tuple[str, ...]) -> UnitSet:
    return UnitSet(declared)


SHARED = UnitSet()


@functools.cache
def _builtin_names() -> frozenset[str]:
    out: set[str] = set(COUNTABLES) | _plurals()
    out.update(s for unit in TIME_UNITS for s in unit.spellings)
    out.update(("B", "byte", "bit", "bps", "percent", "%"))
    out.update(f"{p}B" for p in (*DECIMAL_PREFIXES, *BINARY_PREFIXES))
    out.update(f"{p}bps" for p in DECIMAL_PREFIXES[:3])
    return frozenset(out)


def shared_unit_names() -> tuple[str, ...]:
    """Every single unit any case study may write, for the JSON Schema's completion list."""
    return tuple(sorted(_builtin_names()))


def declared_clashes() -> tuple[str, ...]:
    """Names that can never be declared as countables: the units of time and information."""
    return tuple(sorted(_builtin_names() - set(COUNTABLES) - set(_plurals())))


def _plurals() -> set[str]:
    return {_IRREGULAR_PLURALS.get(n, n + "s") for n in COUNTABLES}


def format_dims(dims: Dims) -> str:
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
    """Unit names every case study knows, for "did you mean" hints."""
    return SHARED.known_names()


# Units are raised to small fixed powers (m^2, 1/s^2): a power of 1e300 would only let float
# rounding drop a dimension (`B^1e300 * KB / B^1e300` is not KB).
MAX_EXPONENT = 12


def is_finite(value: float) -> bool:
    return math.isfinite(value)
