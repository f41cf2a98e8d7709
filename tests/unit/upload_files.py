"""Made-up upload files for the upload tests (good and bad); every figure here is invented and stays in tests/."""
from __future__ import annotations

import io

HEADER = "Police force area code,Police force area,Cohort,Offenders,Reoffenders,Proven reoffending rate (%)"


def csv_bytes(rows: list[str], header: str = HEADER, encoding: str = "utf-8") -> bytes:
    """A CSV with the given header and rows, encoded."""
    return ("\n".join([header, *rows]) + "\n").encode(encoding)


def good_pfa_csv() -> bytes:
    """Three force areas and the England and Wales row, all consistent."""
    return csv_bytes(["E23000001,Metropolitan Police,2019,50000,13000,26.0",
                      "E23000002,Cumbria,2019,3000,900,30.0",
                      "E23000036,Avon and Somerset,2019,8000,2000,25.0",
                      "K04000001,England and Wales,2019,400000,100000,25.0"])


def truncated_csv() -> bytes:
    """A good file cut off in the middle of its last row (inside a quoted name)."""
    data = csv_bytes(["E23000001,Metropolitan Police,2019,50000,13000,26.0",
                      'E23000002,"Cumbria",2019,3000,900,30.0',
                      'E23000003,"Lanca'])
    return data.rstrip(b"\n")


def short_row_csv() -> bytes:
    """A file whose last row stops after three fields (cut at a line end)."""
    return csv_bytes(["E23000001,Metropolitan Police,2019,50000,13000,26.0", "E23000002,Cumbria,2019"])


def cp1252_names_csv() -> bytes:
    """Area names and a '£' header written by Excel in Windows-1252 (not UTF-8)."""
    return csv_bytes(['Avon & Somerset,2019,"£1,200"', "Cumbria,2019,£900"], header="Área,Year,Cost £",
                     encoding="cp1252")


def huge_csv(rows: int) -> bytes:
    """Many copies of one row (for the row limit)."""
    return csv_bytes(["E23000001,Metropolitan Police,2019,50000,13000,26.0"] * rows)


def wrong_schema_csv() -> bytes:
    """A table of something else entirely (no area column, nothing that names an area)."""
    return csv_bytes(["apple,3,red", "pear,5,green"], header="Fruit,Count,Colour")


def formula_csv() -> bytes:
    """Formula-injection cells in the area, period and figure columns, and one harmless negative-looking name."""
    return csv_bytes(['"=HYPERLINK(""http://evil.example/x"",""Click"")",Metropolitan Police,2019,50000,13000,26.0',
                      'E23000002,Cumbria,2019,"=1+1",900,30.0',
                      "E23000003,Lancashire,@SUM(A1),3000,900,30.0",
                      "E23000004,Merseyside,2019,3000,+900,30.0",
                      "E23000005,Greater Manchester,2019,3000,-900,30.0"])


def duplicates_csv() -> bytes:
    """An exact repeat (kept once) and a conflicting repeat (refused both times)."""
    return csv_bytes(["E23000001,Metropolitan Police,2019,50000,13000,26.0",
                      "E23000001,Metropolitan Police,2019,50000,13000,26.0",
                      "E23000002,Cumbria,2019,3000,900,30.0",
                      "E23000002,Cumbria,2019,3000,600,20.0"])


def misspelt_names_csv() -> bytes:
    """Area names with typos, an ampersand, a total row and a name from nowhere."""
    return csv_bytes(["Avon & Somerset,2019,25", "Devon and Cornwal,2019,30", "Nottinghamshre,2019,28",
                      "Total,2019,27", "Atlantis,2019,40"], header="Area,Year,Rate")


def mixed_layers_csv() -> bytes:
    """Mostly force areas, plus a county council code and a district code."""
    return csv_bytes(["E23000001,2019,26", "E23000002,2019,30", "E23000003,2019,31",
                      "E10000016,2019,22", "E06000001,2019,35"], header="Code,Year,Rate")


def bad_numbers_csv() -> bytes:
    """Non-numeric, negative, suppressed, infinite values and a numerator above its denominator."""
    return csv_bytes(["E23000001,Metropolitan Police,2019,abc,13000,",
                      "E23000002,Cumbria,2019,3000,-5,",
                      "E23000003,Lancashire,2019,..,900,",
                      "E23000004,Merseyside,2019,inf,900,",
                      "E23000005,Greater Manchester,2019,3000,4000,",
                      "E23000006,Cheshire,2019,0,0,",
                      "E23000007,Northumbria,2019,\"1,000\",250,25.0",
                      "E23000008,Durham,2019,1000,250,40.0"])


def xlsx_with_title_rows() -> bytes:
    """A workbook whose table sits under two title rows on its second sheet (as MoJ tables do)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["Made-up figures for tests"])
    sheet = book.create_sheet("Table 1")
    sheet.append(["Table 1: proven reoffending by police force area (made up)"])
    sheet.append([])
    sheet.append(["PFA code", "Period", "Offenders", "Reoffenders"])
    sheet.append(["E23000001", 2019, 50000, 13000])
    sheet.append(["E23000002", 2019, 3000, 900])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- ODS workbooks, ZIPs as downloaded, and big files (appended for test_upload_formats.py) ---

PRSQ_HEADER = "Cohort,Category,Adult / Juvenile,Geography,offenders,reoffenders"
TABLE_1_TITLE = "Table 1: Proven reoffending by area, made-up figures"


def ods_bytes(sheets: dict[str, list[list]]) -> bytes:
    """An ODS workbook (pandas' odf engine, via odfpy) with one sheet per entry, rows written as given."""
    import pandas as pd

    out = io.BytesIO()
    with pd.ExcelWriter(out, engine="odf") as writer:
        for name, rows in sheets.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, header=False, index=False)
    return out.getvalue()


def govuk_ods() -> bytes:
    """A gov.uk-style ODS: cover, contents and notes sheets, then tables with titles above the header row."""
    import datetime

    return ods_bytes({
        "Cover_sheet": [["Proven reoffending statistics (made up)"], ["Published 30 January 2025"],
                        ["Contact: statistics@example.org"]],
        "Table_of_contents": [["Table number", "Table title"], ["Table_1", TABLE_1_TITLE],
                              ["Table_2", "Table 2: offenders by sex (made up)"]],
        "Notes": [["Note number", "Note text"], ["Note 1", "[c] marks a figure suppressed to protect confidentiality."],
                  ["Note 2", ".. marks a figure that is not available."]],
        "Table_1": [[TABLE_1_TITLE], ["This worksheet contains one table. Some cells are suppressed [note 1]."],
                    ["Cohort", "Geography", "Adult / Juvenile", "offenders", "reoffenders", "Cohort start"],
                    ["Apr 2019 to Mar 2020", "Cumbria", "Adult", 3000, 900, datetime.date(2019, 4, 1)],
                    ["Apr 2019 to Mar 2020", "Rutland", "Juvenile", "[c]", "[c]", datetime.date(2019, 4, 1)],
                    ["Apr 2019 to Mar 2020", "Lancashire", "Adult", 12000.0, "..", datetime.date(2019, 4, 1)],
                    ["Apr 2019 to Mar 2020", "Kent", "Adult", 9000.5, 2100, datetime.date(2019, 4, 1)]],
        "Table_2": [["Table 2: offenders by sex (made up)"], ["Sex", "offenders"], ["Female", 500], ["Male", 4000]],
    })


def notes_only_ods() -> bytes:
    """An ODS with a cover and notes but no table (the file a user downloads by mistake)."""
    return ods_bytes({"Cover": [["Proven reoffending statistics (made up)"], ["The tables are published separately."]],
                      "Notes": [["Note number", "Note text"], ["Note 1", "All figures are made up."]]})


def ods_with_formulas() -> bytes:
    """An ODS written with odfpy: formula cells with cached values (number, text), one without, one error cell."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    def cell(text: str = "", **attributes) -> TableCell:
        made = TableCell(**attributes)
        if text:
            made.addElement(P(text=text))
        return made

    def row(*cells: TableCell) -> TableRow:
        made = TableRow()
        for one in cells:
            made.addElement(one)
        return made

    table = Table(name="Table_1")
    table.addElement(row(cell("Area", valuetype="string"), cell("Offenders", valuetype="string"),
                         cell("Reoffenders", valuetype="string"), cell("Label", valuetype="string")))
    table.addElement(row(cell("Cumbria", valuetype="string"), cell("3000", valuetype="float", value="3000"),
                         cell("900", valuetype="float", value="900", formula="of:=[.B2]*0.3"),
                         cell("CUM-2019", valuetype="string", formula='of:=UPPER("cum")&"-2019"')))
    table.addElement(row(cell("Lancashire", valuetype="string"), cell("12000", valuetype="float", value="12000"),
                         cell(formula="of:=[.B3]*0.25"),  # a formula saved without its result
                         cell("#DIV/0!", valuetype="string", stringvalue="", formula="of:=1/0")))
    document = OpenDocumentSpreadsheet()
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    # odfpy knows no calcext namespace: mark the error cell as LibreOffice does by editing content.xml
    return _edit_content(out.getvalue(), lambda xml: xml.replace(
        b'table:formula="of:=1/0"', b'table:formula="of:=1/0" calcext:value-type="error"').replace(
        b"<office:document-content ", b'<office:document-content xmlns:calcext='
        b'"urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" ', 1))


def _edit_content(ods: bytes, edit) -> bytes:
    """The ODS with its content.xml passed through edit (the other parts kept as they were, mimetype first)."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(ods)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            body = source.read(info)
            target.writestr(info, edit(body) if info.filename == "content.xml" else body)
    return out.getvalue()


def ods_with_cut_content() -> bytes:
    """A whole ZIP whose content.xml stops halfway (a damaged workbook, not a truncated download)."""
    return _edit_content(govuk_ods(), lambda xml: xml[: len(xml) // 2])


def ods_repeat_bomb(rows: int = 1_000_000, columns: int = 1_000) -> bytes:
    """A tiny ODS whose one row of values is repeated a million times a thousand columns wide."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    table = Table(name="Data")
    line = TableRow(numberrowsrepeated=rows)
    filled = TableCell(valuetype="float", value="1", numbercolumnsrepeated=columns)
    filled.addElement(P(text="1"))
    line.addElement(filled)
    table.addElement(line)
    document = OpenDocumentSpreadsheet()
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def prsq_csv(rows: int = 3) -> bytes:
    """A made-up CSV in the layout of MoJ's PRSQ geographic data tool CSV."""
    areas = ["Cumbria", "Lancashire", "Kent", "Essex", "Surrey"]
    lines = [f"Apr 2019 to Mar 2020,UTLA total,Adult,{areas[i % len(areas)]},{1000 + i},{250 + i % 50}"
             for i in range(rows)]
    return csv_bytes(lines, header=PRSQ_HEADER)


def zip_bytes(members: dict[str, bytes], *, method: int | None = None) -> bytes:
    """A ZIP holding the given members (names may include folders), deflated unless told otherwise."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED if method is None else method) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return out.getvalue()


def lying_zip(name: str, body: bytes, declared: int) -> bytes:
    """A ZIP whose one member declares an unpacked size of `declared` bytes but unpacks to all of `body`."""
    import struct

    data = bytearray(zip_bytes({name: body}))
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, declared)  # local header: uncompressed size
    struct.pack_into("<I", data, central + 24, declared)  # central directory: uncompressed size
    return bytes(data)


def write_big_csv(path, megabytes: int, *, title_rows: int = 2) -> int:
    """Write a PRSQ-layout CSV of about `megabytes` MB to path, a chunk at a time; returns its size in bytes."""
    line = b"Apr 2019 to Mar 2020,UTLA total,Adult,Cumbria,1000,250\n"
    block = line * 20_000
    with open(path, "wb") as out:
        for number in range(1, title_rows + 1):
            out.write(f"Title line {number} (made up)\n".encode())
        out.write((PRSQ_HEADER + "\n").encode())
        while out.tell() < megabytes * 1024 * 1024:
            out.write(block)
        return out.tell()


def xlsx_with_cover() -> bytes:
    """A gov.uk-style workbook: a long cover sheet, a contents table, a hidden sheet, then the table."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Cover"
    for line in range(12):
        book.active.append([f"Cover text line {line + 1} (made up)", "more words" if line % 2 else None])
    contents = book.create_sheet("Contents")
    contents.append(["Table", "Title"])
    contents.append(["Table_1", "Made-up reoffending figures"])
    hidden = book.create_sheet("Lookup")
    hidden.append(["Code", "Name"])
    hidden.append(["E1", "Somewhere"])
    hidden.sheet_state = "hidden"
    table = book.create_sheet("Table_1")
    table.append(["Table 1: made up"])
    table.append(["Code", "Rate"])
    table.append(["E23000001", 26.5])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
