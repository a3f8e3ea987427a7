"""Reporting periods (years, half-years, quarters, months, dates) on one calendar, ordered."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, Literal

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

Granularity = Literal["year", "half", "quarter", "month", "day"]

# ASCII digits only: \d would also take "٢٠١٩", and int() reads it as 2019.
_YEAR = re.compile(r"([0-9]{4})")
_HALF = re.compile(r"([0-9]{4})-H([12])")
_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_FIRST_YEAR = 1000

PERIOD_PATTERN = r"^[0-9]{4}(-H[12]|-Q[1-4]|-[0-9]{2}(-[0-9]{2})?)?$"
PERIOD_FORMS = (
    "a year (2020), a half-year (2024-H1), a quarter (2024-Q3), a month (2024-04) or a date"
    " (2024-04-01)"
)


@dataclass(frozen=True)
class Period:
    """A span of calendar days, written as the user wrote it in canonical form.

    Periods of different granularity are ordered by the day they end, then by the day they
    start: a figure for 2020-Q3 is known before one for 2020, and 2020 before 2021-Q1. That is
    the order in which figures become available, which is what "latest figure" means.
    """

    text: str
    start: date = field(compare=False)
    end: date = field(compare=False)
    granularity: Granularity = field(compare=False)

    @classmethod
    def parse(cls, value: object) -> Period:
        """Parse a period from TOML: a string, a year as an integer, or a TOML date.

        Only the canonical forms are accepted, so that one period has one spelling: a key
        written " 2019" or in other digits than ASCII's would otherwise be a second 2019.
        """
        if isinstance(value, Period):
            return value
        if isinstance(value, bool):
            raise ValueError(f"expected a period, got a boolean; write {PERIOD_FORMS}")
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, datetime):
            raise ValueError(
                f"expected a period, got the date-time {value.isoformat()}: write a date, not a"
                f" date-time ({value.date().isoformat()})"
            )
        if isinstance(value, date):
            _year(str(value.year).zfill(4), value.isoformat())
            return cls(value.isoformat(), value, value, "day")
        if not isinstance(value, str):
            kind = "a time of day" if isinstance(value, time) else type(value).__name__
            raise ValueError(f"expected a period, got {kind}; write {PERIOD_FORMS}")
        text = value
        if m := _YEAR.fullmatch(text):
            year = _year(m[1], text)
            return cls(text, date(year, 1, 1), date(year, 12, 31), "year")
        if m := _HALF.fullmatch(text):
            year, half = _year(m[1], text), int(m[2])
            first, last = (1, 6) if half == 1 else (7, 12)
            end = date(year, last, calendar.monthrange(year, last)[1])
            return cls(text, date(year, first, 1), end, "half")
        if m := _QUARTER.fullmatch(text):
            year, quarter = _year(m[1], text), int(m[2])
            first = 3 * quarter - 2
            last = first + 2
            end = date(year, last, calendar.monthrange(year, last)[1])
            return cls(text, date(year, first, 1), end, "quarter")
        if m := _MONTH.fullmatch(text):
            year, month = _year(m[1], text), int(m[2])
            if not 1 <= month <= 12:
                raise ValueError(f"invalid month in period {text!r}")
            end = date(year, month, calendar.monthrange(year, month)[1])
            return cls(text, date(year, month, 1), end, "month")
        if _DAY.fullmatch(text):
            _year(text[:4], text)
            try:
                day = date.fromisoformat(text)
            except ValueError as exc:
                raise ValueError(f"invalid date in period {text!r}: {exc}") from None
            return cls(text, day, day, "day")
        if any(char.isdigit() and not char.isascii() for char in text):
            raise ValueError(f"invalid period {text!r}: write its digits as 0-9")
        if text != text.strip():
            raise ValueError(
                f"invalid period {text!r}: no spaces around a period; write {PERIOD_FORMS}"
            )
        raise ValueError(f"invalid period {text!r}; write {PERIOD_FORMS}")

    @property
    def days(self) -> int:
        """How many days the period spans."""
        return (self.end - self.start).days + 1

    @property
    def sort_key(self) -> tuple[date, date]:
        return (self.end, self.start)

    def __lt__(self, other: Period) -> bool:
        return self.sort_key < other.sort_key

    def __le__(self, other: Period) -> bool:
        return self.sort_key <= other.sort_key

    def __gt__(self, other: Period) -> bool:
        return self.sort_key > other.sort_key

    def __ge__(self, other: Period) -> bool:
        return self.sort_key >= other.sort_key

    def __str__(self) -> str:
        return self.text

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls.parse, serialization=core_schema.to_string_ser_schema()
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "anyOf": [
                {"type": "string", "pattern": PERIOD_PATTERN},
                {"type": "integer", "minimum": 1000, "maximum": 9999},
            ],
            "description": PERIOD_FORMS,
        }


def _year(digits: str, text: str) -> int:
    year = int(digits)
    if year < _FIRST_YEAR:
        raise ValueError(f"invalid period {text!r}: years run from {_FIRST_YEAR} to 9999")
    return year
