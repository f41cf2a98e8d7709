"""AppTest of one file's report alone (ui.upload_report): refusals with reasons, counts, the accepted figures."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.unit import upload_files as files
from ui.upload_text import plain


def _report_of(name: str, data: bytes) -> None:
    from indicators.column_mapping import guess_mapping
    from indicators.upload import read_upload
    from indicators.upload_validation import validate
    from ui.upload_reading import area_index
    from ui.upload_report import show_report

    raw = read_upload(name, data)
    show_report(validate(raw, guess_mapping(raw.header), area_index(), title=name), "up_report")


def _run(name: str, data: bytes) -> AppTest:
    return AppTest.from_function(_report_of, args=(name, data), default_timeout=60).run()


def test_rejected_rows_are_listed_with_their_reasons_and_a_download():
    at = _run("numbers.csv", files.bad_numbers_csv())
    assert not at.exception
    assert any("1 figure(s) accepted, 7 row(s) rejected" in m.value for m in at.markdown)
    rejected = at.table[0].value.reset_index()  # short: a plain table a screen reader can read
    assert {"row", "column", "value", "reason"} <= set(rejected.columns)
    assert "numerator (4000) is greater than the denominator (3000)" in set(rejected["reason"])
    assert [b.label for b in at.get("download_button")] == ["Download the rejection report (CSV)"]


def test_accepted_figures_are_shown_with_their_area_names():
    at = _run("pfa.csv", files.good_pfa_csv())
    assert any("4 figure(s) accepted, 0 row(s) rejected" in m.value for m in at.markdown)
    accepted = at.dataframe[0].value
    assert "Cumbria" in set(accepted["Area"]) and "England and Wales" in set(accepted["Area"])
    assert not at.table  # nothing refused, so no refusal table


def test_a_file_in_no_known_shape_says_so_and_a_hostile_name_stays_text():
    at = _run("fruit.csv", files.wrong_schema_csv())
    assert any("Choose the column that holds the area" in e.value for e in at.error)
    assert plain("<img src=x>[a](b)") == "\\<img src=x\\>\\[a\\](b)"
    assert plain("=HYPERLINK()").startswith("\\=")
