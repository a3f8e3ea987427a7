"""Units a data file declares under ``[units]``, as a user writes and runs them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import REPO, RunCli, target_toml

Project = Callable[..., Path]

BEDS = """\
[units.beds]
description = "hospital beds in use"
minimum = 0
maximum = 5000

[documents.report]
title = "Hospital report 2020"

[metrics.beds]
label = "Beds in use"
label_da = "Normerede senge"
unit = "beds"
source = { document = "report", section = "Kapacitet" }
figures = { 2019 = 120, 2020 = 95 }
"""


def _beds_target(**overrides: object) -> str:
    fields: dict[str, object] = {
        "id": "beds",
        "label": "Beds in use",
        "statement_da": "Mindst 100 senge",
        "metric": "beds",
        "condition": ">=",
        "threshold": 100,
        "unit": "beds",
        "period": "2019",
        "source": {"document": "report", "section": "Mål"},
    }
    return target_toml(**{**fields, **overrides})


def _error(run_cli: RunCli, goals: Path) -> str:
    result = run_cli(["validate", "--config", str(goals)], exit_code=2)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return str(lines[0])


def test_a_declared_unit_is_judged_and_shown_with_its_symbol(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(_beds_target() + _beds_target(id="beds-2020", period="2020"), data=BEDS)
    args = ["run", "--config", str(goals), "--as-of", "2021-06-01"]
    table = run_cli([*args, "--format", "markdown"], exit_code=1).stdout
    rows = [line for line in table.splitlines() if "beds" in line]
    assert rows == [
        "| ✅ pass | `beds` Beds in use: at least 100 beds by 2019 | 120 beds (2019, final)"
        " | +20 |  |",
        "| **❌ fail** | `beds-2020` Beds in use: at least 100 beds by 2020 | 95 beds (2020, final)"
        " | -5 |  |",
    ]
    document = json.loads(run_cli([*args, "--format", "json"], exit_code=1).stdout)
    assert [(r["id"], r["status"], r["unit"], r["margin"]) for r in document["results"]] == [
        ("beds", "pass", "beds", 20),
        ("beds-2020", "fail", "beds", -5),
    ]
    assert document["entities"][0]["units"] == [
        {"symbol": "beds", "description": "hospital beds in use", "minimum": 0, "maximum": 5000}
    ]
    assert document["metrics"][0]["unit"] == "beds"


def test_a_unit_declared_in_one_data_file_serves_the_entity_s_others(
    run_cli: RunCli, project: Project, tmp_path: Path
) -> None:
    units, _, rest = BEDS.partition("[documents.report]")
    header = (
        '[entity]\nid = "acme"\nname = "Acme"\ndata = ["data/units.toml", "data/figures.toml"]\n\n'
    )
    goals = project(_beds_target(), data="[documents.report]" + rest, header=header)
    (tmp_path / "data" / "units.toml").write_text(units, encoding="utf-8")
    run_cli(["run", "--config", str(goals), "--as-of", "2021-06-01"], exit_code=0)

    (tmp_path / "data" / "units.toml").write_text(units + "[documents.other]\ntitle = 'x'\n")
    (tmp_path / "data" / "figures.toml").write_text(BEDS, encoding="utf-8")
    line = _error(run_cli, goals)
    assert line == (
        f"{tmp_path / 'data' / 'figures.toml'}:1: error: units.beds: unit 'beds' is already"
        f" defined in {tmp_path / 'data' / 'units.toml'}"
    )


def test_a_figure_outside_a_declared_unit_s_range_is_an_error(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(_beds_target(), data=BEDS.replace("2020 = 95", "2020 = 5001"))
    assert _error(run_cli, goals).endswith(
        "figures.toml:14: error: metrics.beds.figures.2020: 5001 is out of range for unit"
        " 'beds', which admits 0 to 5000"
    )


def test_a_threshold_outside_a_declared_unit_s_range_is_an_error(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(_beds_target(threshold=-1), data=BEDS)
    assert _error(run_cli, goals) == (
        f"{goals}:13: error: targets[0].threshold: threshold -1 is out of range for unit"
        " 'beds', which admits 0 to 5000"
    )


def test_an_undeclared_unit_says_how_to_declare_it(run_cli: RunCli, project: Project) -> None:
    goals = project(
        _beds_target(),
        data=BEDS.partition("[documents.report]\n")[2].join(["[documents.report]\n", ""]),
    )
    line = _error(run_cli, goals)
    assert line.endswith(
        "figures.toml:7: error: metrics.beds.unit: unknown unit 'beds'; known units: '%',"
        " 'index 1-5', 'NPS', 'people', 'count', 't CO2', 't CO2e', 't CO2e per DKK million',"
        " 'DKK', 'DKK million', 'hours', 'days', 'days per FTE', 'days per employee',"
        " 'yes/no'. A data file declares a unit of its own under [units.beds]"
    ), line


def test_an_undeclared_unit_lists_the_units_that_are_declared(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(_beds_target(), data=BEDS.replace('unit = "beds"', 'unit = "bed"'))
    assert _error(run_cli, goals).endswith(
        "; units declared: 'beds'. A data file declares a unit of its own under [units.bed]"
    )


@pytest.mark.parametrize(
    ("symbol", "message"),
    [
        ('"%"', "'%' is a built-in unit (per cent, a share from 0 to 100); use it without"
         " declaring it"),
        ("percent", "'percent' is what people write for the built-in unit '%'; use that instead"
         " of declaring a unit of its own"),
        ("Days", "'Days' is what people write for the built-in unit 'days'; use that instead"
         " of declaring a unit of its own"),
    ],
)  # fmt: skip
def test_a_data_file_cannot_declare_a_built_in_unit_again(
    run_cli: RunCli, project: Project, symbol: str, message: str
) -> None:
    goals = project(_beds_target(), data=BEDS.replace("[units.beds]", f"[units.{symbol}]"))
    assert _error(run_cli, goals).endswith(f"figures.toml:1: error: units.{symbol}: {message}")


@pytest.mark.parametrize(
    ("declaration", "key", "message"),
    [
        ('[units."beds/ward"]\ndescription = "x"', '1: error: units."beds/ward"',
         "'beds/ward' is not a valid key here: it must match"),
        ('[units." beds"]\ndescription = "x"', '1: error: units." beds"',
         "' beds' is not a valid key here: it must match"),
        ("[units.wards]\nminimum = 0", "1: error: units.wards.description",
         "missing required key 'description'"),
        ('[units.wards]\ndescription = ""', "2: error: units.wards.description",
         "string should have at least 1 character"),
        ('[units.wards]\ndescription = "x"\nminimum = 5\nmaximum = 1', "1: error: units.wards",
         "minimum 5 is above maximum 1"),
        ('[units.wards]\ndescription = "x"\nmaximum = "many"', "3: error: units.wards.maximum",
         "expected a number, got a string ('many')"),
        ('[units.wards]\ndescription = "x"\nsuffix = "w"', "3: error: units.wards.suffix",
         "unknown key 'suffix'; the keys here are description, minimum, maximum"),
    ],
)  # fmt: skip
def test_a_bad_unit_declaration_is_one_located_line(
    run_cli: RunCli, project: Project, declaration: str, key: str, message: str
) -> None:
    goals = project(_beds_target(), data=declaration + "\n\n" + BEDS)
    line = _error(run_cli, goals)
    assert f"figures.toml:{key}: {message}" in line, line


def test_a_target_in_another_unit_than_its_declared_metric_is_an_error(
    run_cli: RunCli, project: Project
) -> None:
    goals = project(_beds_target(unit="count"), data=BEDS)
    assert _error(run_cli, goals) == (
        f"{goals}:14: error: targets[0].unit: the target is in 'count' but metric 'beds' is"
        " measured in 'beds'"
    )


def test_the_bundled_region_s_initiatives_say_when_they_started() -> None:
    """The JSON names an initiative's start beside its completion."""
    from typer.testing import CliRunner

    from goalcheck.cli import app

    result = CliRunner().invoke(
        app, ["run", "--config", str(REPO / "goals.toml"), "--format", "json"]
    )
    document = json.loads(result.stdout)
    exit_analysis = next(i for i in document["initiatives"] if i["id"] == "exit-analysis")
    assert (exit_analysis["started"], exit_analysis["completed"]) == ("2022-09", None)
