"""The limits goalcheck puts on what it reads; docs/reference/limits.md states each of them.

Input may be careless or hostile. Every limit here turns what would be a hang, a crash or an
exhausted memory into one located error, and each message names the limit it hit. A
workbook's own limits (sheets, parts, XML elements) are in ``loading/workbook_guard.py``.
"""

from __future__ import annotations

from decimal import Decimal

MAX_FILE_BYTES = 32 * 1024 * 1024
"""The largest goals or data file read: 32 MiB."""

MAX_TABLE_BYTES = 128 * 1024 * 1024
"""The largest table (a CSV file or a workbook) a data file may name: 128 MiB."""

MAX_NESTING = 32
"""How deep arrays and tables may nest in a TOML file, and how many parts one key may have."""

MAX_INCLUDE_DEPTH = 16
"""How long a chain of goals files including each other may be."""

MAX_FORMULA_NESTING = 64
"""How deep parentheses and signs may nest in a formula."""

MAX_FORMULA_STEPS = 20_000_000
"""A formula's length (its numbers, metrics and operators) times the periods it is computed
for: a sum of 100 000 terms (199 999 numbers, metrics and operators) over 100 periods. Past
it a formula would take minutes."""

MAX_SIGNIFICANT_DIGITS = 28
"""Significant digits a number may have: as many as decimal arithmetic keeps exactly."""

MIN_EXPONENT = -30
MAX_EXPONENT = 30
"""A number other than 0 lies between 1e-30 and 1e31 in magnitude (1e30 is allowed)."""

NUMBER_LIMITS = (
    f"numbers have at most {MAX_SIGNIFICANT_DIGITS} significant digits and, unless 0, a"
    f" magnitude from 1e{MIN_EXPONENT} up to (not including) 1e{MAX_EXPONENT + 1}"
)


def number_problem(value: Decimal) -> str | None:
    """Why ``value`` is outside the numbers goalcheck judges, or ``None`` when it is inside.

    Beyond these, decimal arithmetic would round silently or a figure written out in full
    would run to thousands of digits.
    """
    if not value.is_finite():
        return f"{str(value).lower()} is not allowed: figures must be finite numbers"
    if value.is_zero():
        return None
    # Counted from the digits as written: normalize() would round to the context's precision.
    digits = len(_significant(value))
    if digits > MAX_SIGNIFICANT_DIGITS:
        return f"{_short(value)} has {digits} significant digits; {NUMBER_LIMITS}"
    if not MIN_EXPONENT <= value.adjusted() <= MAX_EXPONENT:
        return f"{_short(value)} is out of range; {NUMBER_LIMITS}"
    return None


def _significant(value: Decimal) -> str:
    """The digits from the first to the last that is not 0 (linear, in C: as_tuple() would
    build a Python int per digit of a number millions of digits long)."""
    return str(value).lstrip("-").partition("E")[0].replace(".", "").strip("0")


def _short(value: Decimal) -> str:
    """A number for a message: in full when short, else in scientific notation, abridged."""
    text = str(value)
    if len(text) <= 40:
        return text
    mantissa = _significant(value)[:6]
    sign = "-" if value.is_signed() else ""
    return f"{sign}{mantissa[0]}.{mantissa[1:]}…e{value.adjusted():+d}"
