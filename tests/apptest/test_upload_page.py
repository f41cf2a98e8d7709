"""AppTest: the bring-your-own-figures page reads, maps, reports, accepts, remembers and saves uploads."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from indicators import local_store
from indicators.column_mapping import MappingMemory
from tests.unit import upload_files as files

TIMEOUT = 60
PAGES = Path(__file__).resolve().parents[2] / "pages"
PAGE = str(PAGES / "60_bring_your_own_figures.py")


@pytest.fixture(autouse=True)
def store_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PATCHWORK_LOCAL_STORE", str(tmp_path / "local_store"))
    return tmp_path / "local_store"


def _add_button(at):
    return next(b for b in at.button if b.label.startswith("Add "))


def _tables(at, column: str) -> list:
    """The tables on the page that have this column, in page order."""
    values = [element.value.reset_index() for element in [*at.table, *at.dataframe]]  # short ones are st.table
    return [value for value in values if column in value.columns]


def _loaded(at):
    return at.session_state["uploaded_indicators"] if "uploaded_indicators" in at.session_state else None


def test_bad_upload_is_reported_and_good_one_accepted_without_losing_anything():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert any("No uploaded figures" in i.value for i in at.info)
    at.file_uploader[0].set_value([("numbers.csv", files.bad_numbers_csv(), "text/csv")]).run()
    assert not at.exception
    report = _tables(at, "reason")[0]
    assert set(report.columns) >= {"row", "column", "value", "reason"}
    assert "numerator (4000) is greater than the denominator (3000)" in set(report["reason"])
    assert any("1 figure(s) accepted, 7 row(s) rejected" in m.value for m in at.markdown)

    at.file_uploader[0].set_value([("pfa.csv", files.good_pfa_csv(), "text/csv")]).run()
    _add_button(at).click().run()
    assert not at.exception
    assert any("Added 4 figure(s)" in s.value for s in at.success)
    frame, sources = _loaded(at)
    assert len(frame) == 4 and len(sources) == 1

    at.file_uploader[0].set_value([("cut.xlsx", files.xlsx_with_title_rows()[:300], "application/octet-stream"),
                                   ("fruit.csv", files.wrong_schema_csv(), "text/csv")]).run()
    assert not at.exception
    errors = " ".join(e.value for e in at.error)
    assert "not a readable .xlsx workbook" in errors and "Choose the column that holds the area" in errors
    assert "figures already loaded are unchanged" in errors
    assert _add_button(at).disabled
    frame_after, sources_after = _loaded(at)
    assert frame_after.equals(frame) and sources_after == sources
    assert _tables(at, "figures")[0]["figures"].tolist() == [4]


def test_mapping_is_remembered_for_the_same_layout_and_figures_saved_locally(store_dir):
    data = b"Code,Cohort year,Rate\nE23000001,2019,0.26\nE23000002,2019,0.30\n"
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    at.file_uploader[0].set_value([("rates.csv", data, "text/csv")]).run()
    assert any("proportions" in w.value for w in at.warning)
    key = next(r.key for r in at.radio if r.key.endswith("_unit"))
    at.radio(key=key).set_value("proportion").run()
    prefix = key.removesuffix("_unit")
    at.selectbox(key=f"{prefix}_layer").set_value("police_force_area").run()
    at.text_input(key=f"{prefix}_publisher").input("Test publisher").run()
    _add_button(at).click().run()
    frame, sources = _loaded(at)
    assert frame["value"].tolist() == pytest.approx([26.0, 30.0])
    assert sources[0]["publisher"] == "Test publisher"

    at.button(key="save_local").click().run()
    assert any("Saved 2 figure(s)" in s.value for s in at.success)
    saved, saved_sources = local_store.load_saved()
    assert len(saved) == 2 and saved_sources[0]["source_id"] == sources[0]["source_id"]
    assert MappingMemory().recall(["Code", "Cohort year", "Rate"]) is not None  # remembered in the store's database

    at.file_uploader[0].set_value([("cut.csv", files.truncated_csv()[:40], "text/csv")]).run()  # a bad upload
    assert not at.exception and len(_loaded(at)[0]) == 2
    still, _ = local_store.load_saved()
    assert still.equals(saved)

    again = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert _tables(again, "figures")[-1]["figures"].tolist() == [2]  # saved, shown in a fresh session
    other_rows = b"CODE,Cohort Year,Rate\nE23000003,2020,0.31\n"  # same layout, different file
    again.file_uploader[0].set_value([("rates_2020.csv", other_rows, "text/csv")]).run()
    assert any("same header row" in i.value for i in again.info)
    key2 = next(r.key for r in again.radio if r.key.endswith("_unit"))
    assert again.radio(key=key2).value == "proportion"
    assert again.selectbox(key=key2.removesuffix("_unit") + "_layer").value == "police_force_area"
    again.button(key="forget_saved").click().run()
    assert local_store.load_saved()[0].empty


def test_hostile_file_names_and_cells_are_shown_as_text():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    name = "<img src=x onerror=alert(1)>[click](javascript:alert(2)).csv"
    at.file_uploader[0].set_value([(name, files.formula_csv(), "text/csv")]).run()
    assert not at.exception
    heading = at.subheader[0].value
    assert "\\<img" in heading and "\\[click\\]" in heading
    report = _tables(at, "reason")[0]
    hyperlink = report[report["row"] == 2]
    assert hyperlink["value"].iloc[0].startswith("\\=HYPERLINK(")  # st.table renders Markdown: sent escaped
    assert "looks like a spreadsheet formula" in hyperlink["reason"].iloc[0]


def test_a_wide_table_is_mapped_by_choosing_its_period_columns():
    data = b"Police force area,2018,2019\nCumbria,29.5,30.1\nLancashire,28.0,27.2\n"
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    at.file_uploader[0].set_value([("wide.csv", data, "text/csv")]).run()
    wide = next(m for m in at.multiselect if m.key.endswith("_wide"))
    wide.set_value(["2018", "2019"]).run()
    assert not at.exception
    assert any("4 figure(s) accepted" in m.value for m in at.markdown)
    _add_button(at).click().run()
    frame, _ = _loaded(at)
    assert sorted(zip(frame["area_code"], frame["period"], frame["value"])) == [
        ("E23000002", "2018", 29.5), ("E23000002", "2019", 30.1), ("E23000003", "2018", 28.0), ("E23000003", "2019", 27.2)]


def test_an_official_file_is_recognised_imported_and_added_with_its_breakdowns(atlas, tmp_path):
    from tests.official_fixtures.proven_reoffending import COHORTS, geographic_rows, write_geographic_csv

    path = write_geographic_csv(tmp_path / "PRSQ_Geographic_data.csv", geographic_rows(atlas, force_rows=False))
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    at.file_uploader[0].set_value([(path.name, path.read_bytes(), "text/csv")]).run()
    assert not at.exception
    assert any("Recognised as the MoJ proven reoffending statistics" in s.value for s in at.success)
    summary = _tables(at, "Areas")[0]  # as a board reads it: formatting.tables headers and layer names
    pfa = summary[(summary["Layer"] == "Police force area") & (summary["Breakdown"] == "Adult")]
    assert set(pfa["Period"]) == set(COHORTS) and set(pfa["Areas"]) == {43}
    add = next(b for b in at.button if b.label.startswith("Add ") and "figure(s) to this session" in b.label)
    add.click().run()
    frame, sources = _loaded(at)
    assert {"Adult", "Juvenile", ""} <= set(frame["breakdown"]) and sources[0]["profile"] == "proven_reoffending_geographic"
    assert not local_store.load_saved()[1]  # added to the session only: nothing saved unless asked


def test_a_broken_official_zip_is_refused_and_what_was_loaded_stays(tmp_path):
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    at.file_uploader[0].set_value([("pfa.csv", files.good_pfa_csv(), "text/csv")]).run()
    _add_button(at).click().run()
    before = len(_loaded(at)[0])
    broken = files.zip_bytes({"PRSQ_Geographic_data.csv": b"Cohort,Category\n" * 200})[:150]
    at.file_uploader[0].set_value([("csv_data_tools.zip", broken, "application/zip")]).run()
    assert not at.exception
    assert any("truncated or damaged" in e.value and "unchanged" in e.value for e in at.error)
    assert len(_loaded(at)[0]) == before


@pytest.mark.parametrize("suffix", ["ods", "xlsx"])
def test_an_outcomes_data_tool_as_a_workbook_is_read_not_an_app_error(tmp_path, suffix):
    from tests.official_fixtures.editions import DEC_2019, edition_rows, write_workbook

    path = write_workbook(DEC_2019, edition_rows(DEC_2019), tmp_path / f"court-outcomes-by-PFA-2019.{suffix}")
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    at.file_uploader[0].set_value([(path.name, path.read_bytes(), "application/octet-stream")]).run()
    assert not at.exception and not at.error
    recognised = next(s.value for s in at.success if "MoJ Criminal Justice System statistics" in s.value)
    assert "figure(s) read from 2,208 row(s)" in recognised
    assert any("December 2019 court outcomes" in c.value for c in at.caption)


def test_hostile_files_are_refused_on_the_page_with_a_message(tmp_path):
    from tests import hostile_files

    bomb = hostile_files.zip_bomb(tmp_path / "bomb.zip").read_bytes()
    rows = hostile_files.many_rows_xlsx(tmp_path / "rows.xlsx").read_bytes()
    members = hostile_files.many_members_zip(tmp_path / "members.zip").read_bytes()
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    at.file_uploader[0].set_value([("bomb.zip", bomb, "application/zip"), ("rows.xlsx", rows, "application/zip"),
                                   ("members.zip", members, "application/zip")]).run()
    assert not at.exception
    said = " ".join(error.value for error in at.error)
    assert "zip bomb" in said and "more than 200,000 rows" in said and "holds 300 files" in said
    assert "Nothing from this file was added" in said and _loaded(at) is None
