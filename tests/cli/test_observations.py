"""Figures with a history, as a user runs goalcheck on them: restatements, sources that
disagree, year-to-date figures, and the long form's errors."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import DISAGREEING, RunCli, target_toml

Project = Callable[..., Path]

RESTATED_CO2 = """\
[documents.pd-2020]
title = "Example A/S annual report 2020"
published = 2021-03-01

[documents.pd-2024]
title = "Example A/S annual report 2024"
published = 2025-02-20

[metrics.scope2]
label = "Scope 2 emissions"
unit = "t CO2"
source = { document = "pd-2020", section = "CO2-regnskab" }
figures = { 2020 = 56 }

[[metrics.scope2.observations]]
period = 2020
value = 58
source = { document = "pd-2024", section = "CO2-regnskab", page = 31, url = "https://example.org" }
"""
AT_MOST_57_T = target_toml(
    id="scope2-2020",
    area="climate",
    label="Scope 2 emissions",
    statement_da="Scope 2-udledningen højst 57 ton i 2020",
    metric="scope2",
    condition="<=",
    threshold=57,
    unit="t CO2",
    period="2020",
    source={"document": "pd-2020", "section": "CO2-regnskab"},
)


def _run(run_cli: RunCli, goals: Path, as_of: str, *more: str, exit_code: int) -> str:
    args = ["run", "--config", str(goals), "--as-of", as_of, *more]
    return str(run_cli(args, exit_code=exit_code).stdout)


def _result(run_cli: RunCli, goals: Path, as_of: str, exit_code: int) -> dict[str, Any]:
    document = json.loads(_run(run_cli, goals, as_of, "--format", "json", exit_code=exit_code))
    first: dict[str, Any] = document["results"][0]
    return first


def _rows(text: str) -> list[str]:
    """The lines of a table between its rule and the summary, without trailing space."""
    lines = [line.rstrip() for line in text.splitlines()]
    start = next(i for i, line in enumerate(lines) if "──" in line)
    return [line for line in lines[start + 1 :] if line][:-1]


# A restatement


def test_validate_counts_a_restated_figure_once_and_both_its_observations(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(AT_MOST_57_T, data=RESTATED_CO2)
    result = run_cli(["validate", "--config", str(goals)], exit_code=0)
    assert result.stdout == (
        f"{goals}: ok: 1 entity, 1 target, 1 metric, 1 figure (2 observations),"
        " 0 initiatives, 0 warnings\n"
    )


def test_the_day_before_the_restatement_the_first_figure_passes(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(AT_MOST_57_T, data=RESTATED_CO2)
    assert _rows(_run(run_cli, goals, "2025-02-19", exit_code=0)) == [
        " Climate",
        " scope2-2020                               56 t     PASS          +1",
        " Scope 2 emissions: at most 57 t by 2020   (2020)   final",
    ]


def test_on_the_day_of_the_restatement_it_fails_and_names_what_it_replaced(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(AT_MOST_57_T, data=RESTATED_CO2)
    assert _rows(_run(run_cli, goals, "2025-02-20", exit_code=1)) == [
        " Climate",
        " scope2-2020                                          58 t     FAIL          -1",
        " Scope 2 emissions: at most 57 t by 2020              (2020)   final",
        " restated: was 56 t in Example A/S annual report",
        " 2020 (published 2021-03-01)",
    ]
    result = _result(run_cli, goals, "2025-02-20", exit_code=1)
    report_2020 = {
        "document": "Example A/S annual report 2020",
        "section": "CO2-regnskab",
        "page": None,
        "file": None,
        "url": None,
        "cell": None,
    }
    report_2024 = {
        "document": "Example A/S annual report 2024",
        "section": "CO2-regnskab",
        "page": 31,
        "file": None,
        "url": "https://example.org",
        "cell": None,
    }
    assert (result["actual"], result["actual_published"], result["actual_through"]) == (
        58,
        "2025-02-20",
        None,
    )
    assert result["restated"] == [
        {
            "metric": "scope2",
            "period": "2020",
            "value": 56,
            "published": "2021-03-01",
            "sources": [report_2020],
        }
    ]
    assert result["disagreements"] == []
    assert result["sources"] == [report_2020, report_2024]


def test_before_the_first_report_was_published_nothing_is_known(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(AT_MOST_57_T, data=RESTATED_CO2)
    before = _result(run_cli, goals, "2021-02-28", exit_code=0)
    on = _result(run_cli, goals, "2021-03-01", exit_code=0)
    assert (before["status"], before["reason"]) == (
        "no_data",
        "no figure for 2020 or an earlier period",
    )
    assert (on["status"], on["actual"], on["restated"]) == ("pass", 56, [])


def test_the_json_keeps_every_observation(run_cli: RunCli, project: Project) -> None:
    goals = project(AT_MOST_57_T, data=RESTATED_CO2)
    document = json.loads(_run(run_cli, goals, "2021-03-01", "--format", "json", exit_code=0))
    (metric,) = document["metrics"]
    assert [(f["period"], f["value"], f["published"], f["through"]) for f in metric["figures"]] == [
        ("2020", 56, "2021-03-01", None),
        ("2020", 58, "2025-02-20", None),
    ]
    assert metric["figures"][1]["sources"][0]["url"] == "https://example.org"


# Two sources that disagree


def _sick_leave_under(threshold: float) -> str:
    return target_toml(
        id="sick-leave",
        threshold=threshold,
        period="2017",
        source={"document": "hospital-2017", "section": "Mål"},
    )


def test_a_disagreement_that_flips_the_verdict_is_a_warning(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(_sick_leave_under(4.25), data=DISAGREEING)
    rows = _rows(_run(run_cli, goals, "2018-04-01", exit_code=1))
    assert rows[1].split()[:4] == ["sick-leave", "4.3", "%", "FAIL"]
    assert " ".join(row.strip() for row in rows[3:]) == (
        "warning: sources disagree: 4.2 % in Example Hospital:"
        " annual report 2017 (published 2018-03); on that figure the verdict would be pass"
    )
    result = _result(run_cli, goals, "2018-04-01", exit_code=1)
    assert [
        (d["value"], d["actual"], d["status"], d["verdict_differs"])
        for d in result["disagreements"]
    ] == [(4.2, 4.2, "pass", True)]


def test_a_disagreement_that_leaves_the_verdict_is_a_note(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(_sick_leave_under(5), data=DISAGREEING)
    markdown = _run(run_cli, goals, "2018-04-01", "--format", "markdown", exit_code=0)
    assert markdown.splitlines()[-1].endswith(
        "| sources disagree: 4.2 % in Example Hospital: annual report 2017 (published 2018-03) |"
    )
    result = _result(run_cli, goals, "2018-04-01", exit_code=0)
    assert [(d["status"], d["verdict_differs"]) for d in result["disagreements"]] == [
        ("pass", False)
    ]


def test_prefer_settles_a_disagreement_and_github_warns_of_it(
    run_cli: RunCli, project: Project
) -> None:
    data = DISAGREEING.replace('unit = "%"\n', 'unit = "%"\nprefer = "hospital-2017"\n')
    goals = project(_sick_leave_under(4.25), data=data)
    result = _result(run_cli, goals, "2018-04-01", exit_code=0)
    assert (result["status"], result["actual"]) == ("pass", 4.2)
    github = _run(run_cli, goals, "2018-04-01", "--format", "github", exit_code=0)
    assert github.splitlines()[0] == (
        f"::warning file={goals},line=6,title=goalcheck%3A sick-leave sources disagree::pass:"
        " 4.2 %25 (2017, final); target Sick leave: under 4.25 %25 by 2017; margin +0.05;"
        " warning: sources disagree: 4.3 %25 in Example Region: sick leave 2017"
        " (published 2018-03); on that figure the verdict would be fail"
    )


# Year to date

COURSES = """\
[documents.report]
title = "Status report"

[metrics.courses_held]
label = "Courses held"
unit = "count"
source = { document = "report", section = "Kurser" }

[[metrics.courses_held.observations]]
period = 2024
value = {value}
through = 2024-09-30
"""
AT_LEAST_4_COURSES = target_toml(
    id="courses-2024",
    kind="progress",
    label="Courses held",
    statement_da="Mindst fire kurser i 2024",
    metric="courses_held",
    condition=None,
    threshold=4,
    unit="count",
    period="2024",
    source={"document": "report", "section": "Mål"},
)


def test_a_year_to_date_count_that_reaches_the_goal_passes_early(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(AT_LEAST_4_COURSES, data=COURSES.replace("{value}", "5"))
    assert _rows(_run(run_cli, goals, "2024-10-15", exit_code=0)) == [
        " Employees",
        " courses-2024                      5                           PASS          +1",
        " Courses held: at least 4 by       125 % done                  final",
        " 2024                              (2024 through 2024-09-30)",
    ]


@pytest.mark.parametrize(
    ("as_of", "status"), [("2024-10-15", "pending"), ("2025-01-15", "no_data")]
)
def test_a_year_to_date_count_short_of_the_goal_never_fails_it(
    run_cli: RunCli, project: Project, as_of: str, status: str
) -> None:
    goals = project(AT_LEAST_4_COURSES, data=COURSES.replace("{value}", "2"))
    result = _result(run_cli, goals, as_of, exit_code=0)
    assert (result["status"], result["actual"], result["reason"]) == (
        status,
        None,
        "the latest figure, 2 for 2024, covers 2024 only through 2024-09-30",
    )


# The long form's errors: located, one line, exit status 2


def _observation(**keys: object) -> str:
    lines = ["", "[[metrics.scope2.observations]]"]
    lines += [f"{key} = {value}" for key, value in keys.items()]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        (
            _observation(period=2020, value=-1),
            22,
            "metrics.scope2.observations[1].value: -1 is out of range for unit 't CO2',"
            " which admits 0 or more",
        ),
        (
            _observation(period=2020, value=1, through="2021-01-31"),
            23,
            "metrics.scope2.observations[1].through: through 2021-01-31 ends outside the period"
            " 2020 (2020-01-01 to 2020-12-31)",
        ),
        (
            _observation(period=2020, value=1, through="2019-12-31"),
            23,
            "metrics.scope2.observations[1].through: through 2019-12-31 ends outside the period"
            " 2020 (2020-01-01 to 2020-12-31)",
        ),
        (
            _observation(period=2020, value=1, published="2020-12-30"),
            23,
            "metrics.scope2.observations[1].published: published 2020-12-30 is before the end of"
            " 2020 (2020-12-31); for a figure of part of it, give through",
        ),
        (
            _observation(period=2020, value=1, through="2020-06-30", published="2020-06-29"),
            24,
            "metrics.scope2.observations[1].published: published 2020-06-29 is before through"
            " 2020-06-30",
        ),
        (
            _observation(period=2020, value=1, source='{ document = "pd-2023", section = "x" }'),
            23,
            "metrics.scope2.observations[1].source.document: unknown document 'pd-2023'"
            " (did you mean 'pd-2024'?); documents defined: pd-2020, pd-2024",
        ),
        (
            _observation(
                period=2020, value=1, source='{ document = "pd-2020", section = "x", url = "x" }'
            ),
            23,
            "metrics.scope2.observations[1].source.url: 'x' is not a valid value here: a url"
            " starts with http:// or https:// and has no spaces",
        ),
        (
            _observation(period=2020, value=1, throug="2020-06-30"),
            23,
            "metrics.scope2.observations[1].throug: unknown key 'throug' (did you mean 'through'?)",
        ),
    ],
)
def test_a_bad_observation_is_a_located_error(
    run_cli: RunCli, project: Project, extra: str, line: int, message: str
) -> None:
    goals = project(AT_MOST_57_T, data=RESTATED_CO2 + extra)
    result = run_cli(["validate", "--config", str(goals)], exit_code=2)
    assert result.stdout == ""
    assert result.stderr == f"{goals.parent / 'data' / 'figures.toml'}:{line}: error: {message}\n"


def test_prefer_names_a_document_that_exists(run_cli: RunCli, project: Project) -> None:
    data = RESTATED_CO2.replace('unit = "t CO2"\n', 'unit = "t CO2"\nprefer = "pd-202"\n')
    goals = project(AT_MOST_57_T, data=data)
    result = run_cli(["validate", "--config", str(goals)], exit_code=2)
    assert result.stderr == (
        f"{goals.parent / 'data' / 'figures.toml'}:12: error: metrics.scope2.prefer:"
        " unknown document 'pd-202' (did you mean 'pd-2024'?); documents defined: pd-2020,"
        " pd-2024\n"
    )


def test_a_formula_metric_has_no_observations(run_cli: RunCli, project: Project) -> None:
    data = RESTATED_CO2 + (
        '\n[metrics.double]\nlabel = "Twice"\nunit = "t CO2"\n'
        'source = { document = "pd-2020", section = "x" }\nformula = "scope2 * 2"\n'
        "\n[[metrics.double.observations]]\nperiod = 2020\nvalue = 1\n"
    )
    goals = project(AT_MOST_57_T, data=data)
    result = run_cli(["validate", "--config", str(goals)], exit_code=2)
    assert result.stderr == (
        f"{goals.parent / 'data' / 'figures.toml'}:26: error: metrics.double.observations:"
        " a metric has either observations or a formula, not both\n"
    )


def test_a_derived_figure_in_the_json_is_published_when_its_last_metric_was(
    run_cli: RunCli, project: Project
) -> None:
    data = RESTATED_CO2 + (
        '\n[metrics.double]\nlabel = "Twice"\nunit = "t CO2"\n'
        'source = { document = "pd-2020", section = "x" }\nformula = "scope2 * 2"\n'
    )
    goals = project(AT_MOST_57_T, data=data)
    document = json.loads(_run(run_cli, goals, "2025-06-01", "--format", "json", exit_code=1))
    double = next(m for m in document["metrics"] if m["id"] == "double")
    assert double["figures"] == [
        {
            "period": "2020",
            "group": None,
            "value": 116,  # on the restated 58 t, as finally known
            "note": None,
            "published": "2025-02-20",
            "through": None,
            "sources": [
                {
                    "document": "Example A/S annual report 2024",
                    "section": "CO2-regnskab",
                    "page": 31,
                    "file": None,
                    "url": "https://example.org",
                    "cell": None,
                }
            ],
        }
    ]


def test_a_note_for_an_observation_s_period_says_where_the_note_goes(
    run_cli: RunCli, project: Project
) -> None:
    data = RESTATED_CO2.replace("figures = { 2020 = 56 }", 'notes = { 2020 = "restated" }')
    goals = project(AT_MOST_57_T, data=data)
    result = run_cli(["validate", "--config", str(goals)], exit_code=2)
    assert result.stderr == (
        f"{goals.parent / 'data' / 'figures.toml'}:13: error: metrics.scope2.notes.2020:"
        " notes go with figures, and 2020 is an observation: give the observation its own"
        " note\n"
    )
