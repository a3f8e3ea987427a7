"""CSV: one row per result, for spreadsheets.

Every cell is made inert first (``goalcheck.inert``): a control character in user text is
shown as its escape, so a newline becomes the two characters ``\\n`` and a row stays one line
in a log or a terminal.

Then a cell is prefixed with ``'`` so that a spreadsheet shows it instead of running it as a
formula (OWASP's advice on CSV injection) when it starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return; with the full-width forms of the first four (U+FF1D, U+FF0B, U+FF0D,
U+FF20), which a spreadsheet may fold into the ASCII ones; or with any of these after leading
spaces and tabs (``  =1+1``), which a spreadsheet may trim. Numbers goalcheck writes itself
(``-0.19``) are left as numbers: they are not formulas, and a prefix would turn them into text.

For Excel set to Danish (``--csv-excel``): a UTF-8 byte order mark, so Excel reads æøå as
UTF-8; ``;`` between cells, Excel's list separator where the comma is the decimal mark; and
decimal commas in the number columns (``4,19``), so they open as numbers.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from typing import TextIO

from goalcheck.inert import inert
from goalcheck.model import Report, Result
from goalcheck.reporters import Options, words

COLUMNS = (
    "entity",
    "id",
    "kind",
    "area",
    "objective",
    "label",
    "status",
    "fails_run",
    "final",
    "actual",
    "actual_period",
    "condition",
    "threshold",
    "unit",
    "target_period",
    "margin",
    "margin_unit",
    "notes",
    "statement_da",
    "sources",
    "statement",
    "lang",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = {".": re.compile(r"-?\d+(\.\d+)?"), ",": re.compile(r"-?\d+(,\d+)?")}
# The Excel variant: a byte order mark, Danish Excel's list separator and decimal mark.
EXCEL_BOM = "\ufeff"


def neutralise(cell: str, *, point: str = ".") -> str:
    """The cell prefixed with ``'`` when a spreadsheet could take it for a formula; a number
    written with ``point`` as its decimal mark is left as it is."""
    if _NUMBER[point].fullmatch(cell):
        return cell
    if cell.startswith(_FORMULA_START) or cell.lstrip(" \t").startswith(_FORMULA_START):
        return "'" + cell
    return cell


def _number(value: Decimal | None, point: str = ".") -> str:
    return "" if value is None else f"{value.normalize():f}".replace(".", point)


def _threshold(result: Result, point: str) -> str:
    if isinstance(result.threshold, tuple):
        low, high = result.threshold
        return f"{_number(low, point)}..{_number(high, point)}"
    return _number(result.threshold, point)


def _row(result: Result, options: Options, point: str = ".") -> list[str]:
    target = result.target
    return [
        target.entity,
        result.id,
        target.kind,
        target.area or "",
        "" if result.objective is None else str(result.objective),
        target.label,
        result.status.value,
        "yes" if options.fails(result) else "no",
        "yes" if result.final else "no",
        _number(result.actual, point),
        str(result.actual_period or ""),
        "done_by" if target.kind == "milestone" else (target.condition or ""),
        _threshold(result, point),
        target.unit or "",
        str(target.period),
        _number(result.margin, point),
        result.margin_unit or "",
        "; ".join(words.notes(result)),
        target.statement_da or "",
        "; ".join(
            f"{s.document} › {s.section}" + (f" ({s.cell})" if s.cell else "")
            for s in result.sources
        ),
        target.statement,
        target.lang,
    ]


def render(report: Report, options: Options, *, excel: bool = False) -> str:
    """The CSV text; with ``excel``, the variant Danish Excel opens as it is (BOM, ``;``,
    decimal commas)."""
    point = "," if excel else "."
    out = io.StringIO()
    if excel:
        out.write(EXCEL_BOM)
    writer = csv.writer(out, delimiter=";" if excel else ",")
    writer.writerow(COLUMNS)
    for result in report.results:
        cells = _row(result, options, point)
        writer.writerow([neutralise(inert(cell), point=point) for cell in cells])
    return out.getvalue()


def write(report: Report, stream: TextIO, options: Options, *, excel: bool = False) -> None:
    stream.write(render(report, options, excel=excel))
