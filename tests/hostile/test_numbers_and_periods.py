"""Numbers and periods: bounded, canonical, and never misread into a different verdict."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import junitparser
import pytest

from conftest import DATA, RunCli, make_entity, make_metric, make_target, target_toml
from goalcheck.engine import evaluate, judge
from goalcheck.figure_choice import pick_figure
from goalcheck.limits import NUMBER_LIMITS
from goalcheck.model import Entity, Goals, Indicator, Metric, Status
from goalcheck.period import Period

Project = Callable[..., Path]


def _data(figures: str) -> str:
    """The test data file with other figures for sick leave (on line 9)."""
    return DATA.replace("{ 2018 = 4.5, 2019 = 4.19 }", figures)


def _error(run_cli: RunCli, goals: Path) -> str:
    result = run_cli(["run", "-c", str(goals)], exit_code=2)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    return result.stderr.removesuffix("\n")


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ("{ 2019 = 1e31 }", f"1E+31 is out of range; {NUMBER_LIMITS}"),
        ("{ 2019 = -1e31 }", f"-1E+31 is out of range; {NUMBER_LIMITS}"),
        ("{ 2019 = 1e-31 }", f"1E-31 is out of range; {NUMBER_LIMITS}"),
        (
            "{ 2019 = 1.2345678901234567890123456789 }",
            f"1.2345678901234567890123456789 has 29 significant digits; {NUMBER_LIMITS}",
        ),
        (
            "{ 2019 = " + "9" * 1000 + " }",
            f"9.99999…e+999 has 1000 significant digits; {NUMBER_LIMITS}",
        ),
    ],
)
def test_a_figure_outside_the_limits_is_a_located_error(
    run_cli: RunCli, project: Project, figures: str, message: str
) -> None:
    goals = project(target_toml(), data=_data(figures))
    assert _error(run_cli, goals) == (
        f"data/figures.toml:9: error: metrics.sick_leave.figures.2019: {message}".replace(
            "data/", f"{goals.parent}/data/"
        )
    )


def test_a_threshold_outside_the_limits_is_a_located_error(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(target_toml(threshold=Decimal("1e-40")))
    assert _error(run_cli, goals) == (
        f"{goals}:13: error: targets[0].threshold: 1E-40 is out of range; {NUMBER_LIMITS}"
    )


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ('" 2019"', "invalid period ' 2019': no spaces around a period; write a year (2020), a"
         " half-year (2024-H1), a quarter (2024-Q3), a month (2024-04) or a date (2024-04-01)"),
        ('"2019 "', "invalid period '2019 ': no spaces around a period; write a year (2020), a"
         " half-year (2024-H1), a quarter (2024-Q3), a month (2024-04) or a date (2024-04-01)"),
        ('"٢٠١٩"', "invalid period '٢٠١٩': write its digits as 0-9"),
        ('"\uff12\uff10\uff11\uff19"',
         "invalid period '\uff12\uff10\uff11\uff19': write its digits as 0-9"),
        ('"2019-q4"', "invalid period '2019-q4'; write a year (2020), a half-year"
         " (2024-H1), a quarter (2024-Q3), a month (2024-04) or a date (2024-04-01)"),
        ('"0999"', "invalid period '0999': years run from 1000 to 9999"),
    ],
)  # fmt: skip
def test_a_period_key_is_canonical_or_an_error(
    run_cli: RunCli, project: Project, key: str, message: str
) -> None:
    goals = project(target_toml(), data=_data(f"{{ 2019 = 4.19, {key} = 3 }}"))
    shown = key.strip('"')
    path = f'"{shown}"' if shown != shown.strip() or not shown.isascii() else shown
    assert _error(run_cli, goals) == (
        f"{goals.parent}/data/figures.toml:9: error: metrics.sick_leave.figures.{path}: {message}"
    )


def test_two_keys_naming_one_period_are_an_error(run_cli: RunCli, project: Project) -> None:
    goals = project(target_toml(), data=_data('{ 2019 = 4.19, "2019" = 3 }'))
    assert _error(run_cli, goals) == (
        f"{goals.parent}/data/figures.toml:9:36: error: invalid TOML: Duplicate inline table"
        " key '2019'"
    )


def test_a_date_time_where_a_period_is_expected_is_an_error(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(target_toml(period=None) + "period = 2020-12-31T00:00:00\n")
    assert _error(run_cli, goals) == (
        f"{goals}:16: error: targets[0].period: expected a period, got the date-time"
        " 2020-12-31T00:00:00: write a date, not a date-time (2020-12-31)"
    )


# --- what every format shows of numbers at the edges ------------------------------------------

_EDGES = """\
[documents.report]
title = "Test report"

[metrics.staff]
label = "Staff"
unit = "people"
source = { document = "report", section = "Results" }
figures = { 2019 = 1e30 }

[metrics.tiny]
label = "A tiny share"
unit = "%"
source = { document = "report", section = "Results" }
figures = { 2019 = 0.000000001 }

[metrics.courses]
label = "Courses held"
unit = "count"
source = { document = "report", section = "Results" }
figures = { 2019 = 1 }
"""


@pytest.fixture
def edges(project: Project) -> Path:
    return project(
        target_toml(
            id="staff", metric="staff", condition=">=", threshold=Decimal("1e30"),
            unit="people",
        )
        + target_toml(id="tiny", metric="tiny", condition=">", threshold=0)
        + target_toml(
            id="courses", kind="progress", metric="courses", condition=None,
            threshold=Decimal("1e-30"), unit="count",
        ),
        data=_EDGES,
    )  # fmt: skip


def test_json_writes_the_numbers_judged_exactly(run_cli: RunCli, edges: Path) -> None:
    result = run_cli(["run", "-c", str(edges), "-f", "json", "--as-of", "2021-01-01"], exit_code=0)
    assert '"actual": 0.000000001,' in result.stdout
    document = json.loads(result.stdout, parse_float=Decimal)
    staff, tiny, courses = document["results"]
    assert staff["actual"] == staff["threshold"] == 10**30
    assert (tiny["actual"], tiny["margin"]) == (Decimal("1e-9"), Decimal("1e-9"))
    assert courses["threshold"] == Decimal("1e-30")
    assert courses["progress"] == 10**32
    assert [r["status"] for r in document["results"]] == ["pass", "pass", "pass"]


@pytest.mark.parametrize("output_format", ["table", "markdown", "csv", "junit", "github"])
def test_every_format_renders_numbers_at_the_edges(
    run_cli: RunCli, edges: Path, output_format: str
) -> None:
    result = run_cli(
        ["run", "-c", str(edges), "-f", output_format, "--as-of", "2021-01-01"],
        exit_code=0,
        env={"COLUMNS": "300"},  # wide enough for the grid, whose target column has the 1e-30
    )
    text = result.stdout
    if output_format == "csv":
        rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text))}
        assert rows["staff"]["actual"] == "1" + "0" * 30
        assert rows["tiny"]["actual"] == "0.000000001"
        assert rows["courses"]["threshold"] == "0." + "0" * 29 + "1"
    elif output_format == "junit":
        assert len(next(iter(junitparser.JUnitXml.fromstring(text)))) == 3
    elif output_format == "github":
        assert text.endswith("goalcheck: 3 pass, 0 warn, 0 fail, 0 waived, 0 pending, 0 no data"
                             " (as of 2021-01-01)\n")  # fmt: skip
    else:
        assert "1" + "0" * 30 + (" people" if output_format == "table" else "") in text
        assert "0.000000001" in text
        assert "0." + "0" * 29 + "1" in text


# --- nothing is misread ------------------------------------------------------------------------


def test_an_annual_target_uses_the_annual_figure_over_a_quarter_ending_the_same_day() -> None:
    metric = make_metric({"2019-Q4": "3.5", "2019": "4.5"})
    annual = pick_figure(metric.figures, Period.parse("2020"))
    assert annual == (Period.parse("2019"), Decimal("4.5"), False)
    quarterly = pick_figure(metric.figures, Period.parse("2020-Q4"))
    assert quarterly == (Period.parse("2019-Q4"), Decimal("3.5"), False)
    [result] = judge(_entity(metric), make_target(), date(2021, 1, 1))
    assert (result.status, result.actual, str(result.actual_period)) == (
        Status.FAIL,
        Decimal("4.5"),
        "2019",
    )


def test_an_indicator_shows_the_annual_figure_over_a_quarter_ending_the_same_day() -> None:
    metric = make_metric({"2019-Q4": "3.5", "2019": "4.5"})
    indicator = Indicator(
        id="i", entity="acme", area="x", objective=None, label="I", metric="m", file="g.toml"
    )
    entity = replace(_entity(metric), indicators=(indicator,))
    report = evaluate(Goals(entities=(entity,)), date(2021, 1, 1))
    assert (report.indicators[0].value, str(report.indicators[0].period)) == (
        Decimal("4.5"),
        "2019",
    )


def test_a_change_target_whose_base_period_has_not_ended_is_pending() -> None:
    metric = make_metric({"2018": "50"}, unit="t CO2")
    target = make_target(
        unit="t CO2", threshold=None, condition="<=",
        change={"base_period": "2024", "percent": "-70"}, period="2030",
    )  # fmt: skip
    [result] = judge(_entity(metric), target, date(2024, 6, 1))
    assert (result.status, result.reason) == (
        Status.PENDING,
        "the base period 2024 has not ended yet (as of 2024-06-01)",
    )
    [later] = judge(_entity(metric), target, date(2025, 6, 1))
    assert (later.status, later.reason) == (Status.PENDING, "no figure for the base period 2024")
    [overdue] = judge(_entity(metric), target, date(2031, 6, 1))
    assert (overdue.status, overdue.reason) == (
        Status.NO_DATA,
        "no figure for the base period 2024",
    )


def test_a_derived_metric_judged_on_an_earlier_period_says_which_component_lacks_which() -> None:
    short = make_metric({"2018": "1.5", "2019": "1.4"}, metric_id="short")
    long = make_metric({"2018": "2.5"}, metric_id="long")
    total = Metric(
        id="m", label="Total", label_da=None, unit="%", sources=short.sources,
        figures={Period.parse("2018"): Decimal("4.0")}, formula="short + long",
        components=("short", "long"),
    )  # fmt: skip
    [result] = judge(
        _entity(total, short, long), make_target(threshold=Decimal(5)), date(2021, 1, 1)
    )
    assert (result.status, str(result.actual_period), result.reason) == (
        Status.PASS,
        "2018",
        "judged on 2018: long has no figure for 2019",
    )
    none = replace(total, figures={})
    long_later = make_metric({"2019": "2.5"}, metric_id="long")
    short_earlier = make_metric({"2018": "1.5"}, metric_id="short")
    [empty] = judge(_entity(none, short_earlier, long_later), make_target(), date(2021, 1, 1))
    assert (empty.status, empty.reason) == (
        Status.NO_DATA,
        "no figure for 2020 or an earlier period: short has no figure for 2019",
    )


def _entity(*metrics: Metric) -> Entity:
    return make_entity(metrics)
