"""Units: the built-in ones, and those an entity's data files declare under ``[units]``."""

from __future__ import annotations

from collections.abc import Mapping

from goalcheck.loading.files import TomlDocument
from goalcheck.locations import KeyPath
from goalcheck.model import ALIASES, UNITS, Unit, UnitSpec, unknown_unit


def resolve_units(declared: Mapping[str, tuple[UnitSpec, TomlDocument]]) -> dict[str, Unit]:
    """The units an entity's data files declare, each checked not to stand for a built-in."""
    units: dict[str, Unit] = {}
    for symbol, (spec, document) in declared.items():
        key = ("units", symbol)
        if symbol in UNITS:
            raise document.error(
                f"{symbol!r} is a built-in unit ({UNITS[symbol].description}); use it without"
                " declaring it",
                key,
            )
        if symbol in ALIASES:
            raise document.error(
                f"{symbol!r} is what people write for the built-in unit {ALIASES[symbol]!r};"
                " use that instead of declaring a unit of its own",
                key,
            )
        units[symbol] = Unit(
            symbol, spec.description, spec.minimum, spec.maximum, suffix=f" {symbol}"
        )
    return units


def unit_of(
    symbol: str, declared: Mapping[str, Unit], document: TomlDocument, key: KeyPath
) -> Unit:
    """The unit ``symbol`` names, built in or declared; else an error at ``key``."""
    unit = UNITS.get(symbol) or declared.get(symbol)
    if unit is None:
        raise document.error(unknown_unit(symbol, declared), key)
    return unit
