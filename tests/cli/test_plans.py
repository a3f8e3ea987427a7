"""Region Hovedstaden's plan through the command line, as the issue's user would run it."""

from __future__ import annotations

import json

from conftest import REPO, RunCli

REGION = ["--config", str(REPO / "goals.toml"), "--entity", "region-hovedstaden"]


def test_the_plan_as_the_region_saw_it_in_may_2024(run_cli: RunCli) -> None:
    result = run_cli(["run", *REGION, "--format", "json", "--as-of", "2024-05-01"], exit_code=1)
    document = json.loads(result.stdout)
    assert document["as_of"] == "2024-05-01"
    assert [e["id"] for e in document["entities"]] == ["region-hovedstaden"]
    assert document["entities"][0]["status_date"] == "2024-04"

    initiatives = document["initiatives"]
    assert len(initiatives) == 18
    statuses = [i["status"] for i in initiatives]
    assert (statuses.count("started"), statuses.count("completed")) == (10, 8)

    statuses_by_id = {r["id"]: (r["kind"], r["status"], r["margin"]) for r in document["results"]}
    assert statuses_by_id == {
        "initiatives-per-objective/1": ("portfolio", "pass", 9),
        "initiatives-per-objective/2": ("portfolio", "pass", 0),
        "initiatives-per-objective/3": ("portfolio", "pass", 1),
        "initiatives-per-objective/4": ("portfolio", "pass", 0),
        "initiatives-per-objective/5": ("portfolio", "pass", 2),
        "youth-summit-held": ("milestone", "pass", 103),
        "revised-wellbeing-survey": ("milestone", "pending", 152),
        "focused-education-days-2024": ("progress", "pending", -3),
        "fellows-per-year": ("threshold", "pending", None),
        "shift-work-plans": ("milestone", "fail", -30),
        "shift-work-evaluation": ("milestone", "pending", 609),
        "exit-analysis-introduced": ("milestone", "pass", 92),
        "leadership-principles-formulated": ("milestone", "fail", -91),
        "new-clinical-supervisors": ("progress", "pending", None),
        "supervisors-in-programme": ("progress", "pending", None),
    }
    assert document["summary"] == {
        "pass": 7,
        "warn": 0,
        "fail": 2,
        "waived": 0,
        "pending": 6,
        "no_data": 0,
    }
    days = next(r for r in document["results"] if r["id"] == "focused-education-days-2024")
    assert (days["actual"], days["threshold"], days["progress"]) == (1, 4, 25)

    metrics = {m["id"]: m for m in document["metrics"]}
    assert metrics["weekly_hours_nurses"]["figures"] == [
        {"period": "2024-03-05", "value": 33.5, "note": None}
    ]
    assert metrics["departments_with_wellbeing_interventions"]["figures"][0]["value"] == 47
    indicators = {i["id"]: (i["value"], i["period"]) for i in document["indicators"]}
    assert indicators["full-time-social-health-workers"][1] == "2024-03-05"
    assert round(indicators["full-time-social-health-workers"][0], 2) == 83.78

    assert [
        (w["initiative"], w["file"].endswith("region-hovedstaden.toml"))
        for w in document["warnings"]
    ] == [("exit-analysis", True), ("clinical-supervisors-pool", True)]
    objectives = document["entities"][0]["objectives"]
    assert [(o["number"], o["initiatives"], o["completed"]) for o in objectives] == [
        (1, 10, 3),
        (2, 1, 1),
        (3, 2, 1),
        (4, 1, 1),
        (5, 3, 2),
    ]
    assert objectives[4]["completed_share"] == 66.67


def test_later_the_milestones_that_were_pending_have_failed(run_cli: RunCli) -> None:
    result = run_cli(["run", *REGION, "--format", "json", "--as-of", "2026-01-01"], exit_code=1)
    statuses = {r["id"]: r["status"] for r in json.loads(result.stdout)["results"]}
    assert statuses["revised-wellbeing-survey"] == "fail"
    assert statuses["shift-work-evaluation"] == "fail"
    assert statuses["focused-education-days-2024"] == "fail"
    assert statuses["new-clinical-supervisors"] == "no_data"


def test_the_table_shows_both_entities_initiatives_and_warnings(run_cli: RunCli) -> None:
    result = run_cli(["run", "--as-of", "2024-05-01"], exit_code=1, cwd=REPO)
    lines = result.stdout.splitlines()
    assert "Aleris-Hamlet (as of 2024-05-01)" in lines
    assert "Region Hovedstaden (status 2024-04, as of 2024-05-01)" in lines
    rows = {line.split()[0]: line.split() for line in lines if line.startswith(" ")}
    assert rows["senior-framework-agreement"][1:] == ["priority", "2022", "started"]
    assert rows["onboarding"][1:] == ["priority", "2024", "completed"]
    assert rows["shift-work-plans"][1:] == ["not", "done", "FAIL", "-30", "d"]
    assert rows["revised-wellbeing-survey"][1:] == ["not", "done", "PENDING", "+152", "d"]
    assert any(line.startswith(" 3. Sammen om vagtarbejde (Together") for line in lines)
    assert max(len(line) for line in lines if ": warning: " not in line) <= 80
    summary = lines[lines.index(next(x for x in lines if x.startswith("30 targets")))]
    assert summary.startswith("30 targets: 11 pass, 8 fail, 6 pending, 5 no data")
    assert lines[-2:] == [
        "data/region-hovedstaden.toml:88: warning: initiatives.exit-analysis: says it supports"
        " objective 3 but names it 'God jobstart'; objective 3 is 'Sammen om vagtarbejde', and"
        " 'God jobstart' is objective 4",
        "data/region-hovedstaden.toml:193: warning: initiatives.clinical-supervisors-pool:"
        " names no objective (målsætning) it supports",
    ]


def test_validate_reports_warnings_on_stderr_and_exits_0(run_cli: RunCli) -> None:
    result = run_cli(["validate", *REGION], exit_code=0)
    assert result.stdout.endswith(
        ": ok: 1 entity, 11 targets, 30 metrics, 25 figures, 18 initiatives, 2 warnings\n"
    )
    assert result.stderr.count(": warning: ") == 2
