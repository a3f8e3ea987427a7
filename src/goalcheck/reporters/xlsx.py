"""XLSX: the CSV's columns as a typed workbook, for analysts who open results in Excel.

One sheet, "results", a row per result. Figures, thresholds and margins are number cells,
``fails_run`` and ``final`` boolean cells; every text is written as a string cell, never read
as a formula, whatever it starts with, and made inert first (``goalcheck.inert``). Written with
XlsxWriter, imported only for this format. A workbook is bytes, so it goes to a file
(``-o xlsx=results.xlsx``), never to stdout.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TextIO

from goalcheck.errors import GoalcheckError
from goalcheck.inert import inert
from goalcheck.model import Report, Result
from goalcheck.reporters import Options, words
from goalcheck.reporters.csv import COLUMNS

_NUMBERS = frozenset({"actual", "threshold", "margin"})
_BOOLEANS = frozenset({"fails_run", "final"})


class BinaryFormat(GoalcheckError):
    """A binary format asked for on stdout."""


def render_bytes(report: Report, options: Options) -> bytes:
    """The workbook's bytes."""
    import xlsxwriter  # type: ignore[import-untyped]  # only this format needs it

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet("results")
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, COLUMNS, bold)
    for row, result in enumerate(report.results, start=1):
        for column, (name, value) in enumerate(zip(COLUMNS, _cells(result, options), strict=True)):
            if value is None:
                continue
            if name in _NUMBERS and isinstance(value, Decimal):
                sheet.write_number(row, column, float(value))
            elif name in _BOOLEANS and isinstance(value, bool):
                sheet.write_boolean(row, column, value)
            else:
                sheet.write_string(row, column, inert(str(value)))
    sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def _cells(result: Result, options: Options) -> list[object]:
    target = result.target
    threshold: object = result.threshold
    if isinstance(result.threshold, tuple):  # a band: as the CSV writes it
        low, high = result.threshold
        threshold = f"{words.number(low)}..{words.number(high)}"
    return [
        target.entity,
        result.id,
        target.kind,
        target.area,
        result.objective,
        target.label,
        result.status.value,
        options.fails(result),
        result.final,
        result.actual,
        result.actual_period,
        "done_by" if target.kind == "milestone" else target.condition,
        threshold,
        target.unit,
        target.period,
        result.margin,
        result.margin_unit,
        "; ".join(words.notes(result)),
        target.statement_da,
        "; ".join(
            f"{s.document} › {s.section}" + (f" ({s.cell})" if s.cell else "")
            for s in result.sources
        ),
        target.statement,
        target.lang,
    ]


def write(report: Report, stream: TextIO, options: Options) -> None:
    raise BinaryFormat(
        "--format xlsx: error: a workbook is bytes, not text: write it to a file with -o xlsx=PATH"
    )
