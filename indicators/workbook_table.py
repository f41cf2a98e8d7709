"""A workbook's table sheet found for a profile (the data tool's 'Data' sheet wherever it sits) and written to CSV."""
from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from indicators.upload import UploadError, cell_text, file_kind, peek_header
from indicators.zip_reading import unreadable_message

WORKBOOK_KINDS = ("xlsx", "ods")


def sheet_names(path: Path) -> list[str]:
    """The sheet names of an XLSX or ODS workbook, in order (UploadError in words when it cannot be opened)."""
    from python_calamine import CalamineWorkbook

    try:
        with open(path, "rb") as handle:
            return list(CalamineWorkbook.from_filelike(handle).sheet_names)
    except Exception as error:  # calamine's own errors: a damaged workbook
        raise UploadError(unreadable_message(path.name, type(error).__name__)) from None


def table_sheet(path: Path, matches) -> str | None:
    """The sheet holding the figures: one named 'Data', else the first whose header `matches` (a profile's test);
    None when no sheet does (the reader then takes the first table-like sheet past front matter)."""
    names = sheet_names(path)
    named = next((sheet for sheet in names if sheet.strip().lower() == "data"), None)
    if named:
        return named
    for sheet in names:
        try:
            if matches(peek_header(path, sheet=sheet)):
                return sheet
        except UploadError:
            continue
    return None


def is_workbook(path: Path, file_name: str) -> bool:
    """True for an XLSX or ODS file (by its content)."""
    return file_kind(file_name, path) in WORKBOOK_KINDS


def sheet_to_csv(path: Path, file_name: str, sheet: str | None, target: Path, max_bytes: int) -> Path:
    """One sheet of a workbook written out as UTF-8 CSV (an XLSX streamed row by row; an ODS read by calamine
    under the ODS reader's cell cap), so a profile that reads CSV from disk reads it the same way."""
    kind = file_kind(file_name, path)
    with open(target, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        if kind == "xlsx":
            from openpyxl import load_workbook

            try:
                book = load_workbook(path, read_only=True, data_only=True)
                try:
                    chosen = sheet or book.sheetnames[0]
                    for row in book[chosen].iter_rows(values_only=True):
                        writer.writerow([cell_text(value) for value in row])
                finally:
                    book.close()
            except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as error:  # ParseError
                raise UploadError(unreadable_message(file_name, type(error).__name__)) from None
        else:
            from indicators.ods_reading import ods_rows

            rows, _, _, _ = ods_rows(file_name, path.read_bytes(), sheet, max_bytes=max_bytes)
            writer.writerows(rows)
    return target
