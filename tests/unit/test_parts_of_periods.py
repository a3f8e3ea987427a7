"""A figure for a part of the due period, and which metrics only grow (found while writing
docs/explanation/verdicts.md): a verdict never claims more than the part says."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from conftest import SOURCE, judge_one, make_entity, make_metric, make_target
from goalcheck import formula, history
from goalcheck.engine import judge
from goalcheck.model import Metric, Observation, Status
from goalcheck.period import Period

AT_LEAST_4 = {"condition": ">=", "threshold": Decimal(4), "unit": "count", "period": "2024"}


# A month's count towards a year's: the least the year can be


@pytest.mark.parametrize(
    ("as_of", "status", "reason"),
    [
        (
            date(2024, 6, 1),
            Status.PENDING,
            "the latest figure, 1 for 2024-04, is not for the whole of 2024",
        ),
        (
            date(2025, 6, 1),
            Status.NO_DATA,
            "not reported since it was due (2024): the latest figure, 1 for 2024-04, is not for"
            " the whole of 2024",
        ),
    ],
)
def test_a_months_count_short_of_an_at_least_goal_is_no_miss(
    as_of: date, status: Status, reason: str
) -> None:
    count = make_metric({"2024-04": "1"}, unit="count")
    result = judge_one(make_target(**AT_LEAST_4), count, as_of)
    assert (result.status, result.reason, result.final) == (status, reason, False)


def test_a_months_count_that_reaches_an_at_least_goal_passes_provisionally() -> None:
    count = make_metric({"2024-04": "5"}, unit="count")
    result = judge_one(make_target(**AT_LEAST_4), count, date(2024, 6, 1))
    assert (result.status, result.actual, result.final) == (Status.PASS, 5, False)


@pytest.mark.parametrize(
    ("condition", "threshold", "figure"),
    [("<=", Decimal(3), "5"), ("==", Decimal(3), "4"), ("between", (Decimal(1), Decimal(3)), "4")],
)
def test_a_months_count_already_over_a_cap_fails(
    condition: str, threshold: Decimal | tuple[Decimal, Decimal], figure: str
) -> None:
    count = make_metric({"2024-04": figure}, unit="count")
    bounds = "[]" if condition == "between" else None
    target = make_target(
        **{**AT_LEAST_4, "condition": condition, "threshold": threshold, "bounds": bounds}
    )
    assert judge_one(target, count, date(2024, 6, 1)).status is Status.FAIL


def test_a_months_count_under_a_range_is_no_miss() -> None:
    count = make_metric({"2024-04": "0"}, unit="count")
    target = make_target(
        **{**AT_LEAST_4, "condition": "between", "threshold": (Decimal(1), Decimal(3))},
        bounds="[]",
    )
    assert judge_one(target, count, date(2024, 6, 1)).status is Status.PENDING


def test_a_quarters_share_still_stands_in_for_the_year_provisionally() -> None:
    # A share may fall or rise: the latest quarter is told as a provisional verdict, as before.
    share = make_metric({"2019-Q4": "30"}, unit="%")
    target = make_target(condition=">=", threshold=Decimal(40), period="2019")
    result = judge_one(target, share, date(2020, 6, 1))
    assert (result.status, result.actual_period, result.final) == (
        Status.FAIL,
        Period.parse("2019-Q4"),
        False,
    )


def test_an_earlier_years_count_still_stands_in_provisionally() -> None:
    count = make_metric({"2023": "1"}, unit="count")
    result = judge_one(make_target(**AT_LEAST_4), count, date(2024, 6, 1))
    assert (result.status, result.final) == (Status.FAIL, False)


# Which metrics only grow


def _metric(metric_id: str, unit: str, **fields: Any) -> Metric:
    return Metric(
        id=metric_id, label=metric_id, label_da=None, unit=unit, sources=(SOURCE,), figures={},
        **fields,
    )  # fmt: skip


def _observed(metric_id: str, value: str, unit: str = "people") -> Metric:
    """A year-to-date figure for 2024, through September."""
    seen = Observation(
        period=Period.parse("2024"),
        value=Decimal(value),
        source=SOURCE,
        document="report",
        published=Period.parse("2024-09-30"),
        through=Period.parse("2024-09-30"),
    )
    return _metric(metric_id, unit, observations=(seen,), document="report")


def _derived(metric_id: str, text: str, unit: str = "people") -> Metric:
    return _metric(metric_id, unit, formula=text, components=formula.parse(text).names)


@pytest.mark.parametrize(
    ("text", "grows"),
    [
        ("hires + rehires", True),
        ("hires + rehires + 2", True),
        ("(hires + rehires)", True),
        ("hires - leavers", False),
        ("hires + -leavers", False),
        ("hires * 2", False),
        ("hires / 2", False),
    ],
)
def test_only_a_sum_of_growing_metrics_grows(text: str, grows: bool) -> None:
    metrics = {m.id: m for m in (_observed("hires", "9"), _observed("rehires", "1"))}
    metrics["leavers"] = _observed("leavers", "3")
    derived = _derived("net", text)
    assert formula.only_adds(formula.parse(text)) is grows
    assert history.grows({**metrics, "net": derived}, derived) is grows


def test_a_sum_of_a_share_does_not_grow_and_a_chain_of_sums_does() -> None:
    metrics = {"a": _observed("a", "1"), "s": _observed("s", "50", unit="%")}
    metrics["b"] = _derived("b", "a + a")
    metrics["c"] = _derived("c", "b + a")
    metrics["d"] = _derived("d", "c + s", unit="%")
    assert history.grows(metrics, metrics["c"]) is True
    assert history.grows(metrics, metrics["d"]) is False


def test_hires_less_leavers_so_far_settles_no_at_least_goal() -> None:
    # 9 hired and 3 gone by September: net 6 so far, but more may leave before the year ends.
    metrics = [
        _observed("hires", "9"),
        _observed("leavers", "3"),
        _derived("net", "hires - leavers"),
    ]
    target = make_target(**{**AT_LEAST_4, "metric": "net", "unit": "people"})
    (result,) = judge(make_entity(metrics), target, date(2024, 10, 1))
    assert result.status is Status.PENDING
    assert result.reason == (
        "the latest figure, 6 people for 2024, covers 2024 only through 2024-09-30"
    )


def test_hires_and_rehires_so_far_settle_an_at_least_goal() -> None:
    metrics = [_observed("hires", "3"), _observed("rehires", "2")]
    metrics.append(_derived("all_hires", "hires + rehires"))
    target = make_target(**{**AT_LEAST_4, "metric": "all_hires", "unit": "people"})
    (result,) = judge(make_entity(metrics), target, date(2024, 10, 1))
    assert (result.status, result.final, result.actual) == (Status.PASS, True, 5)
