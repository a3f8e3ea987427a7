"""Milestones, progress targets, portfolio rules and the as-of day, at their boundaries."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from conftest import (
    SOURCE,
    judge_one,
    make_entity,
    make_initiative,
    make_metric,
    make_objective,
    make_target,
)
from goalcheck.engine import judge
from goalcheck.model import Metric, Observation, Status
from goalcheck.period import Period

DUE = "2024-04-01"


def milestone(**overrides: object) -> object:
    fields: dict[str, object] = {
        "kind": "milestone",
        "condition": None,
        "threshold": None,
        "unit": None,
        "period": DUE,
    }
    fields.update(overrides)
    return make_target(**fields)


def done_on(*periods: str) -> object:
    return make_metric(dict.fromkeys(periods, "1"), unit="yes/no")


@pytest.mark.parametrize(
    ("as_of", "status", "margin", "reason"),
    [
        (date(2024, 3, 1), Status.PENDING, 31, "not yet done; due 2024-04-01"),
        (date(2024, 4, 1), Status.PENDING, 0, "not yet done; due 2024-04-01"),  # due today
        # Silence is not failure: nothing reported since the due day.
        (date(2024, 4, 2), Status.NO_DATA, None, "not reported since it was due (2024-04-01)"),
    ],
)
def test_a_milestone_not_done_is_pending_until_its_day_then_has_no_data(
    as_of: date, status: Status, margin: int | None, reason: str
) -> None:
    result = judge_one(milestone(metric="m"), done_on(), as_of)
    assert (result.status, result.margin, result.margin_unit, result.reason) == (
        status,
        None if margin is None else Decimal(margin),
        "days",
        reason,
    )
    assert result.actual_period is None


@pytest.mark.parametrize(
    ("status_date", "status", "reason"),
    [
        # A status written some day in April may be from 1 April: no evidence yet.
        ("2024-04", Status.NO_DATA, "not reported since it was due (2024-04-01)"),
        ("2024-04-02", Status.FAIL, "not done by the status of 2024-04-02, after it was due"
         " (2024-04-01)"),
        ("2024-05", Status.FAIL, "not done by the status of 2024-05, after it was due"
         " (2024-04-01)"),
    ],
)  # fmt: skip
def test_a_milestone_fails_on_a_status_report_dated_after_its_due_day(
    status_date: str, status: Status, reason: str
) -> None:
    entity = make_entity([done_on()], status_date=status_date)
    (result,) = judge(entity, milestone(metric="m"), date(2024, 6, 1))
    assert (result.status, result.reason) == (status, reason)


@pytest.mark.parametrize(
    ("done", "status", "margin"),
    [
        ("2024-03-31", Status.PASS, 1),
        ("2024-04-01", Status.PASS, 0),  # done on the due date
        ("2024-04-02", Status.FAIL, -1),  # a day late
        ("2024-03", Status.PASS, 1),  # March ends the day before
    ],
)
def test_a_milestone_done_passes_only_if_done_by_its_day(
    done: str, status: Status, margin: int
) -> None:
    result = judge_one(milestone(metric="m"), done_on(done), as_of=date(2024, 12, 31))
    assert (result.status, result.margin, str(result.actual_period), result.final) == (
        status,
        Decimal(margin),
        done,
        True,
    )


@pytest.mark.parametrize(
    ("done", "status", "margin", "spread"),
    [
        ("2024-03", Status.PASS, 1, (1, 31)),  # wholly on time: early by 1-31 days
        ("2024-05", Status.FAIL, -60, (-60, -30)),  # wholly late: late by 30-60 days
        ("2024-04", Status.NO_DATA, None, (-29, 0)),  # from the due day to 29 days late
        ("2024-Q2", Status.NO_DATA, None, (-90, 0)),  # across the due day: undecided
    ],
)
def test_a_date_known_only_roughly_is_a_range(
    done: str, status: Status, margin: int | None, spread: tuple[int, int]
) -> None:
    result = judge_one(milestone(metric="m"), done_on(done), as_of=date(2024, 12, 31))
    assert (result.status, result.margin, result.margin_range) == (
        status,
        None if margin is None else Decimal(margin),
        (Decimal(spread[0]), Decimal(spread[1])),
    )
    if status is Status.NO_DATA:
        assert result.reason == (
            f"done in {done}, which runs past the due day (2024-04-01): it cannot be told"
            " whether it was on time"
        )


def test_a_late_milestone_says_when_it_was_done() -> None:
    result = judge_one(milestone(metric="m"), done_on("2024-04-02"), as_of=date(2024, 12, 31))
    assert result.reason == "done in 2024-04-02, after it was due (2024-04-01)"


def test_a_completion_reported_after_the_as_of_day_is_not_yet_known() -> None:
    result = judge_one(milestone(metric="m"), done_on("2024-03-20"), as_of=date(2024, 3, 19))
    assert (result.status, result.actual_period) == (Status.PENDING, None)


@pytest.mark.parametrize(
    ("reported", "status"),
    [("2024-03-01", Status.NO_DATA), ("2024-04-01", Status.NO_DATA), ("2024-04-02", Status.FAIL)],
)
def test_a_zero_reported_after_the_due_day_is_evidence_it_was_not_done(
    reported: str, status: Status
) -> None:
    metric = make_metric({reported: "0"}, unit="yes/no")
    result = judge_one(milestone(metric="m"), metric, date(2024, 5, 1))
    assert result.status is status
    if status is Status.FAIL:
        assert result.reason == "reported not done for 2024-04-02, after it was due (2024-04-01)"


@pytest.mark.parametrize(
    ("completed", "initiative_status", "status", "done"),
    [
        ("2023-09-19", "completed", Status.PASS, "2023-09-19"),
        ("2024-Q1", "completed", Status.FAIL, "2024-Q1"),
        # Undated: done some time up to the status date, which runs past the due day.
        (None, "completed", Status.NO_DATA, "2024-04"),
        # Not done by the status report of 2024-04, which is after the due year 2023.
        (None, "started", Status.FAIL, None),
    ],
)
def test_an_initiatives_completion_is_a_milestone(
    completed: str | None, initiative_status: str, status: Status, done: str | None
) -> None:
    initiative = make_initiative(completed=completed, status=initiative_status)
    entity = make_entity(initiatives=[initiative], status_date="2024-04")
    target = milestone(initiative="summit", metric=None, period="2023")
    (result,) = judge(entity, target, date(2024, 5, 1))
    assert result.status is status
    assert (str(result.actual_period) if result.actual_period else None) == done
    assert result.subject_label == "Topmøde"


@pytest.mark.parametrize(
    ("started", "status", "margin", "spread"),
    [
        ("2022-09", Status.PASS, 92, (92, 121)),  # launched in September: on time for 2022
        ("2023-01", Status.FAIL, -31, (-31, -1)),
        (None, Status.NO_DATA, None, None),  # started by the status of 2024-04, date unknown
    ],
)
def test_a_milestone_may_wait_for_an_initiatives_start(
    started: str | None, status: Status, margin: int | None, spread: tuple[int, int] | None
) -> None:
    initiative = make_initiative(started=Period.parse(started) if started else None)
    entity = make_entity(initiatives=[initiative], status_date="2024-04")
    target = milestone(initiative="summit", metric=None, period="2022", event="started")
    (result,) = judge(entity, target, date(2024, 5, 1))
    assert (result.status, result.margin) == (
        status,
        None if margin is None else Decimal(margin),
    )
    if spread is not None:
        assert result.margin_range == (Decimal(spread[0]), Decimal(spread[1]))


def test_an_undated_completion_is_unknown_before_the_status_date() -> None:
    entity = make_entity(initiatives=[make_initiative()], status_date="2024-04")
    (result,) = judge(
        entity, milestone(initiative="summit", metric=None, period="2025"), date(2024, 3, 1)
    )
    assert result.status is Status.PENDING


def progress(**overrides: object) -> object:
    fields: dict[str, object] = {
        "kind": "progress",
        "condition": ">=",
        "threshold": Decimal(4),
        "unit": "count",
        "period": "2024",
    }
    fields.update(overrides)
    return make_target(**fields)


@pytest.mark.parametrize(
    ("figures", "as_of", "status", "actual", "share", "final"),
    [
        ({"2024-04": "1"}, date(2024, 5, 1), Status.PENDING, "1", "25", False),
        ({"2024-04": "1"}, date(2024, 12, 31), Status.PENDING, "1", "25", False),  # due today
        ({"2024-04": "1", "2024-06": "4"}, date(2024, 7, 1), Status.PASS, "4", "100", False),
        ({"2024": "5"}, date(2025, 1, 1), Status.PASS, "5", "125", True),
        ({"2024": "3"}, date(2025, 1, 1), Status.FAIL, "3", "75", True),
    ],
)
def test_a_progress_target_counts_towards_its_goal(
    figures: dict[str, str],
    as_of: date,
    status: Status,
    actual: str,
    share: str,
    final: bool,
) -> None:
    result = judge_one(progress(), make_metric(figures, unit="count"), as_of)
    assert (result.status, result.actual, result.progress, result.final) == (
        status,
        Decimal(actual),
        Decimal(share),
        final,
    )
    assert result.margin == Decimal(actual) - 4


def test_a_progress_target_not_met_fails_only_on_a_figure_for_its_whole_period() -> None:
    """One of four education days held by April does not fail the year's count."""
    result = judge_one(progress(), make_metric({"2024-04": "1"}, unit="count"), date(2025, 1, 1))
    assert (result.status, result.actual, result.reason) == (
        Status.NO_DATA,
        None,
        "not reported since it was due (2024): the latest figure, 1 for 2024-04, is not for the"
        " whole of 2024",
    )


@pytest.mark.parametrize(
    ("as_of", "status"), [(date(2024, 12, 31), Status.PENDING), (date(2025, 1, 1), Status.NO_DATA)]
)
def test_without_a_count_a_target_is_pending_until_due_then_has_no_data(
    as_of: date, status: Status
) -> None:
    assert judge_one(progress(), make_metric({}, unit="count"), as_of).status is status
    threshold = make_target(period="2024")
    assert judge_one(threshold, make_metric({}), as_of).status is status


def test_every_objective_gets_a_portfolio_result() -> None:
    objectives = [make_objective(1, "Attraktiv arbejdsplads"), make_objective(2, "God jobstart")]
    initiatives = [make_initiative(id="a", objective=1), make_initiative(id="b", objective=1)]
    entity = make_entity(objectives=objectives, initiatives=initiatives, status_date="2024-04")
    target = make_target(
        id="per-objective", kind="portfolio", condition=">=", threshold=Decimal(1), unit="count"
    )
    results = list(judge(entity, target, date(2024, 5, 1)))
    assert [(r.id, r.status, r.actual, r.margin, r.objective) for r in results] == [
        ("per-objective/1", Status.PASS, Decimal(2), Decimal(1), 1),
        ("per-objective/2", Status.FAIL, Decimal(0), Decimal(-1), 2),
    ]
    assert str(results[0].actual_period) == "2024-04"


def _yes_no(period: str, value: str, published: str, through: str | None = None) -> Metric:
    """A yes/no metric with one observation, published on ``published``."""
    observation = Observation(
        period=Period.parse(period),
        value=Decimal(value),
        source=SOURCE,
        document="report",
        published=Period.parse(published),
        through=Period.parse(through) if through else None,
    )
    return replace(
        make_metric(unit="yes/no"),
        figures={observation.period: observation.value},
        observations=(observation,),
        document="report",
    )


@pytest.mark.parametrize(
    ("as_of", "status", "reason"),
    [
        # Done in March, but the report saying so came out on 30 June: not known before.
        (date(2024, 6, 29), Status.NO_DATA, "not reported since it was due (2024-04-01)"),
        (date(2024, 6, 30), Status.PASS, None),
    ],
)
def test_a_yes_no_figure_counts_from_when_it_was_published(
    as_of: date, status: Status, reason: str | None
) -> None:
    result = judge_one(milestone(metric="m"), _yes_no("2024-03", "1", "2024-06-30"), as_of)
    assert (result.status, result.reason) == (status, reason)
    if status is Status.PASS:
        assert (result.margin, result.margin_range) == (Decimal(1), (Decimal(1), Decimal(31)))


@pytest.mark.parametrize(
    ("as_of", "status", "reason"),
    [
        (date(2024, 7, 14), Status.NO_DATA, "not reported since it was due (2024-04-01)"),
        (
            date(2024, 7, 15),
            Status.FAIL,
            "reported not done for 2024 through 2024-06, after it was due (2024-04-01)",
        ),
    ],
)
def test_a_year_to_date_not_done_after_the_due_day_is_evidence_once_published(
    as_of: date, status: Status, reason: str
) -> None:
    metric = _yes_no("2024", "0", "2024-07-15", through="2024-06")
    result = judge_one(milestone(metric="m"), metric, as_of)
    assert (result.status, result.reason) == (status, reason)


def test_a_year_to_date_done_counts_as_done_by_its_last_day() -> None:
    metric = _yes_no("2024", "1", "2024-04-10", through="2024-03")
    result = judge_one(milestone(metric="m"), metric, date(2024, 5, 1))
    assert (result.status, result.margin, result.margin_range) == (
        Status.PASS,
        Decimal(1),
        (Decimal(1), Decimal(91)),
    )
    assert str(result.actual_period) == "2024"


# What a plan's status says is known from its status date, not from the days it names


@pytest.mark.parametrize(
    ("as_of", "status", "final"),
    [
        (date(2023, 1, 1), Status.NO_DATA, False),  # due 2022; the status of 2024-04 is unwritten
        (date(2024, 4, 29), Status.NO_DATA, False),
        (date(2024, 4, 30), Status.PASS, True),  # the status date's last day: now it is known
    ],
)
def test_a_dated_completion_is_known_only_from_the_status_that_reports_it(
    as_of: date, status: Status, final: bool
) -> None:
    initiative = make_initiative(completed=Period.parse("2022-09"), status="completed")
    entity = make_entity(initiatives=[initiative], status_date="2024-04")
    target = milestone(initiative="summit", metric=None, period="2022")
    (result,) = judge(entity, target, as_of)
    assert (result.status, result.final) == (status, final)


def test_a_start_reported_by_a_later_status_leaves_a_milestone_pending_until_it_is_due() -> None:
    initiative = make_initiative(started=Period.parse("2022-09"))
    entity = make_entity(initiatives=[initiative], status_date="2024-04")
    target = milestone(initiative="summit", metric=None, period="2023", event="started")
    (result,) = judge(entity, target, date(2023, 6, 1))
    assert result.status is Status.PENDING


def test_without_a_status_date_a_dated_completion_counts_from_its_own_day() -> None:
    initiative = make_initiative(completed=Period.parse("2022-09"), status="completed")
    entity = make_entity(initiatives=[initiative])
    target = milestone(initiative="summit", metric=None, period="2022")
    (result,) = judge(entity, target, date(2022, 10, 1))
    assert (result.status, result.final) == (Status.PASS, True)


@pytest.mark.parametrize(
    ("as_of", "status"),
    [(date(2023, 1, 1), Status.PENDING), (date(2025, 1, 1), Status.NO_DATA)],
)
def test_a_portfolio_rule_counts_nothing_before_the_status_is_known(
    as_of: date, status: Status
) -> None:
    objectives = [make_objective(1, "Attraktiv arbejdsplads")]
    entity = make_entity(
        objectives=objectives, initiatives=[make_initiative(objective=1)], status_date="2025-06"
    )
    target = make_target(
        id="per-objective",
        kind="portfolio",
        condition=">=",
        threshold=Decimal(1),
        unit="count",
        period="2024",
    )
    (result,) = judge(entity, target, as_of)
    assert (result.id, result.status, result.actual, result.final) == (
        "per-objective/1",
        status,
        None,
        False,
    )
    assert result.reason == (
        f"the initiatives are counted in the status of 2025-06, not known on {as_of.isoformat()}"
    )
