"""Reading an uploaded CSV or XLSX file into a table of text cells, with its encoding, limits and read problems."""
from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field

import pandas as pd

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 1_000
# Tried in this order; latin-1 decodes any bytes, so it is the last resort (and says so in the report).
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1")
XLSX_MAGIC = b"PK\x03\x04"
HEADER_SCAN_ROWS = 30
YEAR = re.compile(r"^(19|20)\d\d$")  # a header of years (one column per period) is still a header


class UploadError(ValueError):
    """A file that cannot be read at all: the message says why, in words for the person uploading it."""


@dataclass(frozen=True)
class ReadProblem:
    """One row (or the rest of the file) that could not be read as a table row."""

    row: int
    column: str
    value: str
    reason: str


@dataclass
class RawTable:
    """An uploaded table as text cells, with where each row came from in the file."""

    file_name: str
    sha256: str
    size_bytes: int
    kind: str  # "csv" or "xlsx"
    encoding: str  # the encoding used, or "xlsx (UTF-8 inside the workbook)"
    header: list[str]
    cells: pd.DataFrame  # every cell a str ('' where blank), columns = header
    row_numbers: list[int]  # the file's row number of each data row (the header row counts, as in a spreadsheet)
    header_row: int = 1
    delimiter: str = ","
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    problems: list[ReadProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def short_hash(self) -> str:
        """The first 8 hex digits of the file's SHA-256, used in its source id."""
        return self.sha256[:8]


def source_id_for(file_name: str, sha256: str) -> str:
    """The source id of an uploaded file: upload:<filename>:<sha256[:8]>."""
    return f"upload:{file_name}:{sha256[:8]}"


def read_upload(file_name: str, data: bytes, *, sheet: str | None = None, header_row: int | None = None,
                max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> RawTable:
    """Read a CSV or XLSX upload; raises UploadError with a clear message when it cannot be read at all."""
    size = len(data)
    if size > max_bytes:
        raise UploadError(f"'{file_name}' is {_size_text(size)}; the limit is {_size_text(max_bytes)}. "
                          "Upload only the table you need (one sheet, the columns you map) or split it into parts.")
    if size == 0 or not data.strip():
        raise UploadError(f"'{file_name}' is empty (no bytes or only blank space).")
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(XLSX_MAGIC) or file_name.lower().endswith((".xlsx", ".xlsm")):
        rows, sheet_name, sheets = _xlsx_rows(file_name, data, sheet)
        kind, encoding, delimiter, problems = "xlsx", "xlsx (UTF-8 inside the workbook)", "", []
    elif file_name.lower().endswith(".xls") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadError(f"'{file_name}' is an old-style Excel .xls workbook; save it as .xlsx or CSV and upload that.")
    else:
        text, encoding = decode_text(file_name, data)
        rows, delimiter, problems = _csv_rows(text)
        kind, sheet_name, sheets = "csv", "", []
    return _to_table(file_name, digest, size, kind, encoding, delimiter, sheet_name, sheets, rows, problems,
                     header_row, max_rows)


def decode_text(file_name: str, data: bytes) -> tuple[str, str]:
    """Decode CSV bytes, trying utf-8, utf-8-sig, cp1252 then latin-1; returns (text, encoding used)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise UploadError(f"'{file_name}' holds binary data (NUL bytes): it is not a CSV text file or an .xlsx workbook "
                          "(or it is UTF-16 text without a byte-order mark: save it as CSV UTF-8).")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8" and text.startswith("\ufeff"):
            return text[1:], "utf-8-sig"  # a byte-order mark: same bytes, named as Excel writes it
        return text, encoding
    raise UploadError(f"'{file_name}' could not be decoded as text.")  # unreachable: latin-1 decodes any bytes


def _csv_rows(text: str) -> tuple[list[list[str]], str, list[ReadProblem]]:
    """Rows of a CSV text (delimiter sniffed among , ; tab |); a read error keeps the rows before it."""
    sample = text[:65536]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    problems: list[ReadProblem] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if "end of data" not in str(error):
                # A stray quote inside a field: read leniently, as a spreadsheet would, and let row checks judge.
                lenient = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
                return list(lenient), delimiter, []
            problems.append(ReadProblem(len(rows) + 1, "", "", "the file ends inside a quoted field: it looks "
                                        "truncated; nothing from this row on was read"))
            break
        rows.append(row)
    return rows, delimiter, problems


def _xlsx_rows(file_name: str, data: bytes, sheet: str | None) -> tuple[list[list[str]], str, list[str]]:
    """Rows of one worksheet as text (cached values of formulas, never the formulas themselves)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise UploadError(f"'{file_name}' is not a readable .xlsx workbook (it may be truncated or damaged: "
                          f"{type(error).__name__}).") from None
    try:
        sheets = list(book.sheetnames)
        if sheet is not None and sheet not in sheets:
            raise UploadError(f"'{file_name}' has no sheet '{sheet}'; its sheets are: {', '.join(sheets)}.")
        chosen = sheet or next((name for name in sheets if book[name].max_row and book[name].max_row > 1), sheets[0])
        rows = [[_cell_text(value) for value in row] for row in book[chosen].iter_rows(values_only=True)]
    except UploadError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UploadError(f"'{file_name}' could not be read as a workbook ({type(error).__name__}); "
                          "it may be truncated or damaged.") from None
    finally:
        book.close()
    return rows, chosen, sheets


def _cell_text(value) -> str:
    """A workbook cell as text; whole floats without '.0' so codes and years read as typed."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()  # a period typed as a date, without Excel's midnight
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def detect_header_row(rows: list[list[str]]) -> int:
    """0-based index of the header: the first of the leading rows as wide as the widest, mostly text, not numbers."""
    scan = rows[:HEADER_SCAN_ROWS]
    widths = [sum(1 for cell in row if cell.strip()) for row in scan]
    if not widths or max(widths) == 0:
        return 0
    widest = max(widths)
    for index, (row, width) in enumerate(zip(scan, widths)):
        if width >= max(2, widest - 1) or width == widest:
            filled = [cell for cell in row if cell.strip()]
            numeric = sum(1 for cell in filled if _looks_numeric(cell) and not YEAR.match(cell.strip()))
            if numeric <= len(filled) // 2:
                return index
    return 0


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace(",", "").strip())
    except ValueError:
        return False
    return True


def _to_table(file_name, digest, size, kind, encoding, delimiter, sheet_name, sheets, rows, problems,
              header_row, max_rows) -> RawTable:
    """Pick the header, square the rows, and check the limits."""
    rows = [[cell.strip() for cell in row] for row in rows]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise UploadError(f"'{file_name}' has no rows that could be read" +
                          (f" ({problems[0].reason})." if problems else "."))
    if header_row is None:
        head = detect_header_row(rows)
    else:
        if not 1 <= header_row <= len(rows):
            raise UploadError(f"Header row {header_row} is outside '{file_name}', which has {len(rows)} rows.")
        head = header_row - 1
    header = _unique_header(rows[head])
    if not any(header_cell.strip() for header_cell in rows[head]):
        raise UploadError(f"'{file_name}': the header row (row {head + 1}) is blank.")
    if len(header) > MAX_COLUMNS:
        raise UploadError(f"'{file_name}' has {len(header)} columns; the limit is {MAX_COLUMNS}. "
                          "Delete the columns you do not need and upload it again.")
    body = rows[head + 1:]
    data_rows = [(head + 2 + offset, row) for offset, row in enumerate(body) if any(row)]
    if len(data_rows) > max_rows:
        raise UploadError(f"'{file_name}' has {len(data_rows):,} data rows; the limit is {max_rows:,}. "
                          "Filter it to the areas and periods you need, or split it into parts.")
    notes: list[str] = []
    if encoding == "latin-1":
        notes.append("The file is neither UTF-8 nor Windows-1252 text; it was read as Latin-1, which reads any bytes: "
                     "check that accented names look right.")
    if head > 0:
        notes.append(f"Rows 1-{head} were taken as titles above the table; the header is row {head + 1}.")
    squared: list[list[str]] = []
    numbers: list[int] = []
    problems = list(problems)
    for number, row in data_rows:
        if len(row) < len(header) and kind == "csv":
            problems.append(ReadProblem(number, "", _preview(row),
                                        f"has {len(row)} of {len(header)} fields: the row is short "
                                        "(the file may be truncated or a delimiter is missing)"))
            continue
        if len(row) > len(header) and any(row[len(header):]):
            problems.append(ReadProblem(number, "", _preview(row),
                                        f"has {len(row)} fields but the header has {len(header)} "
                                        "(an unquoted delimiter in a value?)"))
            continue
        row = (row + [""] * len(header))[:len(header)]
        squared.append([cell[:MAX_CELL_CHARS] for cell in row])
        numbers.append(number)
    if not squared and not problems:
        raise UploadError(f"'{file_name}' has a header row but no data rows.")
    cells = pd.DataFrame(squared, columns=header, dtype=object) if squared else pd.DataFrame(columns=header, dtype=object)
    return RawTable(file_name, digest, size, kind, encoding, header, cells, numbers, head + 1, delimiter,
                    sheet_name, sheets, problems, notes)


def _unique_header(cells: list[str]) -> list[str]:
    """Header names made unique and non-blank ('column 3', 'rate (2)') so every column can be chosen."""
    seen: dict[str, int] = {}
    out = []
    for position, cell in enumerate(cells, start=1):
        name = " ".join(cell.split())[:MAX_CELL_CHARS] or f"column {position}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        out.append(name)
    return out


def _preview(row: list[str]) -> str:
    text = ",".join(row)
    return text if len(text) <= 80 else text[:79] + "…"


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"
