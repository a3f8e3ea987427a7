"""A table's cells read as what they hold: numbers in the file's own notation, periods, text.

Each function takes one cell as a CSV file or a workbook gives it (text, or a workbook's
number, boolean or date) and returns the value, or raises ``ValueError`` saying in one clause
what is wrong; the table reader adds where. Nothing is guessed: ``1.013`` in a file whose
decimal mark is a comma is one thousand and thirteen, and in a file without a thousands
separator it is an error, never 1.013.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from goalcheck.model import to_number
from goalcheck.period import Period

Cell = str | int | float | Decimal | bool | date | datetime | time | timedelta | None
"""A cell as read: CSV cells are text; a workbook's may be numbers, booleans or dates (and a
percentage cell the number it shows, as a decimal)."""

_MINUS = "-\u2212"
_PLAIN = re.compile(
    r"-?[0-9]+(?:\.[0-9]+)?"
)  # a hyphen-minus, or the minus sign that text taken from a PDF keeps


@dataclass(frozen=True)
class NumberFormat:
    """How a file writes its numbers: ``4,19`` and ``1.013`` in a Danish one."""

    decimal: str = "."
    thousands: str = ""
    percent_sign: bool = False

    def pattern(self) -> re.Pattern[str]:
        digits = r"[0-9]+"
        if self.thousands:
            grouped = rf"[0-9]{{1,3}}(?:{re.escape(self.thousands)}[0-9]{{3}})+"
            digits = rf"(?:{grouped}|[0-9]+)"
        return re.compile(rf"[{_MINUS}]?{digits}(?:{re.escape(self.decimal)}[0-9]+)?")


class Numbers:
    """Reads number cells in one file's notation; made once per table."""

    def __init__(self, notation: NumberFormat) -> None:
        self._notation = notation
        self._pattern = notation.pattern()
        self._plain = notation.decimal == "." and not notation.thousands

    def read(self, cell: Cell) -> Decimal:
        if isinstance(cell, bool):
            raise ValueError(f"a boolean ({str(cell).upper()}) where a number belongs")
        if isinstance(cell, datetime | date | time | timedelta):
            shown = cell.isoformat() if not isinstance(cell, timedelta) else str(cell)
            raise ValueError(
                f"a date or time ({shown}) where a number belongs: format the cell as a number"
            )
        if isinstance(cell, int | float | Decimal):
            return to_number(cell)
        assert isinstance(cell, str)
        return self._text(cell)

    def _text(self, cell: str) -> Decimal:
        text = cell.strip()
        # Most cells: plain digits, at most 28 characters, so within every number limit.
        if self._plain and len(text) <= 28 and _PLAIN.fullmatch(text) is not None:
            return Decimal(text)
        if self._notation.percent_sign and text.endswith("%"):
            text = text[:-1].rstrip()
        elif text.endswith("%"):
            raise ValueError(
                f"{cell!r} carries a % sign; say percent_sign = true if the table's values do"
            )
        if self._pattern.fullmatch(text) is None:
            raise ValueError(self._not_a_number(cell, text))
        if not self._plain:
            text = text.replace(self._notation.thousands, "") if self._notation.thousands else text
            text = text.replace(self._notation.decimal, ".")
        if text[0] == "\u2212":
            text = "-" + text[1:]
        try:
            return to_number(Decimal(text))
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            raise ValueError(self._not_a_number(cell, text)) from None

    def _not_a_number(self, cell: str, text: str) -> str:
        decimal, thousands = self._notation.decimal, self._notation.thousands
        notation = f"decimal mark {decimal!r}" + (
            f", thousands separator {thousands!r}" if thousands else ", no thousands separator"
        )
        hint = ""
        if thousands == "" and decimal == "," and "." in text:
            hint = '; for "1.013" as one thousand and thirteen, say thousands = "."'
        elif thousands == "" and decimal == "." and "," in text:
            hint = '; for "4,19" as four point one nine, say decimal = ","'
        return f"{cell!r} is not a number in this table's notation ({notation}){hint}"


class Periods:
    """Reads period cells; one ``Period`` object per distinct text, however many rows."""

    def __init__(self) -> None:
        self._seen: dict[object, Period] = {}

    def read(self, cell: Cell) -> Period:
        key: object = cell
        if isinstance(cell, float) and cell.is_integer():
            key = int(cell)  # a workbook keeps the year 2019 as the number 2019.0
        if isinstance(key, str):
            key = key.strip()
        found = self._seen.get(key) if not isinstance(key, bool) else None
        if found is None:
            if isinstance(key, float):
                raise ValueError(f"{cell!r} is not a period: write a year, a quarter or a date")
            found = Period.parse(key)
            self._seen[key] = found
        return found


def text_of(cell: Cell) -> str:
    """A cell as text: a note, a metric's name, a group's value."""
    if cell is None:
        return ""
    if isinstance(cell, str):
        return cell.strip()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, date | time):
        return cell.isoformat()
    return str(cell)


def column_letters(column: int) -> str:
    """The letters of a 1-based column: 1 is "A", 26 "Z", 27 "AA", 16,384 "XFD"."""
    if column < 1:
        raise ValueError(f"column {column} is not 1 or more")
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def a1(row: int, column: int) -> str:
    """The A1 reference of a 1-based row and column: ``a1(7, 3)`` is "C7"."""
    if row < 1:
        raise ValueError(f"row {row} is not 1 or more")
    return f"{column_letters(column)}{row}"
