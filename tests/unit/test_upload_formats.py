"""Reading ODS workbooks and ZIPs as downloaded, and big files on disk (peek, stream, extract) without holding them."""
from __future__ import annotations

import hashlib
import io
import tracemalloc
import zipfile

import pytest

from indicators import upload, zip_reading
from indicators.ods_reading import is_front_matter
from indicators.upload import (
    PEEK_BYTES,
    UploadChoiceNeeded,
    UploadError,
    peek,
    peek_header,
    read_upload,
    stream_to_file,
)
from indicators.zip_reading import ZipMember, extract_member, zip_members
from tests.unit import upload_files as files

PRSQ_NAME = "PRSQ_Geographic_data_April 2011 to March 2022.csv"


def test_govuk_ods_skips_cover_contents_and_notes_and_finds_the_header_under_the_titles():
    raw = read_upload("reoffending_tables.ods", files.govuk_ods())
    assert raw.kind == "ods" and raw.sheet == "Table_1"
    assert raw.sheets == ["Cover_sheet", "Table_of_contents", "Notes", "Table_1", "Table_2"]
    assert raw.header == ["Cohort", "Geography", "Adult / Juvenile", "offenders", "reoffenders", "Cohort start"]
    assert raw.header_row == 3 and raw.row_numbers == [4, 5, 6, 7]
    assert "header is row 3" in raw.notes[0]
    # text as typed: whole numbers without '.0', suppression marks kept, dates without a midnight
    assert raw.cells.iloc[0].tolist() == ["Apr 2019 to Mar 2020", "Cumbria", "Adult", "3000", "900", "2019-04-01"]
    assert raw.cells.iloc[1, 3:5].tolist() == ["[c]", "[c]"]
    assert raw.cells.iloc[2, 3:5].tolist() == ["12000", ".."]
    assert raw.cells.iloc[3, 3] == "9000.5"


def test_an_ods_sheet_can_be_asked_for_and_a_missing_one_is_named():
    raw = read_upload("t.ods", files.govuk_ods(), sheet="Table_2")
    assert raw.sheet == "Table_2" and raw.header == ["Sex", "offenders"] and raw.header_row == 2
    notes = read_upload("t.ods", files.govuk_ods(), sheet="Notes")
    assert notes.header == ["Note number", "Note text"]
    with pytest.raises(UploadError, match=r"no sheet 'Table_9'; its sheets are: Cover_sheet, Table_of_contents"):
        read_upload("t.ods", files.govuk_ods(), sheet="Table_9")


def test_ods_formula_cells_give_their_saved_values_never_the_formula():
    raw = read_upload("formulas.ods", files.ods_with_formulas())
    assert raw.cells.iloc[0].tolist() == ["Cumbria", "3000", "900", "CUM-2019"]
    assert not any(cell.startswith(("of:", "=")) for cell in raw.cells.to_numpy().ravel())
    # no saved result, and an error result: blank, and said so
    assert raw.cells.iloc[1].tolist() == ["Lancashire", "12000", "", ""]
    assert any("formula errors" in note and "read as blank" in note for note in raw.notes)
    assert any("no saved result" in note for note in raw.notes)


def test_an_ods_with_no_table_says_so_and_lists_its_sheets():
    with pytest.raises(UploadChoiceNeeded, match=r"no table on any sheet: its sheets are Cover, Notes") as caught:
        read_upload("cover.ods", files.notes_only_ods())
    assert caught.value.what == "sheet" and caught.value.choices == ["Cover", "Notes"]


def test_truncated_and_damaged_ods_are_refused_in_words():
    whole = files.govuk_ods()
    with pytest.raises(UploadError, match=r"'cut.ods' is not a readable \.ods workbook \(it may be truncated or damaged"):
        read_upload("cut.ods", whole[: len(whole) // 2])
    with pytest.raises(UploadError, match=r"not a readable \.ods workbook .*ExpatError"):
        read_upload("inside.ods", files.ods_with_cut_content())


def test_an_ods_that_spans_millions_of_cells_is_refused_before_it_is_unpacked():
    bomb = files.ods_repeat_bomb()
    assert len(bomb) < 10_000
    with pytest.raises(UploadError, match=r"sheet 'Data' spans 1,000,000 rows by 1,000 columns"):
        read_upload("bomb.ods", bomb)


def test_front_matter_names_as_gov_uk_writes_them():
    for name in ("Cover_sheet", "Cover", "Contents", "Table_of_contents", "Notes", "Notes_and_definitions", "Note",
                 "Information", "Read me"):
        assert is_front_matter(name), name
    for name in ("Table_1", "Data", "Notebook", "1a", "PFA"):
        assert not is_front_matter(name), name


def test_xlsx_sheet_choice_also_passes_over_cover_contents_and_hidden_sheets():
    raw = read_upload("tables.xlsx", files.xlsx_with_cover())
    assert raw.kind == "xlsx" and raw.sheet == "Table_1" and raw.header == ["Code", "Rate"]
    assert raw.cells.iloc[0].tolist() == ["E23000001", "26.5"]


def test_a_zip_with_one_csv_is_read_as_that_csv():
    csv = files.prsq_csv()
    data = files.zip_bytes({f"CSV format of data tools/{PRSQ_NAME}": csv, "CSV format of data tools/": b"",
                            "__MACOSX/CSV format of data tools/._x.csv": b"junk", ".DS_Store": b"junk"})
    raw = read_upload("prsq_csv_format.zip", data)
    direct = read_upload(PRSQ_NAME, csv)
    assert raw.kind == "csv" and raw.file_name == PRSQ_NAME
    assert raw.container == "prsq_csv_format.zip" and raw.member == f"CSV format of data tools/{PRSQ_NAME}"
    assert raw.header == direct.header == files.PRSQ_HEADER.split(",")
    assert raw.cells.equals(direct.cells) and raw.row_numbers == direct.row_numbers
    # the source id follows the table's own bytes, so the same CSV has the same id zipped or not
    assert raw.sha256 == direct.sha256 == hashlib.sha256(csv).hexdigest()
    assert "from inside the ZIP 'prsq_csv_format.zip'" in raw.notes[0]


def test_a_zip_with_several_tables_asks_which_then_reads_the_one_chosen():
    data = files.zip_bytes({"data/a.csv": files.prsq_csv(), "data/b.xlsx": files.xlsx_with_title_rows(),
                            "c.ods": files.govuk_ods()})
    assert zip_members("x.zip", data) == [ZipMember("data/a.csv", len(files.prsq_csv()), "csv"),
                                          ZipMember("data/b.xlsx", len(files.xlsx_with_title_rows()), "xlsx"),
                                          ZipMember("c.ods", len(files.govuk_ods()), "ods")]
    with pytest.raises(UploadChoiceNeeded, match=r"'x.zip' holds 3 table files: data/a.csv .*Choose which") as caught:
        read_upload("x.zip", data)
    assert caught.value.what == "member" and caught.value.choices == ["data/a.csv", "data/b.xlsx", "c.ods"]
    xlsx = read_upload("x.zip", data, member="data/b.xlsx")
    assert xlsx.kind == "xlsx" and xlsx.sheet == "Table 1" and xlsx.header[0] == "PFA code"
    assert read_upload("x.zip", data, member="c.ods").sheet == "Table_1"
    assert read_upload("x.zip", data, member="a.csv").member == "data/a.csv"  # the file name alone, when unique
    with pytest.raises(UploadChoiceNeeded, match="holds no table file 'z.csv'"):
        read_upload("x.zip", data, member="z.csv")


def test_a_truncated_or_damaged_zip_is_refused_in_words():
    data = files.zip_bytes({PRSQ_NAME: files.prsq_csv(200)})
    with pytest.raises(UploadError, match="the ZIP is truncated or damaged"):
        read_upload("prsq.zip", data[: len(data) // 2])
    with pytest.raises(UploadError, match="the ZIP is truncated or damaged"):
        zip_members("prsq.zip", data[:-30])
    damaged = bytearray(data)
    start = damaged.find(PRSQ_NAME.encode()) + len(PRSQ_NAME)
    damaged[start + 20:start + 60] = b"\x00" * 40  # the compressed stream, not the directory
    with pytest.raises(UploadError, match=r"the ZIP is truncated or damaged \('PRSQ_Geographic"):
        read_upload("prsq.zip", bytes(damaged))


def test_a_zip_without_tables_names_what_it_holds():
    data = files.zip_bytes({"Proven reoffending technical guide.pdf": b"%PDF-1.4 made up", "folder/": b""})
    with pytest.raises(UploadError, match=r"holds no CSV, XLSX or ODS file to read; it holds: "
                                          r"Proven reoffending technical guide\.pdf \(16 bytes\)"):
        read_upload("guide.zip", data)
    with pytest.raises(UploadError, match="is an empty ZIP"):
        read_upload("empty.zip", files.zip_bytes({}))


def test_a_zip_bomb_member_is_refused_by_its_declared_size_and_a_lying_one_stops_at_its_declared_size():
    bomb = files.zip_bytes({"big.csv": b"0" * (5 * 1024 * 1024)})
    assert len(bomb) < 20_000
    with pytest.raises(UploadError, match=r"'big.csv' inside the ZIP 'bomb.zip' unpacks to 5\.0 MB; the limit is 1\.0 MB"):
        read_upload("bomb.zip", bomb, max_bytes=1024 * 1024)
    # a member that declares 1,000 bytes but holds far more: never read past what it declares
    liar = files.lying_zip("big.csv", files.prsq_csv(50_000), 1000)
    with pytest.raises(UploadError, match="the ZIP is truncated or damaged"):
        read_upload("liar.zip", liar)


def test_a_workbook_that_declares_far_more_than_it_could_hold_is_not_opened():
    book = files.zip_bytes({"mimetype": zip_reading.ODS_MIMETYPE, "content.xml": b" " * (3 * 1024 * 1024)})
    with pytest.raises(UploadError, match="zip bomb"):
        read_upload("bomb.ods", book, max_bytes=20_000)


def test_peek_header_reads_only_the_start_of_a_big_csv(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    size = files.write_big_csv(path, 50)
    assert size >= 50 * 1024 * 1024
    read_sizes = []
    real_open = open

    class Counting:
        def __init__(self, stream):
            self.stream = stream

        def read(self, n=-1):
            chunk = self.stream.read(n)
            read_sizes.append(len(chunk))
            return chunk

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

    monkeypatch.setattr(upload, "open", lambda *a, **k: Counting(real_open(*a, **k)), raising=False)
    tracemalloc.start()
    try:
        seen = peek(path)
        _, peak_bytes = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen.header == files.PRSQ_HEADER.split(",") and seen.header_row == 3
    assert seen.kind == "csv" and seen.encoding == "utf-8" and seen.delimiter == ","
    assert sum(read_sizes) <= PEEK_BYTES + 8 + 1  # the first bytes (kind), the first megabyte, one byte to see more
    assert peak_bytes < 8 * 1024 * 1024, peak_bytes


def test_peek_finds_the_same_header_as_read_upload(tmp_path):
    cases = {"pfa.csv": files.good_pfa_csv(), "cost.csv": files.cp1252_names_csv(),
             "semi.csv": b"Code;Rate;Rate;\nE23000001;26;27;x\n", "wide.csv": files.good_pfa_csv().decode().encode("utf-16"),
             "table.xlsx": files.xlsx_with_title_rows(), "tables.ods": files.govuk_ods()}
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        raw, seen = read_upload(name, data), peek(path)
        assert (seen.header, seen.header_row, seen.kind, seen.sheet) == (raw.header, raw.header_row, raw.kind, raw.sheet)
        assert (seen.encoding, seen.delimiter) == (raw.encoding, raw.delimiter), name
    assert peek_header(tmp_path / "tables.ods", sheet="Table_2") == ["Sex", "offenders"]
    assert peek_header(tmp_path / "pfa.csv", header_row=2)[1] == "Metropolitan Police"


def test_peek_cuts_a_big_utf16_or_cp1252_start_on_a_whole_line(tmp_path):
    line = "Área,Year,Rate\n" + "Ynys Môn,2019,25\n" * 100_000
    for encoding, named in (("utf-16", "utf-16"), ("cp1252", "cp1252")):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(line.encode(encoding))
        seen = peek(path)
        assert seen.header == ["Área", "Year", "Rate"] and seen.encoding == named


def test_peek_header_of_a_big_csv_inside_a_zip_on_disk_and_of_a_chosen_member(tmp_path):
    big = tmp_path / PRSQ_NAME
    files.write_big_csv(big, 30, title_rows=0)
    archive_path = tmp_path / "prsq.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(big, f"CSV format/{PRSQ_NAME}")
        archive.writestr("CSV format/other.xlsx", files.xlsx_with_title_rows())
    tracemalloc.start()
    try:
        seen = peek(archive_path, member=PRSQ_NAME)
        _, peak_bytes = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen.header == files.PRSQ_HEADER.split(",") and seen.member == f"CSV format/{PRSQ_NAME}"
    assert peak_bytes < 8 * 1024 * 1024, peak_bytes
    assert peek_header(archive_path, member="other.xlsx")[0] == "PFA code"
    with pytest.raises(UploadChoiceNeeded, match="holds 2 table files"):
        peek_header(archive_path)


def test_extract_member_streams_a_big_member_to_disk(tmp_path):
    big = tmp_path / "source.csv"
    size = files.write_big_csv(big, 30)
    archive_path = tmp_path / "prsq.zip"
    with zipfile.ZipFile(archive_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(big, f"../../CSV format/{PRSQ_NAME}")  # a path that tries to climb out of the folder
    out = tmp_path / "out"
    out.mkdir()
    tracemalloc.start()
    try:
        target = extract_member(archive_path, PRSQ_NAME, out)
        _, peak_bytes = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert target == out / PRSQ_NAME and target.stat().st_size == size
    assert peak_bytes < 8 * 1024 * 1024, peak_bytes
    with open(big, "rb") as one, open(target, "rb") as two:
        assert hashlib.sha256(one.read()).digest() == hashlib.sha256(two.read()).digest()
    with pytest.raises(UploadError, match=r"unpacks to 30\.\d MB; the limit is 1\.0 MB"):
        extract_member(archive_path, PRSQ_NAME, out, max_bytes=1024 * 1024)
    assert sorted(path.name for path in out.iterdir()) == [PRSQ_NAME]  # nothing half-written left behind


def test_stream_to_file_writes_chunks_and_removes_a_file_over_the_limit(tmp_path):
    chunks = [b"Code,Rate\n"] + [b"E23000001,26\n" * 1000] * 50
    path = stream_to_file(chunks, tmp_path, name="upload from form.csv")
    assert path.parent == tmp_path and path.suffix == ".csv" and path.read_bytes() == b"".join(chunks)
    from_stream = stream_to_file(io.BytesIO(b"".join(chunks)), tmp_path, name="again.csv")
    assert from_stream.read_bytes() == path.read_bytes()
    with pytest.raises(UploadError, match="is more than 100 KB, the limit"):
        stream_to_file(chunks, tmp_path, name="too big.csv", max_bytes=100 * 1024)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, from_stream.name])


def test_a_web_page_saved_as_a_zip_and_an_unsupported_compression_method_are_named():
    with pytest.raises(UploadError, match=r"is a web page \(HTML\), not a ZIP .*download did not finish"):
        read_upload("prsq.zip", b"<!DOCTYPE html><html><body>Access denied</body></html>")
    data = bytearray(files.zip_bytes({"a.csv": files.prsq_csv()}))
    for offset in (data.find(b"PK\x03\x04") + 8, data.find(b"PK\x01\x02") + 10):
        data[offset:offset + 2] = (9).to_bytes(2, "little")  # method 9: Deflate64, as Windows writes big files
    with pytest.raises(UploadError, match=r"compressed with a method this reader does not support \(method 9"):
        read_upload("windows.zip", bytes(data))


def test_a_choice_needed_keeps_its_choices_through_pickling():
    import pickle

    with pytest.raises(UploadChoiceNeeded) as caught:
        read_upload("x.zip", files.zip_bytes({"a.csv": files.prsq_csv(), "b.csv": files.prsq_csv()}))
    again = pickle.loads(pickle.dumps(caught.value))
    assert (str(again), again.what, again.choices) == (str(caught.value), "member", ["a.csv", "b.csv"])
