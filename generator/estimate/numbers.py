"""Numbers as readers see them: the exact value and a rounded, readable one.

The what-if calculator (docs/assets/javascripts/casebook-estimate.js) repeats these rules in the
browser; a browser test feeds both the same values and asserts the same text, so a change here
needs the same change there.

- Rounding is to significant digits, halves away from zero, on the exact binary value of the
  float (what JavaScript's `toPrecision` does), via `Decimal`.
- Exact: 10 significant digits, or all digits of the integer part up to 15; thousands
  separated by commas; trailing zeros dropped.
- Rounded: 3 significant digits in a readable unit: K/M/B/T for counts, B…EB for bytes (KiB…
  when the display unit is binary), per second or, under one per second, per day for rates, and
  ms…year for durations.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal

from generator.estimate.units import format_dims

Dims = tuple[tuple[str, int | float], ...]

EXACT_DIGITS = 10
ROUNDED_DIGITS = 3

_COUNT_SUFFIXES = ("", "K", "M", "B", "T")
_DECIMAL_BYTES = ("B", "KB", "MB", "GB", "TB", "PB", "EB")
_BINARY_BYTES = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")
_DURATIONS = (("ms", 0.001), ("s", 1.0), ("min", 60.0), ("h", 3600.0), ("day", 86400.0),
              ("year", 31536000.0))  # fmt: skip


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


def rounded(value: float, dims: Dims, binary: bool = False) -> str:
    """`value` in base units (B, s, countables) as 3 significant digits in a readable unit."""
    exps = dict(dims)
    if dims == (("s", 1),):
        return _duration(value)
    time = exps.get("s", 0)
    per = "s"
    if time == -1 and value != 0 and abs(value) < 1:
        value, per = value * 86400, "day"
    rest = [(u, e) for u, e in dims if u not in ("B", "s")]
    tail = [(per, time)] if time else []
    if exps.get("B", 0) == 1:
        if binary:
            step = 0
            for k in range(1, len(_BINARY_BYTES)):
                if abs(value) >= 1024.0**k:
                    step = k
            number = decimal_text(*significant(value / 1024.0**step, ROUNDED_DIGITS))
            label = _BINARY_BYTES[step]
        else:
            number, label = _rounded_number(value, _DECIMAL_BYTES)
        return _with_unit(number, format_dims(((label, 1), *rest, *tail)))
    number, suffix = _rounded_number(value, _COUNT_SUFFIXES)
    others = [(u, e) for u, e in dims if u != "s"]
    return _with_unit(number + suffix, format_dims((*others, *tail)))


def _duration(value: float) -> str:
    name, factor = _DURATIONS[0]
    for candidate in _DURATIONS:
        if abs(value) >= candidate[1]:
            name, factor = candidate
    if value == 0:
        name, factor = "s", 1.0
    return _with_unit(decimal_text(*significant(value / factor, ROUNDED_DIGITS)), name)
