"""Numbers as readers see them: the exact value and a rounded, readable one.

The what-if calculator (docs/assets/javascripts/casebook-estimate.js) repeats these rules in the
browser; a browser test feeds both the same values and asserts the same text, so a change here
needs the same change there.

- Rounding is to significant digits, halves away from zero, on the exact binary value of the
  float (what JavaScript's `toPrecision` does), via `Decimal`.
- Exact: 10 significant digits, or all digits of the integer part up to 15; thousands
  separated by commas; trailing zeros dropped.
- Rounded: 3 significant digits in a readable unit: K/M/B/T for counts, B…EB for bytes (KiB…
  when the display unit is binary), ns…year for durations (alone or per item: `1.17 µs/order`).
  A rate keeps the time base of the author's unit (`per`): per day stays per day, only the
  magnitude prefix changes. A whole count (`ceil`, `floor`) under a million prints every digit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal

from generator.estimate.units import SECOND, TIME_UNITS, Dims, TimeUnit, format_dims

EXACT_DIGITS = 10
ROUNDED_DIGITS = 3

_COUNT_SUFFIXES = ("", "K", "M", "B", "T")
_DECIMAL_BYTES = ("B", "KB", "MB", "GB", "TB", "PB", "EB")
_BINARY_BYTES = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")
# The units a duration is shown in, picked by magnitude (weeks and months read worse than days).
DURATIONS: tuple[TimeUnit, ...] = tuple(u for u in TIME_UNITS if u.symbol not in ("week", "month"))
WHOLE_LIMIT = 1e6
"""Whole counts below this print every digit (`1,234 node`), above it 3 significant digits."""


def significant(value: float, digits: int) -> tuple[bool, str, int]:
    """(negative, digits without trailing zeros, exponent): value ≈ ±int(digits) × 10^exponent."""
    if value == 0:
        return False, "0", 0
    rounded = Context(prec=digits, rounding=ROUND_HALF_UP).plus(Decimal(value))
    sign, digit_tuple, exp = rounded.as_tuple()
    assert isinstance(exp, int)
    text = "".join(map(str, digit_tuple))
    stripped = text.rstrip("0")
    return bool(sign), stripped, exp + len(text) - len(stripped)


def _group(integer: str) -> str:
    out = ""
    while len(integer) > 3:
        out = "," + integer[-3:] + out
        integer = integer[:-3]
    return integer + out


def decimal_text(negative: bool, digits: str, exp: int) -> str:
    """Plain notation with grouped thousands between 1e-7 and 1e15, scientific outside."""
    lead = len(digits) - 1 + exp  # exponent of the first digit
    sign = "-" if negative and digits != "0" else ""
    if digits != "0" and not -7 < lead < 15:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{lead}"
    if exp >= 0:
        return sign + _group(digits + "0" * exp)
    point = len(digits) + exp
    if point > 0:
        return f"{sign}{_group(digits[:point])}.{digits[point:]}"
    return f"{sign}0.{'0' * -point}{digits}"


def exact(value: float) -> str:
    """10 significant digits, or every digit of the integer part up to 15 (then scientific)."""
    if value == 0:
        return "0"
    lead = Decimal(value).adjusted()  # exponent of the first digit of the exact value
    return decimal_text(*significant(value, min(15, max(EXACT_DIGITS, lead + 1))))


def _rounded_number(value: float, suffixes: tuple[str, ...]) -> tuple[str, str]:
    """3 significant digits, shifted by thousands to the largest suffix that keeps it ≥ 1."""
    negative, digits, exp = significant(value, ROUNDED_DIGITS)
    lead = len(digits) - 1 + exp
    step = 0 if digits == "0" else max(0, min(lead // 3, len(suffixes) - 1))
    return decimal_text(negative, digits, exp - 3 * step), suffixes[step]


def _with_unit(number: str, unit: str) -> str:
    if not unit:
        return number
    if unit.startswith("1/"):  # a bare rate: 19.3K/s
        return number + unit[1:]
    return f"{number} {unit}"


def rounded(
    value: float, dims: Dims, binary: bool = False, per: TimeUnit = SECOND, whole: bool = False
) -> str:
    """`value` in base units (B, s, countables) as 3 significant digits in a readable unit.

    `per` is the time base rates are shown in; `whole` marks a whole count (`ceil`, `floor`).
    """
    exps = dict(dims)
    time = exps.get("s", 0)
    rest = [(u, e) for u, e in dims if u not in ("B", "s")]
    if time == 1 and "B" not in exps:  # a duration, alone or per item (`µs/order`)
        number, unit = _duration(value)
        return _with_unit(number, format_dims(((unit, 1), *rest)))
    if time:
        value *= per.seconds**-time
    tail = [(per.symbol, time)] if time else []
    if exps.get("B", 0) == 1:
        number, label = _bytes(value, binary)
        return _with_unit(number, format_dims(((label, 1), *rest, *tail)))
    others = tuple((u, e) for u, e in dims if u != "s")
    if whole and not time and float(value).is_integer() and abs(value) < WHOLE_LIMIT:
        return _with_unit(decimal_text(*significant(value, 15)), format_dims(others))
    number, suffix = _rounded_number(value, _COUNT_SUFFIXES)
    return _with_unit(number + suffix, format_dims((*others, *tail)))


def _bytes(value: float, binary: bool) -> tuple[str, str]:
    if not binary:
        return _rounded_number(value, _DECIMAL_BYTES)
    step = 0
    for k in range(1, len(_BINARY_BYTES)):
        if abs(value) >= 1024.0**k:
            step = k
    return decimal_text(*significant(value / 1024.0**step, ROUNDED_DIGITS)), _BINARY_BYTES[step]


def _duration(value: float) -> tuple[str, str]:
    unit = DURATIONS[0]
    for candidate in DURATIONS:
        if abs(value) >= candidate.seconds:
            unit = candidate
    if value == 0:
        unit = SECOND
    return decimal_text(*significant(value / unit.seconds, ROUNDED_DIGITS)), unit.symbol


@dataclass(frozen=True)
class Display:
    """How a figure's rounded value is shown: binary prefixes, its time base, a whole count."""

    binary: bool = False
    per: TimeUnit = SECOND
    whole: bool = False


PLAIN = Display()


def shown(value: float, dims: Dims, display: Display = PLAIN) -> str:
    """`rounded` with a figure's display settings."""
    return rounded(value, dims, display.binary, display.per, display.whole)
