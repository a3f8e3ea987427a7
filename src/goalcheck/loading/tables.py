"""Tables of observations: a CSV file or a workbook's sheet that a data file names.

A table is read into records, one per figure, each with the cell it came from; which metric a
record belongs to is checked against the entity later (``observations``). Every bad cell is
one located error: ``figures.csv:C7`` in a CSV file, ``figures.xlsx:2019!C7`` in a workbook.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple, cast

from goalcheck.errors import InputError
from goalcheck.inert import is_inert
from goalcheck.limits import MAX_TABLE_BYTES
from goalcheck.loading.cells import Cell, NumberFormat, Numbers, Periods, column_letters, text_of
from goalcheck.loading.files import TomlDocument
from goalcheck.loading.input_files import NamedBy, check_regular, read_bytes
from goalcheck.locations import KeyPath
from goalcheck.model import Group, TableSpec
from goalcheck.period import Period

_DELIMITERS = ",;\t|"


class TableRecord(NamedTuple):
    """One figure a table gives, before it is checked against its metric."""

    metric: str
    """The metric's id: the metric cell's text, or what ``metrics`` maps it to."""
    named: str
    """The metric cell's text as written."""
    row: int
    period: Period
    value: Decimal
    cell: str
    """Where the value is: ``C7``, or ``2019!C7`` in a workbook."""
    group: Group
    published: Period | None
    through: Period | None
    note: str | None


@dataclass(frozen=True)
class Table:
    path: Path
    spec: TableSpec
    document: TomlDocument
    """The data file that names the table."""
    key: KeyPath
    records: list[TableRecord]
    metric_column: str = ""
    """The letters of the column that names each row's metric (``A``), with the sheet's name
    before them in a workbook (``2019!A``): a record's metric cell is these and its row."""

    def error(self, message: str, cell: str) -> InputError:
        return InputError(self.path, message, cell=cell)

    def metric_cell(self, record: TableRecord) -> str:
        return f"{self.metric_column}{record.row}"


def read_table(path: Path, spec: TableSpec, document: TomlDocument, key: KeyPath) -> Table:
    """Read the table a data file names at ``key``, every cell checked."""
    named_by: NamedBy = lambda problem: document.error(  # noqa: E731
        f"table {str(path)!r} {problem}", (*key, "file")
    )
    if path.suffix.lower() in (".xlsx", ".ods"):
        # Imported here: a run that reads no workbook never loads the workbook reader.
        from goalcheck.loading.workbooks import read_sheet

        if spec.encoding != "utf-8" or spec.delimiter is not None:
            what = "encoding" if spec.encoding != "utf-8" else "delimiter"
            raise document.error(f"a workbook has no {what}: it is for CSV files", (*key, what))
        check_regular(path, named_by, MAX_TABLE_BYTES)  # calamine reads it: not read here
        sheet, rows = read_sheet(path, spec.sheet)
        prefix = f"{sheet}!"
    else:
        if path.suffix.lower() != ".csv":
            raise document.error(
                f"table {str(path)!r} is not a .csv, .xlsx or .ods file", (*key, "file")
            )
        if spec.sheet is not None:
            raise document.error("a CSV file has no sheets", (*key, "sheet"))
        raw, _ = read_bytes(path, named_by, MAX_TABLE_BYTES)
        rows = _csv_rows(path, raw, spec)
        prefix = ""
    reader = _Reader(path, spec, document, key, prefix)
    records = list(reader.records(rows))
    return Table(path, spec, document, key, records, reader.metric_column)


def _csv_rows(path: Path, raw: bytes, spec: TableSpec) -> Iterator[tuple[int, list[Cell]]]:
    if b"\x00" in raw:
        raise InputError(path, "is a binary file, not CSV text (a workbook ends in .xlsx or .ods)")
    if raw.startswith(codecs.BOM_UTF8) and spec.encoding != "cp1252":
        raw = raw[len(codecs.BOM_UTF8) :]
    try:
        text = raw.decode("utf-8" if spec.encoding == "utf-8-sig" else spec.encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        hint = '; say encoding = "cp1252" for a Windows export' if spec.encoding != "cp1252" else ""
        raise InputError(path, f"is not {spec.encoding} text{hint}", line=line) from None
    delimiter = spec.delimiter or _detect_delimiter(path, text, spec.header_row)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        yield from enumerate(cast("Iterator[list[Cell]]", reader), start=1)
    except csv.Error as exc:
        raise InputError(path, f"is not valid CSV: {exc}", line=reader.line_num) from None


def _detect_delimiter(path: Path, text: str, header_row: int) -> str:
    lines = text.splitlines()
    header = lines[header_row - 1] if len(lines) >= header_row else ""
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(counts.values())
    if best == 0:
        return ","  # one column, or no header: the header check says which
    found = [d for d, n in counts.items() if n == best]
    if len(found) > 1:
        shown = " and ".join(repr(d) for d in found)
        raise InputError(
            path,
            f"the header row has as many {shown}: say which separates the columns"
            ' (delimiter = ";")',
            line=header_row,
        )
    return found[0]


class _Reader:
    """Reads one table's rows into records, by its header row."""

    def __init__(
        self, path: Path, spec: TableSpec, document: TomlDocument, key: KeyPath, prefix: str
    ) -> None:
        self.path, self.spec, self.document, self.key, self.prefix = (
            path,
            spec,
            document,
            key,
            prefix,
        )
        self.numbers = Numbers(NumberFormat(spec.decimal, spec.thousands, spec.percent_sign))
        self.periods = Periods()
        self.missing = frozenset(text.strip() for text in spec.missing)
        self.letters: dict[int, str] = {}  # a column's letters, by its 0-based index
        self.width = 0  # the header's width: a shorter row is padded with empty cells
        self.names: dict[str, str] = {}
        self.metric_column = ""

    def where(self, row: int, column: int) -> str:
        letters = self.letters.get(column)
        if letters is None:
            letters = self.letters[column] = column_letters(column + 1)
        return f"{self.prefix}{letters}{row}"

    def fail(self, message: str, row: int, column: int) -> InputError:
        return InputError(self.path, message, cell=self.where(row, column))

    def records(self, rows: Iterable[tuple[int, list[Cell]]]) -> Iterator[TableRecord]:
        header: list[Cell] | None = None
        for number, row in rows:
            if number < self.spec.header_row:
                continue
            if header is None:
                header = row
                columns = self._columns(header, number)
                self.width = len(header)
                self.metric_column = self.where(1, columns.named["metric"])[:-1]
                continue
            if all(text_of(cell) == "" for cell in row):
                continue
            yield from columns.read(self, number, row)
        if header is None:
            raise self.document.error(
                f"table {str(self.path)!r} has no row {self.spec.header_row} to take its"
                " headers from",
                (*self.key, "header_row"),
            )

    def _columns(self, header: list[Cell], row: int) -> _Columns:
        names = [text_of(cell) for cell in header]
        index: dict[str, int] = {}
        for column, name in enumerate(names):
            if name and name in index:
                raise self.fail(f"a second column headed {name!r}", row, column)
            index.setdefault(name, column)

        def find(name: str, key: KeyPath) -> int:
            if name not in index:
                found = ", ".join(repr(n) for n in names if n) or "none"
                raise self.document.error(
                    f"no column headed {name!r} in row {row} of {str(self.path)!r}; its headers:"
                    f" {found}",
                    (*self.key, *key),
                )
            return index[name]

        spec, columns = self.spec, self.spec.columns
        named = {
            field: find(header_name, ("columns", field))
            for field in ("metric", "period", "value", "published", "through", "note")
            if (header_name := getattr(columns, field)) is not None
        }
        groups = {name: find(header, ("groups", name)) for name, header in spec.groups.items()}
        ignored = {find(name, ("ignore",)) for name in spec.ignore}
        used = set(named.values()) | set(groups.values()) | ignored
        periods: dict[int, Period] = {}
        if spec.layout == "wide":
            for column, name in enumerate(names):
                if column in used:
                    continue
                try:
                    periods[column] = self.periods.read(header[column]) if name else _EMPTY
                except ValueError as exc:
                    raise self.fail(
                        f"column {name!r} is neither a period nor a column the table names"
                        f" (list it in ignore); {exc}",
                        row,
                        column,
                    ) from None
        return _Columns(named, groups, periods)


_EMPTY = Period.parse("1000")  # stands for a column without a header, which must stay empty


@dataclass
class _Columns:
    named: dict[str, int]
    groups: dict[str, int]
    periods: dict[int, Period]

    def read(self, table: _Reader, row: int, cells: list[Cell]) -> Iterator[TableRecord]:
        if len(cells) < table.width:  # a short row: its missing cells are empty
            cells = [*cells, *[""] * (table.width - len(cells))]
        metric_column = self.named["metric"]
        named = text_of(cells[metric_column])
        if named == "":
            raise table.fail("a row with figures but no metric", row, metric_column)
        # One string per metric, however many rows name it.
        named = table.names.setdefault(named, named)
        metric = table.spec.metrics.get(named, named)
        group = self._group(table, row, cells) if self.groups else ()
        published = self._period(table, row, cells, "published")
        through = self._period(table, row, cells, "through")
        note_column = self.named.get("note")
        note = None
        if note_column is not None:
            note = text_of(cells[note_column]) or None
        if table.spec.layout == "long":
            period = table.spec.period or self._period(table, row, cells, "period")
            value_column = self.named["value"]
            value = self._value(table, row, value_column, cells[value_column])
            if value is None:
                return
            if period is None:
                raise table.fail("a figure without a period", row, self.named["period"])
            where = table.where(row, value_column)
            yield TableRecord(
                metric, named, row, period, value, where, group, published, through, note
            )
            return
        for column, period in self.periods.items():
            value = self._value(table, row, column, cells[column])
            if value is None:
                continue
            if period is _EMPTY:
                raise table.fail("a figure in a column without a header", row, column)
            where = table.where(row, column)
            yield TableRecord(
                metric, named, row, period, value, where, group, published, through, note
            )

    def _value(self, table: _Reader, row: int, column: int, value: Cell) -> Decimal | None:
        if text_of(value) in table.missing:
            return None
        try:
            return table.numbers.read(value)
        except ValueError as exc:
            raise table.fail(str(exc), row, column) from None

    def _period(self, table: _Reader, row: int, cells: list[Cell], field: str) -> Period | None:
        column = self.named.get(field)
        if column is None or text_of(cells[column]) == "":
            return None
        try:
            return table.periods.read(cells[column])
        except ValueError as exc:
            raise table.fail(str(exc), row, column) from None

    def _group(self, table: _Reader, row: int, cells: list[Cell]) -> Group:
        group: list[tuple[str, str]] = []
        for name, column in sorted(self.groups.items()):
            value = text_of(cells[column])
            if value == "":
                continue  # a figure of the whole, as far as this group goes
            if len(value) > 100 or not is_inert(value):
                raise table.fail(
                    f"a {name} is 1 to 100 characters without control characters", row, column
                )
            group.append((name, value))
        return tuple(group)
