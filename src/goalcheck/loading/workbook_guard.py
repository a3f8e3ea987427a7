"""Prove an .xlsx or .ods workbook safe for python-calamine before it reads one.

calamine trusts the zip archive, builds a sheet as one dense range from its first to its last
cell with a value, and reads every sheet of an .ods as it opens it: a hostile workbook could
exhaust the memory or hang it. This module reads the workbook first, streaming, with the
standard library only, and raises one ``WorkbookProblem`` for anything past these limits:

- ``MAX_WORKBOOK_UNPACKED``, 256 MiB: all members decompressed, as declared and as really
  decompressed (a zip bomb may declare small sizes), counted as they come.
- ``MAX_WORKBOOK_MEMBERS``, 10,000 members, counted in the zip directory before the zipfile
  module indexes it; also the most sheets, and relationships in a .rels part.
- ``MAX_SHEET_ROWS`` and ``MAX_SHEET_COLUMNS``, 1,048,576 rows and 16,384 columns, as in
  Excel (A1:XFD1048576): no value may lie further out.
- ``MAX_SHEET_CELLS``, 4,000,000 cells from A1 to the last row and column with a value
  (calamine starts at the first value; A1 is safer); also the most cells an .xlsx sheet may
  write, and the cells all the sheets of an .ods may span together, as calamine reads them all.
  Four times as many XML elements, in all the parts read, bound the time the check takes.

It also refuses an encrypted workbook, a DOCTYPE in an XML part (entity expansion), a
sharedStrings.xml claiming more strings than it holds (calamine reserves memory for the
claim), two members of one name, a zip directory not where it says; and a formula in the
sheet to read: goalcheck wants figures as printed, not a cached result. Parts and elements are
found as calamine finds them (names ASCII case-insensitive), so it reads what was checked.
"""

from __future__ import annotations

import copy
import functools
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat


class WorkbookProblem(Exception):
    """What is wrong with a workbook, located: ``cell`` is an A1 reference ("C7") or None."""

    def __init__(self, message: str, sheet: str | None = None, cell: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.sheet = sheet
        self.cell = cell


MAX_WORKBOOK_UNPACKED = 256 * 1024 * 1024
MAX_WORKBOOK_MEMBERS = 10_000
MAX_SHEET_CELLS = 4_000_000
MAX_SHEET_ROWS = 1_048_576
MAX_SHEET_COLUMNS = 16_384

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_CHUNK = 1024 * 1024
_FORMULA_SHOWN = 60  # a longer formula is not quoted in a message
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ODS_VALUES = {"office:value", "office:string-value", "office:date-value", "office:time-value",
               "office:boolean-value", "office:value-type", "table:formula"}  # fmt: skip
# What the zipfile, zlib and expat modules raise for a damaged archive; not OSError.
_BROKEN = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, LookupError, RuntimeError,
           struct.error, OverflowError, expat.ExpatError)  # fmt: skip


def column_letters(column: int) -> str:
    """The letters of a 1-based column: 1 is "A", 26 "Z", 27 "AA", 16,384 "XFD"."""
    if column < 1:
        raise ValueError(f"column {column} is not 1 or more")
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def a1(row: int, column: int) -> str:
    """The A1 reference of a 1-based row and column: ``a1(7, 3)`` is "C7"."""
    if row < 1:
        raise ValueError(f"row {row} is not 1 or more")
    return f"{column_letters(column)}{row}"


def check_workbook(path: Path, sheet: str | None) -> str:
    """Check the workbook at ``path`` (an .xlsx or .ods, decided by suffix, case-insensitive) and
    return the name of the sheet to read: ``sheet`` if given (it must exist, else WorkbookProblem
    listing the sheet names), else the first worksheet. Raise WorkbookProblem for anything unsafe.
    """
    kind = path.suffix.lower()
    if kind not in (".xlsx", ".ods"):
        raise _broken("goalcheck reads .xlsx and .ods workbooks")
    with path.open("rb") as handle:
        if handle.read(len(_OLE_MAGIC)) == _OLE_MAGIC:
            raise WorkbookProblem(
                "is encrypted or not a workbook: an OLE compound file, as a password-protected"
                " workbook or an old .xls is"
            )
        try:
            _check_directory(handle)
            with zipfile.ZipFile(handle) as archive:
                members = _Members(archive)
                return (_check_xlsx if kind == ".xlsx" else _check_ods)(members, sheet)
        except _BROKEN as error:
            detail = str(error) or type(error).__name__
            raise _broken(detail[:1].lower() + detail[1:]) from error


def _broken(detail: str) -> WorkbookProblem:
    return WorkbookProblem(f"is not a workbook: {detail}")


def _check_directory(handle: BinaryIO) -> None:
    """Find the zip directory as the zipfile module does; insist that it is where its end record
    says (so another zip reader finds the same), and count its entries before zipfile indexes
    them: an entry takes 46 bytes of the file and some 400 of memory."""
    end = handle.seek(0, 2)
    handle.seek(max(0, end - 22 - 0xFFFF))
    tail = handle.read()
    at = len(tail) - 22 if tail[-22:-18] == b"PK\x05\x06" else tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        raise _broken("not a zip archive")
    count, size, offset, comment = struct.unpack("<10xHIIH", tail[at : at + 22])
    start = end - len(tail) + at  # where the directory ends: at its end record
    if tail[max(0, at - 20) : at].startswith(b"PK\x06\x07"):  # zip64, the zipfile module's way
        start -= 76
        handle.seek(max(0, start))
        if (record := handle.read(56))[:4] != b"PK\x06\x06" or len(record) < 56:
            raise _broken("its zip64 end record is missing")
        count, size, offset = struct.unpack("<32xQQQ", record)
    if len(tail) - at - 22 != comment or offset + size != start:
        raise _broken("its zip directory is not where it says")
    seen, position = 0, offset
    while position < offset + size and seen <= MAX_WORKBOOK_MEMBERS:
        handle.seek(position)
        if len(header := handle.read(46)) < 46 or header[:4] != b"PK\x01\x02":
            break  # the zipfile module says what is wrong
        position += 46 + sum(struct.unpack("<HHH", header[28:34]))
        seen += 1
    if max(seen, count) > MAX_WORKBOOK_MEMBERS:
        limit = f"{MAX_WORKBOOK_MEMBERS:,}"
        raise WorkbookProblem(f"has more than {limit} members; a workbook may have at most {limit}")


class _Members:
    """An archive's members by name, found as calamine finds them, all decompressed once to count
    their real size; each is decompressed again, streaming, as it is read."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.by_name: dict[str, zipfile.ZipInfo] = {}
        self.sizes: dict[str, int] = {}  # by file name, as really decompressed
        self.elements = 0  # XML elements read so far, in all parts
        for info in archive.infolist():
            key = info.filename.replace("\\", "/").translate(_ASCII_LOWER)
            if info.flag_bits & 0x1:
                raise WorkbookProblem(f"is encrypted: its member {info.filename} needs a password")
            if key in self.by_name:
                raise _broken(f"it has two members named {info.filename}")
            if _has_unicode_path(info.extra):
                raise _broken(f"its member {info.filename} has a second name")
            self.by_name[key] = info
        limit = f"{MAX_WORKBOOK_UNPACKED / 2**20:g} MiB"
        too_big = WorkbookProblem(
            f"unpacks to more than {limit}; a workbook may unpack to at most {limit}"
        )
        if sum(info.file_size for info in self.by_name.values()) > MAX_WORKBOOK_UNPACKED:
            raise too_big
        total = 0
        for info in self.by_name.values():
            self.sizes[info.filename] = -total
            for chunk in self.chunks(info):
                total += len(chunk)
                if total > MAX_WORKBOOK_UNPACKED:
                    raise too_big
            self.sizes[info.filename] += total

    def find(self, name: str) -> zipfile.ZipInfo | None:
        return self.by_name.get(name.translate(_ASCII_LOWER))

    def chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The member decompressed whatever size it declares: zipfile would stop there."""
        unbounded = copy.copy(info)
        unbounded.file_size = MAX_WORKBOOK_UNPACKED + 1
        with self.archive.open(unbounded) as stream:
            while chunk := stream.read(_CHUNK):
                yield chunk


def _has_unicode_path(extra: bytes) -> bool:
    """Whether a member's extra field names it again (Info-ZIP Unicode Path), as the zip crate
    calamine uses would read it, and the zipfile module not."""
    while len(extra) >= 4:
        kind, length = struct.unpack("<HH", extra[:4])
        if kind == 0x7075:
            return True
        extra = extra[4 + length :]
    return False


class _Stop(Exception):
    """All that was needed from an XML part is read."""


def _parse(
    members: _Members,
    name: str,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> bool:
    """Stream the XML part ``name`` through expat, refusing a DOCTYPE; False if there is none."""
    if (info := members.find(name)) is None:
        return False

    def doctype(*_: object) -> None:
        raise WorkbookProblem(f"has a DOCTYPE in {info.filename}; a workbook needs none")

    def counted(tag: str, attrs: dict[str, str]) -> None:
        members.elements += 1
        if members.elements > 4 * MAX_SHEET_CELLS:  # a cell takes two to four, as a rule
            limit = f"{4 * MAX_SHEET_CELLS:,}"
            raise WorkbookProblem(f"has more than {limit} XML elements to read; at most {limit}")
        start(tag, attrs)

    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = counted
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        for chunk in members.chunks(info):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop:
        pass
    except expat.ExpatError as error:
        raise _broken(f"{info.filename} is not well-formed XML ({error})") from error
    return True


def _local(tag: str) -> str:
    """A tag's name without its prefix, as quick-xml sees it: after the first colon."""
    return tag[tag.find(":") + 1 :]


def _check_xlsx(members: _Members, wanted: str | None) -> str:
    """Follow the parts to the sheet as calamine follows them; check the sheet."""
    if (package := _relationships(members, "_rels/.rels")) is None:
        raise _broken("it has no _rels/.rels")
    office = "/relationships/officeDocument"
    documents = [target for _, kind, target in package if kind.endswith(office)]
    if not documents:
        raise _broken("its _rels/.rels names no workbook part")
    folder = documents[-1][: documents[-1].rfind("/") + 1].removeprefix("/")
    if (rels := _relationships(members, f"{folder}_rels/workbook.xml.rels")) is None:
        raise _broken(f"it has no {folder}_rels/workbook.xml.rels")
    by_id = {rel_id: (kind, target) for rel_id, kind, target in rels if rel_id is not None}
    sheets: dict[str, tuple[str, str]] = {}  # name: (relationship type, part)

    def start(tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == "sheet":
            name = attrs.get("name", "")
            ids = [value for key, value in attrs.items() if key == "id" or key.endswith(":id")]
            if not ids or ids[-1] not in by_id:
                raise _broken(f"sheet '{name}' has no relationship")
            kind, target = by_id[ids[-1]]
            _new_sheet(sheets, name)
            sheets[name] = (kind, target[1:] if target.startswith("/") else folder + target)

    _parse(members, f"{folder}workbook.xml", start)
    worksheets = [name for name, (kind, _) in sheets.items() if kind.split("/")[-1] == "worksheet"]
    name = _chosen(list(sheets), wanted, worksheets)
    if name not in worksheets:
        raise WorkbookProblem(f"sheet '{name}' is not a worksheet: it has no cells", name)
    _check_shared_strings(members, f"{folder}sharedStrings.xml")
    scan = _SheetScan(name)
    if not _parse(members, sheets[name][1], scan.start, scan.end, scan.text):
        raise _broken(f"sheet '{name}' has no part {sheets[name][1]}")
    _check_extent(name, scan.rows, scan.columns)
    return name


def _relationships(members: _Members, name: str) -> list[tuple[str | None, str, str]] | None:
    """The id, type and target of each relationship in a .rels part; None if there is none."""
    found: list[tuple[str | None, str, str]] = []

    def start(tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == "Relationship" and "Target" in attrs:
            if len(found) == MAX_WORKBOOK_MEMBERS:
                raise WorkbookProblem(f"has more than {MAX_WORKBOOK_MEMBERS:,} relationships")
            found.append((attrs.get("Id"), attrs.get("Type", ""), attrs["Target"]))

    return found if _parse(members, name, start) else None


def _check_shared_strings(members: _Members, name: str) -> None:
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
            raise _broken(f"{name} says it has {said} strings, more than it holds")
        raise _Stop

    _parse(members, name, start)


def _new_sheet(sheets: dict[str, tuple[str, str]], name: str) -> None:
    if name in sheets:
        raise WorkbookProblem(f"has two sheets named '{name}'", name)
    if len(sheets) == MAX_WORKBOOK_MEMBERS:
        raise WorkbookProblem(f"has more than {MAX_WORKBOOK_MEMBERS:,} sheets")


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
    if rows > MAX_SHEET_ROWS:
        problem = f"has a value in row {rows:,}; a sheet may have at most {MAX_SHEET_ROWS:,} rows"
    elif columns > MAX_SHEET_COLUMNS:
        problem = f"has a value in column {column_letters(columns)}; a sheet may have at most"
        problem += f" {MAX_SHEET_COLUMNS:,} columns, to {column_letters(MAX_SHEET_COLUMNS)}"
    elif rows * columns > MAX_SHEET_CELLS:
        problem = f"spans A1:{a1(rows, columns)}, {rows * columns:,} cells;"
        problem += f" a sheet may span at most {MAX_SHEET_CELLS:,} cells"
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
    calamine and not counted; a formula is refused at once."""

    def __init__(self, sheet: str) -> None:
        self.sheet = sheet
        self.depth = self.data = self.cell = 0  # depths of <sheetData> and of the cell, or 0
        self.row, self.column, self.here = 1, 1, (1, 1)  # where the next cell without r would be
        self.filled = False
        self.formula: list[str] | None = None
        self.cells = self.rows = self.columns = 0

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
                if self.cells > MAX_SHEET_CELLS:
                    problem = f"sheet '{self.sheet}' has more than {MAX_SHEET_CELLS:,} cells"
                    raise WorkbookProblem(f"{problem}; a sheet may have at most that", self.sheet)
        elif self.cell:
            if self.formula is not None and _local(tag) == "f":
                formula = "=" + "".join(self.formula).strip()
                raise _formula(self.sheet, a1(*self.here), formula)
        elif self.data == depth:
            raise _Stop  # the end of <sheetData>: calamine reads no further
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


def _check_ods(members: _Members, wanted: str | None) -> str:
    """Check the mimetype, for encryption, then every sheet, as calamine reads them all; only the
    sheet to read must have no formula."""
    if (mimetype := members.find("mimetype")) is not None:
        head = next(members.chunks(mimetype), b"")[: len(_ODS_MIMETYPE)]
        if head != _ODS_MIMETYPE:
            shown = head.decode("ascii", "replace")
            raise WorkbookProblem(f"is not a spreadsheet: its mimetype is '{shown}'")

    def manifest(tag: str, attrs: dict[str, str]) -> None:
        if _local(tag) == "encryption-data":
            raise WorkbookProblem("is encrypted: it needs a password; save it without one")

    _parse(members, "META-INF/manifest.xml", manifest)
    scan = _OdsScan(wanted)
    if not _parse(members, "content.xml", scan.start, scan.end):
        raise _broken("it has no content.xml")
    return _chosen(list(scan.sheets), wanted, list(scan.sheets))


class _OdsScan:
    """The tables of an .ods content.xml as calamine reads them, by their prefixed names: the
    extent of each, ``number-rows-repeated`` and ``number-columns-repeated`` honoured. A cell
    counts, every repeat of it, if it has a value, a value type or a formula."""

    def __init__(self, wanted: str | None) -> None:
        self.wanted = wanted
        self.sheets: dict[str, tuple[str, str]] = {}
        self.depth = self.table = self.cell = 0  # depths of the table and of the cell, or 0
        self.name, self.chosen, self.in_row = "", False, False
        self.row = self.column = self.repeats = self.reach = self.rows = self.columns = 0
        self.total = 0

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
            self.row += self.repeats
            self.in_row = False
        elif self.table and not self.cell and tag == "table:table":
            _check_extent(self.name, self.rows, self.columns)
            self.total += self.rows * self.columns
            if self.total > MAX_SHEET_CELLS:
                problem = f"has sheets that span {self.total:,} cells together; calamine reads"
                problem += f" every sheet of an .ods, which may span {MAX_SHEET_CELLS:,} at most"
                raise WorkbookProblem(problem)
            self.table = 0
        self.depth -= 1


def _repeats(attrs: dict[str, str], key: str) -> int:
    value = attrs.get(key, "1")
    if not (value.isascii() and value.isdigit()):
        raise _broken(f"its {key} is '{value[:20]}', not a count")
    digits = value.lstrip("0") or "0"
    return int(digits) if len(digits) <= 10 else 10**10  # far past any limit
