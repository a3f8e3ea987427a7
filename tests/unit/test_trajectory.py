"""The path from a baseline to the threshold, and the trend: told beside a verdict, never
changing it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from conftest import judge_one, make_metric, make_target
from goalcheck import trajectory
from goalcheck.model import UNITS, Status
from goalcheck.period import Period

P = Period.parse
D = Decimal


def _figures(**values: str) -> dict[Period, Decimal]:
    return {P(period.lstrip("y")): D(value) for period, value in values.items()}


@pytest.mark.parametrize(
    ("actual", "on_track", "distance", "expected"),
    [
        # From 5.0 % in 2018 to under 4 % by 2022: the path is at 4.75 % at the end of 2019.
        ("4.50", True, "0.25", "4.75"),
        ("4.75", True, "0.00", "4.75"),  # on the path is on track
        ("4.90", False, "-0.15", "4.75"),
    ],
)
def test_a_figure_is_on_or_off_the_path_from_the_baseline(
    actual: str, on_track: bool, distance: str, expected: str
) -> None:
    found = trajectory.path(
        "<", (P("2018"), D("5.00")), D(4), P("2022"), _figures(y2019=actual, y2023="1")
    )
    assert found is not None
    assert (found.figure_period, found.on_track, found.distance, found.expected) == (
        P("2019"),
        on_track,
        D(distance),
        D(expected),
    )


def test_an_at_least_goal_is_ahead_when_above_the_path() -> None:
    found = trajectory.path(">=", (P("2020"), D(50)), D(90), P("2024"), _figures(y2022="75"))
    assert found is not None
    # 50 -> 90 over four years: the path is at 70 at the end of 2022 (1 462 of 1 827 days
    # would be exact days; the path runs by days, so it is 70.0 give or take a day's share).
    assert found.on_track is True
    assert found.expected == D(70)
    assert found.distance == D(5)


def test_no_path_without_a_baseline_a_figure_after_it_or_a_plain_threshold() -> None:
    figures = _figures(y2019="4.5")
    assert trajectory.path("<", None, D(4), P("2022"), figures) is None
    assert trajectory.path("<", (P("2019"), D(5)), D(4), P("2022"), figures) is None
    between = (D(2), D(3))
    assert trajectory.path("between", (P("2018"), D(5)), between, P("2022"), figures) is None


def test_a_projection_is_a_least_squares_line_kept_within_the_unit() -> None:
    # 2, 3, 4 at the ends of 2017, 2018, 2019: one a year, so 5 by the end of 2020.
    figures = _figures(y2017="2", y2018="3", y2019="4")
    found = trajectory.projection(P("2020"), figures, UNITS["count"])
    assert found is not None
    assert (found.value, found.figures) == (D(5), 3)
    rising = _figures(y2017="96", y2018="98", y2019="99")
    share = trajectory.projection(P("2022"), rising, UNITS["%"])
    assert share is not None
    assert share.value == D(100)  # a share's trend stops at 100 %
    assert trajectory.projection(P("2020"), _figures(y2018="3", y2019="4"), UNITS["count"]) is None


def test_the_trajectory_is_told_beside_a_provisional_verdict_and_changes_nothing() -> None:
    target = make_target(
        condition="<", threshold=D(4), period=P("2022"), baseline=(P("2018"), D("5.0"))
    )
    metric = make_metric({"2018": "5.0", "2019": "4.9", "2020": "4.7"})
    result = judge_one(target, metric, as_of=date(2021, 6, 1))
    assert (result.status, result.final, result.actual) == (Status.FAIL, False, D("4.7"))
    assert result.path is not None
    assert (result.path.figure_period, result.path.on_track) == (P("2020"), False)
    assert result.projection is not None
    final = judge_one(target, make_metric({"2018": "5.0", "2022": "3.9"}), as_of=date(2023, 6, 1))
    assert (final.status, final.final, final.path, final.projection) == (
        Status.PASS,
        True,
        None,
        None,
    )  # a final verdict needs no trajectory


def test_a_change_target_s_base_period_is_its_baseline() -> None:
    target = make_target(
        condition="<=", threshold=None, change={"base_period": "2018", "percent": "-20"},
        period=P("2022"),
    )  # fmt: skip
    metric = make_metric({"2018": "10", "2020": "9"})
    result = judge_one(target, metric, as_of=date(2021, 6, 1))
    assert result.path is not None
    # 10 -> 8 over four years: 9 at the end of 2020 (half the days, give or take one).
    assert (result.path.baseline_period, result.path.expected) == (P("2018"), D(9))
    assert (result.path.on_track, result.path.distance) == (True, D(0))  # on the path


def test_a_sparkline_draws_each_figure_between_the_lowest_and_the_highest() -> None:
    from goalcheck.reporters.words import sparkline

    assert sparkline((D(89), D(90), D(91), D(92), D(92))) == "▁▃▅██"
    assert sparkline((D(4), D(4))) == "▄▄"  # flat: no height to tell
    assert sparkline((D("4.5"), D("2.1"), D("9.9"))) == "▃▁█"


def test_a_result_carries_its_recent_figures_up_to_the_due_period() -> None:
    target = make_target(condition="<", threshold=D(4), period=P("2020"))
    metric = make_metric({"2018": "4.5", "2019": "4.19", "2021": "3"})
    result = judge_one(target, metric, as_of=date(2022, 6, 1))
    assert result.recent == (D("4.5"), D("4.19"))  # not 2021: after the due period
