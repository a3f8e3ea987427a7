"""-o xlsx=PATH: a typed workbook, read back with a real spreadsheet reader."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from python_calamine import CalamineWorkbook

from conftest import REPO, RunCli, target_toml

Project = Callable[..., Path]


def _rows(path: Path) -> list[list[object]]:
    rows: list[list[object]] = (
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name("results").to_python()
    )
    return rows


def test_the_workbook_holds_typed_cells(run_cli: RunCli, tmp_path: Path) -> None:
    out = tmp_path / "results.xlsx"
    args = ["run", "--as-of", "2026-11-23", "-o", f"xlsx={out}"]
    run_cli(args, exit_code=1, cwd=REPO)
    header, *rows = _rows(out)
    assert header[:10] == ["entity", "id", "kind", "area", "objective", "label", "status",
                           "fails_run", "final", "actual"]  # fmt: skip
    row = dict(zip(header, next(r for r in rows if r[1] == "sick-leave-total"), strict=True))
    assert (row["status"], row["fails_run"], row["final"]) == ("fail", True, False)
    assert (row["actual"], row["threshold"], row["margin"]) == (4.19, 4.0, -0.19)  # numbers
    assert (row["actual_period"], row["target_period"]) == ("2019", "2020")  # periods as text
    assert len(rows) == 30


def test_a_formula_in_a_label_stays_text(run_cli: RunCli, project: Project, tmp_path: Path) -> None:
    goals = project(target_toml(label='=HYPERLINK("http://x","y")'))
    out = tmp_path / "r.xlsx"
    run_cli(["run", "--config", str(goals), "-o", f"xlsx={out}"], exit_code=1)
    header, row = _rows(out)
    assert dict(zip(header, row, strict=True))["label"] == '=HYPERLINK("http://x","y")'
    from zipfile import ZipFile

    with ZipFile(out) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # a string cell, never a formula


def test_xlsx_on_stdout_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli(["run", "--format", "xlsx"], exit_code=2, cwd=REPO)
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--format': a workbook is bytes, not text: write it to a file"
        " with -o xlsx=PATH"
    )
