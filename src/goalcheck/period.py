"""Reporting periods (years, quarters, months, dates) placed on one calendar and ordered."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

Granularity = Literal["year", "quarter", "month", "day"]

_YEAR = re.compile(r"(\d{4})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

PERIOD_PATTERN = r"^\d{4}(-Q[1-4]|-\d{2}(-\d{2})?)?$"
PERIOD_FORMS = "a year (2020), a quarter (2024-Q3), a month (2024-04) or a date (2024-04-01)"


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
        """Parse a period from TOML: a string, a year as an integer, or a TOML date."""
        if isinstance(value, Period):
            return value
        if isinstance(value, bool):
            raise ValueError(f"expected a period, got a boolean; write {PERIOD_FORMS}")
        if isinstance(value, int):
            value = str(value)
        if isinstance(value, date):
            return cls(value.isoformat(), value, value, "day")
        if not isinstance(value, str):
            raise ValueError(f"expected a period, got {type(value).__name__}; write {PERIOD_FORMS}")
        text = value.strip()
        if m := _YEAR.fullmatch(text):
            year = int(m[1])
            return cls(text, date(year, 1, 1), date(year, 12, 31), "year")
        if m := _QUARTER.fullmatch(text):
            year, quarter = int(m[1]), int(m[2])
            first = 3 * quarter - 2
            last = first + 2
            end = date(year, last, calendar.monthrange(year, last)[1])
            return cls(text, date(year, first, 1), end, "quarter")
        if m := _MONTH.fullmatch(text):
            year, month = int(m[1]), int(m[2])
            if not 1 <= month <= 12:
                raise ValueError(f"invalid month in period {text!r}")
            end = date(year, month, calendar.monthrange(year, month)[1])
            return cls(text, date(year, month, 1), end, "month")
        if _DAY.fullmatch(text):
            try:
                day = date.fromisoformat(text)
            except ValueError as exc:
                raise ValueError(f"invalid date in period {text!r}: {exc}") from None
            return cls(text, day, day, "day")
        raise ValueError(f"invalid period {text!r}; write {PERIOD_FORMS}")

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
