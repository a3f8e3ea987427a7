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
        # The status's figures count from its publication, recorded as "2024": from 31
        # December 2024 (before the publication rule of issue 8: 1 of 4 held, margin -3).
        "focused-education-days-2024": ("progress", "pending", None),
        "fellows-per-year": ("threshold", "pending", None),
        # Due 1 April; the status of about April 2024 does not say: no evidence either way.
        "shift-work-plans": ("milestone", "no_data", None),
        "shift-work-evaluation": ("milestone", "pending", 609),
        "exit-analysis-introduced": ("milestone", "pass", 92),  # launched 2022-09
        "leadership-principles-formulated": ("milestone", "fail", -91),
        "new-clinical-supervisors": ("progress", "pending", None),
        "supervisors-in-programme": ("progress", "pending", None),
    }
    assert document["summary"] == {
        "pass": 7,
        "warn": 0,
        "fail": 1,
        "waived": 0,
        "pending": 6,
        "no_data": 1,
    }
    late = next(r for r in document["results"] if r["id"] == "leadership-principles-formulated")
    assert (late["margin"], late["margin_range"], late["actual_period"]) == (
        -91,
        [-91, -1],
        "2024-Q1",
    )
    exit_analysis = next(r for r in document["results"] if r["id"] == "exit-analysis-introduced")
    assert exit_analysis["margin_range"] == [92, 121]
    days = next(r for r in document["results"] if r["id"] == "focused-education-days-2024")
    assert (days["actual"], days["threshold"], days["progress"]) == (None, 4, None)
    assert days["reason"] == "no figure for 2024 or an earlier period"

    metrics = {m["id"]: m for m in document["metrics"]}
    (nurses,) = metrics["weekly_hours_nurses"]["figures"]
    assert {key: nurses[key] for key in ("period", "value", "note", "published", "through")} == {
        "period": "2024-03-05",
        "value": 33.5,
        "note": None,
        "published": "2024",
        "through": None,
    }
    assert metrics["departments_with_wellbeing_interventions"]["figures"][0]["value"] == 47
    # Not yet published on 2024-05-01 (see above), so the indicators show nothing yet.
    indicators = {i["id"]: (i["value"], i["period"]) for i in document["indicators"]}
    assert indicators["full-time-social-health-workers"] == (None, None)
    later = run_cli(["run", *REGION, "--format", "json", "--as-of", "2024-12-31"], exit_code=1)
    indicators = {
        i["id"]: (i["value"], i["period"]) for i in json.loads(later.stdout)["indicators"]
    }
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


def test_later_the_milestones_due_after_the_status_have_no_data_not_fail(
    run_cli: RunCli,
) -> None:
    """The document is a 2024 snapshot: its silence about what was due later is not failure."""
    result = run_cli(["run", *REGION, "--format", "json", "--as-of", "2026-01-01"], exit_code=1)
    results = {r["id"]: r for r in json.loads(result.stdout)["results"]}
    assert {key: results[key]["status"] for key in results if not key.startswith("init")} == {
        "youth-summit-held": "pass",
        "revised-wellbeing-survey": "no_data",
        "focused-education-days-2024": "no_data",
        "fellows-per-year": "no_data",
        "shift-work-plans": "no_data",
        "shift-work-evaluation": "no_data",
        "exit-analysis-introduced": "pass",
        "leadership-principles-formulated": "fail",  # the one failure: late by 1-91 days
        "new-clinical-supervisors": "no_data",
        "supervisors-in-programme": "no_data",
    }
    assert results["shift-work-evaluation"]["reason"] == "not reported since it was due (2025)"
    assert [r["id"] for r in results.values() if r["fails_run"]] == [
        "leadership-principles-formulated"
    ]
    assert {
        key: results[key]["severity"] for key in results if results[key]["severity"] != "error"
    } == {
        "revised-wellbeing-survey": "warn",
        "focused-education-days-2024": "warn",
        "fellows-per-year": "info",
        "new-clinical-supervisors": "info",
        "supervisors-in-programme": "warn",
    }


def test_the_table_shows_both_entities_initiatives_and_warnings(run_cli: RunCli) -> None:
    result = run_cli(["run", "--as-of", "2024-05-01"], exit_code=1, cwd=REPO)
    lines = result.stdout.splitlines()
    assert "Aleris-Hamlet (as of 2024-05-01)" in lines
    assert "Region Hovedstaden (status 2024-04, as of 2024-05-01)" in lines
    rows = {line.split()[0]: line.split() for line in lines if line.startswith(" ")}
    assert rows["senior-framework-agreement"][1:] == ["priority", "2022", "started"]
    assert rows["onboarding"][1:] == ["priority", "2024", "completed"]
    assert rows["shift-work-plans"][1:] == ["not", "done", "NO", "DATA"]
    assert rows["revised-wellbeing-survey"][1:] == ["not", "done", "PENDING", "+152", "d"]
    assert any(line.startswith(" 3. Sammen om vagtarbejde (Together") for line in lines)
    assert max(len(line) for line in lines if ": warning: " not in line) <= 80
    summary = lines[lines.index(next(x for x in lines if x.startswith("30 targets")))]
    assert summary.startswith("30 targets: 11 pass, 7 fail, 6 pending, 6 no data")
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
        ": ok: 1 entity, 11 targets, 30 metrics, 25 figures (19 observations),"
        " 18 initiatives, 2 warnings\n"
    )
    assert result.stderr.count(": warning: ") == 2
