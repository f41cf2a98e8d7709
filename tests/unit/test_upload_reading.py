"""Reading uploads: encodings, truncated, empty, huge, binary and workbook files, header detection."""
from __future__ import annotations

import hashlib

import pytest

from indicators.upload import UploadError, read_upload, source_id_for
from tests.unit import upload_files as files


def test_good_csv_is_read_as_utf8_with_file_row_numbers():
    raw = read_upload("pfa.csv", files.good_pfa_csv())
    assert raw.encoding == "utf-8" and raw.kind == "csv" and raw.delimiter == ","
    assert raw.header[0] == "Police force area code"
    assert raw.row_numbers == [2, 3, 4, 5]
    assert raw.cells.iloc[1].tolist() == ["E23000002", "Cumbria", "2019", "3000", "900", "30.0"]
    assert raw.problems == []
    digest = hashlib.sha256(files.good_pfa_csv()).hexdigest()
    assert source_id_for("pfa.csv", raw.sha256) == f"upload:pfa.csv:{digest[:8]}"


def test_encodings_are_tried_in_order_and_reported():
    raw = read_upload("cost.csv", files.cp1252_names_csv())
    assert raw.encoding == "cp1252"
    assert raw.header == ["Área", "Year", "Cost £"]
    assert raw.cells.iloc[0, 0] == "Avon & Somerset"
    bom = read_upload("bom.csv", b"\xef\xbb\xbf" + files.good_pfa_csv())
    assert bom.encoding == "utf-8-sig" and bom.header[0] == "Police force area code"
    # 0x81 is undefined in cp1252, so only latin-1 can read this file
    latin = read_upload("odd.csv", "Area,Year\nCumbria\x81,2019\n".encode("latin-1"))
    assert latin.encoding == "latin-1" and "read as Latin-1" in latin.notes[0]
    utf16 = read_upload("wide.csv", files.good_pfa_csv().decode().encode("utf-16"))
    assert utf16.encoding == "utf-16" and len(utf16.cells) == 4


def test_truncated_csv_keeps_the_rows_before_the_cut_and_says_where():
    raw = read_upload("cut.csv", files.truncated_csv())
    assert len(raw.cells) == 2
    assert [p.row for p in raw.problems] == [4]
    assert "truncated" in raw.problems[0].reason
    short = read_upload("short.csv", files.short_row_csv())
    assert len(short.cells) == 1
    assert short.problems[0].row == 3 and "has 3 of 6 fields" in short.problems[0].reason


@pytest.mark.parametrize(("data", "words"), [
    (b"", "is empty"),
    (b"   \n\n", "is empty"),
    (files.HEADER.encode() + b"\n", "no data rows"),
    (b"PK\x03\x04garbage that is not a zip", "not a readable .xlsx"),
    (b"\xd0\xcf\x11\xe0old excel", "old-style Excel"),
    (b"col\x00umn,\x00\x01\x02\n", "binary data"),
])
def test_unreadable_files_get_a_clear_message(data, words):
    with pytest.raises(UploadError, match=words):
        read_upload("bad.csv", data)


def test_truncated_workbook_is_refused_in_words():
    whole = files.xlsx_with_title_rows()
    with pytest.raises(UploadError, match="truncated or damaged"):
        read_upload("cut.xlsx", whole[: len(whole) // 2])


def test_huge_files_are_refused_by_size_and_by_rows():
    with pytest.raises(UploadError, match=r"is 1\.0 MB; the limit is 512 KB"):
        read_upload("big.csv", b"x" * (1024 * 1024), max_bytes=512 * 1024)
    with pytest.raises(UploadError, match="has 1,001 data rows; the limit is 1,000"):
        read_upload("long.csv", files.huge_csv(1001), max_rows=1000)
    assert len(read_upload("ok.csv", files.huge_csv(1000), max_rows=1000).cells) == 1000


def test_workbook_sheet_and_title_rows_are_found():
    raw = read_upload("table.xlsx", files.xlsx_with_title_rows())
    assert raw.kind == "xlsx" and raw.sheets == ["Notes", "Table 1"] and raw.sheet == "Table 1"
    assert raw.header == ["PFA code", "Period", "Offenders", "Reoffenders"] and raw.header_row == 3
    assert raw.row_numbers == [4, 5]
    assert raw.cells.iloc[0].tolist() == ["E23000001", "2019", "50000", "13000"]
    assert "header is row 3" in raw.notes[0]
    with pytest.raises(UploadError, match="no sheet 'Table 9'"):
        read_upload("table.xlsx", files.xlsx_with_title_rows(), sheet="Table 9")


def test_semicolon_files_blank_and_repeated_headers():
    raw = read_upload("semi.csv", b"Code;Rate;Rate;\nE23000001;26;27;x\n")
    assert raw.delimiter == ";"
    assert raw.header == ["Code", "Rate", "Rate (2)", "column 4"]


def test_an_explicit_header_row_outside_the_file_is_refused():
    with pytest.raises(UploadError, match="outside"):
        read_upload("pfa.csv", files.good_pfa_csv(), header_row=40)
