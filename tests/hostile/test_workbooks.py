"""Workbooks built to break goalcheck before python-calamine reads them: zip bombs, lying
headers, dense-range bombs, formulas, entity tricks, and broken or disguised archives.

Each workbook the guard lets through is opened with python-calamine too, to prove the guard
refuses nothing calamine reads well. Nothing the guard refuses is given to calamine: some of
these would abort the process from inside it.
"""

from __future__ import annotations

import struct
import time
import tracemalloc
import zipfile
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from goalcheck.loading import workbook_guard
from goalcheck.loading.cells import Cell, a1, column_letters
from goalcheck.loading.workbook_guard import (
    MAX_WORKBOOK_UNPACKED,
    CheckedSheet,
    WorkbookProblem,
    check_workbook,
)
from goalcheck.loading.workbooks import hundredfold, read_sheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
ROOT_RELS = (
    f'<?xml version="1.0"?><Relationships xmlns="{RELS}"><Relationship Id="rId1"'
    f' Type="{OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{OFFICE}"><sheets>'
    '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0"?><Relationships xmlns="{RELS}"><Relationship Id="rId1"'
    f' Type="{OFFICE}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
SPAN = "a sheet may span at most 4,000,000 cells"
BOMB = "unpacks to more than 256 MiB; a workbook may unpack to at most 256 MiB"
PASTE = "goalcheck reads figures as printed: paste the values"
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def sheet_xml(cells: str, root: str = "worksheet", prefix: str = "") -> str:
    """A worksheet part with ``cells`` (rows of cells) as its sheetData."""
    xmlns = f"xmlns:{prefix[:-1]}" if prefix else "xmlns"
    return (
        f'<?xml version="1.0"?><{prefix}{root} {xmlns}="{MAIN}"><{prefix}sheetData>{cells}'
        f"</{prefix}sheetData></{prefix}{root}>"
    )


def write_zip(path: Path, members: Mapping[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def xlsx(path: Path, cells: str = '<row r="1"><c r="A1"><v>1</v></c></row>', **parts: str) -> Path:
    """A minimal .xlsx by hand: one sheet "Data" with ``cells``; ``parts`` replace or add parts,
    named with "/" written "__" and ".xml" written "_xml" (``xl__workbook_xml``)."""
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": CONTENT_TYPES,
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": WORKBOOK,
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
        "xl/worksheets/sheet1.xml": sheet_xml(cells),
    }
    for key, data in parts.items():
        members[key.replace("__", "/").replace("_xml", ".xml")] = data
    return write_zip(path, members)


def ods_cell(value: float | str = 1, repeat: int = 1, extra: str = "") -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat != 1 else ""
    number = isinstance(value, (int, float))
    kind = (
        f'office:value-type="float" office:value="{value}"'
        if number
        else 'office:value-type="string"'
    )
    return f"<table:table-cell {kind}{repeated}{extra}><text:p>{value}</text:p></table:table-cell>"


def ods_row(*cells: str, repeat: int = 1) -> str:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat != 1 else ""
    return f"<table:table-row{repeated}>{''.join(cells)}</table:table-row>"


def ods_table(name: str, *rows: str) -> str:
    return f'<table:table table:name="{name}">{"".join(rows)}</table:table>'


def ods(path: Path, *tables: str, mimetype: str = ODS_MIMETYPE, manifest: str = "") -> Path:
    """A minimal .ods by hand: a mimetype, a manifest and content.xml with ``tables``."""
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES}'
        ' office:version="1.2"><office:body><office:spreadsheet>'
        f"{''.join(tables)}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = manifest or (
        '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
        'opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/"'
        f' manifest:media-type="{ODS_MIMETYPE}"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", mimetype)  # stored, first, as the format asks
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def passes(
    path: Path, sheet: str | None, expected: str, percent: frozenset[tuple[int, int]] = frozenset()
) -> list[list[object]]:
    """The guard lets the workbook through, naming ``expected`` and finding ``percent``, and
    calamine reads that sheet from A1, as goalcheck reads it."""
    from python_calamine import CalamineWorkbook

    assert check_workbook(path, sheet) == CheckedSheet(expected, percent)
    book = CalamineWorkbook.from_path(str(path))
    return [list(row) for row in book.get_sheet_by_name(expected).to_python(skip_empty_area=False)]


def refused(path: Path, sheet: str | None = None) -> WorkbookProblem:
    with pytest.raises(WorkbookProblem) as caught:
        check_workbook(path, sheet)
    return caught.value


def patch(path: Path, at: int, data: bytes) -> None:
    with path.open("r+b") as handle:
        handle.seek(at)
        handle.write(data)


def directory_entry(path: Path, name: str) -> int:
    """Where the zip directory's entry for member ``name`` starts in the file."""
    data = path.read_bytes()
    end = data.rindex(b"PK\x05\x06")
    offset: int = struct.unpack("<I", data[end + 16 : end + 20])[0]
    while data[offset : offset + 4] == b"PK\x01\x02":
        length, extra, comment = struct.unpack("<HHH", data[offset + 28 : offset + 34])
        if data[offset + 46 : offset + 46 + length] == name.encode():
            return offset
        offset += 46 + length + extra + comment
    raise AssertionError(f"no member {name}")


# ---------------------------------------------------------------- workbooks that pass


def test_a_workbook_from_xlsxwriter_passes_and_its_first_sheet_is_read(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "figures.xlsx"
    book = xlsxwriter.Workbook(str(path))
    first, second = book.add_worksheet("2018"), book.add_worksheet("2019")
    first.write_row(0, 0, ["Metric", "Value", "As of"])
    first.write_row(1, 0, ["Sick leave", 4.19])
    # A date is a number with a date format: not this module's concern.
    first.write_datetime(1, 2, date(2024, 3, 31), book.add_format({"num_format": "yyyy-mm-dd"}))
    second.write(6, 1, 3)
    book.close()

    rows = passes(path, None, "2018")
    assert rows[0] == ["Metric", "Value", "As of"]
    assert rows[1][:2] == ["Sick leave", 4.19]
    assert rows[1][2] == date(2024, 3, 31)
    assert passes(path, "2019", "2019") == [["", ""]] * 6 + [["", 3.0]]  # from A1


def test_an_unknown_sheet_is_refused_listing_the_sheets(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "figures.XLSX"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("2018")
    book.add_worksheet("2019")
    book.close()
    problem = refused(path, "2020")
    assert (problem.message, problem.sheet, problem.cell) == (
        "has no sheet '2020'; its sheets are '2018', '2019'",
        None,
        None,
    )


def test_a_chart_sheet_is_not_read_and_not_taken_for_the_first_worksheet(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "chart.xlsx"
    book = xlsxwriter.Workbook(str(path))
    chart_sheet = book.add_chartsheet("Chart")
    data = book.add_worksheet("Data")
    data.write_column(0, 0, [1, 2, 3])
    chart = book.add_chart({"type": "line"})
    chart.add_series({"values": "=Data!$A$1:$A$3"})
    chart_sheet.set_chart(chart)
    book.close()
    assert passes(path, None, "Data") == [[1.0], [2.0], [3.0]]
    problem = refused(path, "Chart")
    assert problem.message == "sheet 'Chart' is not a worksheet: it has no cells"
    assert problem.sheet == "Chart"


def test_cells_and_rows_without_r_follow_the_one_before(tmp_path: Path) -> None:
    cells = (
        '<row><c><v>1</v></c><c><v>2</v></c></row><row><c r="C2"><v>3</v></c><c><v>4</v></c></row>'
    )
    path = xlsx(tmp_path / "refs.xlsx", cells)
    assert passes(path, None, "Data") == [[1.0, 2.0, "", ""], ["", "", 3.0, 4.0]]


def test_an_empty_cell_far_out_passes_as_calamine_skips_it(tmp_path: Path) -> None:
    cells = (
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576" s="1"/></row>'
    )
    assert passes(xlsx(tmp_path / "styled.xlsx", cells), None, "Data") == [[1.0]]


def test_a_workbook_part_in_another_folder_is_followed(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "moved.xlsx",
        {
            "[Content_Types].xml": CONTENT_TYPES,
            "_rels/.rels": ROOT_RELS.replace("xl/workbook.xml", "/book/workbook.xml"),
            "book/workbook.xml": WORKBOOK,
            "book/_rels/workbook.xml.rels": WORKBOOK_RELS,
            "book/worksheets/sheet1.xml": sheet_xml('<row r="2"><c r="B2"><v>7</v></c></row>'),
            # What a guard reading xl/ blindly would check instead:
            "xl/workbook.xml": WORKBOOK.replace("Data", "Decoy"),
        },
    )
    assert passes(path, None, "Data") == [["", ""], ["", 7.0]]


def test_an_ods_like_libreoffice_writes_passes_with_its_trailing_empty_repeats(
    tmp_path: Path,
) -> None:
    style = 'table:style-name="ce1"'
    tail = f"<table:table-cell {style} table:number-columns-repeated='1022'/>"
    path = ods(
        tmp_path / "figures.ods",
        ods_table(
            "2018",
            ods_row(ods_cell("Metric"), ods_cell("Value"), tail),
            ods_row(ods_cell("Sick leave"), ods_cell(4.19), tail),
            ods_row(
                f"<table:table-cell {style} table:number-columns-repeated='1024'/>", repeat=1048574
            ),
        ),
        ods_table("2019", ods_row(ods_cell(3))),
    )
    assert passes(path, None, "2018") == [["Metric", "Value"], ["Sick leave", 4.19]]
    assert passes(path, "2019", "2019") == [[3.0]]
    problem = refused(path, "2020")
    assert problem.message == "has no sheet '2020'; its sheets are '2018', '2019'"


def test_a_formula_on_an_ods_sheet_not_read_does_not_matter(tmp_path: Path) -> None:
    formula = ' table:formula="of:=[.A1]*2"'
    path = ods(
        tmp_path / "formula.ods",
        ods_table("Figures", ods_row(ods_cell(2))),
        ods_table("Workings", ods_row(ods_cell(2), ods_cell(4, extra=formula))),
    )
    assert passes(path, "Figures", "Figures") == [[2.0]]
    problem = refused(path, "Workings")
    assert (problem.message, problem.sheet, problem.cell) == (
        f"sheet 'Workings' has a formula in B1 (=[.A1]*2); {PASTE}",
        "Workings",
        "B1",
    )


# ---------------------------------------------------------------- formulas


def test_a_formula_cell_is_refused_naming_its_cell(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "formula.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("2018").write(0, 0, 1)
    sheet = book.add_worksheet("2019")
    sheet.write(6, 1, 3)
    sheet.write_formula(6, 2, "=B7*2")
    book.close()
    problem = refused(path, "2019")
    assert (problem.message, problem.sheet, problem.cell) == (
        f"sheet '2019' has a formula in C7 (=B7*2); {PASTE}",
        "2019",
        "C7",
    )


def test_a_shared_formula_and_a_prefixed_one_are_refused(tmp_path: Path) -> None:
    shared = '<row r="2"><c r="D2"><f t="shared" si="0"/><v>1</v></c></row>'
    problem = refused(xlsx(tmp_path / "shared.xlsx", shared))
    assert (problem.message, problem.cell) == (f"sheet 'Data' has a formula in D2; {PASTE}", "D2")
    prefixed = sheet_xml(
        '<x:row r="1"><x:c r="B1"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row>', prefix="x:"
    )
    path = xlsx(tmp_path / "prefixed.xlsx", xl__worksheets__sheet1_xml=prefixed)
    problem = refused(path)
    assert (problem.message, problem.cell) == (
        f"sheet 'Data' has a formula in B1 (=1+1); {PASTE}",
        "B1",
    )


def test_an_ods_formula_cell_is_refused_naming_its_cell(tmp_path: Path) -> None:
    formula = ' table:formula="of:=[.A2]*2"'
    path = ods(
        tmp_path / "formula.ods",
        ods_table(
            "Sheet1", ods_row(ods_cell("x")), ods_row(ods_cell(3), ods_cell(6, extra=formula))
        ),
    )
    problem = refused(path)
    assert (problem.message, problem.sheet, problem.cell) == (
        f"sheet 'Sheet1' has a formula in B2 (=[.A2]*2); {PASTE}",
        "Sheet1",
        "B2",
    )


# ---------------------------------------------------------------- dense-range bombs


def test_one_value_at_xfd1048576_is_refused_naming_the_extent(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "far.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("2019").write(1_048_575, 16_383, 1)
    book.close()
    problem = refused(path)
    assert (problem.message, problem.sheet, problem.cell) == (
        f"sheet '2019' spans A1:XFD1048576, 17,179,869,184 cells; {SPAN}",
        "2019",
        None,
    )


def test_an_empty_string_far_out_counts_as_calamine_keeps_it(tmp_path: Path) -> None:
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t></t></is></c></row>'
    problem = refused(xlsx(tmp_path / "far.xlsx", far))
    assert problem.message == f"sheet 'Data' spans A1:XFD1048576, 17,179,869,184 cells; {SPAN}"


def test_cells_without_r_count_where_they_fall(tmp_path: Path) -> None:
    cells = '<row r="3000">' + "<c><v>1</v></c>" * 2000 + "</row>"
    problem = refused(xlsx(tmp_path / "run.xlsx", cells))
    assert problem.message == f"sheet 'Data' spans A1:BXX3000, 6,000,000 cells; {SPAN}"


def test_the_guard_follows_the_parts_calamine_follows(tmp_path: Path) -> None:
    far = sheet_xml('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')
    decoy = (  # the type ends in /officeDocument, but calamine wants /relationships/officeDocument
        '<Relationship Id="rId9" Type="http://example.com/officeDocument"'
        ' Target="safe/workbook.xml"/>'
    )
    path = write_zip(
        tmp_path / "decoy.xlsx",
        {
            "_rels/.rels": ROOT_RELS.replace("</Relationships>", decoy + "</Relationships>"),
            "xl/workbook.xml": WORKBOOK,
            "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
            "xl/worksheets/sheet1.xml": far,
            "safe/workbook.xml": WORKBOOK,
            "safe/_rels/workbook.xml.rels": WORKBOOK_RELS,
            "safe/worksheets/sheet1.xml": sheet_xml(""),
        },
    )
    assert (
        refused(path).message == f"sheet 'Data' spans A1:XFD1048576, 17,179,869,184 cells; {SPAN}"
    )
    # To quick-xml, as calamine reads, the local name of a:b:sheetData is b:sheetData.
    early = far.replace("<sheetData>", "<a:b:sheetData/><sheetData>")
    path = xlsx(tmp_path / "early.xlsx", xl__worksheets__sheet1_xml=early)
    assert (
        refused(path).message == f"sheet 'Data' spans A1:XFD1048576, 17,179,869,184 cells; {SPAN}"
    )


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("XFE1", "has a value in column XFE; a sheet may have at most 16,384 columns, to XFD"),
        ("A1048577", "has a value in row 1,048,577; a sheet may have at most 1,048,576 rows"),
        ("AAAA1", "has a cell at 'AAAA1', not in A1:XFD1048576"),
        ("A4294967297", "has a cell at 'A4294967297', not in A1:XFD1048576"),
        ("A0", "has a cell at 'A0', not in A1:XFD1048576"),
        ("1A", "has a cell at '1A', not in A1:XFD1048576"),
    ],
)
def test_a_cell_outside_the_sheet_is_refused(tmp_path: Path, ref: str, message: str) -> None:
    problem = refused(xlsx(tmp_path / "out.xlsx", f'<row><c r="{ref}"><v>1</v></c></row>'))
    assert (problem.message, problem.sheet) == (f"sheet 'Data' {message}", "Data")


def test_many_cells_in_one_place_are_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook_guard, "MAX_SHEET_CELLS", 10)
    path = xlsx(tmp_path / "pile.xlsx", '<row r="1">' + '<c r="A1"><v>1</v></c>' * 11 + "</row>")
    problem = refused(path)
    assert problem.message == "sheet 'Data' has more than 10 cells; a sheet may have at most that"


def test_an_ods_cell_repeated_over_the_whole_sheet_is_refused(tmp_path: Path) -> None:
    bomb = ods_row(ods_cell(1, repeat=16_384), repeat=1_048_576)
    problem = refused(ods(tmp_path / "bomb.ods", ods_table("Sheet1", bomb)))
    assert (problem.message, problem.sheet) == (
        f"sheet 'Sheet1' spans A1:XFD1048576, 17,179,869,184 cells; {SPAN}",
        "Sheet1",
    )


def test_an_ods_cell_past_the_last_column_is_refused(tmp_path: Path) -> None:
    row = ods_row("<table:table-cell table:number-columns-repeated='16384'/>", ods_cell(1))
    problem = refused(ods(tmp_path / "wide.ods", ods_table("Sheet1", row)))
    assert problem.message == (
        "sheet 'Sheet1' has a value in column XFE; a sheet may have at most 16,384 columns, to XFD"
    )


def test_every_sheet_of_an_ods_counts_as_calamine_reads_them_all(tmp_path: Path) -> None:
    half = ods_row(ods_cell(1, repeat=1000), repeat=3000)  # 3,000,000 cells
    path = ods(tmp_path / "halves.ods", ods_table("One", half), ods_table("Two", half))
    problem = refused(path, "One")
    assert (problem.message, problem.sheet) == (
        "has sheets that span 6,000,000 cells together; calamine reads every sheet of an .ods,"
        " which may span 4,000,000 at most",
        None,
    )


def test_xml_elements_to_read_are_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook_guard, "MAX_SHEET_CELLS", 10)  # and so 40 elements
    path = xlsx(tmp_path / "busy.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>' + "<x/>" * 40)
    assert refused(path).message == "has more than 40 XML elements to read; at most 40"


# ---------------------------------------------------------------- zip bombs


def zeros_member(archive: zipfile.ZipFile, name: str, mebibytes: int) -> None:
    """A member of zeros, streamed in: the archive holds some 4 KiB a MiB of it."""
    chunk = bytes(1024 * 1024)
    with archive.open(name, "w", force_zip64=True) as member:
        for _ in range(mebibytes):
            member.write(chunk)


def test_a_zip_bomb_is_refused_fast(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "bomb.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        zeros_member(archive, "xl/media/image1.png", 300)
    started = time.perf_counter()
    assert refused(path).message == BOMB
    assert time.perf_counter() - started < 0.5


def test_a_bomb_whose_header_lies_is_refused_by_what_it_unpacks_to(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "liar.xlsx")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open("xl/media/image1.png", "w") as member:  # no zip64: sizes in the headers
            chunk = bytes(1024 * 1024)
            for _ in range(300):
                member.write(chunk)
        local = archive.getinfo("xl/media/image1.png").header_offset
    patch(path, local + 22, struct.pack("<I", 1000))  # the local header's size
    patch(path, directory_entry(path, "xl/media/image1.png") + 24, struct.pack("<I", 1000))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/media/image1.png").file_size == 1000
    tracemalloc.start()
    try:
        assert refused(path).message == BOMB
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # decompressed a MiB at a time, never whole


def test_members_count_together_towards_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook_guard, "MAX_WORKBOOK_UNPACKED", 1024 * 1024)
    path = xlsx(
        tmp_path / "two.xlsx", xl__media__a_bin="x" * 600_000, xl__media__b_bin="x" * 600_000
    )
    assert (
        refused(path).message
        == "unpacks to more than 1 MiB; a workbook may unpack to at most 1 MiB"
    )
    assert MAX_WORKBOOK_UNPACKED == 256 * 1024 * 1024


def test_too_many_members_are_refused_even_when_the_directory_undercounts(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "many.xlsx")
    with zipfile.ZipFile(path, "a") as archive:
        for index in range(10_000 - 5 + 1):
            archive.writestr(f"x/{index}", b"")
    message = "has more than 10,000 members; a workbook may have at most 10,000"
    assert refused(path).message == message
    end = path.read_bytes().rindex(b"PK\x05\x06")
    patch(path, end + 8, struct.pack("<HH", 5, 5))  # its end record says there are 5
    assert refused(path).message == message


# ---------------------------------------------------------------- not workbooks, or disguised


def test_a_zip64_directory_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 2)  # so zipfile writes zip64 end records
    path = xlsx(tmp_path / "zip64.xlsx")
    assert b"PK\x06\x06" in path.read_bytes()
    assert passes(path, None, "Data") == [[1.0]]


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "figures.xlsx"
    path.write_text("Metric,Value\nSick leave,4.19\n")
    assert refused(path).message == "is not a workbook: not a zip archive"


def test_an_ole_compound_file_is_taken_for_an_encrypted_workbook(tmp_path: Path) -> None:
    path = tmp_path / "protected.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert refused(path).message == (
        "is encrypted or not a workbook: an OLE compound file, as a password-protected workbook"
        " or an old .xls is"
    )


def test_a_truncated_workbook_is_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "cut.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert refused(path).message == "is not a workbook: not a zip archive"


def test_a_damaged_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(path, "w") as archive:  # stored, so a byte of the sheet can be changed
        for name, text in {"_rels/.rels": ROOT_RELS, "xl/workbook.xml": WORKBOOK}.items():
            archive.writestr(name, text)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml('<row><c r="A1"><v>1</v></c></row>'))
    data = path.read_bytes()
    patch(path, data.index(b"<v>1</v>") + 3, b"2")
    assert refused(path).message == (
        "is not a workbook: bad CRC-32 for file 'xl/worksheets/sheet1.xml'"
    )


def test_data_before_the_archive_is_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "prefixed.xlsx")
    path.write_bytes(b"MZ" + bytes(1000) + path.read_bytes())
    assert refused(path).message == "is not a workbook: its zip directory is not where it says"


def test_an_encrypted_member_is_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "locked.xlsx")
    patch(path, directory_entry(path, "xl/workbook.xml") + 8, b"\x01\x00")
    assert refused(path).message == "is encrypted: its member xl/workbook.xml needs a password"


def test_two_members_one_name_to_calamine_are_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "twins.xlsx", XL__worksheets__sheet1_xml=sheet_xml(""))
    assert (
        refused(path).message
        == "is not a workbook: it has two members named XL/worksheets/sheet1.xml"
    )


def test_a_member_named_twice_by_a_unicode_path_field_is_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "alias.xlsx")
    info = zipfile.ZipInfo("harmless.xml")
    name = b"xl/worksheets/sheet1.xml"
    info.extra = struct.pack("<HHB", 0x7075, 5 + len(name), 1) + b"\0\0\0\0" + name
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr(info, sheet_xml('<row><c r="XFD1048576"><v>1</v></c></row>'))
    assert refused(path).message == "is not a workbook: its member harmless.xml has a second name"


def test_a_doctype_is_refused_before_any_entity_is_expanded(tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + "".join(
            f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i else "&lol;" * 10}">' for i in range(9)
        )
        + f']><workbook xmlns="{MAIN}"><sheets><sheet name="&lol8;"/></sheets></workbook>'
    )
    problem = refused(xlsx(tmp_path / "laughs.xlsx", xl__workbook_xml=laughs))
    assert problem.message == "has a DOCTYPE in xl/workbook.xml; a workbook needs none"
    content = ods(tmp_path / "laughs.ods", ods_table("Sheet1", ods_row(ods_cell(1))))
    with zipfile.ZipFile(content) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    parts["content.xml"] = parts["content.xml"].replace(
        b"?><office:", b'?><!DOCTYPE x [<!ENTITY a "a">]><office:', 1
    )
    problem = refused(write_zip(tmp_path / "entity.ods", parts))
    assert problem.message == "has a DOCTYPE in content.xml; a workbook needs none"


def test_xml_that_is_not_well_formed_is_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "broken.xlsx", xl__workbook_xml="<workbook><sheets>")
    assert refused(path).message == (
        "is not a workbook: xl/workbook.xml is not well-formed XML"
        " (no element found: line 1, column 18)"
    )


def test_shared_strings_that_claim_more_than_they_hold_are_refused(tmp_path: Path) -> None:
    strings = (
        f'<?xml version="1.0"?><sst xmlns="{MAIN}" count="1" uniqueCount="1000000000000">'
        "<si><t>x</t></si></sst>"
    )
    path = xlsx(tmp_path / "claim.xlsx", xl__sharedStrings_xml=strings)
    assert refused(path).message == (
        "is not a workbook: xl/sharedStrings.xml says it has 1,000,000,000,000 strings,"
        " more than it holds"
    )
    honest = xlsx(
        tmp_path / "honest.xlsx",
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
        xl__sharedStrings_xml=strings.replace("1000000000000", "1"),
    )
    assert passes(honest, None, "Data") == [["x"]]


def test_an_ods_that_is_another_document_or_encrypted_is_refused(tmp_path: Path) -> None:
    table = ods_table("Sheet1", ods_row(ods_cell(1)))
    text = ods(tmp_path / "letter.ods", table, mimetype="application/vnd.oasis.opendocument.text")
    assert refused(text).message == (
        "is not a spreadsheet: its mimetype is 'application/vnd.oasis.opendocument.text'"
    )
    manifest = (
        '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
        'xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="content.xml">'
        "<manifest:encryption-data/></manifest:file-entry></manifest:manifest>"
    )
    locked = ods(tmp_path / "locked.ods", table, manifest=manifest)
    assert refused(locked).message == "is encrypted: it needs a password; save it without one"


def test_a_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    path = xlsx(tmp_path / "figures.xls")
    assert refused(path).message == "is not a workbook: goalcheck reads .xlsx and .ods workbooks"


# ---------------------------------------------------------------- percentages


def read(path: Path, sheet: str | None = None) -> list[list[Cell]]:
    """The sheet as goalcheck reads it."""
    return [cells for _, cells in read_sheet(path, sheet)[1]]


def test_a_percentage_is_read_as_printed_and_only_a_percentage(tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "shares.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("2019")
    sheet.write_row(0, 0, ["Metric", "Built in", "Quoted %", "Custom", "Plain"])
    sheet.write(1, 0, "Sick leave")
    sheet.write(1, 1, 0.0419, book.add_format({"num_format": "0.00%"}))  # built in: 10
    sheet.write(1, 2, 0.0419, book.add_format({"num_format": '0.0" %"'}))  # prints 0.0 %
    sheet.write(1, 3, 0.0419, book.add_format({"num_format": "0.0%"}))
    sheet.write(1, 4, 0.0419)
    sheet.write_row(2, 0, ["Turnover", 0.05, 0.07, "n/a"], book.add_format({"num_format": "0%"}))
    book.close()

    assert check_workbook(path, None) == CheckedSheet(
        "2019", frozenset({(2, 2), (2, 4), (3, 2), (3, 3)})
    )
    rows = read(path)
    assert rows[1] == ["Sick leave", Decimal("4.19"), 0.0419, Decimal("4.19"), 0.0419]
    assert rows[2] == ["Turnover", Decimal("5"), Decimal("7"), "n/a", ""]  # text stays text
    assert [str(cell) for cell in rows[2][1:3]] == ["5", "7"]  # not 5.00, 5E+0, 7.000000000000001


@pytest.mark.parametrize(
    ("code", "percentage"),
    [
        ("0%", True),
        ("0.0%", True),
        ("#,##0.00 %;[Red]-#,##0.00 %", True),
        ('"%"0.0%', True),
        ('0.0" %"', False),
        ("0.0\\%", False),
        ("[$%-409]0.0", False),
        ("0.0_%", False),
        ("0.0*%", False),
        ("0.00", False),
    ],
)
def test_a_percent_sign_multiplies_only_outside_literal_text(
    tmp_path: Path, code: str, percentage: bool
) -> None:
    import xlsxwriter

    path = tmp_path / "format.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Data").write(0, 0, 0.0419, book.add_format({"num_format": code}))
    book.close()
    assert check_workbook(path, None).percent == (
        frozenset({(1, 1)}) if percentage else frozenset()
    )
    assert read(path) == [[Decimal("4.19") if percentage else 0.0419]]


STYLES = (
    f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}"><numFmts count="2">'
    '<numFmt numFmtId="9" formatCode="0.0"/><numFmt numFmtId="164" formatCode="0.0%"/>'
    '</numFmts><cellXfs count="4"><xf numFmtId="164"/><xf numFmtId="0"/><xf numFmtId="9"/>'
    '<xf numFmtId="10"/></cellXfs><dxfs><dxf><numFmt numFmtId="165" formatCode="0%"/></dxf>'
    "</dxfs></styleSheet>"
)
STYLES_REL = f'<Relationship Id="rId9" Type="{OFFICE}/styles" Target="/elsewhere/looks.xml"/>'


def test_styles_are_found_through_the_relationships_and_a_cell_without_s_has_the_first(
    tmp_path: Path,
) -> None:
    cells = (
        '<row r="1"><c r="A1"><v>0.25</v></c><c r="B1" s="1"><v>0.25</v></c>'
        '<c r="C1" s="2"><v>0.25</v></c><c r="D1" s="3" t="n"><v>0.25</v></c>'
        '<c r="E1" s="3" t="str"><v>0.25</v></c><c r="F1" s="3"/><c r="G1" s="0"><v>1</v></c>'
        '<c r="G1" s="1"><v>2</v></c><c r="H1" s="1"><v>3</v></c><c r="H1"><v>0.04</v></c></row>'
    )
    parts = {
        "xl__worksheets__sheet1_xml": sheet_xml(cells),
        "elsewhere__looks_xml": STYLES,
        "xl___rels__workbook_xml.rels": WORKBOOK_RELS.replace("</Rel", f"{STYLES_REL}</Rel"),
    }
    path = xlsx(tmp_path / "styled.xlsx", **parts)
    # numFmt 9 is redefined as "0.0"; a <dxf>'s number format is no cell style's.
    expected = frozenset({(1, 1), (1, 4), (1, 8)})
    assert passes(path, None, "Data", expected) == [[0.25, 0.25, 0.25, 0.25, "0.25", "", 2.0, 0.04]]
    assert read(path) == [[Decimal(25), 0.25, 0.25, Decimal(25), "0.25", "", 2.0, Decimal(4)]]
    del parts["xl___rels__workbook_xml.rels"]  # no styles part but by its relationship
    assert passes(xlsx(tmp_path / "plain.xlsx", **parts), None, "Data")[0][0] == 0.25


def test_too_many_number_formats_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workbook_guard, "MAX_WORKBOOK_MEMBERS", 10)
    formats = "".join(f'<numFmt numFmtId="{164 + n}" formatCode="0.{n}%"/>' for n in range(11))
    styles = STYLES.replace('<numFmt numFmtId="9" formatCode="0.0"/>', formats)
    rels = WORKBOOK_RELS.replace("</Rel", f"{STYLES_REL}</Rel")
    parts = {"elsewhere__looks_xml": styles, "xl___rels__workbook_xml.rels": rels}
    path = xlsx(tmp_path / "formats.xlsx", **parts)
    assert refused(path).message == (
        "has more than 10 number formats in elsewhere/looks.xml; at most 10"
    )


def ods_percent(value: float, repeat: int = 1) -> str:
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat != 1 else ""
    return (
        f'<table:table-cell office:value-type="percentage" office:value="{value}"{repeated}>'
        f"<text:p>{value * 100:g} %</text:p></table:table-cell>"
    )


def test_an_ods_percentage_is_read_as_printed_every_repeat_of_it(tmp_path: Path) -> None:
    path = ods(
        tmp_path / "shares.ods",
        ods_table(
            "Figures",
            ods_row(ods_cell("Share"), ods_percent(0.25, repeat=3)),
            ods_row(ods_cell(1), ods_percent(0.0419), repeat=2),
        ),
        ods_table("Other", ods_row(ods_percent(0.5))),
    )
    percent = frozenset({(1, 2), (1, 3), (1, 4), (2, 2), (3, 2)})
    assert passes(path, None, "Figures", percent)[0] == ["Share", 0.25, 0.25, 0.25]
    assert read(path) == [
        ["Share", Decimal(25), Decimal(25), Decimal(25)],
        [1.0, Decimal("4.19"), "", ""],
        [1.0, Decimal("4.19"), "", ""],
    ]
    assert str(read(path)[0][1]) == "25"
    assert passes(path, "Other", "Other", frozenset({(1, 1)})) == [[0.5]]


def test_an_ods_sheet_of_percentages_too_big_is_refused_before_they_are_kept(
    tmp_path: Path,
) -> None:
    bomb = ods_row(ods_percent(0.5, repeat=16_384), repeat=1_048_576)
    started = time.perf_counter()
    problem = refused(ods(tmp_path / "bomb.ods", ods_table("Sheet1", bomb)))
    assert problem.message == f"sheet 'Sheet1' spans A1:XFD1048576, 17,179,869,184 cells; {SPAN}"
    wide = ods_row(ods_percent(0.5, repeat=1000), repeat=5000)
    problem = refused(ods(tmp_path / "wide.ods", ods_table("Sheet1", wide)))
    assert problem.message == f"sheet 'Sheet1' spans A1:ALL5000, 5,000,000 cells; {SPAN}"
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.0419, "4.19"),
        (0.05, "5"),
        (0.07, "7"),
        (0.5, "50"),
        (1, "100"),
        (12, "1200"),
        (-0.125, "-12.5"),
        (-0.0, "0"),
        (1e-9, "1E-7"),
        (1e25, "1000000000000000000000000000"),
        (1e30, "1E+32"),
        (float("inf"), "Infinity"),
    ],
)
def test_hundredfold(value: float, shown: str) -> None:
    assert str(hundredfold(value)) == shown


# ---------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("column", "letters"),
    [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (702, "ZZ"), (703, "AAA"), (16_384, "XFD")],
)
def test_column_letters(column: int, letters: str) -> None:
    assert column_letters(column) == letters


def test_a1() -> None:
    assert a1(7, 3) == "C7"
    assert a1(1_048_576, 16_384) == "XFD1048576"
    with pytest.raises(ValueError, match="column 0"):
        a1(1, 0)
    with pytest.raises(ValueError, match="row 0"):
        a1(0, 1)
