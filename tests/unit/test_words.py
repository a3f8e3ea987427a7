"""The words a target is written out in: every condition, with both signs of a change."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from conftest import judge_one, make_metric, make_target
from goalcheck.reporters import words


@pytest.mark.parametrize(
    ("condition", "percent", "expected"),
    [
        ("<=", "-70", "at least 70 % below 2018 (30 t)"),
        ("<", "-70", "more than 70 % below 2018 (30 t)"),
        (">=", "-70", "at most 70 % below 2018 (30 t)"),
        (">", "-70", "less than 70 % below 2018 (30 t)"),
        ("==", "-70", "exactly 70 % below 2018 (30 t)"),
        ("<=", "5", "at most 5 % above 2018 (105 t)"),
        ("<", "5", "less than 5 % above 2018 (105 t)"),
        (">=", "5", "at least 5 % above 2018 (105 t)"),
        (">", "5", "more than 5 % above 2018 (105 t)"),
        ("==", "5", "exactly 5 % above 2018 (105 t)"),
        ("<=", "0", "at most the 2018 figure (100 t)"),
    ],
)
def test_a_change_in_percent_is_written_as_it_is_meant(
    condition: str, percent: str, expected: str
) -> None:
    result = judge_one(
        make_target(
            unit="t CO2", threshold=None, condition=condition,
            change={"base_period": "2018", "percent": percent},
        ),
        make_metric({"2018": "100", "2019": "40"}, unit="t CO2"),
        date(2021, 1, 1),
    )  # fmt: skip
    assert words.condition(result) == expected


def test_at_least_70_percent_below_is_met_by_a_fall_of_more_than_70_percent() -> None:
    metric = make_metric({"2018": "100", "2019": "25"}, unit="t CO2")
    target = make_target(
        unit="t CO2", threshold=None, condition="<=",
        change={"base_period": "2018", "percent": "-70"},
    )  # fmt: skip
    result = judge_one(target, metric, date(2021, 1, 1))
    assert (result.status.value, result.threshold, result.margin) == ("pass", Decimal(30), 5)


@pytest.mark.parametrize(
    ("condition", "by", "expected", "status"),
    [
        ("<=", "-1.5", "at least 1.5 days below 2019 (11.9 days)", "pass"),
        ("<", "-1.5", "more than 1.5 days below 2019 (11.9 days)", "fail"),
        (">=", "2", "at least 2 days above 2019 (15.4 days)", "fail"),
    ],
)
def test_an_absolute_change_is_in_the_metrics_unit(
    condition: str, by: str, expected: str, status: str
) -> None:
    """Aarhus Kommune: sick leave from 13.4 to 11.9 days per employee."""
    result = judge_one(
        make_target(
            unit="days", threshold=None, condition=condition,
            change={"base_period": "2019", "by": by}, period="2023",
        ),
        make_metric({"2019": "13.4", "2023": "11.9"}, unit="days"),
        date(2024, 6, 1),
    )  # fmt: skip
    assert words.condition(result) == expected
    assert result.status.value == status
