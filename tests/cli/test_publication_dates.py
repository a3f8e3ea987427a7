"""A figure that takes its document's publication day: the document cannot be published
before what the figure covers has ended, just as a figure's own published cannot be."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import RunCli, target_toml

Project = Callable[..., Path]

DOCUMENT = """\
[documents.report]
title = "Acme interim report"
published = "2024-05-15"
"""


def _error(run_cli: RunCli, goals: Path) -> str:
    result = run_cli(["validate", "--config", str(goals)], exit_code=2)
    assert result.stdout == ""
    return str(result.stderr).replace(str(goals.parent) + "/", "")


def test_a_years_figure_in_a_document_published_in_may_is_bad_input(
    run_cli: RunCli, project: Project
) -> None:
    data = DOCUMENT + (
        '\n[metrics.sick_leave]\nlabel = "Sick leave"\nunit = "%"\n'
        'source = { document = "report", section = "HR" }\nfigures = { 2024 = 4.1 }\n'
    )
    assert _error(run_cli, project(target_toml(), data=data)) == (
        "data/figures.toml:9: error: metrics.sick_leave.figures.2024: its document 'report' is"
        " published 2024-05-15, before the end of 2024 (2024-12-31); give the figure its own"
        " published day, or through for a figure of part of the period\n"
    )


def test_an_observation_so_far_or_with_its_own_day_is_fine(
    run_cli: RunCli, project: Project
) -> None:
    data = DOCUMENT + (
        '\n[metrics.sick_leave]\nlabel = "Sick leave"\nunit = "%"\n'
        'source = { document = "report", section = "HR" }\n'
        "\n[[metrics.sick_leave.observations]]\nperiod = 2024\nvalue = 4.1\n"
        'through = "2024-04"\n'
        "\n[[metrics.sick_leave.observations]]\nperiod = 2023\nvalue = 4.3\n"
    )
    run_cli(["validate", "--config", str(project(target_toml(), data=data))], exit_code=0)
    early = data.replace('through = "2024-04"\n', "")
    assert _error(run_cli, project(target_toml(), data=early)).startswith(
        "data/figures.toml:10: error: metrics.sick_leave.observations[0]: its document 'report'"
        " is published 2024-05-15, before the end of 2024 (2024-12-31);"
    )


def test_a_table_row_is_located_by_its_cell(run_cli: RunCli, project: Project) -> None:
    data = DOCUMENT + (
        '\n[metrics.sick_leave]\nlabel = "Sick leave"\nunit = "%"\n'
        'source = { document = "report", section = "HR" }\n'
        '\n[[tables]]\nfile = "figures.csv"\ncolumns = { metric = "metric", period = "period",'
        ' value = "value" }\n'
    )
    goals = project(target_toml(), data=data)
    (goals.parent / "data" / "figures.csv").write_text(
        "metric,period,value\nsick_leave,2023,4.3\nsick_leave,2024,4.1\n", encoding="utf-8"
    )
    assert _error(run_cli, goals) == (
        "data/figures.csv:C3: error: its document 'report' is published 2024-05-15, before the"
        " end of 2024 (2024-12-31); give the figure its own published day, or through for a"
        " figure of part of the period\n"
    )
