"""Reading an uploaded CSV, XLSX or ODS file (or one in a ZIP) into text cells, with its encoding, limits and read problems."""
from __future__ import annotations

import codecs
import csv
import datetime
import hashlib
import io
import itertools
import os
import re
import tempfile
import time
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import pandas as pd

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 1_000
# Rows are refused as they are read, never read whole first: a file may hold no more cells than this (each costs
# about 110 bytes at its peak while read into a table: 6 million stay under 700 MB), and a workbook's read stops
# after READ_SECONDS (at the caps a workbook reads in under 15 s on one core).
MAX_CELLS = 6_000_000
READ_SECONDS = 60
# Tried in this order; latin-1 decodes any bytes, so it is the last resort (and says so in the report).
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1")
XLSX_MAGIC = b"PK\x03\x04"
ZIP_MAGICS = (XLSX_MAGIC, b"PK\x05\x06")  # a ZIP with members, and an empty one
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
ZIP_LIKE_NAMES = (".xlsx", ".xlsm", ".ods", ".zip")
HEADER_SCAN_ROWS = 30
PEEK_BYTES = 1024 * 1024  # the start of a big CSV read to find its header: 30 rows fit many times over
CHUNK_BYTES = 1024 * 1024
# A workbook on disk is read whole to find its header (CSVs never are): the command-line importer's size, not an upload's.
PEEK_MAX_BYTES = 512 * 1024 * 1024
YEAR = re.compile(r"^(19|20)\d\d$")  # a header of years (one column per period) is still a header


class UploadError(ValueError):
    """A file that cannot be read at all: the message says why, in words for the person uploading it."""


class UploadChoiceNeeded(UploadError):
    """A file that holds several tables (ZIP members) or none where expected (sheets): the person must choose one."""

    def __init__(self, message: str, what: str, choices: list[str]):
        super().__init__(message)
        self.what = what  # "member" or "sheet": the read_upload argument that makes the choice
        self.choices = list(choices)

    def __reduce__(self):
        """Pickle with the choices (an exception is rebuilt from its args, which hold only the message)."""
        return type(self), (str(self), self.what, self.choices)


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

    file_name: str  # the table file's name (inside the ZIP when it came from one)
    sha256: str
    size_bytes: int
    kind: str  # "csv", "xlsx" or "ods"
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
    container: str = ""  # the ZIP the table file was read from, if any
    member: str = ""  # the table file's path inside that ZIP

    @property
    def short_hash(self) -> str:
        """The first 8 hex digits of the file's SHA-256, used in its source id."""
        return self.sha256[:8]


@dataclass(frozen=True)
class HeaderPeek:
    """What the first rows of a big file say: its header and how to read the rest of it."""

    header: list[str]
    header_row: int  # 1-based, as in a spreadsheet
    kind: str  # "csv", "xlsx" or "ods"
    encoding: str  # judged on the first PEEK_BYTES of a CSV only
    delimiter: str = ","
    sheet: str = ""
    member: str = ""


def source_id_for(file_name: str, sha256: str) -> str:
    """The source id of an uploaded file: upload:<filename>:<sha256[:8]>."""
    return f"upload:{file_name}:{sha256[:8]}"


def read_upload(file_name: str, data: bytes, *, sheet: str | None = None, header_row: int | None = None,
                member: str | None = None, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> RawTable:
    """Read a CSV, XLSX or ODS upload, or one table file in a ZIP; raises UploadError when it cannot be read at all."""
    _check_bytes(file_name, data, max_bytes)
    kind = file_kind(file_name, data)
    if kind != "zip":
        return _read_table(file_name, data, kind, sheet, header_row, max_bytes, max_rows)
    from indicators import zip_reading

    members = zip_reading.zip_members(file_name, data)
    chosen = zip_reading.choose_member(file_name, members, member)
    body = zip_reading.read_member(file_name, data, chosen.name, max_bytes=max_bytes)
    inner = PurePosixPath(chosen.name).name
    _check_bytes(inner, body, max_bytes)
    inner_kind = file_kind(inner, body)
    if inner_kind == "zip":
        raise UploadError(f"'{chosen.name}' inside the ZIP '{file_name}' is itself a ZIP: unzip it and upload the table "
                          "file inside.")
    raw = _read_table(inner, body, inner_kind, sheet, header_row, max_bytes, max_rows)
    raw.container, raw.member = file_name, chosen.name
    others = f" (it holds {len(members)} table files)" if len(members) > 1 else ""
    raw.notes.insert(0, f"Read '{chosen.name}' from inside the ZIP '{file_name}'{others}.")
    return raw


def file_kind(file_name: str, source: bytes | Path) -> str:
    """What a file (bytes, or a path) is by its content, and by its name when damaged: "csv", "xlsx", "ods" or "zip"."""
    lower = file_name.lower()
    if isinstance(source, bytes):
        start = source[:8]
    else:
        with open(source, "rb") as stream:
            start = stream.read(8)
    if start.startswith(ZIP_MAGICS) or lower.endswith(ZIP_LIKE_NAMES):
        from indicators import zip_reading

        return zip_reading.container_kind(file_name, source)
    if lower.endswith(".xls") or start.startswith(OLE_MAGIC):
        raise UploadError(f"'{file_name}' is an old-style Excel .xls workbook; save it as .xlsx or CSV and upload that.")
    return "csv"


def _check_bytes(file_name: str, data: bytes, max_bytes: int) -> None:
    """Refuse a file over the byte limit, or empty."""
    if len(data) > max_bytes:
        raise UploadError(too_big_message(file_name, len(data), max_bytes))
    if not data or not data.strip():
        raise UploadError(f"'{file_name}' is empty (no bytes or only blank space).")


def too_big_message(file_name: str, size: int, limit: int, *, inside: str = "") -> str:
    """The message for a file (or a ZIP member, unpacked) over the byte limit."""
    where = f" inside the ZIP '{inside}' unpacks to" if inside else " is"
    return (f"'{file_name}'{where} {size_text(size)}; the limit is {size_text(limit)}. "
            "Upload only the table you need (one sheet, the columns you map) or split it into parts.")


def _read_table(file_name: str, data: bytes, kind: str, sheet: str | None, header_row: int | None, max_bytes: int,
                max_rows: int) -> RawTable:
    """Read one CSV, XLSX or ODS file's bytes into a RawTable."""
    digest = hashlib.sha256(data).hexdigest()
    notes: list[str] = []
    if kind in ("xlsx", "ods"):
        rows, sheet_name, sheets, notes = workbook_rows(file_name, data, kind, sheet, max_bytes=max_bytes,
                                                        max_rows=max_rows)
        encoding, delimiter, problems = f"{kind} (UTF-8 inside the workbook)", "", []
    else:
        text, encoding = decode_text(file_name, data)
        rows, delimiter, problems = _csv_rows(file_name, text, max_rows)
        sheet_name, sheets = "", []
    return _to_table(file_name, digest, len(data), kind, encoding, delimiter, sheet_name, sheets, rows, problems,
                     header_row, max_rows, notes)


def workbook_rows(file_name: str, data: bytes, kind: str, sheet: str | None, *, nrows: int | None = None,
                  max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> tuple[list[list[str]], str, list[str], list[str]]:
    """Rows of the asked (or found) sheet of an XLSX or ODS workbook: (rows, sheet, all sheets, notes)."""
    if kind == "ods":
        from indicators.ods_reading import ods_rows

        return ods_rows(file_name, data, sheet, nrows=nrows, max_bytes=max_bytes, max_rows=max_rows)
    rows, chosen, sheets = _xlsx_rows(file_name, data, sheet, nrows=nrows, max_bytes=max_bytes, max_rows=max_rows)
    return rows, chosen, sheets, []


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


def _csv_rows(file_name: str, text: str, max_rows: int = MAX_ROWS) -> tuple[list[list[str]], str, list[ReadProblem]]:
    """Rows of a CSV text (delimiter sniffed among , ; tab |), refused as soon as they pass the caps; a read error
    keeps the rows before it."""
    delimiter = _sniff(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    caps = RowCaps(file_name, max_rows)
    problems: list[ReadProblem] = []
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise UploadError(f"'{file_name}' has a field longer than {csv.field_size_limit():,} characters "
                                  "(an unclosed quote?), so it is not read as a table.") from None
            if "end of data" not in str(error):
                # A stray quote inside a field: read leniently, as a spreadsheet would, and let row checks judge.
                lenient = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
                caps = RowCaps(file_name, max_rows)
                try:
                    return caps.keep_all(lenient), delimiter, []
                except csv.Error:
                    raise UploadError(f"'{file_name}' has a field longer than {csv.field_size_limit():,} characters "
                                      "(an unclosed quote?), so it is not read as a table.") from None
            problems.append(ReadProblem(len(caps.rows) + 1, "", "", "the file ends inside a quoted field: it looks "
                                        "truncated; nothing from this row on was read"))
            break
        caps.keep(row)
    return caps.rows, delimiter, problems


class RowCaps:
    """Rows kept as a reader yields them, refused the moment the file passes the row, column, cell or time caps
    (so a file of millions of rows costs no more than one at the limit)."""

    def __init__(self, file_name: str, max_rows: int, *, seconds: float = READ_SECONDS):
        self.file_name = file_name
        # the header and title rows above it are not data rows; blank rows are kept (row numbers stay the
        # file's own) but count towards a second, looser cap
        self.max_filled, self.max_total = max_rows + HEADER_SCAN_ROWS, 2 * max_rows + HEADER_SCAN_ROWS
        self.max_rows = max_rows
        self.deadline = time.monotonic() + seconds
        self.rows: list[list[str]] = []
        self.filled = self.cells = 0

    def keep(self, row: list[str]) -> None:
        """Keep one row, or raise UploadError past a cap."""
        if len(row) > MAX_COLUMNS and any(row[MAX_COLUMNS:]):
            raise UploadError(f"'{self.file_name}' has values in more than {MAX_COLUMNS} columns (row "
                              f"{len(self.rows) + 1:,}); the limit is {MAX_COLUMNS}. Delete the columns you do not "
                              "need and upload it again.")
        del row[MAX_COLUMNS + 1:]  # blank cells past the limit (a row of trailing delimiters) cost nothing
        if any(row):
            self.filled += 1
            # a workbook's rows are padded to the sheet's width: blank cells at the end cost a pointer, not a cell
            self.cells += next(width for width in range(len(row), 0, -1) if row[width - 1])
            self.rows.append(row)
        else:
            self.rows.append(_BLANK)  # one shared empty row: a file of blank lines costs a pointer a line
        if self.filled > self.max_filled or len(self.rows) > self.max_total:
            raise UploadError(f"'{self.file_name}' has more than {self.max_rows:,} data rows; the limit is "
                              f"{self.max_rows:,}. Filter it to the areas and periods you need, or split it into "
                              "parts. (Reading stopped there: the rest was not read.)")
        if self.cells > MAX_CELLS:
            raise UploadError(f"'{self.file_name}' holds more than {MAX_CELLS:,} cells (rows times columns); the "
                              "limit is there so one file cannot exhaust the server. Delete the columns you do not "
                              "need, or split it into parts.")
        if len(self.rows) % 10_000 == 0 and time.monotonic() > self.deadline:
            raise UploadError(f"'{self.file_name}' took more than {READ_SECONDS} seconds to read and was stopped "
                              "there. Save the table as CSV, or split it into parts, and upload it again.")

    def keep_all(self, rows: Iterable[list[str]]) -> list[list[str]]:
        """Keep every row of a reader; the rows kept."""
        for row in rows:
            self.keep(row)
        return self.rows


_BLANK: list[str] = []


def _sniff(text: str) -> str:
    """The delimiter of a CSV text, judged on its first 64 KB (a comma when nothing else is clear)."""
    try:
        return csv.Sniffer().sniff(text[:65536], delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _xlsx_rows(file_name: str, data: bytes, sheet: str | None, *, nrows: int | None = None,
               max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> tuple[list[list[str]], str, list[str]]:
    """Rows of one worksheet as text (cached values of formulas, never the formulas themselves)."""
    from openpyxl import load_workbook

    from indicators.ods_reading import LEADING_ROWS, choose_sheet
    from indicators.zip_reading import check_unpacked

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_unpacked(file_name, archive, max_bytes)
            _count_sheet_rows(file_name, archive, max_rows)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        if isinstance(error, UploadError):
            raise
        raise UploadError(f"'{file_name}' is not a readable .xlsx workbook (it may be truncated or damaged: "
                          f"{type(error).__name__}).") from None
    try:
        sheets = list(book.sheetnames)
        if sheet is not None and sheet not in sheets:
            raise UploadError(f"'{file_name}' has no sheet '{sheet}'; its sheets are: {', '.join(sheets)}.")

        def rows_of(name: str, limit: int | None) -> list[list[str]]:
            # streamed (read-only mode) and capped as read; columns past the limit are never widened into rows
            known = book[name].max_column  # None when the file gives no cell references: rows are then unpadded
            width = min(known, MAX_COLUMNS + 1) if known else None
            cells = book[name].iter_rows(max_row=limit, max_col=width, values_only=True)
            return RowCaps(file_name, max_rows).keep_all([cell_text(value) for value in row] for row in cells)

        hidden = {name for name in sheets if book[name].sheet_state != "visible"}
        chosen = sheet or choose_sheet(file_name, sheets, lambda name: rows_of(name, LEADING_ROWS), hidden)
        rows = rows_of(chosen, nrows)
    except UploadError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UploadError(f"'{file_name}' could not be read as a workbook ({type(error).__name__}); "
                          "it may be truncated or damaged.") from None
    finally:
        book.close()
    return rows, chosen, sheets


# How rows and cells open in a sheet's XML, with or without a namespace prefix (counted with bytes.count: fast)
SHEET_ROW = (b"<row ", b"<row>", b":row ", b":row>")
SHEET_CELL = (b"<c ", b"<c>", b":c ", b":c>")


def _count_sheet_rows(file_name: str, archive: zipfile.ZipFile, max_rows: int) -> None:
    """Refuse a workbook with a sheet of more rows or cells than the caps, counted on its XML as it is unpacked and
    stopped at the cap: openpyxl reads a whole sheet to size it when the file does not say its size, before a row
    is handed over (2 million rows: 36 s)."""
    limit = 2 * max_rows + HEADER_SCAN_ROWS
    deadline = time.monotonic() + READ_SECONDS
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        rows = cells = 0
        tail = b""
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                text = tail + chunk
                cut = text.rfind(b"<")  # a tag cut at the chunk's end is counted with the next chunk
                cut = len(text) if cut < 0 else cut
                rows += sum(text.count(tag, 0, cut) for tag in SHEET_ROW)
                cells += sum(text.count(tag, 0, cut) for tag in SHEET_CELL)
                tail = text[cut:]
                if rows > limit:
                    raise UploadError(f"'{file_name}' has a sheet of more than {2 * max_rows:,} rows; the limit is "
                                      f"{max_rows:,} data rows. Filter it to the areas and periods you need, or split "
                                      "it into parts. (Reading stopped there: the rest was not read.)")
                if cells > MAX_CELLS:
                    raise UploadError(f"'{file_name}' has a sheet of more than {MAX_CELLS:,} cells; the limit is "
                                      "there so one file cannot exhaust the server. Delete the columns you do not "
                                      "need, or split it into parts.")
                if time.monotonic() > deadline:
                    raise UploadError(f"'{file_name}' took more than {READ_SECONDS} seconds to read and was stopped "
                                      "there. Save the table as CSV, or split it into parts, and upload it again.")


def cell_text(value) -> str:
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


def _pick_header(file_name: str, rows: list[list[str]], header_row: int | None,
                 problems: list[ReadProblem]) -> tuple[list[list[str]], int, list[str]]:
    """The rows stripped, the 0-based header index (given or detected) and the header made unique."""
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
    return rows, head, header


def _to_table(file_name, digest, size, kind, encoding, delimiter, sheet_name, sheets, rows, problems,
              header_row, max_rows, read_notes=()) -> RawTable:
    """Pick the header, square the rows, and check the limits."""
    rows, head, header = _pick_header(file_name, rows, header_row, problems)
    if len(header) > MAX_COLUMNS:
        raise UploadError(f"'{file_name}' has more than {MAX_COLUMNS} columns; the limit is {MAX_COLUMNS}. "
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
        titles = "Row 1 was taken as a title" if head == 1 else f"Rows 1-{head} were taken as titles"
        notes.append(f"{titles} above the table; the header is row {head + 1}.")
    notes.extend(read_notes)
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


def size_text(size: int) -> str:
    """A byte count for people: '1.5 MB' or '300 KB'."""
    if size >= 1024 ** 3:
        return f"{size / 1024 ** 3:.1f} GB"
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"


def stream_to_file(chunks: Iterable[bytes] | BinaryIO, folder: str | os.PathLike, *, name: str = "upload",
                   max_bytes: int | None = None) -> Path:
    """Write an upload (chunks, or a binary stream) to a new file in folder, chunk by chunk; returns its path."""
    source = iter(lambda: chunks.read(CHUNK_BYTES), b"") if hasattr(chunks, "read") else chunks
    pure = PurePosixPath(name.replace("\\", "/"))
    stem = re.sub(r"[^\w.-]+", "_", pure.stem)[:60] or "upload"
    handle, path_text = tempfile.mkstemp(dir=folder, prefix=f"{stem}-", suffix=pure.suffix.lower()[:8])
    path, written = Path(path_text), 0
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in source:
                written += len(chunk)
                if max_bytes is not None and written > max_bytes:
                    raise UploadError(f"'{name}' is more than {size_text(max_bytes)}, the limit for this import.")
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def peek(path: str | os.PathLike, *, member: str | None = None, sheet: str | None = None,
         header_row: int | None = None, max_bytes: int = PEEK_MAX_BYTES) -> HeaderPeek:
    """The header of a CSV (any size, from its first PEEK_BYTES only), a workbook, or one inside a ZIP."""
    path = Path(path)
    if not path.is_file():
        raise UploadError(f"'{path}' is not a file on this computer.")
    name = path.name
    kind = file_kind(name, path)
    if kind == "csv":
        with open(path, "rb") as stream:
            return _peek_csv(name, stream, header_row)
    if kind in ("xlsx", "ods"):
        if path.stat().st_size > max_bytes:
            raise UploadError(too_big_message(name, path.stat().st_size, max_bytes))
        return _peek_workbook(name, path.read_bytes(), kind, sheet, header_row, max_bytes)
    from indicators import zip_reading

    chosen = zip_reading.choose_member(name, zip_reading.zip_members(name, path), member)
    if chosen.kind == "csv":
        with zip_reading.open_member(name, path, chosen.name) as stream:
            return _peek_csv(chosen.name, stream, header_row, member=chosen.name)
    body = zip_reading.read_member(name, path, chosen.name, max_bytes=max_bytes)
    return _peek_workbook(chosen.name, body, chosen.kind, sheet, header_row, max_bytes, member=chosen.name)


def peek_header(path: str | os.PathLike, *, member: str | None = None, sheet: str | None = None,
                header_row: int | None = None, max_bytes: int = PEEK_MAX_BYTES) -> list[str]:
    """The detected (or given) header of a file on disk, read from its first rows only (see peek)."""
    return peek(path, member=member, sheet=sheet, header_row=header_row, max_bytes=max_bytes).header


def _peek_csv(file_name: str, stream: BinaryIO, header_row: int | None, *, member: str = "") -> HeaderPeek:
    """The header of a CSV stream from its first PEEK_BYTES, decoded by the same rules as read_upload."""
    start = b""
    while len(start) < PEEK_BYTES and (chunk := stream.read(PEEK_BYTES - len(start))):
        start += chunk
    complete = len(start) < PEEK_BYTES or not stream.read(1)
    if not start.strip():
        raise UploadError(f"'{file_name}' is empty (no bytes or only blank space).")
    text, encoding = _decode_start(file_name, start, complete)
    delimiter = _sniff(text)
    # only the rows the header detection looks at (read_upload looks at no more), not the whole megabyte
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    rows: list[list[str]] = []
    try:
        for row in itertools.islice(reader, max(HEADER_SCAN_ROWS, header_row or 0)):
            rows.append(row)
    except csv.Error:
        pass  # the start ends inside a quoted field: the rows before it are enough
    _, head, header = _pick_header(file_name, rows, header_row, [])
    return HeaderPeek(header, head + 1, "csv", encoding, delimiter, member=member)


def _decode_start(file_name: str, start: bytes, complete: bool) -> tuple[str, str]:
    """Decode the first bytes of a CSV, cut after its last whole line so no character or row is split."""
    if complete:
        return decode_text(file_name, start)
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = codecs.getincrementaldecoder("utf-16")().decode(start, final=False)
        return text[: text.rfind("\n") + 1], "utf-16"
    cut = start.rfind(b"\n")  # a newline byte is never inside a UTF-8 or single-byte character
    if cut < 0:
        raise UploadError(f"'{file_name}': its first {size_text(len(start))} hold no line break, so it is not a CSV "
                          "table.")
    return decode_text(file_name, start[: cut + 1])


def _peek_workbook(file_name: str, data: bytes, kind: str, sheet: str | None, header_row: int | None, max_bytes: int,
                   *, member: str = "") -> HeaderPeek:
    """The header of a workbook's asked (or found) sheet, from its first rows."""
    nrows = max(HEADER_SCAN_ROWS, header_row or 0)
    rows, chosen, _, _ = workbook_rows(file_name, data, kind, sheet, nrows=nrows, max_bytes=max_bytes)
    _, head, header = _pick_header(file_name, rows, header_row, [])
    return HeaderPeek(header, head + 1, kind, f"{kind} (UTF-8 inside the workbook)", "", chosen, member)
