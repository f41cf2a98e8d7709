"""Reading ODS workbooks (as gov.uk publishes them) with calamine, and finding the sheet that holds the table."""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Collection
from xml.parsers import expat

from indicators.upload import (
    HEADER_SCAN_ROWS,
    MAX_BYTES,
    MAX_CELLS,
    MAX_ROWS,
    RowCaps,
    UploadChoiceNeeded,
    UploadError,
    cell_text,
)
from indicators.zip_reading import check_unpacked, unreadable_message

LEADING_ROWS = 60  # enough to see past the titles above a table to its first rows
# calamine holds every sheet's whole rectangle of cells in memory at once (tens of bytes a cell), and an ODS can
# describe millions of cells in a few bytes (number-rows-repeated): workbooks spanning more than the upload's cell
# cap (MAX_CELLS) or twice its row cap are refused unopened, found by streaming content.xml.
SCAN_CHUNK = 1024 * 1024
FRONT_MATTER = re.compile(r"^(cover|contents|table of contents|notes?|information|info|about|read ?me|metadata|"
                          r"glossary|definitions|introduction|front page|title page)\b")
CELLS = ("table:table-cell", "table:covered-table-cell")


def ods_rows(file_name: str, data: bytes, sheet: str | None = None, *, nrows: int | None = None,
             max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> tuple[list[list[str]], str, list[str], list[str]]:
    """Rows of one sheet as text (cached values of formulas, never the formulas): (rows, sheet, all sheets, notes)."""
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    errors, unsaved = _scan(file_name, data, max_bytes, max_rows)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except BaseException as error:
        raise _damaged(file_name, error) from None
    try:
        sheets = list(book.sheet_names)
        if sheet is not None and sheet not in sheets:
            raise UploadError(f"'{file_name}' has no sheet '{sheet}'; its sheets are: {', '.join(sheets)}.")
        hidden = {meta.name for meta in book.sheets_metadata if meta.visible != SheetVisibleEnum.Visible}

        def rows_of(name: str, limit: int | None) -> list[list[str]]:
            # skip_empty_area=False keeps blank leading rows, so row numbers are the spreadsheet's own
            values = book.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=limit)
            return RowCaps(file_name, max_rows).keep_all([cell_text(value) for value in row] for row in values)

        chosen = sheet or choose_sheet(file_name, sheets, lambda name: rows_of(name, LEADING_ROWS), hidden)
        rows = rows_of(chosen, nrows)
    except UploadError:
        raise
    except BaseException as error:
        raise _damaged(file_name, error) from None
    finally:
        book.close()
    notes = []
    if errors.get(chosen):
        notes.append(f"{errors[chosen]:,} cell(s) on sheet '{chosen}' hold formula errors (such as #DIV/0! or #N/A); "
                     "they are read as blank.")
    if unsaved.get(chosen):
        notes.append(f"{unsaved[chosen]:,} formula cell(s) on sheet '{chosen}' have no saved result (the program that "
                     "wrote the file did not calculate them); they are read as blank, never worked out here.")
    return rows, chosen, sheets, notes


def choose_sheet(file_name: str, sheets: list[str], leading_rows: Callable[[str], list[list[str]]],
                 hidden: Collection[str] = ()) -> str:
    """The first visible sheet, past cover, contents and notes sheets, whose first rows hold a table."""
    for name in sheets:
        if name not in hidden and not is_front_matter(name) and holds_table(leading_rows(name)):
            return name
    raise UploadChoiceNeeded(f"'{file_name}' has no table on any sheet: its sheets are {', '.join(sheets)}. Cover, "
                             "contents and notes sheets are passed over, and no other sheet has a header row with rows "
                             "under it. Choose the sheet that holds the table, or check that this is the file with "
                             "the figures.", "sheet", sheets)


def holds_table(rows: list[list[str]]) -> bool:
    """True when at least two rows (a header and a data row) have two or more filled cells."""
    return sum(1 for row in rows if sum(1 for cell in row if cell.strip()) >= 2) >= 2


def is_front_matter(sheet_name: str) -> bool:
    """True for a cover, contents, notes or information sheet (by its name, as gov.uk tables name them)."""
    return FRONT_MATTER.match(" ".join(sheet_name.replace("_", " ").lower().split())) is not None


def _scan(file_name: str, data: bytes, max_bytes: int, max_rows: int = MAX_ROWS) -> tuple[dict[str, int], dict[str, int]]:
    """Stream content.xml once, refusing a workbook that spans too many cells; per sheet: error and unsaved cells."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError) as error:
        raise UploadError(unreadable_message(file_name, type(error).__name__)) from None
    with archive:
        check_unpacked(file_name, archive, max_bytes)
        if "content.xml" not in archive.namelist():
            raise UploadError(unreadable_message(file_name, "it has no content.xml"))
        scanner = _Scanner(file_name, 2 * max_rows + HEADER_SCAN_ROWS)
        parser = expat.ParserCreate()
        parser.StartElementHandler = scanner.start
        try:
            with archive.open("content.xml") as stream:
                while chunk := stream.read(SCAN_CHUNK):
                    parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except UploadError:
            raise
        except (expat.ExpatError, zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
            raise UploadError(unreadable_message(file_name, type(error).__name__)) from None
    return scanner.errors, scanner.unsaved


class _Scanner:
    """Tracks each sheet's rectangle as calamine will build it: rows down to the last filled one, columns likewise."""

    def __init__(self, file_name: str, max_rows: int):
        self.file_name, self.max_rows = file_name, max_rows
        self.errors: dict[str, int] = {}
        self.unsaved: dict[str, int] = {}
        self.sheet, self.done, self.rows, self.columns = "", 0, 0, 0
        self.row, self.repeat, self.column = 0, 0, 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        """expat's start-element handler: a sheet, a row or a cell begins."""
        if name == "table:table":
            self.done += self.rows * self.columns
            self.sheet, self.rows, self.columns, self.row, self.repeat = attrs.get("table:name", ""), 0, 0, 0, 0
        elif name == "table:table-row":
            self.row += self.repeat
            self.repeat, self.column = int(attrs.get("table:number-rows-repeated", "1")), 0
        elif name in CELLS:
            count = int(attrs.get("table:number-columns-repeated", "1"))
            if "office:value-type" in attrs or "table:formula" in attrs:  # what calamine keeps: a value or a formula
                self.rows, self.columns = self.row + self.repeat, max(self.columns, self.column + count)
                if attrs.get("calcext:value-type") == "error":  # LibreOffice's mark; calamine reads these as ''
                    self.errors[self.sheet] = self.errors.get(self.sheet, 0) + count * self.repeat
                elif "office:value-type" not in attrs:  # a formula saved without its result
                    self.unsaved[self.sheet] = self.unsaved.get(self.sheet, 0) + count * self.repeat
                if self.done + self.rows * self.columns > MAX_CELLS:
                    raise UploadError(
                        f"'{self.file_name}': sheet '{self.sheet}' spans {self.rows:,} rows by {self.columns:,} "
                        f"columns, more than the {MAX_CELLS:,} cells this reader holds at once (often values or "
                        "formatting copied down to the last row of the sheet). Delete the unused rows and columns, "
                        "or save the table as CSV, and upload it again.")
                if self.rows > self.max_rows:
                    raise UploadError(
                        f"'{self.file_name}': sheet '{self.sheet}' has values on row {self.rows:,}, past the "
                        f"{self.max_rows:,} rows this reader reads (often values or formatting copied down the "
                        "sheet). Delete the unused rows, or split the table into parts, and upload it again.")
            self.column += count


def _damaged(file_name: str, error: BaseException) -> UploadError:
    """The UploadError for calamine failing on a workbook; anything else but a Rust panic is raised again."""
    # a Rust panic inside calamine reaches Python as pyo3's PanicException, a BaseException like KeyboardInterrupt
    if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
        raise error
    text = str(error).strip()
    return UploadError(unreadable_message(file_name, f"{type(error).__name__}: {text[:120]}" if text
                                          else type(error).__name__))
