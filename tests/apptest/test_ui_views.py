"""AppTest of the pages' cached views alone: parts built once per input and looked up after, errors kept as messages."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _coterminosity() -> None:
    import streamlit as st

    from ui import coterminosity_view

    first = coterminosity_view.view("crc", "police_force_area", "area")
    again = coterminosity_view.view("crc", "police_force_area", "population")
    st.session_state["same_pair"] = first.pair is again.pair and first.partners is again.partners
    st.session_state["titles"] = [v.matrix.figure.to_dict()["layout"]["title"]["text"] for v in (first, again)]
    st.session_state["headline"] = first.pair.headline
    st.session_state["summary_rows"] = list(coterminosity_view.system_summary().index)[:2]
    st.session_state["same_next_run"] = id(coterminosity_view.pair("crc", "police_force_area"))


def test_a_pair_is_measured_once_and_each_weighting_has_its_own_matrix():
    at = AppTest.from_function(_coterminosity, default_timeout=120).run()
    assert not at.exception
    assert at.session_state["same_pair"]
    area, population = at.session_state["titles"]
    assert "(area-weighted)" in area and "(population-weighted, mid-2022)" in population
    assert at.session_state["headline"].startswith("Of 21 CRCs, ")
    assert at.session_state["summary_rows"] == ["Councils", "County or unitary councils"]  # today's first
    first = at.session_state["same_next_run"]
    assert at.run().session_state["same_next_run"] == first  # a rerun only looks it up


def _place(query: str) -> None:
    import streamlit as st

    from ui import place_explorer_view

    shown = place_explorer_view.place(query)
    st.session_state["place"] = (shown.error, shown.heading, shown.file_stem,
                                 None if shown.focus is None else shown.focus["highlight"])


def test_a_place_is_resolved_with_its_stack_or_kept_as_the_message_saying_why_not():
    error, *_ = AppTest.from_function(_place, args=("Bornemouth",), default_timeout=60).run().session_state["place"]
    assert "Did you mean Bournemouth" in error
    error, heading, stem, highlight = AppTest.from_function(_place, args=("E06000028",), default_timeout=60).run() \
        .session_state["place"]
    assert error is None and heading == "Bournemouth" and stem == "E06000028" and highlight == ["E06000028"]


def _pack(view_id: str, place: str) -> None:
    import streamlit as st

    from ui import board_pack_view

    shown = [board_pack_view.content(view_id, place, presenting) for presenting in (False, True)]
    st.session_state["errors"] = [s.error for s in shown]
    st.session_state["widths"] = [
        {layer["name"]: layer["line"]["width"] for layer in s.content.figure.to_dict()["layout"]["map"]["layers"]
         if layer.get("name")} if s.content else None for s in shown]


def test_a_board_view_is_built_once_per_mode_and_a_bad_place_is_a_message():
    at = AppTest.from_function(_pack, args=("landscape", "Bournemouth"), default_timeout=120).run()
    assert at.session_state["errors"] == [None, None]
    plain, presenting = at.session_state["widths"]
    assert presenting["crc"] == plain["crc"] * 1.6  # the projector's lines, on a figure of its own
    at = AppTest.from_function(_pack, args=("place", "Nowhereshire"), default_timeout=120).run()
    assert all(e.startswith("The place stack: ") for e in at.session_state["errors"])


def _trend(indicator_id: str, area_choices: list[str]) -> None:
    from ui.indicator_store import current
    from ui.reoffending_trend_view import trend_tab

    loaded = current()
    trend_tab(loaded.key, indicator_id, "police_force_area", "", area_choices, loaded.store)


def test_the_trend_tab_picks_an_area_and_says_when_there_is_no_trend_to_draw():
    at = AppTest.from_function(_trend, args=("local_adult_reoffending_rate", ["E23000023"]), default_timeout=60).run()
    assert not at.exception
    assert at.selectbox(key="reo_area").value == "E23000023" and at.selectbox(key="reo_area").options == ["Cambridgeshire"]
    assert any("Only one period has figures" in i.value for i in at.info)
    assert "Cambridgeshire" in set(at.dataframe[0].value["Series"])
    at = AppTest.from_function(_trend, args=("local_adult_reoffending_rate", []), default_timeout=60).run()
    assert not at.exception and not at.selectbox  # no area has a figure: nothing to pick
