"""AppTest of the column-mapping step alone (ui.upload_mapping): one choice per role, wide tables, units, period."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from indicators.column_mapping import upload_indicators

HEADER = ["Code", "Cohort year", "Rate", "Offenders", "Sex"]


def _mapping_step(header: list[str], wide: list[str]) -> None:
    import streamlit as st

    from indicators.column_mapping import ColumnMapping, guess_mapping
    from ui.upload_mapping import mapping_widgets

    start = guess_mapping(header)
    if wide:
        start = ColumnMapping(start.columns, wide_columns=wide)
    st.session_state["mapped"] = mapping_widgets("up_test", header, start).to_dict()


def _run(header: list[str], wide: list[str] | None = None) -> AppTest:
    return AppTest.from_function(_mapping_step, args=(header, wide or []), default_timeout=30).run()


def test_the_guess_fills_each_role_once_and_the_choice_comes_back_as_a_mapping():
    at = _run(HEADER)
    assert not at.exception
    mapped = at.session_state["mapped"]
    assert mapped["columns"]["area"] == "Code" and mapped["columns"]["period"] == "Cohort year"
    assert at.selectbox(key="up_test_area").options[0] == "(none)"
    at.selectbox(key="up_test_value").set_value("Rate").run()
    at.selectbox(key="up_test_denominator").set_value("Offenders").run()
    mapped = at.session_state["mapped"]
    assert mapped["columns"]["value"] == "Rate" and mapped["columns"]["denominator"] == "Offenders"
    breakdown = at.multiselect(key="up_test_breakdown")
    assert set(breakdown.options) == {"Sex"}  # columns already given a role are not offered as breakdowns
    breakdown.set_value(["Sex"]).run()
    assert at.session_state["mapped"]["breakdown_columns"] == ["Sex"]


def test_a_percentage_indicator_asks_for_the_unit_and_a_file_without_periods_for_one_period():
    at = _run(["Code", "Rate"])
    assert at.radio(key="up_test_unit").value == "percent"
    at.radio(key="up_test_unit").set_value("proportion").run()
    assert at.session_state["mapped"]["rate_unit"] == "proportion"
    at.text_input(key="up_test_period_text").input("2019").run()
    assert at.session_state["mapped"]["fixed_period"] == "2019"
    not_a_rate = next(i for i, item in upload_indicators().items() if item["unit"] != "%")
    at.selectbox(key="up_test_indicator").set_value(not_a_rate).run()
    assert not at.exception and not [r for r in at.radio if r.key == "up_test_unit"]
    assert at.session_state["mapped"]["indicator"] == not_a_rate


def test_period_columns_of_a_wide_table_leave_only_the_area_column():
    at = _run(["Police force area", "2018", "2019"], wide=["2018", "2019"])
    assert not at.exception
    mapped = at.session_state["mapped"]
    assert mapped["wide_columns"] == ["2018", "2019"] and mapped["columns"]["area"] == "Police force area"
    assert all(mapped["columns"][role] is None for role in mapped["columns"] if role != "area")
    assert any("Periods are columns" in c.value for c in at.caption)
    assert not [t for t in at.text_input if t.key == "up_test_period_text"]  # the periods come from the header
