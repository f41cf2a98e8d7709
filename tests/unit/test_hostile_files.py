"""Hostile files are refused before harm: nothing unpacked past a cap, no sheet read past its row cap, little memory.

Time and resident memory for the same files are measured by scripts/benchmark_hostile.py (a timed test would be
flaky); here the tests check what is refused, with what message, and that the refusal came before the cost:
nothing written to the import's temporary folder and a small peak of Python memory (tracemalloc)."""
from __future__ import annotations

import tracemalloc

import pytest

from indicators import importer, zip_reading
from indicators.importer import ImportFileError, import_path
from indicators.upload import MAX_COLUMNS, UploadError, read_upload
from tests import hostile_files
from tests.unit import upload_files as files


class _NoAtlas:
    """An import context without the atlas: no hostile file may get as far as matching area names."""

    areas = councils = atlas = None


@pytest.fixture
def no_extraction(monkeypatch):
    """Fail the test if any ZIP member is unpacked to disk."""
    def refuse(*args, **kwargs):
        raise AssertionError("a member was unpacked to disk")

    monkeypatch.setattr(importer, "extract_member", refuse)


def _peak_mb(read) -> float:
    """Peak Python memory (MB) while `read()` runs and is refused."""
    tracemalloc.start()
    try:
        with pytest.raises(UploadError):
            read()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def test_a_zip_bomb_is_refused_from_its_directory_before_a_byte_is_unpacked(tmp_path, no_extraction):
    bomb = hostile_files.zip_bomb(tmp_path / "bomb.zip")
    assert bomb.stat().st_size < 4 * 1024 * 1024  # 3.1 MB that unpacks to 3 GiB
    with pytest.raises(ImportFileError, match=r"says its 3\.1 MB unpack to 3\.0 GB.*zip bomb.*not unpacked"):
        import_path(bomb, context=_NoAtlas())
    assert _peak_mb(lambda: read_upload("bomb.zip", bomb.read_bytes())) < 30


def test_a_bomb_that_lies_about_its_size_is_never_unpacked_past_what_it_declares(tmp_path):
    liar = hostile_files.zip_bomb(tmp_path / "liar.zip", declared=1024 * 1024)
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(UploadError, match="truncated or damaged"):
        zip_reading.extract_member(liar, "sentencing.csv", folder)
    assert list(folder.iterdir()) == []  # nothing half-written left behind


def test_many_small_members_that_add_up_to_a_bomb_are_refused_as_a_whole(tmp_path, no_extraction):
    # 40 members of 64 MiB each (2.5 GiB) in a ZIP of about 2.6 MB: each member alone is under the ratio floor
    hostile_files.zip_bomb(tmp_path / "parts.zip", members=40, member_mib=64)
    with pytest.raises(ImportFileError, match="zip bomb"):
        import_path(tmp_path / "parts.zip", context=_NoAtlas())


def test_a_zip_of_hundreds_of_members_is_refused_before_any_is_unpacked(tmp_path, no_extraction):
    many = hostile_files.many_members_zip(tmp_path / "members.zip", 300)
    with pytest.raises(ImportFileError, match="'members.zip' holds 300 files; a ZIP may hold at most 100"):
        import_path(many, context=_NoAtlas())
    with pytest.raises(UploadError, match="holds 300 files"):
        read_upload("members.zip", many.read_bytes())
    hostile_files.many_members_zip(tmp_path / "fine.zip", zip_reading.MAX_MEMBERS)
    assert len(zip_reading.zip_members("fine.zip", tmp_path / "fine.zip")) == zip_reading.MAX_MEMBERS


def test_a_workbook_of_two_million_rows_is_refused_while_streaming(tmp_path):
    book = hostile_files.many_rows_xlsx(tmp_path / "rows.xlsx")
    assert book.stat().st_size < 500 * 1024
    data = book.read_bytes()
    assert _peak_mb(lambda: read_upload("rows.xlsx", data)) < 40
    with pytest.raises(UploadError, match=r"'rows.xlsx' has a sheet of more than 200,000 rows; the limit is 100,000 "
                                          r"data rows.*the rest was not read"):
        read_upload("rows.xlsx", data)
    with pytest.raises(ImportFileError, match="more than 200,000 rows"):  # the official-file path peeks first
        import_path(book, context=_NoAtlas())
    small = hostile_files.many_rows_xlsx(tmp_path / "small.xlsx", 1_000)
    assert len(read_upload("small.xlsx", small.read_bytes(), max_rows=1_000).cells) == 1_000


def test_a_workbook_just_over_the_row_cap_stops_at_the_cap_not_at_its_end(tmp_path):
    book = hostile_files.many_rows_xlsx(tmp_path / "rows.xlsx", 3_000)
    with pytest.raises(UploadError, match="has more than 2,000 data rows; the limit is 2,000"):
        read_upload("rows.xlsx", book.read_bytes(), max_rows=2_000)


def test_csv_rows_are_capped_while_read_blank_lines_and_wide_rows_included():
    blank_lines = files.HEADER.encode() + b"\n" * 500_000
    assert _peak_mb(lambda: read_upload("blank.csv", blank_lines, max_rows=1_000)) < 40
    with pytest.raises(UploadError, match="more than 1,000 data rows"):
        read_upload("blank.csv", blank_lines, max_rows=1_000)
    wide = ("a,b\n" + ",".join(["1"] * (MAX_COLUMNS + 5)) + "\n").encode()
    with pytest.raises(UploadError, match=f"values in more than {MAX_COLUMNS} columns \\(row 2\\)"):
        read_upload("wide.csv", wide)
    trailing = ("Area,Count" + "," * 5000 + "\nE23000001,1" + "," * 5000 + "\n").encode()
    with pytest.raises(UploadError, match=f"has more than {MAX_COLUMNS} columns"):
        read_upload("trailing.csv", trailing)


def test_cells_are_capped_while_read(monkeypatch):
    from indicators import upload

    monkeypatch.setattr(upload, "MAX_CELLS", 5_000)
    with pytest.raises(UploadError, match="holds more than 5,000 cells"):
        read_upload("many.csv", files.huge_csv(1_000))


def test_an_ods_with_values_far_down_the_sheet_is_refused_unopened():
    bomb = files.ods_repeat_bomb(rows=300_000, columns=1)
    with pytest.raises(UploadError, match="has values on row 300,000, past the 200,030 rows this reader reads"):
        read_upload("long.ods", bomb)
