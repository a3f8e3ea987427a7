"""A workbook's sheet as rows of cells, read with python-calamine once the guard passed it.

python-calamine (Rust's calamine) reads .xlsx and .ods several times faster than the pure-Python
readers and is imported only here, when a data file names a workbook: a run on TOML and CSV
never pays for it. The guard (``workbook_guard``) first proves the file is safe to hand over:
no zip bomb, no sheet spanning more cells than it may, no formula. It also finds the numbers
formatted as a percentage, which calamine gives as the fraction stored: they are read as
printed, a ``Decimal`` (4.19 for a cell showing 4.19 %, stored as 0.0419).
"""

from __future__ import annotations

from collections.abc import Iterator, Set
from decimal import Decimal
from pathlib import Path
from typing import cast

from goalcheck.errors import InputError
from goalcheck.loading.cells import Cell
from goalcheck.loading.workbook_guard import WorkbookProblem, check_workbook


def read_sheet(path: Path, sheet: str | None) -> tuple[str, Iterator[tuple[int, list[Cell]]]]:
    """The sheet's name and its rows from A1, numbered from 1; empty cells are ``""``, and a
    number formatted as a percentage is the ``Decimal`` shown (4.19 for 4.19 %)."""
    try:
        name, percent = check_workbook(path, sheet)
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
    if percent:
        _as_shown(rows, percent)
    return name, ((number, row) for number, row in enumerate(rows, start=1))


def _as_shown(rows: list[list[Cell]], percent: Set[tuple[int, int]]) -> None:
    """Put for each number at ``percent`` (1-based row and column) the percentage it shows."""
    for row, column in percent:
        if row <= len(rows) and column <= len(cells := rows[row - 1]):
            value = cells[column - 1]
            if isinstance(value, int | float) and not isinstance(value, bool):
                cells[column - 1] = hundredfold(value)


def hundredfold(value: int | float) -> Decimal:
    """``value`` times 100, as printed: 0.0419 is 4.19 (not 4.1900000000000004), 0.05 is 5 (not
    5.00 or 5E+0); a float as its shortest repr, as ``to_number`` reads one."""
    number = (Decimal(value) if isinstance(value, int) else Decimal(repr(value))) * 100
    if not number.is_finite():
        return number  # refused where the figure is read, as any infinity or NaN
    if number.is_zero():
        return Decimal(0)  # and not -0
    number = number.normalize()
    if number == number.to_integral_value() and number.adjusted() < 28:
        number = number.quantize(Decimal(1))  # 5E+1 is 50
    return number


def _located(path: Path, problem: WorkbookProblem) -> InputError:
    if problem.cell is not None:
        sheet = f"{problem.sheet}!" if problem.sheet is not None else ""
        return InputError(path, problem.message, cell=f"{sheet}{problem.cell}")
    return InputError(path, problem.message)
