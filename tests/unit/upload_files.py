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
