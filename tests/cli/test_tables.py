"""Figures read from CSV tables, as a user points goalcheck at an export."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import RunCli, target_toml

Project = Callable[..., Path]

METRIC = """\
[documents.report]
title = "Test report"
published = "2021-03-01"

[metrics.sick_leave]
label = "Sick leave"
label_da = "Sygefravær"
unit = "%"
source = { document = "report", section = "Results" }
"""

DANISH_WIDE = """
[[tables]]
file = "sygefravaer.csv"
layout = "wide"
encoding = "cp1252"
decimal = ","
thousands = "."
columns = { metric = "Nøgletal" }
metrics = { "Sygefravær i alt" = "sick_leave" }
"""


def _write(tmp_path: Path, name: str, content: bytes | str, encoding: str = "utf-8") -> None:
    raw = content if isinstance(content, bytes) else content.encode(encoding)
    (tmp_path / "data" / name).write_bytes(raw)


def _json(run_cli: RunCli, goals: Path, exit_code: int = 0) -> dict[str, Any]:
    args = ["run", "--config", str(goals), "--as-of", "2021-06-01", "--format", "json"]
    document: dict[str, Any] = json.loads(run_cli(args, exit_code=exit_code).stdout)
    return document


def _error(run_cli: RunCli, goals: Path) -> str:
    result = run_cli(["validate", "--config", str(goals)], exit_code=2)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return str(lines[0]).replace(str(goals.parent) + "/", "")


def test_a_danish_excel_export_is_read_as_printed(
    run_cli: RunCli, project: Project, tmp_path: Path
) -> None:
    goals = project(target_toml(), data=METRIC + DANISH_WIDE)
    _write(tmp_path, "sygefravaer.csv", "Nøgletal;2018;2019;2020\nSygefravær i alt;4,5;4,19;3,9\n",
           "cp1252")  # fmt: skip
    document = _json(run_cli, goals)
    (result,) = document["results"]
    assert (result["status"], result["actual"], result["target_period"]) == ("pass", 3.9, "2020")
    assert result["sources"][-1]["cell"] == f"{tmp_path}/data/sygefravaer.csv:D2"
    figures = document["metrics"][0]["figures"]
    cells = [(f["period"], f["value"], f["sources"][0]["cell"].rsplit(":", 1)[1]) for f in figures]
    assert cells == [
        ("2018", 4.5, "B2"),
        ("2019", 4.19, "C2"),
        ("2020", 3.9, "D2"),
    ]  # fmt: skip
    assert figures[0]["published"] == "2021-03-01"  # the document's, as for any observation
    args = ["run", "--config", str(goals), "--as-of", "2021-06-01"]
    table = run_cli(args, exit_code=0, env={"COLUMNS": "200"}).stdout
    assert f"from {tmp_path}/data/sygefravaer.csv:D2" in table  # the cell, for an auditor


def test_thousands_separators_are_read_only_when_declared(
    run_cli: RunCli, project: Project, tmp_path: Path
) -> None:
    data = METRIC.replace('unit = "%"', 'unit = "t CO2"') + DANISH_WIDE
    goals = project(target_toml(unit="t CO2", threshold=2000), data=data)
    _write(tmp_path, "sygefravaer.csv", "Nøgletal;2020\nSygefravær i alt;1.013\n", "cp1252")
    assert _json(run_cli, goals)["results"][0]["actual"] == 1013
    goals = project(
        target_toml(unit="t CO2", threshold=2000), data=data.replace('thousands = "."\n', "")
    )
    assert _error(run_cli, goals) == (
        "data/sygefravaer.csv:B2: error: '1.013' is not a number in this table's notation"
        " (decimal mark ',', no thousands separator); for \"1.013\" as one thousand and thirteen,"
        ' say thousands = "."'
    )


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("4,1x", "'4,1x' is not a number in this table's notation (decimal mark ',', thousands"
                 " separator '.')"),
        ("4,19 %", "'4,19 %' carries a % sign; say percent_sign = true if the table's values do"),
        ("1.01", "'1.01' is not a number in this table's notation (decimal mark ',', thousands"
                 " separator '.')"),
        ("101", "101 is out of range for unit '%', which admits 0 to 100"),
        ("NaN", "'NaN' is not a number in this table's notation (decimal mark ',', thousands"
                " separator '.')"),
    ],
)  # fmt: skip
def test_a_bad_number_is_located_at_its_cell(
    run_cli: RunCli, project: Project, tmp_path: Path, cell: str, message: str
) -> None:
    goals = project(target_toml(), data=METRIC + DANISH_WIDE)
    _write(
        tmp_path, "sygefravaer.csv", f"Nøgletal;2019;2020\nSygefravær i alt;4;{cell}\n", "cp1252"
    )
    assert _error(run_cli, goals) == f"data/sygefravaer.csv:C2: error: {message}"


def test_values_with_a_percent_sign_and_cells_meaning_no_figure(
    run_cli: RunCli, project: Project, tmp_path: Path
) -> None:
    table = DANISH_WIDE + 'percent_sign = true\nmissing = ["", "-", "n/a"]\n'
    goals = project(target_toml(), data=METRIC + table)
    _write(tmp_path, "sygefravaer.csv", "Nøgletal;2018;2019;2020\nSygefravær i alt;4,5 %;-;n/a\n",
           "cp1252")  # fmt: skip
    (result,) = _json(run_cli, goals, exit_code=1)["results"]
    assert (result["status"], result["actual"], result["actual_period"], result["final"]) == (
        "fail",
        4.5,
        "2018",
        False,
    )


def test_a_long_table_with_a_header_below_a_title(
    run_cli: RunCli, project: Project, tmp_path: Path
) -> None:
    table = """
[[tables]]
file = "figures.csv"
header_row = 3
columns = { metric = "Metric", period = "Year", value = "Value", note = "Note" }
"""
    goals = project(target_toml(), data=METRIC + table)
    _write(tmp_path, "figures.csv", "Sick leave export\n\nMetric,Year,Value,Note\n"
           "sick_leave,2019,4.19,\nsick_leave,2020,3.9,\"preliminary, from HR\"\n")  # fmt: skip
    document = _json(run_cli, goals)
    assert document["results"][0]["actual"] == 3.9
    notes = [f["note"] for f in document["metrics"][0]["figures"]]
    assert notes == [None, "preliminary, from HR"]
    cells = [f["sources"][0]["cell"].rsplit(":", 1)[1] for f in document["metrics"][0]["figures"]]
    assert cells == ["C4", "C5"]


def test_the_delimiter_is_detected_from_the_header(
    run_cli: RunCli, project: Project, tmp_path: Path
) -> None:
    table = '\n[[tables]]\nfile = "f.csv"\ncolumns = { metric = "m", period = "p", value = "v" }\n'
    goals = project(target_toml(), data=METRIC + table)
    _write(tmp_path, "f.csv", "m\tp\tv\nsick_leave\t2020\t3.5\n")
    assert _json(run_cli, goals)["results"][0]["actual"] == 3.5
    _write(tmp_path, "f.csv", "m;p,v\nsick_leave;2020,3.5\n")
    assert _error(run_cli, goals) == (
        "data/f.csv:1: error: the header row has as many ',' and ';': say which separates the"
        ' columns (delimiter = ";")'
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("m,p,v\nsick_leav,2020,3\n",
         "data/f.csv:A2: error: 'sick_leav' is not a metric (did you mean 'sick_leave'?): a"
         " table names a metric by its id, or by what the table's metrics = { ... } maps to"
         " one"),
        ("m,p,v\nsick_leave,2020-13,3\n",
         "data/f.csv:B2: error: invalid month in period '2020-13'"),
        ("m,p,v\nsick_leave,,3\n", "data/f.csv:B2: error: a figure without a period"),
        ("m,p,v\n,2020,3\n", "data/f.csv:A2: error: a row with figures but no metric"),
        ("m,p,v,v\nsick_leave,2020,3,3\n", "data/f.csv:D1: error: a second column headed 'v'"),
        ("m,p,value\nsick_leave,2020,3\n",
         "data/figures.toml:13: error: tables[0].columns.value: no column headed 'v' in row 1 of"
         " 'data/f.csv'; its headers: 'm', 'p', 'value'"),
        ('m,p,v\nsick_leave,2020,"3\n', "data/f.csv:2: error: is not valid CSV: unexpected end"
         " of data"),
        (b"m,p,v\nsick_leave,2020,\xff\n", "data/f.csv:2: error: is not utf-8 text; say"
         ' encoding = "cp1252" for a Windows export'),
        (b"m,p,v\x00\n", "data/f.csv: error: is a binary file, not CSV text (a workbook ends in"
         " .xlsx or .ods)"),
        ("", "data/figures.toml:11: error: tables[0].header_row: table 'data/f.csv' has no row 1"
         " to take its headers from"),
    ],
)  # fmt: skip
def test_a_bad_table_is_one_located_line(
    run_cli: RunCli, project: Project, tmp_path: Path, content: str | bytes, message: str
) -> None:
    table = '\n[[tables]]\nfile = "f.csv"\ncolumns = { metric = "m", period = "p", value = "v" }\n'
    goals = project(target_toml(), data=METRIC + table)
    _write(tmp_path, "f.csv", content)
    line = _error(run_cli, goals).replace(str(tmp_path) + "/", "")
    assert line == message


def test_a_wide_table_refuses_a_column_that_is_no_period(
    run_cli: RunCli, project: Project, tmp_path: Path
) -> None:
    goals = project(target_toml(), data=METRIC + DANISH_WIDE)
    _write(tmp_path, "sygefravaer.csv", "Nøgletal;Enhed;2020\nSygefravær i alt;%;3,9\n", "cp1252")
    assert _error(run_cli, goals).startswith(
        "data/sygefravaer.csv:B1: error: column 'Enhed' is neither a period nor a column the"
        " table names (list it in ignore); invalid period 'Enhed'"
    )
    goals = project(target_toml(), data=METRIC + DANISH_WIDE + 'ignore = ["Enhed"]\n')
    assert _json(run_cli, goals)["results"][0]["actual"] == 3.9


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('file = "nowhere.csv"\ncolumns = { metric = "m", period = "p", value = "v" }',
         "data/figures.toml:12: error: tables[0].file: table 'data/nowhere.csv' does not"
         " exist"),
        ('file = "f.txt"\ncolumns = { metric = "m", period = "p", value = "v" }',
         "data/figures.toml:12: error: tables[0].file: table 'data/f.txt' is not a .csv, .xlsx"
         " or .ods file"),
        ('file = "f.csv"\ncolumns = { metric = "m", value = "v" }',
         "data/figures.toml:11: error: tables[0]: a long table names its period column"
         ' (columns.period = "...") or, for a table of one period, gives that period'
         ' (period = "2019"): one of them'),
        ('file = "f.csv"\nlayout = "wide"\ncolumns = { metric = "m", value = "v" }',
         "data/figures.toml:11: error: tables[0]: a wide table has a column per period, so"
         " columns.value does not fit: its columns name only the metric column (and groups)"),
        ('file = "f.csv"\ndecimal = ","\nthousands = ","\ncolumns = { metric = "m", period = "p",'
         ' value = "v" }', "data/figures.toml:11: error: tables[0]: decimal and thousands are"
         " both ','"),
        ('file = "f.csv"\nsheet = "2019"\ncolumns = { metric = "m", period = "p", value = "v" }',
         "data/figures.toml:13: error: tables[0].sheet: a CSV file has no sheets"),
        ('file = "f.csv"\nencoding = "latin-1"\ncolumns = { metric = "m", period = "p",'
         ' value = "v" }', "data/figures.toml:13: error: tables[0].encoding: expected 'utf-8',"
         " 'utf-8-sig' or 'cp1252', got a string ('latin-1')"),
    ],
)  # fmt: skip
def test_a_bad_table_declaration_is_one_located_line(
    run_cli: RunCli, project: Project, tmp_path: Path, table: str, message: str
) -> None:
    goals = project(target_toml(), data=METRIC + "\n[[tables]]\n" + table + "\n")
    _write(tmp_path, "f.csv", "m,p,v\nsick_leave,2020,3\n")
    line = _error(run_cli, goals).replace(str(tmp_path) + "/", "")
    assert line == message


def test_a_derived_metric_cannot_be_given_figures_by_a_table(
    run_cli: RunCli, project: Project, tmp_path: Path
) -> None:
    derived = (
        '\n[metrics.double]\nlabel = "Twice"\nunit = "%"\n'
        'source = { document = "report", section = "x" }\nformula = "sick_leave * 2"\n'
    )
    table = '\n[[tables]]\nfile = "f.csv"\ncolumns = { metric = "m", period = "p", value = "v" }\n'
    goals = project(target_toml(), data=METRIC + derived + table)
    _write(tmp_path, "f.csv", "m,p,v\nsick_leave,2020,3\ndouble,2020,6\n")
    assert _error(run_cli, goals).replace(str(tmp_path) + "/", "") == (
        "data/f.csv:A3: error: metric 'double' is worked out by its formula, so a table cannot"
        " give its figures"
    )


def test_a_table_and_toml_figures_restate_each_other_by_publication(
    run_cli: RunCli, project: Project, tmp_path: Path
) -> None:
    """A table's figure, published later, restates the TOML one."""
    data = METRIC.replace("[metrics.sick_leave]", '[documents.hr]\ntitle = "HR export"\n'
                          'published = 2021-05-01\n\n[metrics.sick_leave]')  # fmt: skip
    data += "figures = { 2020 = 4.2 }\n"
    table = (
        '\n[[tables]]\nfile = "f.csv"\nsource = { document = "hr", section = "Export" }\n'
        'columns = { metric = "m", period = "p", value = "v" }\n'
    )
    goals = project(target_toml(), data=data + table)
    _write(tmp_path, "f.csv", "m,p,v\nsick_leave,2020,3.9\n")
    (result,) = _json(run_cli, goals)["results"]
    assert (result["status"], result["actual"], result["actual_published"]) == (
        "pass",
        3.9,
        "2021-05-01",
    )
    assert [(r["value"], r["published"]) for r in result["restated"]] == [(4.2, "2021-03-01")]
    assert result["sources"][-1]["document"] == "HR export"
    assert result["sources"][-1]["cell"].endswith("data/f.csv:C2")


def _workbook(path: Path, rows: list[list[object]], *, formula: str | None = None) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("2019")
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    percent = workbook.add_format({"num_format": "0.00%"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, c, datetime.datetime(value.year, value.month, value.day),
                                     dates)  # fmt: skip
            elif isinstance(value, tuple):  # (fraction, "%"): a cell formatted as a percentage
                sheet.write_number(r, c, value[0], percent)
            else:
                sheet.write(r, c, value)
    if formula is not None:
        sheet.write_formula(len(rows), 1, formula, None, 3)
    workbook.close()


WORKBOOK_TABLE = """
[[tables]]
file = "f.xlsx"
sheet = "2019"
period = "2019"
columns = { metric = "Nøgletal", value = "Værdi" }
"""


def test_a_workbook_sheet_is_read_with_its_cells_located(
    run_cli: RunCli, project: Project, tmp_path: Path
) -> None:
    goals = project(target_toml(period="2019"), data=METRIC + WORKBOOK_TABLE)
    _workbook(tmp_path / "data" / "f.xlsx", [["Nøgletal", "Værdi"], ["sick_leave", (0.0395, "%")]])
    (result,) = _json(run_cli, goals)["results"]
    assert (result["status"], result["actual"]) == ("pass", 3.95)  # as shown: 3.95 %
    assert result["sources"][-1]["cell"] == f"{tmp_path}/data/f.xlsx:2019!B2"


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        (datetime.date(2020, 1, 1), "data/f.xlsx:2019!B2: error: a date or time"
         " (2020-01-01) where a number belongs: format the cell as a number"),
        (True, "data/f.xlsx:2019!B2: error: a boolean (TRUE) where a number belongs"),
        ("4,1", "data/f.xlsx:2019!B2: error: '4,1' is not a number in this table's notation"
         ' (decimal mark \'.\', no thousands separator); for "4,19" as four point one nine,'
         ' say decimal = ","'),
    ],
)  # fmt: skip
def test_a_bad_workbook_cell_is_located(
    run_cli: RunCli, project: Project, tmp_path: Path, cell: object, message: str
) -> None:
    goals = project(target_toml(period="2019"), data=METRIC + WORKBOOK_TABLE)
    _workbook(tmp_path / "data" / "f.xlsx", [["Nøgletal", "Værdi"], ["sick_leave", cell]])
    assert _error(run_cli, goals).replace(str(tmp_path) + "/", "") == message


def test_a_formula_cell_is_refused_with_its_cell(
    run_cli: RunCli, project: Project, tmp_path: Path
) -> None:
    goals = project(target_toml(period="2019"), data=METRIC + WORKBOOK_TABLE)
    _workbook(tmp_path / "data" / "f.xlsx", [["Nøgletal", "Værdi"], ["sick_leave", 3]],
              formula="=B2+1")  # fmt: skip
    assert _error(run_cli, goals).replace(str(tmp_path) + "/", "") == (
        "data/f.xlsx:2019!B3: error: sheet '2019' has a formula in B3 (=B2+1); goalcheck reads"
        " figures as printed: paste the values"
    )


def test_a_zip_bomb_named_as_a_workbook_is_one_line(
    run_cli: RunCli, project: Project, tmp_path: Path
) -> None:
    import zipfile

    goals = project(target_toml(period="2019"), data=METRIC + WORKBOOK_TABLE)
    bomb = tmp_path / "data" / "f.xlsx"
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w") as member,
    ):
        for _ in range(300):  # 300 MiB of zeros, about 300 KiB packed
            member.write(b"\0" * (1 << 20))
    assert _error(run_cli, goals).replace(str(tmp_path) + "/", "") == (
        "data/f.xlsx: error: unpacks to more than 256 MiB; a workbook may unpack to at most 256 MiB"
    )
