"""The Aleris-Hamlet figures as a Danish CSV export and as a workbook give the verdicts the
bundled TOML gives: a user can keep figures where they live and lose nothing."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, RunCli
from goalcheck.loading import tomllib

EXAMPLE = REPO / "examples" / "aleris-hamlet"
# The day before the report counts, the day it does, and today; with the exit status.
AS_OF = {"2020-12-30": 0, "2020-12-31": 1, "2026-11-23": 1}


def _judged(run_cli: RunCli, config: Path, as_of: str) -> list[dict[str, Any]]:
    args = ["run", "--config", str(config), "--as-of", as_of, "--format", "json"]
    document = json.loads(run_cli(args, exit_code=AS_OF[as_of], cwd=REPO).stdout)
    keep = ("id", "status", "actual", "actual_period", "final", "margin", "reason", "threshold")
    return [{key: result[key] for key in keep} for result in document["results"]]


@pytest.mark.parametrize("as_of", AS_OF)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_tables_give_the_verdicts_of_the_toml(run_cli: RunCli, kind: str, as_of: str) -> None:
    bundled = _judged(run_cli, REPO / "goals" / "aleris-hamlet.toml", as_of)
    tabled = _judged(run_cli, EXAMPLE / f"goals-{kind}.toml", as_of)
    assert tabled == bundled
    statuses = {r["status"] for r in bundled}
    assert statuses == {"pending"} if AS_OF[as_of] == 0 else {"pass", "fail"} <= statuses


def _bundled_figures() -> dict[tuple[str, str], Decimal]:
    data = tomllib.loads((REPO / "data" / "aleris-hamlet.toml").read_text(encoding="utf-8"))
    return {
        (name, str(period)): Decimal(str(value))
        for name, metric in data["metrics"].items()
        for period, value in metric.get("figures", {}).items()
    }


def test_the_csv_holds_every_figure_in_danish_notation() -> None:
    with (EXAMPLE / "aleris-hamlet.csv").open(encoding="cp1252", newline="") as file:
        rows = list(csv.reader(file, delimiter=";"))
    header = rows[0]
    assert header[:3] == ["Nøgletal", "Betegnelse", "Enhed"]
    found = {
        (row[0], year): Decimal(cell.replace(".", "").replace(",", "."))
        for row in rows[1:]
        for year, cell in zip(header[3:], row[3:], strict=True)
        if cell
    }
    assert found == _bundled_figures()
    assert "1.055" in {cell for row in rows for cell in row}  # a thousands point, as printed


def test_the_workbook_holds_every_figure_on_its_year_s_sheet() -> None:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(EXAMPLE / "aleris-hamlet.xlsx"))
    assert workbook.sheet_names == ["2015", "2016", "2017", "2018", "2019"]
    found = {}
    for year in workbook.sheet_names:
        rows = workbook.get_sheet_by_name(year).to_python()
        assert rows[0] == ["Nøgletal", "Betegnelse", "Værdi", "Enhed"]
        for name, _, value, _ in rows[1:]:
            found[(name, year)] = Decimal(repr(value))
    assert found == _bundled_figures()


def test_the_example_goals_are_the_bundled_targets() -> None:
    def targets(path: Path) -> list[dict[str, Any]]:
        goals: list[dict[str, Any]] = tomllib.loads(path.read_text(encoding="utf-8"))["targets"]
        return goals

    bundled = targets(REPO / "goals" / "aleris-hamlet.toml")
    assert targets(EXAMPLE / "goals-csv.toml") == bundled
    assert targets(EXAMPLE / "goals-xlsx.toml") == bundled


def test_a_result_points_at_the_cell_its_figure_came_from(run_cli: RunCli) -> None:
    args = ["run", "--config", "examples/aleris-hamlet/goals-xlsx.toml", "--format", "json"]
    document = json.loads(run_cli(args, exit_code=1, cwd=REPO).stdout)
    nps = next(r for r in document["results"] if r["id"] == "nps")
    cells = [s["cell"] for s in nps["sources"] if s["cell"]]
    assert cells == ["examples/aleris-hamlet/aleris-hamlet.xlsx:2019!C5"]
