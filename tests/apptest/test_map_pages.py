"""AppTest: the overlay map and place explorer pages' widgets, state and messages."""
from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

TIMEOUT = 60
PAGES = Path(__file__).resolve().parents[2] / "pages"


def _figure(at) -> dict:
    charts = [e for e in at.get("plotly_chart")]
    return json.loads(charts[0].proto.spec)


def _visible(at) -> list[str]:
    return [layer["name"] for layer in _figure(at)["layout"]["map"]["layers"][1:] if layer.get("visible", True)]


def test_overlay_map_defaults_and_layer_switch():
    at = AppTest.from_file(str(PAGES / "10_overlay_map.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.multiselect[0].value == ["county", "police_force_area", "crc"]
    assert _visible(at) == ["county", "police_force_area", "crc"]
    at.multiselect[0].set_value(["nps_division"]).run()
    assert _visible(at) == ["nps_division"]
    nps = next(layer for layer in _figure(at)["layout"]["map"]["layers"] if layer.get("name") == "nps_division")
    assert nps["line"]["dash"] == [0.5, 1.5]
    assert at.query_params["layers"] == "nps_division"


def test_overlay_map_link_with_unknown_layer_warns_and_keeps_the_rest():
    at = AppTest.from_file(str(PAGES / "10_overlay_map.py"), default_timeout=TIMEOUT)
    at.query_params["layers"] = "crc,bogus_layer"
    at.run()
    assert not at.exception
    assert at.multiselect[0].value == ["crc"]
    assert any("unknown layers" in w.value for w in at.warning)


def test_place_explorer_shows_the_stack_and_refuses_bad_places():
    at = AppTest.from_file(str(PAGES / "20_place_explorer.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    table = at.table[0].value
    assert table.loc["Community Rehabilitation Companies (2014-21)", "Body or bodies"] == "Dorset, Devon and Cornwall CRC"
    at.text_input[0].set_value("Bornemouth").run()
    assert "Did you mean Bournemouth" in at.error[0].value
    at.text_input[0].set_value("E23000013").run()
    assert not at.error
    assert "Durham Tees Valley CRC" in set(at.table[0].value["Body or bodies"])
    assert at.query_params["place"] == "E23000013"
