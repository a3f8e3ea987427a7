"""Units, numbers and the words every layer of the model shares: conditions, bounds, kinds."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, PlainValidator, WithJsonSchema

from goalcheck.limits import NUMBER_LIMITS, number_problem

# Beyond the 4 300 decimal digits Python reads (tomllib refuses more), only a hexadecimal,
# octal or binary literal can reach: refused by its size in bits, before any conversion.
_MAX_INTEGER_BITS = 14_300


@dataclass(frozen=True)
class Unit:
    """A unit a metric is measured in, with the range its figures must fall in."""

    symbol: str
    description: str
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    suffix: str = ""  # how a figure is written after its number in the table
    accumulates: bool = False
    """A figure in it only grows as its period runs (a count, tonnes, hours): a year-to-date
    figure that reached an "at least" goal has reached it for the period. A share, an index,
    a ratio or an amount of money may fall again."""

    def admits(self, value: Decimal) -> bool:
        if self.minimum is not None and value < self.minimum:
            return False
        return self.maximum is None or value <= self.maximum

    def out_of_range(self, value: Decimal) -> str:
        """Why ``value`` is not a figure in this unit, said in one clause."""
        if self.minimum is not None and self.maximum is not None:
            admits = f"{self.minimum} to {self.maximum}"
        else:
            admits = f"{self.minimum} or more"
        return f"{value} is out of range for unit {self.symbol!r}, which admits {admits}"


_ZERO = Decimal(0)
UNITS: dict[str, Unit] = {
    unit.symbol: unit
    for unit in (
        Unit("%", "per cent, a share from 0 to 100", _ZERO, Decimal(100), " %"),
        Unit("index 1-5", "a survey index from 1 (lowest) to 5 (highest)", Decimal(1), Decimal(5)),
        Unit("NPS", "Net Promoter Score, from -100 to 100", Decimal(-100), Decimal(100)),
        Unit("people", "a number of people", _ZERO, None, " people", accumulates=True),
        Unit("count", "a number of things", _ZERO, None, accumulates=True),
        Unit(
            "t CO2",
            "tonnes of CO2, as printed (t CO2e is CO2 equivalent)",
            _ZERO,
            None,
            " t",
            accumulates=True,
        ),
        Unit("t CO2e", "tonnes of CO2 equivalent", _ZERO, None, " t CO2e", accumulates=True),
        Unit(
            "t CO2e per DKK million",
            "tonnes of CO2 equivalent per million Danish kroner (an intensity)",
            _ZERO,
            None,
            " t CO2e/mio DKK",
        ),
        Unit("DKK", "Danish kroner", None, None, " DKK"),
        Unit("DKK million", "millions of Danish kroner", None, None, " mio DKK"),
        Unit("hours", "hours", _ZERO, None, " h", accumulates=True),
        Unit("days", "days", _ZERO, None, " days", accumulates=True),
        Unit(
            "days per FTE", "days per full-time equivalent (sick leave)", _ZERO, None, " days/FTE"
        ),
        Unit("days per employee", "days per employee (sick leave)", _ZERO, None, " days/employee"),
        Unit("yes/no", "1 when achieved, 0 when not", _ZERO, Decimal(1)),
    )
}
# A formula whose units cancel out (hours / hours * 100) may be declared as these.
RATIO_UNITS = frozenset({"%"})

# What people write for a built-in unit: never a unit of its own, always a pointer to the
# built-in's symbol. A data file cannot declare a unit by one of these names either.
ALIASES: dict[str, str] = {
    **dict.fromkeys(("percent", "per cent", "pct", "pct.", "procent"), "%"),
    **dict.fromkeys(("day", "dag", "dage", "d"), "days"),
    **dict.fromkeys(("hour", "h", "timer"), "hours"),
    **dict.fromkeys(("persons", "personer", "person"), "people"),
    **dict.fromkeys(("kr", "kr.", "kroner", "DKR"), "DKK"),
    **dict.fromkeys(("mio. kr.", "mio kr", "mio. DKK", "mio DKK", "mDKK"), "DKK million"),
    **dict.fromkeys(("tCO2", "tons CO2", "ton CO2", "tonnes CO2"), "t CO2"),
    **dict.fromkeys(("tCO2e", "tons CO2e", "ton CO2e", "tonnes CO2e"), "t CO2e"),
    **dict.fromkeys(("yes-no", "boolean", "bool", "ja/nej"), "yes/no"),
    **dict.fromkeys(("number", "antal"), "count"),
}
for _symbol in UNITS:  # a built-in in another case: "nps", "Days"
    for _variant in (_symbol.lower(), _symbol.upper(), _symbol.capitalize()):
        if _variant != _symbol:
            ALIASES.setdefault(_variant, _symbol)

# A unit a data file declares: 1 to 40 characters, no control characters, no blank at either
# end, and none of the characters a formula's unit is written with (DKK/people, h*people).
CUSTOM_UNIT_PATTERN = r"^[^\s\x00-\x1f\x7f*/^](?:[^\x00-\x1f\x7f*/^]{0,38}[^\s\x00-\x1f\x7f*/^])?$"
_CUSTOM_UNIT = re.compile(CUSTOM_UNIT_PATTERN)


def suffix(symbol: str) -> str:
    """How a figure in this unit is written after its number: a declared unit by its symbol."""
    unit = UNITS.get(symbol)
    return f" {symbol}" if unit is None else unit.suffix


def _known_units() -> str:
    return ", ".join(repr(u) for u in UNITS)


def _check_unit(symbol: str) -> str:
    """A built-in unit, or a name a data file may declare (loading checks it is declared)."""
    if symbol in UNITS:
        return symbol
    if symbol in ALIASES:
        raise ValueError(f"unknown unit {symbol!r}; did you mean {ALIASES[symbol]!r}?")
    if _CUSTOM_UNIT.match(symbol) is None:
        raise ValueError(
            f"{symbol!r} is not a unit: a unit is 1 to 40 characters, without control"
            " characters, * / ^ or a blank at either end"
        )
    return symbol


def unknown_unit(symbol: str, declared: Iterable[str]) -> str:
    """Why a unit that is neither built in nor declared is refused, and how to fix it."""
    names = list(declared)
    own = f"; units declared: {', '.join(repr(u) for u in names)}" if names else ""
    return (
        f"unknown unit {symbol!r}; known units: {_known_units()}{own}."
        f" A data file declares a unit of its own under [units.{_toml_key(symbol)}]"
    )


def _toml_key(symbol: str) -> str:
    return symbol if re.fullmatch(r"[A-Za-z0-9_-]+", symbol) else f'"{symbol}"'


# Numbers


def _kind(value: object) -> str:
    """A TOML-flavoured name for a Python value, for error messages."""
    names = {bool: "a boolean", str: "a string", list: "an array", dict: "a table"}
    for python_type, name in names.items():
        if isinstance(value, python_type):
            return name
    return f"a {type(value).__name__}"


def to_number(value: object) -> Decimal:
    """Accept TOML integers and decimals (floats are parsed as Decimal) within the limits."""
    if isinstance(value, bool):
        raise ValueError("expected a number, got a boolean")
    if isinstance(value, int):
        if value.bit_length() > _MAX_INTEGER_BITS:
            # Checked before Decimal(value), whose base-10 conversion of a huge hexadecimal
            # literal (0xfff...) takes time quadratic in its length.
            raise ValueError(f"an integer of {value.bit_length()} bits; {NUMBER_LIMITS}")
        value = Decimal(value)
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        problem = number_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value
    shown = f" ({value!r})" if isinstance(value, str) else ""
    raise ValueError(f"expected a number, got {_kind(value)}{shown}")


def _to_threshold(value: object) -> Decimal | tuple[Decimal, Decimal]:
    if isinstance(value, list | tuple):
        if len(value) != 2:
            raise ValueError(f"a range is [low, high], got {len(value)} numbers")
        low, high = to_number(value[0]), to_number(value[1])
        if low > high:
            raise ValueError(f"the range's low bound {low} is above its high bound {high}")
        return (low, high)
    return to_number(value)


Number = Annotated[Decimal, PlainValidator(to_number), WithJsonSchema({"type": "number"})]
Threshold = Annotated[
    Decimal | tuple[Decimal, Decimal],
    PlainValidator(_to_threshold),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "number"},
                {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
            ]
        }
    ),
]
# The schema lists the built-in units, and admits a declared unit's name unless it is what
# people write for a built-in one, so an editor rejects unit = "percent" as it is typed.
UNIT_SCHEMA = {
    "anyOf": [
        {"type": "string", "enum": list(UNITS)},
        {
            "type": "string",
            "pattern": CUSTOM_UNIT_PATTERN,
            "not": {"enum": sorted(ALIASES)},
            "description": "a unit a data file of the entity declares under [units]",
        },
    ]
}
UnitSymbol = Annotated[str, AfterValidator(_check_unit), WithJsonSchema(UNIT_SCHEMA)]
MetricId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=100)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=100)]
Condition = Literal["<", "<=", ">", ">=", "==", "between"]
Bounds = Literal["[]", "[)", "(]", "()"]
InitiativeStatus = Literal["started", "completed"]
TargetKind = Literal["threshold", "milestone", "progress", "portfolio"]
# How firm a target is: a miss of an "error" fails the run, of a "warn" is reported as a
# warning, of an "info" is only shown. The README says which wording calls for which.
Severity = Literal["error", "warn", "info"]
# What a milestone on an initiative waits for: its completion (the default) or its start.
MilestoneEvent = Literal["completed", "started"]
