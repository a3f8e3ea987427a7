"""Target revisions: judged against the threshold in force when the target is due."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import RunCli, judge_one, make_metric, make_target, target_toml
from goalcheck.model import Revision, Status
from goalcheck.period import Period
from goalcheck.reporters import words

# HUS psychiatry: an NPS of at least 70, revised to at least 50 from mid-2021.
REVISED = Revision(
    since=Period.parse("2021-07-01"),
    threshold=Decimal(50),
    reason="the target was set before the pandemic",
    decided_by="HUS board",
)


def nps_target(*revisions: Revision) -> object:
    return make_target(
        unit="NPS", condition=">=", threshold=Decimal(70), period="2021", revisions=revisions
    )


@pytest.mark.parametrize(
    ("as_of", "status", "threshold", "in_force"),
    [
        (date(2021, 6, 30), Status.FAIL, 70, False),  # the day before the revision
        (date(2021, 7, 1), Status.PASS, 50, True),  # the day it takes effect
    ],
)
def test_a_revised_target_is_judged_before_and_after_its_revision(
    as_of: date, status: Status, threshold: int, in_force: bool
) -> None:
    metric = make_metric({"2021-Q1": "60"}, unit="NPS")
    result = judge_one(nps_target(REVISED), metric, as_of)
    assert (result.status, result.threshold, result.revision is not None) == (
        status,
        Decimal(threshold),
        in_force,
    )
    note = (
        "threshold revised to 50 from 2021-07-01 by HUS board"
        f"{' (in force)' if in_force else ''}: the target was set before the pandemic"
    )
    assert note in words.notes(result)


def test_a_revision_from_after_the_due_day_is_not_in_force() -> None:
    late = Revision(
        since=Period.parse("2022-03-01"), threshold=Decimal(50), reason="r", decided_by="b"
    )
    metric = make_metric({"2021": "60"}, unit="NPS")
    result = judge_one(nps_target(late), metric, date(2023, 1, 1))
    assert (result.status, result.threshold, result.revision) == (Status.FAIL, Decimal(70), None)


def test_revisions_in_a_goals_file_and_the_json(
    run_cli: RunCli, project: Callable[..., Path]
) -> None:
    goals = project(
        target_toml() + '\n[[targets.revisions]]\nsince = "2020-07"\nthreshold = 4.5\n'
        'reason = "Covid"\ndecided_by = "HR committee"\n'
    )
    result = run_cli(["run", "-c", str(goals), "-f", "json", "--as-of", "2021-01-01"], exit_code=0)
    [record] = json.loads(result.stdout)["results"]
    assert (record["status"], record["threshold"]) == ("pass", 4.5)
    assert record["revisions"] == [
        {
            "since": "2020-07",
            "threshold": 4.5,
            "reason": "Covid",
            "decided_by": "HR committee",
            "in_force": True,
        }
    ]
    # The day before: 4.19 is judged against the first threshold, under 4, and fails.
    before = run_cli(["run", "-c", str(goals), "-f", "json", "--as-of", "2020-06-30"], exit_code=1)
    [earlier] = json.loads(before.stdout)["results"]
    assert (earlier["status"], earlier["threshold"], earlier["revisions"][0]["in_force"]) == (
        "fail",
        4,
        False,
    )


def test_a_revision_is_checked_as_a_threshold_is(
    run_cli: RunCli, project: Callable[..., Path]
) -> None:
    goals = project(
        target_toml() + '\n[[targets.revisions]]\nsince = "2020-07"\nthreshold = 140\n'
        'reason = "r"\ndecided_by = "b"\n'
    )
    result = run_cli(["run", "-c", str(goals)], exit_code=2)
    assert result.stderr == (
        f"{goals}:20: error: targets[0].revisions[0].threshold: threshold 140 is out of range for"
        " unit '%', which admits 0 to 100\n"
    )
