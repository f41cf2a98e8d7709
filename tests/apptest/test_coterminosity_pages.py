"""AppTest: the coterminosity, reform timeline and combined authority pages' widgets, URL state and messages."""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

TIMEOUT = 60
PAGES = Path(__file__).resolve().parents[2] / "pages"


def _charts(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def _page(name: str, **params) -> AppTest:
    at = AppTest.from_file(str(PAGES / name), default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_coterminosity_defaults_headline_matrix_and_map():
    at = _page("30_coterminosity.py")
    assert not at.exception
    assert at.selectbox[0].value == "police_force_area" and at.selectbox[1].value == "crc"
    assert at.info[0].value.startswith("Of 43 police force areas, 43 sit wholly inside one CRC")
    matrix, split = _charts(at)
    assert matrix["data"][0]["type"] == "heatmap" and len(matrix["data"][0]["y"]) == 43
    assert split["layout"]["map"]["style"] == "white-bg"
    assert {trace["type"] for trace in split["data"]} == {"choroplethmap"}
    sentence = next(m.value for m in at.markdown if m.value.startswith("On average a police force area deals with"))
    assert "1.0 CRCs" in sentence  # every force area sits in exactly one CRC


def test_coterminosity_switch_layers_weighting_and_url():
    at = _page("30_coterminosity.py", a="mayoral_combined_authority", b="police_force_area")
    assert not at.exception
    assert at.info[0].value.startswith("Of 10 mayoral combined authorities, ")
    split = _charts(at)[1]
    names = " ".join(trace["name"] for trace in split["data"])
    assert "Split between several police force areas" in names
    ranked = at.dataframe[2].value
    assert ranked.iloc[0]["Number of police force areas"] == 2  # a split combined authority comes first
    at.radio[0].set_value("population").run()
    assert "population-weighted" in _charts(at)[0]["layout"]["title"]["text"]
    assert at.query_params["weight"] == "population" and at.query_params["a"] == "mayoral_combined_authority"
    at.selectbox[1].set_value("mayoral_combined_authority").run()
    assert "Choose two different layers" in at.error[0].value


def test_coterminosity_bad_link_warns_and_falls_back():
    at = _page("30_coterminosity.py", a="bogus", weight="votes")
    assert not at.exception
    assert at.selectbox[0].value == "police_force_area"
    warnings = " ".join(w.value for w in at.warning)
    assert "unknown layer" in warnings and "unknown weighting" in warnings


def test_coterminosity_big_layer_matrix_is_limited_and_says_so():
    at = _page("30_coterminosity.py", a="district", b="county")
    assert not at.exception
    assert len(_charts(at)[0]["data"][0]["y"]) == 60
    assert any("too many to draw" in c.value for c in at.caption)
    assert any("cannot be weighted by population" in c.value for c in at.caption)


def test_reform_timeline_chart_maps_and_table():
    at = _page("35_reform_timeline.py")
    assert not at.exception
    charts = _charts(at)
    bars = charts[0]
    labels = bars["data"][0]["x"]
    assert labels[0] == "Regional offender managers (2005-08)" and labels[-1] == "Probation regions (2021-)"
    maps = charts[1:]
    assert len(maps) == len(labels) and all(m["layout"]["map"]["style"] == "white-bg" for m in maps)
    table = at.dataframe[0].value
    assert set(table["Against"]) == {"Police force areas (43)", "District and unitary councils (348)"}


def test_combined_authority_lens_selection_weighting_and_url():
    at = _page("38_combined_authority_lens.py", ca="E47000004")
    assert not at.exception
    ippr = at.caption[0].value  # IPPR says this of probation after a failed CRC contract, not of all devolution
    assert "CRC contract fails and is terminated" in ippr and "reach agreement with every PCC" in ippr
    assert "Merseyside, Cheshire" in at.info[0].value
    heatmap, bars, overlay = _charts(at)
    assert len(heatmap["data"][0]["y"]) == 10
    assert "area-weighted" in bars["layout"]["title"]["text"]
    at.radio[0].set_value("population").run()
    assert "population-weighted" in _charts(at)[1]["layout"]["title"]["text"]
    at.selectbox[0].set_value("E61000001").run()
    assert at.query_params["ca"] == "E61000001"
    assert "Metropolitan Police" in at.info[0].value
    bad = _page("38_combined_authority_lens.py", ca="<script>")
    assert not bad.exception and any("unknown combined authority" in w.value for w in bad.warning)
