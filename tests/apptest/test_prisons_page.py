"""AppTest: the prisons page's map traces, filters, URL state and distance ranking."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from figures.prisons import OTHER_LABEL, RESETTLEMENT_LABEL

TIMEOUT = 120  # the first run measures every postcode unless the build cache already holds the result
PAGES = Path(__file__).resolve().parents[2] / "pages"


def _page() -> AppTest:
    return AppTest.from_file(str(PAGES / "40_prisons.py"), default_timeout=TIMEOUT)


def _count(array) -> int:
    """Length of a Plotly array, plain or typed ({'dtype', 'bdata'} as Plotly 6 sends it)."""
    if isinstance(array, dict):
        return len(np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])))
    return len(array)


def _traces(at, index: int) -> dict:
    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    return {trace.get("name"): trace for trace in spec["data"]}


def _numbers(column: pd.Series) -> pd.Series:
    """A formatted column ('1,234', '74.2') read back as numbers."""
    return pd.to_numeric(column.astype(str).str.replace(",", ""))


def test_prisons_map_table_and_distances_by_default():
    at = _page().run()
    assert not at.exception
    ippr = at.caption[0].value  # IPPR quoted, not stretched: it never says people are held far from home
    assert "incarcerated near to their homes and families" in ippr and "chapter 4" in ippr
    assert "far from home" not in ippr
    prisons = at.dataframe[0].value
    assert "Wandsworth" in set(prisons["Prison"])
    traces = _traces(at, 0)
    settle, other = traces[RESETTLEMENT_LABEL], traces[OTHER_LABEL]
    assert _count(settle["lon"]) == int((prisons["Resettlement prison"] == "yes").sum())
    assert _count(settle["lon"]) + _count(other["lon"]) == len(prisons)
    assert settle["marker"]["size"] > other["marker"]["size"]  # not colour alone
    ranked = at.dataframe[2].value
    assert len(ranked) == 21 and ranked["Code"].str.startswith("CPA").all()
    measure = "Men: km to own CRC's nearest resettlement prison"
    assert _numbers(ranked[measure]).is_monotonic_decreasing
    assert len(at.get("download_button")) == 2


def test_operator_filter_narrows_the_map_and_table_and_goes_in_the_url():
    at = _page().run()
    at.multiselect(key="prison_operators").set_value(["G4S", "Serco"]).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["Operator"]) == {"G4S", "Serco"}
    traces = _traces(at, 0)
    assert _count(traces[RESETTLEMENT_LABEL]["lon"]) + _count(traces[OTHER_LABEL]["lon"]) == len(table)
    assert at.query_params["operator"] == "G4S,Serco"


def test_link_chooses_layer_and_measure_and_bad_values_fall_back_with_a_notice():
    at = _page()
    at.query_params["area"] = "police_force_area"
    at.query_params["metric"] = "men_far_share"
    at.run()
    assert not at.exception
    ranked = at.dataframe[2].value
    assert len(ranked) == 43 and _numbers(ranked["Men: % over 50 km"]).is_monotonic_decreasing
    choropleth = json.loads(at.get("plotly_chart")[1].proto.spec)["data"][0]
    assert _count(choropleth["locations"]) == 43

    bad = _page()
    bad.query_params["metric"] = "<script>"
    bad.query_params["operator"] = "Nobody Ltd"
    bad.run()
    assert not bad.exception
    warnings = " ".join(w.value for w in bad.warning)
    assert "unknown measure" in warnings and "unknown operators" in warnings
    assert bad.selectbox(key="distance_metric").value == "men_crc_km"


def _outlines(at, index: int) -> list:
    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    return [layer.get("name") for layer in spec["layout"]["map"]["layers"]]


def test_only_the_chosen_outlines_are_sent_and_the_resettlement_toggle_narrows_the_estate():
    at = _page().run()
    assert _outlines(at, 0) == [None, "crc"]  # the coast, and the CRC areas the prisons serve
    at.multiselect(key="prison_layers").set_value(["crc", "police_force_area"]).run()
    assert set(_outlines(at, 0)) == {None, "crc", "police_force_area"}
    assert at.query_params["layers"] == "crc,police_force_area"
    everything = at.dataframe[0].value
    at.toggle(key="prison_only_resettlement").set_value(True).run()
    assert not at.exception
    settle = at.dataframe[0].value
    assert (settle["Resettlement prison"] == "yes").all()
    assert len(settle) == int((everything["Resettlement prison"] == "yes").sum())
    assert any(c.value.startswith(f"{len(settle)} of {len(everything)} establishments shown; {len(settle)} of them")
               for c in at.caption)
    traces = _traces(at, 0)
    assert _count(traces[OTHER_LABEL]["lon"]) == 0 and _count(traces[RESETTLEMENT_LABEL]["lon"]) == len(settle)


def test_the_sentence_on_prisons_outside_their_crcs_matches_the_table():
    at = _page().run()
    table = at.dataframe[0].value
    settle = table[table["Resettlement prison"] == "yes"]
    away = settle[[crc not in serves.split("; ") for crc, serves in zip(settle["Sits in CRC area"],
                                                                          settle["Resettlement for CRC(s)"])]]
    sentence = next(m.value for m in at.markdown if "resettlement prisons sit outside every CRC area" in m.value)
    assert sentence.startswith(f"**{len(away)} of {len(settle)} resettlement prisons")
    assert all(name in sentence for name in away["Prison"])


def _view() -> None:
    import streamlit as st

    from ui import prisons_view

    estate = prisons_view.estate()
    filters = (estate.operators, estate.groups, False)
    st.session_state["ids"] = (id(estate), id(prisons_view.estate_view(*filters)),
                               id(prisons_view.distance_view("crc", "men_crc_km")))
    st.session_state["error"] = estate.error
    st.session_state["param"] = (prisons_view.filter_param(list(estate.operators), estate.operators),
                                 prisons_view.filter_param(["G4S"], estate.operators))


def test_the_estate_and_distances_are_built_once_and_looked_up_after():
    at = AppTest.from_function(_view, default_timeout=TIMEOUT).run()
    assert not at.exception and at.session_state["error"] is None
    assert at.session_state["param"] == ("", "G4S")  # every operator chosen: nothing in the link
    ids = at.session_state["ids"]
    assert at.run().session_state["ids"] == ids
