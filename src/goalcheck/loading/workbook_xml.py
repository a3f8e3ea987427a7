"""The XML parts of a workbook, scanned as python-calamine reads them: the guard's second half.

``workbook_guard`` proves the archive sound and hands its members to ``check_xlsx`` or
``check_ods`` here. These follow the parts to the sheet to read as calamine follows them,
parse each with ``Members.parse`` (expat, no DOCTYPE, every element counted), and find the
sheet's extent, any formula in it, and its numbers formatted as a percentage: calamine gives
such a number as the fraction stored, and goalcheck wants it as printed. The limits are
``workbook_guard``'s, read there when used (so that a test may lower them).
"""

from __future__ import annotations

import functools
import re

from goalcheck.loading import workbook_guard as guard
from goalcheck.loading.cells import a1, column_letters
from goalcheck.loading.workbook_guard import (
    CheckedSheet,
    Members,
    StopReading,
    WorkbookProblem,
    broken,
)

_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_FORMULA_SHOWN = 60  # a longer formula is not quoted in a message
_ODS_VALUES = {"office:value", "office:string-value", "office:date-value", "office:time-value",
               "office:boolean-value", "office:value-type", "table:formula"}  # fmt: skip
_PERCENT_FORMATS = {"9", "10"}  # the built-in number formats "0%" and "0.00%"
# What a number format prints as it is: "text", \c, [colour or condition], _c (a space as
# wide as c) and *c (c repeated); a % anywhere else multiplies the number by 100.
_LITERAL = re.compile(r'"[^"]*"?|\[[^\]]*\]?|[\\_*].?', re.DOTALL)


def _local(tag: str) -> str:
    """A tag's name without its prefix, as quick-xml sees it: after the first colon."""
    return tag[tag.find(":") + 1 :]


def check_xlsx(members: Members, wanted: str | None) -> CheckedSheet:
    """Follow the parts of an .xlsx to the sheet as calamine follows them; check the sheet."""
    if (package := _relationships(members, "_rels/.rels")) is None:
        raise broken("it has no _rels/.rels")
    office = "/relationships/officeDocument"
    documents = [target for _, kind, target in package if kind.endswith(office)]
    if not documents:
        raise broken("its _rels/.rels names no workbook part")
    folder = documents[-1][: documents[-1].rfind("/") + 1].removeprefix("/")
    if (rels := _relationships(members, f"{folder}_rels/workbook.xml.rels")) is None:
        raise broken(f"it has no {folder}_rels/workbook.xml.rels")
    by_id = {rel_id: (kind, target) for rel_id, kind, target in rels if rel_id is not None}
    sheets: dict[str, tuple[str, str]] = {}  # name: (relationship type, part)

    def part(target: str) -> str:
        return target[1:] if target.startswith("/") else folder + target

    def start(tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == "sheet":
            name = attrs.get("name", "")
            ids = [value for key, value in attrs.items() if key == "id" or key.endswith(":id")]
            if not ids or ids[-1] not in by_id:
                raise broken(f"sheet '{name}' has no relationship")
            kind, target = by_id[ids[-1]]
            _new_sheet(sheets, name)
            sheets[name] = (kind, part(target))

    members.parse(f"{folder}workbook.xml", start)
    worksheets = [name for name, (kind, _) in sheets.items() if kind.split("/")[-1] == "worksheet"]
    name = _chosen(list(sheets), wanted, worksheets)
    if name not in worksheets:
        raise WorkbookProblem(f"sheet '{name}' is not a worksheet: it has no cells", name)
    _check_shared_strings(members, f"{folder}sharedStrings.xml")
    styles = next((part(target) for _, kind, target in rels if kind.endswith("/styles")), None)
    scan = _SheetScan(name, None if styles is None else _percent_styles(members, styles))
    if not members.parse(sheets[name][1], scan.start, scan.end, scan.text):
        raise broken(f"sheet '{name}' has no part {sheets[name][1]}")
    _check_extent(name, scan.rows, scan.columns)
    return CheckedSheet(name, frozenset(scan.percent))


def _relationships(members: Members, name: str) -> list[tuple[str | None, str, str]] | None:
    """The id, type and target of each relationship in a .rels part; None if there is none."""
    found: list[tuple[str | None, str, str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == "Relationship" and "Target" in attrs:
            if len(found) == guard.MAX_WORKBOOK_MEMBERS:
                raise WorkbookProblem(f"has more than {guard.MAX_WORKBOOK_MEMBERS:,} relationships")
            found.append((attrs.get("Id"), attrs.get("Type", ""), attrs["Target"]))

    return found if members.parse(name, start) else None


def _check_shared_strings(members: Members, name: str) -> None:
    """calamine reserves memory for the strings sharedStrings.xml says it has: it may say no more
    than it could hold, at five bytes (``<si/>``) a string."""
    info = members.find(name)
    room = 0 if info is None else members.sizes[info.filename] // len("<si/>")

    def start(tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) != "sst":
            return
        said = attrs.get("uniqueCount", "").strip().removeprefix("+").lstrip("0")
        if said.isascii() and said.isdigit() and (len(said) > 18 or int(said) > room):
            said = said[:20] if len(said) > 18 else f"{int(said):,}"
            raise broken(f"{name} says it has {said} strings, more than it holds")
        raise StopReading

    members.parse(name, start)


def _percent_styles(members: Members, name: str) -> bytearray | None:
    """Which cell styles of the styles part (``<cellXfs>``'s ``<xf>``, by index) print a number as
    a percentage, a byte each: number format 9 or 10, or a ``<numFmts>`` code with a % that is
    not literal. None if no style does, or there is no such part."""
    percent = bytearray()
    formats: dict[str, bool] = {}  # numFmtId: whether a percentage, where it matters
    count, depth, section, within = 0, 0, "", 0  # section: "numFmts" or "cellXfs" while in it

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal count, depth, section, within
        depth, local = depth + 1, _local(tag)
        if section == "cellXfs" and local == "xf":
            number_format = attrs.get("numFmtId", "")
            percent.append(formats.get(number_format, number_format in _PERCENT_FORMATS))
        elif section == "numFmts" and local == "numFmt" and (code := attrs.get("formatCode")):
            if (count := count + 1) > guard.MAX_WORKBOOK_MEMBERS:
                limit = f"{guard.MAX_WORKBOOK_MEMBERS:,}"
                raise WorkbookProblem(
                    f"has more than {limit} number formats in {name}; at most {limit}"
                )
            number_format = attrs.get("numFmtId", "")
            shown = "%" in code and "%" in _LITERAL.sub("", code)
            if shown or number_format in formats or number_format in _PERCENT_FORMATS:
                formats[number_format] = shown
        elif not section and local in ("numFmts", "cellXfs"):
            section, within = local, depth

    def end(tag: str) -> None:
        nonlocal depth, section, within
        if depth == within:
            section, within = "", 0
        depth -= 1

    members.parse(name, start, end)
    return percent if 1 in percent else None


def _new_sheet(sheets: dict[str, tuple[str, str]], name: str) -> None:
    if name in sheets:
        raise WorkbookProblem(f"has two sheets named '{name}'", name)
    if len(sheets) == guard.MAX_WORKBOOK_MEMBERS:
        raise WorkbookProblem(f"has more than {guard.MAX_WORKBOOK_MEMBERS:,} sheets")


def _chosen(names: list[str], wanted: str | None, worksheets: list[str]) -> str:
    """``wanted`` if it is one of ``names``; the first worksheet if no sheet is wanted."""
    if wanted is None:
        if not worksheets:
            raise WorkbookProblem("has no worksheet")
        return worksheets[0]
    if wanted not in names:
        listed = ", ".join(f"'{name}'" for name in names[:20])
        listed += f" and {len(names) - 20:,} more" if len(names) > 20 else ""
        raise WorkbookProblem(f"has no sheet '{wanted}'; its sheets are {listed or 'none'}")
    return wanted


def _check_extent(sheet: str, rows: int, columns: int) -> None:
    if rows > guard.MAX_SHEET_ROWS:
        problem = f"has a value in row {rows:,}; a sheet may have at most"
        problem += f" {guard.MAX_SHEET_ROWS:,} rows"
    elif columns > guard.MAX_SHEET_COLUMNS:
        problem = f"has a value in column {column_letters(columns)}; a sheet may have at most"
        problem += f" {guard.MAX_SHEET_COLUMNS:,} columns, to"
        problem += f" {column_letters(guard.MAX_SHEET_COLUMNS)}"
    elif rows * columns > guard.MAX_SHEET_CELLS:
        problem = f"spans A1:{a1(rows, columns)}, {rows * columns:,} cells;"
        problem += f" a sheet may span at most {guard.MAX_SHEET_CELLS:,} cells"
    else:
        return
    raise WorkbookProblem(f"sheet '{sheet}' {problem}", sheet)


def _formula(sheet: str, cell: str, formula: str) -> WorkbookProblem:
    shown = f" ({formula})" if 1 < len(formula) <= _FORMULA_SHOWN else ""
    problem = f"sheet '{sheet}' has a formula in {cell}{shown}; goalcheck reads figures as printed"
    return WorkbookProblem(f"{problem}: paste the values", sheet, cell)


class _SheetScan:
    """The cells of an .xlsx sheet as calamine reads them: the ``<c>`` in ``<sheetData>``, a cell
    or row without ``r`` following the one before. A cell with no element in it is empty to
    calamine and not counted; a formula is refused at once. With ``styles``, a byte a cell style
    (1 if it prints percentages), the numbers so styled are kept in ``percent``; a later cell in
    the same place replaces an earlier one, as in calamine."""

    def __init__(self, sheet: str, styles: bytearray | None) -> None:
        self.sheet, self.styles = sheet, styles
        self.depth = self.data = self.cell = 0  # depths of <sheetData> and of the cell, or 0
        self.row, self.column, self.here = 1, 1, (1, 1)  # where the next cell without r would be
        self.filled = self.shown = False  # shown: the cell is a number printed as a percentage
        self.formula: list[str] | None = None
        self.cells = self.rows = self.columns = 0
        self.percent: set[tuple[int, int]] = set()

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.cell:
            self.filled = True
            if self.formula is None and _local(tag) == "f":
                self.formula = []
            return
        local = _local(tag)
        if not self.data:
            self.data = self.depth if local == "sheetData" else 0
        elif local == "c":
            ref = attrs.get("r")
            self.here = here = (self.row, self.column) if ref is None else self._ref(ref)
            self.column = here[1] + 1
            self.cell, self.filled = self.depth, False
            if self.styles is not None:
                style = attrs.get("s", "0")  # none is the first
                index = (
                    int(style) if style.isascii() and style.isdigit() and len(style) < 10 else -1
                )
                self.shown = attrs.get("t", "n") == "n" and 0 <= index < len(self.styles)
                self.shown = self.shown and self.styles[index] == 1
        elif local == "row" and "r" in attrs:
            self.row = self._ref(attrs["r"], row=True)[0]

    def end(self, tag: str) -> None:
        depth, self.depth = self.depth, self.depth - 1
        if self.cell == depth:
            self.cell = 0
            if self.filled:
                self.cells += 1
                row, column = self.here
                if row > self.rows:
                    self.rows = row
                if column > self.columns:
                    self.columns = column
                if self.cells > guard.MAX_SHEET_CELLS:
                    problem = f"sheet '{self.sheet}' has more than {guard.MAX_SHEET_CELLS:,} cells"
                    raise WorkbookProblem(f"{problem}; a sheet may have at most that", self.sheet)
                if self.shown:
                    self.percent.add(self.here)
                elif self.percent:
                    self.percent.discard(self.here)
        elif self.cell:
            if self.formula is not None and _local(tag) == "f":
                formula = "=" + "".join(self.formula).strip()
                raise _formula(self.sheet, a1(*self.here), formula)
        elif self.data == depth:
            raise StopReading  # the end of <sheetData>: calamine reads no further
        elif self.data and _local(tag) == "row":
            self.row, self.column = self.row + 1, 1

    def text(self, data: str) -> None:
        if self.formula is not None and len(self.formula) <= _FORMULA_SHOWN:
            self.formula.append(data)

    def _ref(self, ref: str, row: bool = False) -> tuple[int, int]:
        """The row and column of a cell's ``r``, as calamine reads it (a row's has no column)."""
        letters = ref.rstrip("0123456789")
        digits = ref[len(letters) :]
        column = _column_number(letters)
        if not (0 < len(digits) <= 7 and (column or (row and not letters)) and int(digits)):
            problem = f"has a cell at '{ref[:20]}', not in A1:XFD1048576"
            raise WorkbookProblem(f"sheet '{self.sheet}' {problem}", self.sheet)
        return int(digits), column


@functools.lru_cache(maxsize=1 << 15)  # bounded: a hostile sheet may vary its letters
def _column_number(letters: str) -> int:
    """The number of a column of one to three ASCII letters, either case; else 0."""
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isalpha()):
        return 0
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def check_ods(members: Members, wanted: str | None) -> CheckedSheet:
    """Check the mimetype, for encryption, then every sheet of an .ods, as calamine reads them
    all; only the sheet to read must have no formula."""
    if (mimetype := members.find("mimetype")) is not None:
        head = next(members.chunks(mimetype), b"")[: len(_ODS_MIMETYPE)]
        if head != _ODS_MIMETYPE:
            shown = head.decode("ascii", "replace")
            raise WorkbookProblem(f"is not a spreadsheet: its mimetype is '{shown}'")

    def manifest(tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == "encryption-data":
            raise WorkbookProblem("is encrypted: it needs a password; save it without one")

    members.parse("META-INF/manifest.xml", manifest)
    scan = _OdsScan(wanted)
    if not members.parse("content.xml", scan.start, scan.end):
        raise broken("it has no content.xml")
    name = _chosen(list(scan.sheets), wanted, list(scan.sheets))
    return CheckedSheet(name, frozenset(scan.percent))


class _OdsScan:
    """The tables of an .ods content.xml as calamine reads them, by their prefixed names: the
    extent of each, ``number-rows-repeated`` and ``number-columns-repeated`` honoured. A cell
    counts, every repeat of it, if it has a value, a value type or a formula. The cells of the
    sheet to read of value type percentage are kept in ``percent``, while they are no more than
    a sheet may span: past that, the sheet is refused as it ends."""

    def __init__(self, wanted: str | None) -> None:
        self.wanted = wanted
        self.sheets: dict[str, tuple[str, str]] = {}
        self.depth = self.table = self.cell = 0  # depths of the table and of the cell, or 0
        self.name, self.chosen, self.in_row = "", False, False
        self.row = self.column = self.repeats = self.reach = self.rows = self.columns = 0
        self.total = 0
        self.percent: set[tuple[int, int]] = set()
        self.spans: list[range] = []  # the columns of the row's percentages

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.cell:
            return
        if not self.table:
            if tag == "table:table" and "table:name" in attrs:
                self.name = attrs["table:name"]
                self.chosen = self.name == self.wanted or (self.wanted is None and not self.sheets)
                _new_sheet(self.sheets, self.name)
                self.sheets[self.name] = ("", "")
                self.table, self.row, self.rows, self.columns = self.depth, 1, 0, 0
        elif self.in_row and tag in ("table:table-cell", "table:covered-table-cell"):
            self.cell = self.depth
            repeats = _repeats(attrs, "table:number-columns-repeated")
            if repeats and not _ODS_VALUES.isdisjoint(attrs):
                if self.chosen and "table:formula" in attrs:
                    formula = re.sub(r"^[a-z]+:(?==)", "", attrs["table:formula"])
                    raise _formula(self.name, a1(self.row, self.column), formula)
                self.reach = self.column + repeats - 1
                shown = self.chosen and attrs.get("office:value-type") == "percentage"
                if shown and self.reach <= guard.MAX_SHEET_COLUMNS:
                    self.spans.append(range(self.column, self.reach + 1))
            self.column += repeats
        elif tag == "table:table-row" and not self.in_row:
            self.in_row, self.column, self.reach = True, 1, 0
            self.repeats = _repeats(attrs, "table:number-rows-repeated")

    def end(self, tag: str) -> None:
        if self.cell == self.depth:
            self.cell = 0
        elif self.table and not self.cell and tag == "table:table-row" and self.in_row:
            if self.reach and self.repeats:
                self.rows = self.row + self.repeats - 1
                self.columns = max(self.columns, self.reach)
            if self.spans:
                self._keep_percent()
            self.row += self.repeats
            self.in_row = False
        elif self.table and not self.cell and tag == "table:table":
            _check_extent(self.name, self.rows, self.columns)
            self.total += self.rows * self.columns
            if self.total > guard.MAX_SHEET_CELLS:
                problem = f"has sheets that span {self.total:,} cells together; calamine reads"
                problem += " every sheet of an .ods, which may span"
                problem += f" {guard.MAX_SHEET_CELLS:,} at most"
                raise WorkbookProblem(problem)
            self.table = 0
        self.depth -= 1

    def _keep_percent(self) -> None:
        """Keep the row's percentages, every repeat; past what a sheet may span, the sheet spans
        more than that and is refused as it ends."""
        width = sum(len(span) for span in self.spans)
        if len(self.percent) + self.repeats * width <= guard.MAX_SHEET_CELLS:
            for row in range(self.row, self.row + self.repeats):
                self.percent.update((row, column) for span in self.spans for column in span)
        self.spans = []


def _repeats(attrs: dict[str, str], key: str) -> int:
    value = attrs.get(key, "1")
    if not (value.isascii() and value.isdigit()):
        raise broken(f"its {key} is '{value[:20]}', not a count")
    digits = value.lstrip("0") or "0"
    return int(digits) if len(digits) <= 10 else 10**10  # far past any limit
