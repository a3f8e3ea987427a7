from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import judge_one, make_metric, make_target
from goalcheck.figure_choice import pick_figure
from goalcheck.model import Status
from goalcheck.period import Period


@pytest.mark.parametrize(
    ("condition", "threshold", "actual", "status", "margin"),
    [
        ("<", "4", "4.0", Status.FAIL, "0"),  # exactly 4.0 is not under 4
        ("<", "4", "3.99", Status.PASS, "0.01"),
        ("<", "4", "4.19", Status.FAIL, "-0.19"),
        ("<=", "4", "4", Status.PASS, "0"),
        ("<=", "4", "4.01", Status.FAIL, "-0.01"),
        (">", "90", "90", Status.FAIL, "0"),
        (">", "90", "93", Status.PASS, "3"),
        (">=", "90", "90", Status.PASS, "0"),  # exactly 90 is at least 90
        (">=", "90", "89.9", Status.FAIL, "-0.1"),
        ("==", "0", "0", Status.PASS, "0"),
        ("==", "0", "2", Status.FAIL, "-2"),
        ("==", "100", "99.5", Status.FAIL, "-0.5"),
    ],
)
def test_every_comparison_at_and_around_its_boundary(
    condition: str, threshold: str, actual: str, status: Status, margin: str
) -> None:
    target = make_target(condition=condition, threshold=Decimal(threshold))
    result = judge_one(target, make_metric({"2020": actual}))
    assert (result.status, result.margin, result.actual) == (
        status,
        Decimal(margin),
        Decimal(actual),
    )
    assert result.final is True


@pytest.mark.parametrize(
    ("bounds", "actual", "status", "margin"),
    [
        ("[]", "2", Status.PASS, "0"),
        ("[]", "3", Status.PASS, "0"),
        ("()", "2", Status.FAIL, "0"),
        ("()", "3", Status.FAIL, "0"),
        ("()", "2.5", Status.PASS, "0.5"),
        ("[)", "2", Status.PASS, "0"),
        ("[)", "3", Status.FAIL, "0"),
        ("(]", "2", Status.FAIL, "0"),
        ("(]", "3", Status.PASS, "0"),
        ("[]", "1.9", Status.FAIL, "-0.1"),
        ("[]", "3.25", Status.FAIL, "-0.25"),
    ],
)
def test_between_honours_each_bound_as_declared(
    bounds: str, actual: str, status: Status, margin: str
) -> None:
    target = make_target(condition="between", threshold=(Decimal(2), Decimal(3)), bounds=bounds)
    result = judge_one(target, make_metric({"2020": actual}))
    assert (result.status, result.margin) == (status, Decimal(margin))


@pytest.mark.parametrize(
    ("actual", "status", "margin"),
    [("300", Status.PASS, "0"), ("300.1", Status.FAIL, "-0.1"), ("250", Status.PASS, "50")],
)
def test_a_change_against_a_base_period(actual: str, status: Status, margin: str) -> None:
    # "at least 70 % below 2018": at most 1000 * (1 - 0.70) = 300
    target = make_target(
        condition="<=",
        threshold=None,
        unit="t CO2",
        period="2030",
        change={"base_period": "2018", "percent": "-70"},
    )
    result = judge_one(target, make_metric({"2018": "1000", "2030": actual}, unit="t CO2"))
    assert (result.status, result.threshold, result.base_value, result.margin) == (
        status,
        Decimal(300),
        Decimal(1000),
        Decimal(margin),
    )


def test_a_change_without_a_base_figure_has_no_data() -> None:
    target = make_target(
        condition=">=", threshold=None, change={"base_period": "2018", "percent": "10"}
    )
    result = judge_one(target, make_metric({"2020": "50"}))
    assert (result.status, result.reason, result.actual) == (
        Status.NO_DATA,
        "no figure for the base period 2018",
        None,
    )


def test_the_figure_for_the_due_period_gives_a_final_verdict() -> None:
    result = judge_one(make_target(), make_metric({"2019": "3", "2020": "4.5"}))
    assert (result.status, result.actual, str(result.actual_period), result.final) == (
        Status.FAIL,
        Decimal("4.5"),
        "2020",
        True,
    )


def test_else_the_latest_earlier_figure_gives_a_provisional_verdict() -> None:
    result = judge_one(make_target(), make_metric({"2017": "5", "2019": "3", "2021": "9"}))
    assert (result.status, result.actual, str(result.actual_period), result.final) == (
        Status.PASS,
        Decimal(3),
        "2019",
        False,
    )


def test_without_a_figure_up_to_the_due_period_there_is_no_data() -> None:
    result = judge_one(make_target(), make_metric({"2021": "3"}))
    assert (result.status, result.actual, result.actual_period, result.margin) == (
        Status.NO_DATA,
        None,
        None,
        None,
    )
    assert result.reason == "no figure for 2020 or an earlier period"


def test_finer_periods_inside_the_due_period_are_provisional() -> None:
    figures = {Period.parse(p): Decimal(v) for p, v in [("2019", "1"), ("2020-Q3", "2")]}
    assert pick_figure(figures, Period.parse("2020")) == (Period.parse("2020-Q3"), 2, False)
    figures[Period.parse("2020-Q4")] = Decimal(3)
    assert pick_figure(figures, Period.parse("2020")) == (Period.parse("2020-Q4"), 3, False)


def test_a_dated_target_takes_the_latest_figure_up_to_that_day() -> None:
    figures = {Period.parse(p): Decimal(v) for p, v in [("2024-03", "1"), ("2024-04-02", "2")]}
    assert pick_figure(figures, Period.parse("2024-04-01")) == (
        Period.parse("2024-03"),
        1,
        False,
    )
    assert pick_figure(figures, Period.parse("2024-04-02")) == (
        Period.parse("2024-04-02"),
        2,
        True,
    )


def test_sources_of_target_and_metric_are_listed_once_each() -> None:
    result = judge_one(make_target(), make_metric({"2020": "1"}))
    assert [s.document for s in result.sources] == ["Test report"]
