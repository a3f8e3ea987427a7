"""A workbook's sheet as rows of cells, read with python-calamine once the guard passed it.

python-calamine (Rust's calamine) reads .xlsx and .ods several times faster than the pure-Python
readers and is imported only here, when a data file names a workbook: a run on TOML and CSV
never pays for it. The guard (``workbook_guard``) first proves the file is safe to hand over:
no zip bomb, no sheet spanning more cells than it may, no formula.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import cast

from goalcheck.errors import InputError
from goalcheck.loading.cells import Cell
from goalcheck.loading.workbook_guard import WorkbookProblem, check_workbook


def read_sheet(path: Path, sheet: str | None) -> tuple[str, Iterator[tuple[int, list[Cell]]]]:
    """The sheet's name and its rows from A1, numbered from 1; empty cells are ``""``."""
    try:
        name = check_workbook(path, sheet)
    except WorkbookProblem as problem:
        raise _located(path, problem) from None
    try:
        import python_calamine
    except ImportError:  # pragma: no cover - a dependency of goalcheck's
        raise InputError(path, "reading a workbook needs python-calamine installed") from None
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        # From A1, so that a row's number is the one the spreadsheet shows.
        rows = cast(
            "list[list[Cell]]", workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        )
    except Exception as exc:  # calamine's errors have no common base but Exception
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InputError(path, f"cannot be read as a workbook: {message}") from None
    return name, ((number, row) for number, row in enumerate(rows, start=1))


def _located(path: Path, problem: WorkbookProblem) -> InputError:
    if problem.cell is not None:
        sheet = f"{problem.sheet}!" if problem.sheet is not None else ""
        return InputError(path, problem.message, cell=f"{sheet}{problem.cell}")
    return InputError(path, problem.message)
