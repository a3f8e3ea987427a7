"""Prove an .xlsx or .ods workbook safe for python-calamine before it reads one.

calamine trusts the zip archive, builds a sheet as one dense range from its first to its last
cell with a value, and reads every sheet of an .ods as it opens it: a hostile workbook could
exhaust the memory or hang it. This module reads the workbook first, streaming, with the
standard library only, and raises one ``WorkbookProblem`` for anything past these limits:

- ``MAX_WORKBOOK_UNPACKED``, 256 MiB: all members decompressed, as declared and as really
  decompressed (a zip bomb may declare small sizes), counted as they come.
- ``MAX_WORKBOOK_MEMBERS``, 10,000 members, counted in the zip directory before the zipfile
  module indexes it; also the most sheets, relationships in a .rels part, and number formats
  in styles.xml.
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

Last, it finds the numbers of that sheet formatted as a percentage, which calamine gives as the
fraction stored (0.0419 for a cell showing 4.19 %). This module holds the API and the limits,
checks the archive and parses its XML parts safely (``Members``); ``workbook_xml`` scans them.
"""

from __future__ import annotations

import copy
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple
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
_CHUNK = 1024 * 1024
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# What the zipfile, zlib and expat modules raise for a damaged archive; not OSError.
_BROKEN = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, LookupError, RuntimeError,
           struct.error, OverflowError, expat.ExpatError)  # fmt: skip


class CheckedSheet(NamedTuple):
    """The sheet to read, as the guard found it."""

    name: str
    """``sheet`` if given, else the first worksheet."""
    percent: frozenset[tuple[int, int]]
    """The 1-based row and column of each number in the sheet formatted as a percentage."""


def check_workbook(path: Path, sheet: str | None) -> CheckedSheet:
    """Check the workbook at ``path`` (an .xlsx or .ods, decided by suffix, case-insensitive) and
    return the sheet to read: ``sheet`` if given (it must exist, else WorkbookProblem listing the
    sheet names), else the first worksheet. Raise WorkbookProblem for anything unsafe.
    """
    from goalcheck.loading import workbook_xml  # here, not above: it imports this module

    kind = path.suffix.lower()
    if kind not in (".xlsx", ".ods"):
        raise broken("goalcheck reads .xlsx and .ods workbooks")
    with path.open("rb") as handle:
        if handle.read(len(_OLE_MAGIC)) == _OLE_MAGIC:
            raise WorkbookProblem(
                "is encrypted or not a workbook: an OLE compound file, as a password-protected"
                " workbook or an old .xls is"
            )
        try:
            _check_directory(handle)
            with zipfile.ZipFile(handle) as archive:
                members = Members(archive)
                scan = workbook_xml.check_xlsx if kind == ".xlsx" else workbook_xml.check_ods
                return scan(members, sheet)
        except _BROKEN as error:
            detail = str(error) or type(error).__name__
            raise broken(detail[:1].lower() + detail[1:]) from error


def broken(detail: str) -> WorkbookProblem:
    """The problem of a file that is not a workbook, or a damaged one."""
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
        raise broken("not a zip archive")
    count, size, offset, comment = struct.unpack("<10xHIIH", tail[at : at + 22])
    start = end - len(tail) + at  # where the directory ends: at its end record
    if tail[max(0, at - 20) : at].startswith(b"PK\x06\x07"):  # zip64, the zipfile module's way
        start -= 76
        handle.seek(max(0, start))
        if (record := handle.read(56))[:4] != b"PK\x06\x06" or len(record) < 56:
            raise broken("its zip64 end record is missing")
        count, size, offset = struct.unpack("<32xQQQ", record)
    if len(tail) - at - 22 != comment or offset + size != start:
        raise broken("its zip directory is not where it says")
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


class StopReading(Exception):
    """All that was needed from an XML part is read: a handler raises it to end ``parse``."""


class Members:
    """An archive's members by name, found as calamine finds them, all decompressed once to count
    their real size; each is decompressed again, streaming, as it is read or parsed."""

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
                raise broken(f"it has two members named {info.filename}")
            if _has_unicode_path(info.extra):
                raise broken(f"its member {info.filename} has a second name")
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
        """The member named ``name``, ASCII case-insensitive, or None."""
        return self.by_name.get(name.translate(_ASCII_LOWER))

    def chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        """The member decompressed whatever size it declares: zipfile would stop there."""
        unbounded = copy.copy(info)
        unbounded.file_size = MAX_WORKBOOK_UNPACKED + 1
        with self.archive.open(unbounded) as stream:
            while chunk := stream.read(_CHUNK):
                yield chunk

    def parse(
        self,
        name: str,
        start: Callable[[str, dict[str, str]], None],
        end: Callable[[str], None] | None = None,
        text: Callable[[str], None] | None = None,
    ) -> bool:
        """Stream the XML part ``name`` through expat, refusing a DOCTYPE and counting elements in
        all parts read; False if there is no such part. A handler ends it with StopReading."""
        if (info := self.find(name)) is None:
            return False

        def doctype(*_: object) -> None:
            raise WorkbookProblem(f"has a DOCTYPE in {info.filename}; a workbook needs none")

        def counted(tag: str, attrs: dict[str, str]) -> None:
            self.elements += 1
            if self.elements > 4 * MAX_SHEET_CELLS:  # a cell takes two to four, as a rule
                limit = f"{4 * MAX_SHEET_CELLS:,}"
                raise WorkbookProblem(
                    f"has more than {limit} XML elements to read; at most {limit}"
                )
            start(tag, attrs)

        parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = doctype
        parser.StartElementHandler = counted
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        try:
            for chunk in self.chunks(info):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except StopReading:
            pass
        except expat.ExpatError as error:
            raise broken(f"{info.filename} is not well-formed XML ({error})") from error
        return True


def _has_unicode_path(extra: bytes) -> bool:
    """Whether a member's extra field names it again (Info-ZIP Unicode Path), as the zip crate
    calamine uses would read it, and the zipfile module not."""
    while len(extra) >= 4:
        kind, length = struct.unpack("<HH", extra[:4])
        if kind == 0x7075:
            return True
        extra = extra[4 + length :]
    return False
