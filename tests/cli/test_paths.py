"""A target's baseline and the path and trend told beside its verdict, as a user sees them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import DATA, RunCli, target_toml

Project = Callable[..., Path]


def test_a_baseline_gives_a_path_in_the_json_and_a_note(run_cli: RunCli, project: Project) -> None:
    # DATA: sick leave 4.5 % in 2018, 4.19 % in 2019; the target: under 4 % by 2020.
    target = target_toml(baseline={"period": "2017", "value": 4.8})
    goals = project(target, data=DATA)
    args = ["run", "--config", str(goals), "--as-of", "2020-06-01"]
    (result,) = json.loads(run_cli([*args, "--format", "json"], exit_code=1).stdout)["results"]
    assert (result["status"], result["final"], result["actual"]) == ("fail", False, 4.19)
    assert result["path"] == {
        "baseline_period": "2017",
        "baseline_value": 4.8,
        "figure_period": "2019",
        "expected": 4.27,
        "on_track": True,  # under the path, for an "under" goal
        "distance": 0.08,
    }
    assert result["projection"] is None  # two figures make no trend
    markdown = run_cli([*args, "--format", "markdown"], exit_code=1).stdout
    assert (
        "on track: ahead of the path from 4.8 % in 2017 by 0.08 % (the path is at 4.27 % for"
        " 2019)" in markdown
    )


def test_behind_the_path_is_off_track(run_cli: RunCli, project: Project) -> None:
    goals = project(target_toml(baseline={"period": "2017", "value": 4.3}), data=DATA)
    args = ["run", "--config", str(goals), "--as-of", "2020-06-01", "--format", "json"]
    (result,) = json.loads(run_cli(args, exit_code=1).stdout)["results"]
    assert (result["path"]["expected"], result["path"]["on_track"], result["path"]["distance"]) == (
        4.1,
        False,
        -0.09,
    )
    assert result["status"] == "fail"  # the same verdict: the path is told, not judged


def test_a_baseline_must_come_before_the_due_period(run_cli: RunCli, project: Project) -> None:
    goals = project(target_toml(baseline={"period": "2020", "value": 4.8}), data=DATA)
    result = run_cli(["validate", "--config", str(goals)], exit_code=2)
    assert result.stderr == (
        f"{goals}:17: error: targets[0].baseline.period: the baseline 2020 must end before the"
        " due period 2020\n"
    )
