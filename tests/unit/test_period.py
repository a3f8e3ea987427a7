from __future__ import annotations

import re
from datetime import date

import pytest

from goalcheck.period import PERIOD_PATTERN, Period


@pytest.mark.parametrize(
    ("text", "start", "end", "granularity"),
    [
        ("2020", date(2020, 1, 1), date(2020, 12, 31), "year"),
        ("2024-Q1", date(2024, 1, 1), date(2024, 3, 31), "quarter"),
        ("2024-Q3", date(2024, 7, 1), date(2024, 9, 30), "quarter"),
        ("2024-H1", date(2024, 1, 1), date(2024, 6, 30), "half"),
        ("2024-H2", date(2024, 7, 1), date(2024, 12, 31), "half"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28), "month"),
        ("2024-04-01", date(2024, 4, 1), date(2024, 4, 1), "day"),
    ],
)
def test_parse_places_the_period_on_the_calendar(
    text: str, start: date, end: date, granularity: str
) -> None:
    period = Period.parse(text)
    assert (period.start, period.end, period.granularity, str(period)) == (
        start,
        end,
        granularity,
        text,
    )


def test_a_toml_integer_year_and_a_toml_date_are_periods() -> None:
    assert Period.parse(2020) == Period.parse("2020")
    assert Period.parse(date(2024, 4, 1)) == Period.parse("2024-04-01")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2024-Q5", "invalid period '2024-Q5'"),
        ("2024-H3", "invalid period '2024-H3'"),
        ("2024-H0", "invalid period '2024-H0'"),
        ("2024-h1", "invalid period '2024-h1'"),
        ("2024-1H", "invalid period '2024-1H'"),
        ("2024-13", "invalid month in period '2024-13'"),
        ("2024-02-30", "invalid date in period '2024-02-30'"),
        ("20", "invalid period '20'"),
        ("Q3 2024", "invalid period 'Q3 2024'"),
        (True, "expected a period, got a boolean"),
        (20.5, "expected a period, got float"),
    ],
)
def test_invalid_periods_say_what_is_wrong(value: object, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")):
        Period.parse(value)


def test_periods_are_ordered_by_the_day_they_end_then_start() -> None:
    texts = ["2021", "2020", "2020-Q3", "2020-12", "2020-Q4", "2020-07-15", "2021-Q1", "2019"]
    ordered = [str(p) for p in sorted(Period.parse(t) for t in texts)]
    assert ordered == [
        "2019",
        "2020-07-15",
        "2020-Q3",
        "2020",
        "2020-Q4",
        "2020-12",
        "2021-Q1",
        "2021",
    ]


def test_equal_periods_hash_alike() -> None:
    assert {Period.parse("2020"): 1}[Period.parse(2020)] == 1


def test_half_years_take_their_place_among_quarters_and_years() -> None:
    texts = ["2024-H2", "2024", "2024-Q2", "2024-H1", "2024-Q3", "2024-Q4", "2024-Q1"]
    ordered = [str(p) for p in sorted(Period.parse(t) for t in texts)]
    # By the day they end, then the day they start: the longer period first on a tie.
    assert ordered == ["2024-Q1", "2024-H1", "2024-Q2", "2024-Q3", "2024", "2024-H2", "2024-Q4"]
    assert Period.parse("2024-H1").days == 182  # a leap year


def test_the_schema_pattern_admits_exactly_the_canonical_forms() -> None:
    pattern = re.compile(PERIOD_PATTERN)
    for text in ("2024", "2024-H1", "2024-H2", "2024-Q3", "2024-04", "2024-04-01"):
        assert pattern.match(text), text
    for text in ("2024-H3", "2024-h1", "2024-Q5", "2024-Q"):
        assert not pattern.match(text), text
