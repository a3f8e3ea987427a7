"""CSV: one row per result, for spreadsheets.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
prefixed with ``'`` so that a spreadsheet shows it instead of running it as a formula
(OWASP's advice on CSV injection). Numbers goalcheck writes itself (``-0.19``) are left as
numbers: they are not formulas, and a prefix would turn them into text.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from typing import TextIO

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
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def neutralise(cell: str) -> str:
    if cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _number(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def _threshold(result: Result) -> str:
    if isinstance(result.threshold, tuple):
        return f"{_number(result.threshold[0])}..{_number(result.threshold[1])}"
    return _number(result.threshold)


def _row(result: Result, options: Options) -> list[str]:
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
        _number(result.actual),
        str(result.actual_period or ""),
        "done_by" if target.kind == "milestone" else (target.condition or ""),
        _threshold(result),
        target.unit or "",
        str(target.period),
        _number(result.margin),
        result.margin_unit or "",
        "; ".join(words.notes(result)),
        target.statement_da,
        "; ".join(f"{s.document} › {s.section}" for s in result.sources),
    ]


def render(report: Report, options: Options) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for result in report.results:
        writer.writerow([neutralise(cell) for cell in _row(result, options)])
    return out.getvalue()


def write(report: Report, stream: TextIO, options: Options) -> None:
    stream.write(render(report, options))
