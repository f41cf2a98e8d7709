"""AppTest: the combined authority lens page and its cached view (ui/lens_view.py)."""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from geo.combined_authority_lens import PARTNER_LAYERS

TIMEOUT = 60
PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "38_combined_authority_lens.py")


def _page(**params) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _charts(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def test_lens_opens_on_liverpool_with_its_partners_weighting_and_url():
    at = _page()
    assert not at.exception
    ippr = at.caption[0].value  # IPPR says this of probation after a failed CRC contract, not of all devolution
    assert "CRC contract fails and is terminated" in ippr and "reach agreement with every PCC" in ippr
    assert at.selectbox(key="lens_ca").value == "E47000004"
    sentence = at.info[0].value
    assert sentence.startswith("Liverpool City Region Combined Authority works with 2 police force areas")
    assert "Merseyside, Cheshire" in sentence and "Local Criminal Justice Board area" in sentence
    heatmap, bars, overlay = _charts(at)
    assert len(heatmap["data"][0]["y"]) == 16  # the 15 combined authorities of 2025 and the GLA
    assert "area-weighted" in bars["layout"]["title"]["text"]
    detail = at.dataframe[1].value
    assert len(detail) == len(bars["data"][0]["y"])  # one bar per partner body in the table
    assert set(detail["Layer"]) == {"Police force areas (PCCs)", *detail["Layer"]} and len(set(detail["Layer"])) == 5
    assert "Local Criminal Justice Board areas" in set(detail["Layer"])
    assert f"of its {len(detail)} partner bodies" in sentence
    at.radio(key="lens_weight").set_value("population").run()
    assert "population-weighted" in _charts(at)[1]["layout"]["title"]["text"]
    assert any("Residents: ONS mid-2022" in c.value for c in at.caption)
    at.selectbox(key="lens_ca").set_value("E61000001").run()
    assert at.query_params["ca"] == "E61000001" and at.query_params["weight"] == "population"
    assert "Metropolitan Police" in at.info[0].value
    assert "holds the police and crime commissioner's functions for Metropolitan Police" in at.info[0].value
    assert any("Police Reform and Social Responsibility Act 2011" in c.value for c in at.caption)
    assert len(at.get("download_button")) == 2


def test_the_2021_authorities_are_one_click_away_as_history():
    at = _page(ca="E47000011")  # North of Tyne: abolished in 2024, not an authority of 2025
    assert any("unknown combined authority" in w.value for w in at.warning)
    at = _page(era="2021", ca="E47000011")
    assert not at.exception and not at.warning
    assert at.info[0].value.startswith("North of Tyne Combined Authority works with")
    assert len(_charts(at)[0]["data"][0]["y"]) == 10
    at.selectbox(key="lens_layer").set_value("crc").run()
    at.radio(key="lens_era").set_value("2025").run()
    assert not at.exception  # back to today: the authority and the map layer fall back to ones of 2025
    assert at.selectbox(key="lens_ca").value == "E47000004" and at.selectbox(key="lens_layer").value == "police_force_area"
    assert at.query_params["era"] == "2025"


def test_the_partner_map_sends_only_the_outlines_it_shows_and_frames_each_layer():
    at = _page()
    overlay = _charts(at)[2]
    names = [layer.get("name") for layer in overlay["layout"]["map"]["layers"]]
    assert names[0] is None and set(names[1:]) == {"combined_authority", "police_force_area"}  # and the coast
    highlight = next(t for t in overlay["data"] if t["name"] == "Selected place")
    assert "E08000012" in highlight["locations"]  # Liverpool, one of the authority's councils
    zoom = overlay["layout"]["map"]["zoom"]
    at.selectbox(key="lens_layer").set_value("probation_region").run()
    wider = _charts(at)[2]
    assert {layer.get("name") for layer in wider["layout"]["map"]["layers"][1:]} == {"combined_authority",
                                                                                     "probation_region"}
    assert wider["layout"]["map"]["zoom"] < zoom  # the North West division is framed, not just the authority


def test_a_bad_link_warns_and_opens_the_default():
    at = _page(ca="<script>", weight="votes")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert "unknown combined authority" in warnings and "unknown weighting" in warnings
    assert at.selectbox(key="lens_ca").value == "E47000004" and at.radio(key="lens_weight").value == "area"


def _view() -> None:
    import streamlit as st

    from ui import lens_view

    shown = lens_view.overview()
    first = lens_view.authority("E47000004", "area")
    st.session_state["same"] = (first is lens_view.authority("E47000004", "area"),
                                lens_view.authority_map("E47000004", "cps_area")
                                is lens_view.authority_map("E47000004", "cps_area"))
    st.session_state["layers"] = sorted(set(shown.rows["layer"]))
    st.session_state["bodies_columns"] = list(shown.bodies.columns)
    st.session_state["everything"] = shown.everything_csv.decode("utf-8").splitlines()[0]
    st.session_state["ids"] = (id(shown), id(first))


def test_the_lens_is_measured_once_and_each_authority_looked_up_after():
    at = AppTest.from_function(_view, default_timeout=120).run()
    assert not at.exception
    assert at.session_state["same"] == (True, True)
    assert at.session_state["layers"] == sorted(PARTNER_LAYERS)
    assert at.session_state["bodies_columns"][:3] == ["Police force areas", "Probation regions",
                                                       "Local Criminal Justice Board areas"]
    assert "share_of_body_outside_area_weighted" in at.session_state["everything"]
    ids = at.session_state["ids"]
    assert at.run().session_state["ids"] == ids  # a rerun builds nothing
