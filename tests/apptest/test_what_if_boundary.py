"""AppTest: the boundary what-if page's presets, moves, link state and measures against today."""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

TIMEOUT = 60
PAGES = Path(__file__).resolve().parents[2] / "pages"


def _page(**params) -> AppTest:
    at = AppTest.from_file(str(PAGES / "75_boundary_what_if.py"), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _number(shown) -> float:
    """A formatted figure ('1,234', '2.1' or a plain number) read back as a number."""
    return float(str(shown).replace(",", ""))


def _measures(at) -> dict:
    table = at.dataframe[0].value  # as shown: formatted by ui.tables
    return {measure: (_number(today), _number(proposed))
            for measure, today, proposed in zip(table["Measure"], table["Today"], table["Proposed"], strict=True)}


def test_today_is_the_21_crcs_and_nothing_changes():
    at = _page()
    assert not at.exception
    measures = _measures(at)
    assert measures["Provider areas"] == (21, 21)
    assert measures["Provider areas matching exactly one PCC"] == (7, 7)
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["map"]["style"] == "white-bg" and len(figure["data"]) == 1  # nothing moved


def test_headlines_carry_an_arrow_only_where_something_changed():
    at = _page()
    headlines = {m.label: m for m in at.metric}
    assert headlines["Provider areas"].value == "21" and not headlines["Provider areas"].delta  # no "+0" arrow
    at.selectbox(key="boundary_preset").set_value("police_force_area").run()
    headlines = {m.label: m for m in at.metric}
    assert headlines["Provider areas"].value == "43" and headlines["Provider areas"].delta == "+22 vs today"
    summary = next(m.value for m in at.markdown if m.value.startswith("**Align to force areas"))
    # the 7 CRCs of one force area each (Merseyside, Essex, …) keep their bounds: 36 force areas are regrouped
    assert "43 provider areas; 36 of 43 force areas sit in a provider area other than today's CRC" in summary


def test_presets_change_the_measures():
    at = _page()
    at.selectbox(key="boundary_preset").set_value("police_force_area").run()
    assert _measures(at)["Provider areas"] == (21, 43)
    assert _measures(at)["Mean PCCs per provider area"][1] == 1
    assert at.query_params["preset"] == "police_force_area"
    at.selectbox(key="boundary_preset").set_value("probation_region").run()
    assert _measures(at)["Provider areas"] == (21, 12)


def test_moving_a_force_area_is_kept_in_the_link_and_reopens():
    at = _page()
    at.selectbox(key="boundary_force").set_value("E23000002").run()  # Cumbria, today in Cumbria and Lancashire CRC
    at.selectbox(key="boundary_target").set_value("E23000002").run()  # its own provider area
    at.button(key="boundary_move").click().run()
    assert _measures(at)["Provider areas"] == (21, 22)
    assert at.query_params["moves"] == "E23000002:E23000002"
    again = _page(preset="crc", moves="E23000002:E23000002")
    assert _measures(again)["Provider areas"] == (21, 22)
    figure = json.loads(again.get("plotly_chart")[0].proto.spec)
    assert figure["data"][1]["locations"] == ["E23000002"]  # the moved force area is outlined


def test_bad_links_warn_and_fall_back():
    at = _page(preset="atlantis", moves="E23000002:NOWHERE;junk")
    assert not at.exception
    assert _measures(at)["Provider areas"] == (21, 21)
    assert len(at.warning) == 3


def _view() -> None:
    import streamlit as st

    from ui import boundary_what_if_view

    basis = boundary_what_if_view.basis()
    moves = (("E23000002", "E23000002"),)
    shown = boundary_what_if_view.view("crc", moves)
    st.session_state["ids"] = (id(basis), id(shown))
    st.session_state["moved"] = list(shown.assignment.loc[shown.assignment["moved"], "police_force_area_code"])
    st.session_state["label"] = boundary_what_if_view.move_label("E23000002", "E23000002", basis)
    st.session_state["last_target"] = boundary_what_if_view.targets("E23000002", basis)[-1]
    st.session_state["changes"] = [boundary_what_if_view.change_text(c) for c in (0.0, 1.0, -0.25)]


def test_a_redrawing_is_measured_once_and_its_parts_read_as_people_say_them():
    at = AppTest.from_function(_view, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.session_state["moved"] == ["E23000002"]
    assert at.session_state["label"] == "Cumbria → its own provider area"
    assert at.session_state["last_target"] == "E23000002"  # its own area comes last in the list
    assert at.session_state["changes"] == [None, "+1 vs today", "-0.25 vs today"]
    ids = at.session_state["ids"]
    assert at.run().session_state["ids"] == ids
