"""Figures per group and targets in each group: ``for_each``, ``where``, the matrix, tallies."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli, target_toml

Project = Callable[..., Path]

DATA = """\
[documents.report]
title = "Report"
published = 2024-02-01

[metrics.bullying]
label = "Bullied"
unit = "%"
groups = ["hospital"]
source = { document = "report", section = "Trivsel" }
figures = { 2023 = 1.5 }

[[metrics.bullying.observations]]
period = 2023
value = 0
group = { hospital = "Søborg" }

[[metrics.bullying.observations]]
period = 2023
value = 2
group = { hospital = "Hvidovre" }

[metrics.staff]
label = "Staff"
unit = "people"
groups = ["hospital"]
source = { document = "report", section = "Staff" }

[[metrics.staff.observations]]
period = 2023
value = 100
group = { hospital = "Søborg" }

[metrics.agency]
label = "Agency staff"
unit = "people"
groups = ["hospital"]
source = { document = "report", section = "Staff" }

[[metrics.agency.observations]]
period = 2023
value = 5
group = { hospital = "Søborg" }

[[metrics.agency.observations]]
period = 2023
value = 7
group = { hospital = "Hvidovre" }

[metrics.all_staff]
label = "All staff"
unit = "people"
source = { document = "report", section = "Staff" }
formula = "staff + agency"
"""


def _target(**overrides: object) -> str:
    fields: dict[str, object] = {
        "id": "no-bullying",
        "label": "Nobody bullied",
        "metric": "bullying",
        "condition": "==",
        "threshold": 0,
        "unit": "%",
        "period": "2023",
    }
    return target_toml(**{**fields, **overrides})


def _json(run_cli: RunCli, goals: Path, exit_code: int) -> dict[str, Any]:
    args = ["run", "--config", str(goals), "--as-of", "2024-06-01", "--format", "json"]
    document: dict[str, Any] = json.loads(run_cli(args, exit_code=exit_code).stdout)
    return document


def _error(run_cli: RunCli, goals: Path) -> str:
    result = run_cli(["validate", "--config", str(goals)], exit_code=2)
    return str(result.stderr).replace(str(goals.parent) + "/", "").rstrip("\n")


def test_for_each_judges_every_group_and_where_one(run_cli: RunCli, project: Project) -> None:
    targets = _target(for_each="hospital") + _target(
        id="soborg", where={"hospital": "Søborg"}
    ) + _target(id="whole")  # fmt: skip
    document = _json(run_cli, project(targets, data=DATA), exit_code=1)
    assert [(r["id"], r["status"], r["actual"], r["group"]) for r in document["results"]] == [
        ("no-bullying[hospital=Hvidovre]", "fail", 2, {"hospital": "Hvidovre"}),
        ("no-bullying[hospital=Søborg]", "pass", 0, {"hospital": "Søborg"}),
        ("soborg", "pass", 0, {"hospital": "Søborg"}),
        ("whole", "fail", 1.5, None),
    ]
    assert [(g["target"], g["count"], g["text"]) for g in document["groups"]] == [
        ("no-bullying", 2, "1 of 2 hospitals fail")
    ]


def test_every_figure_in_the_json_says_which_group_it_is_for(
    run_cli: RunCli, project: Project
) -> None:
    document = _json(run_cli, project(_target(id="whole"), data=DATA), exit_code=1)
    metrics = {m["id"]: m for m in document["metrics"]}
    assert [(f["period"], f["group"], f["value"]) for f in metrics["bullying"]["figures"]] == [
        ("2023", None, 1.5),
        ("2023", {"hospital": "Søborg"}, 0),
        ("2023", {"hospital": "Hvidovre"}, 2),
    ]
    # A formula's figures are listed for the whole only.
    assert [f["group"] for f in metrics["all_staff"]["figures"]] == []


def test_a_derived_metric_is_judged_in_the_groups_all_its_metrics_have(
    run_cli: RunCli, project: Project
) -> None:
    target = _target(id="staffed", metric="all_staff", unit="people", condition=">=",
                     threshold=100, for_each="hospital")  # fmt: skip
    document = _json(run_cli, project(target, data=DATA), exit_code=0)
    assert [(r["id"], r["status"], r["actual"]) for r in document["results"]] == [
        ("staffed[hospital=Søborg]", "pass", 105),  # Hvidovre has no staff figure
    ]


def test_no_group_with_figures_is_no_data_once_due(run_cli: RunCli, project: Project) -> None:
    staff = 'groups = ["hospital"]\nsource = { document = "report", section = "Staff" }'
    data = DATA.replace(staff, staff.replace('["hospital"]', '["hospital", "ward"]'))
    target = _target(metric="staff", unit="people", condition=">=", threshold=1, for_each="ward")
    (result,) = _json(run_cli, project(target, data=data), exit_code=0)["results"]
    assert (result["id"], result["status"], result["reason"]) == (
        "no-bullying",
        "no_data",
        "no ward has figures for staff",
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"for_each": "unit"}, "goals.toml:17: error: targets[0].for_each: metric 'bullying' is"
         " not broken down by 'unit' (its groups: 'hospital')"),
        ({"where": {"ward": "A"}}, "goals.toml:17: error: targets[0].where: metric 'bullying' is"
         " not broken down by 'ward' (its groups: 'hospital')"),
        ({"for_each": "hospital", "where": {"hospital": "Søborg"}}, "goals.toml:18: error:"
         " targets[0].where: for_each = 'hospital' judges every hospital: it cannot also be"
         " fixed in where"),
        ({"for_each": "Hospital"}, "goals.toml:17: error: targets[0].for_each: 'Hospital' is not"
         " a valid value here: a group's name is up to 50 lower-case letters, digits and"
         " underscores, from a letter"),
    ],
)  # fmt: skip
def test_a_target_on_groups_the_metric_lacks_is_an_error(
    run_cli: RunCli, project: Project, overrides: dict[str, object], message: str
) -> None:
    assert _error(run_cli, project(_target(**overrides), data=DATA)) == message


def test_an_observation_of_an_undeclared_group_is_an_error(
    run_cli: RunCli, project: Project
) -> None:
    data = DATA.replace('group = { hospital = "Hvidovre" }', 'group = { ward = "A" }')
    assert _error(run_cli, project(_target(), data=data)) == (
        "data/figures.toml:20: error: metrics.bullying.observations[1].group: the metric is not"
        " broken down by 'ward' (its groups: 'hospital'); add it to the metric's groups ="
        ' ["ward"]'
    )


def test_a_table_with_a_group_column(run_cli: RunCli, project: Project, tmp_path: Path) -> None:
    table = (
        '\n[[tables]]\nfile = "f.csv"\ncolumns = { metric = "m", period = "p", value = "v" }\n'
        'groups = { hospital = "Hospital" }\n'
    )
    goals = project(_target(for_each="hospital"), data=DATA + table)
    (tmp_path / "data" / "f.csv").write_text(
        "m,p,Hospital,v\nbullying,2023,Glostrup,0\nbullying,2023,\x1b[2J,1\n", encoding="utf-8"
    )
    assert _error(run_cli, goals).replace(str(tmp_path) + "/", "") == (
        "data/f.csv:C3: error: a hospital is 1 to 100 characters without control characters"
    )
    (tmp_path / "data" / "f.csv").write_text(
        "m,p,Hospital,v\nbullying,2023,Glostrup,0\n", encoding="utf-8"
    )
    document = _json(run_cli, goals, exit_code=1)
    assert [r["id"] for r in document["results"]] == [
        "no-bullying[hospital=Glostrup]",
        "no-bullying[hospital=Hvidovre]",
        "no-bullying[hospital=Søborg]",
    ]


def test_the_table_draws_a_matrix_and_falls_back_to_lines(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(_target(for_each="hospital"), data=DATA)
    args = ["run", "--config", str(goals), "--as-of", "2024-06-01"]
    wide = run_cli(args, exit_code=1, env={"COLUMNS": "100"}).stdout
    assert " Target        Hvidovre   Søborg\n" in wide
    assert " no-bullying      ✗         ✓\n" in wide
    assert "✓ pass  ! warn  ✗ fail  ~ waived  … pending  ? no data  · no figures" in wide
    assert wide.endswith("\n2 targets: 1 pass, 1 fail; no-bullying: 1 of 2 hospitals fail\n")
    narrow = run_cli(args, exit_code=1, env={"COLUMNS": "20"}).stdout
    assert "no-bullying: 1 of 2 hospitals fail: Hvidovre\n" in narrow


def test_a_group_value_is_inert_in_every_format(
    run_cli: RunCli, project: Project, tmp_path: Path
) -> None:
    hostile = "<script>alert(1)</script>|`"
    data = DATA.replace('"Hvidovre"', json.dumps(hostile))
    goals = project(_target(for_each="hospital"), data=data)
    args = ["run", "--config", str(goals), "--as-of", "2024-06-01", "--format"]
    markdown = run_cli([*args, "markdown"], exit_code=1).stdout
    # In a code span (the id) text is literal; elsewhere it is escaped.
    assert "``no-bullying[hospital=<script>alert(1)</script>\\|`]``" in markdown
    assert "(hospital \\<script\\>alert(1)\\</script\\>\\|\\`)" in markdown
    assert markdown.count("<script>") == 1
    junit = run_cli([*args, "junit"], exit_code=1).stdout
    assert "<script>" not in junit
    assert os.linesep not in hostile
