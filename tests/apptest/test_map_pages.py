"""AppTest: the overlay map and place explorer pages' widgets, state and messages."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.apptest.overlay_map_state import map_data, run_with_browser_state

TIMEOUT = 60
PAGES = Path(__file__).resolve().parents[2] / "pages"


def test_overlay_map_defaults_and_a_layer_ticked_in_the_browser():
    at = AppTest.from_file(str(PAGES / "10_overlay_map.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    data = map_data(at)
    assert data["chosen"] == ["upper_tier_council", "police_force_area", "probation_region", "lcjb_area", "cps_area",
                              "combined_authority"] and data["fill"] is True  # today's bodies
    history = [layer["id"] for layer in data["layers"] if layer["history"]]
    assert "crc" in history and "district" in history and "council" not in history
    assert len(data["districts"]) == 348 and all(d["d"].startswith("M") for d in data["districts"])
    nps = next(layer for layer in data["layers"] if layer["id"] == "nps_division")
    assert nps["dash"] == [2.0, 6.0] and nps["d"].startswith("M")  # dotted: 0.5 and 1.5 times its 4 px width
    assert [e.value for e in at.markdown if "areas**" in e.value][:3] == [
        "**Councils today: counties and unitaries (2023-): 175 areas**", "**Police force areas (PCCs): 43 areas**",
        "**Probation regions (2021-): 12 areas**"]
    run_with_browser_state(at, {"layers": ["nps_division"], "fill": False, "view": [-120, -40, 2.5]})
    assert not at.exception
    assert at.query_params["layers"] == "nps_division"
    assert at.query_params["fill"] == "0" and at.query_params["view"] == "-120,-40,2.5"
    assert [e.value for e in at.markdown if "areas**" in e.value] == [
        "**National Probation Service divisions (2014-21): 7 areas**"]


def test_overlay_map_keeps_no_layers_as_no_layers_and_refuses_what_the_browser_should_not_send():
    at = AppTest.from_file(str(PAGES / "10_overlay_map.py"), default_timeout=TIMEOUT).run()
    run_with_browser_state(at, {"layers": [], "fill": True})
    assert at.query_params["layers"] == "none"
    reopened = AppTest.from_file(str(PAGES / "10_overlay_map.py"), default_timeout=TIMEOUT)
    reopened.query_params["layers"] = "none"
    assert map_data(reopened.run())["chosen"] == []
    run_with_browser_state(at, {"layers": ["crc", "<script>", 7], "fill": "yes", "view": [0, 0, 999]})
    assert not at.exception
    assert at.query_params["layers"] == "crc" and at.query_params["fill"] == "1" and "view" not in at.query_params


def test_overlay_map_link_with_unknown_layer_warns_and_keeps_the_rest():
    at = AppTest.from_file(str(PAGES / "10_overlay_map.py"), default_timeout=TIMEOUT)
    at.query_params["layers"] = "crc,bogus_layer"
    at.query_params["view"] = "1,2"
    at.run()
    assert not at.exception
    assert map_data(at)["chosen"] == ["crc"] and map_data(at)["view"] is None
    assert any("unknown layers" in w.value for w in at.warning)
    assert any("not three numbers" in w.value for w in at.warning)


def test_overlay_map_link_reopens_the_view_and_presentation_widens_lines():
    at = AppTest.from_file(str(PAGES / "10_overlay_map.py"), default_timeout=TIMEOUT)
    at.query_params.update({"layers": "crc", "fill": "0", "view": "-300,-900,4", "present": "1"})
    at.run()
    data = map_data(at)
    assert data["view"] == [-300, -900, 4] and data["fill"] is False and data["presenting"] is True
    crc = next(layer for layer in data["layers"] if layer["id"] == "crc")
    assert crc["width"] == 4.8


def test_place_explorer_shows_the_stack_and_refuses_bad_places():
    at = AppTest.from_file(str(PAGES / "20_place_explorer.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    table = at.table[0].value
    assert at.header[0].value == "Bournemouth, Christchurch and Poole"  # today's council, not the 2013-19 one
    assert table.index[0] == "Councils today: districts, boroughs and unitaries (2023-)"
    assert table.loc["Community Rehabilitation Companies (2014-21)", "Body or bodies"] == "Dorset, Devon and Cornwall CRC"
    assert table.loc["Community Rehabilitation Companies (2014-21)", "Era"] == "history"
    assert table.loc["Local Criminal Justice Board areas", "Body or bodies"] == "Dorset"
    assert any("It replaced: Bournemouth (2013-2019)" in c.value for c in at.caption)
    at.text_input[0].set_value("Bournemouth").run()  # an old link or habit: answered as it was, with a notice
    assert at.header[0].value == "Bournemouth" and "since 1 April 2019" in at.info[0].value
    at.text_input[0].set_value("Bornemouth").run()
    assert "Did you mean Bournemouth" in at.error[0].value
    at.text_input[0].set_value("![x](http://example.org/a.png) **bold**").run()  # typed text is quoted as text
    said = at.error[0].value  # the brackets and stars escaped, the address no longer a link
    assert r"\[x\]" in said and r"\*\*bold\*\*" in said and "](http://" not in said
    at.text_input[0].set_value("E23000013").run()
    assert not at.error
    assert "Durham Tees Valley CRC" in set(at.table[0].value["Body or bodies"])
    assert at.query_params["place"] == "E23000013"


def test_presentation_mode_redraws_the_map_with_what_the_browser_last_showed():
    at = AppTest.from_file(str(PAGES / "10_overlay_map.py"), default_timeout=TIMEOUT).run()
    run_with_browser_state(at, {"layers": ["probation_region"], "fill": False, "view": [10, 20, 3]})
    at.session_state["presenting"] = True
    at.run()
    data = map_data(at)
    assert data["presenting"] is True
    assert data["chosen"] == ["probation_region"] and data["fill"] is False and data["view"] == [10, 20, 3]


def test_place_explorer_frames_the_place_and_keeps_the_layers_through_a_bad_place():
    at = AppTest.from_file(str(PAGES / "20_place_explorer.py"), default_timeout=TIMEOUT).run()
    focus = map_data(at)["focus"]
    assert sorted(focus["highlight"]) == ["E06000028", "E06000029", "E07000048"]  # today's BCP, three 2013 districts
    assert focus["point"] is None and focus["view"][2] > 4
    run_with_browser_state(at, {"layers": ["nps_division"], "fill": True})
    assert at.query_params["layers"] == "nps_division"
    at.text_input[0].set_value("Nowhere-on-sea").run()
    assert at.error and not any(type(e).__name__ == "UnknownElement" for e in at.main)  # the map is gone
    at.text_input[0].set_value("BH1 1AA").run()
    data = map_data(at)
    assert data["chosen"] == ["nps_division"] and at.query_params["layers"] == "nps_division"
    assert data["focus"]["key"] == "BH1 1AA" and data["focus"]["point"] is not None


def test_a_council_picked_on_the_place_explorer_map_becomes_the_place_and_bad_codes_are_ignored():
    at = AppTest.from_file(str(PAGES / "20_place_explorer.py"), default_timeout=TIMEOUT).run()
    state = {"layers": ["crc"], "fill": True}
    run_with_browser_state(at, state, event=("open_place", "E07000234"))
    assert not at.exception
    assert at.text_input[0].value == "E07000234" and at.header[0].value == "Bromsgrove"
    assert map_data(at)["focus"]["highlight"] == ["E07000234"]
    for bogus in ("<script>alert(1)</script>", "E99999999", 42):
        run_with_browser_state(at, state, event=("open_place", bogus))
        assert not at.exception and at.header[0].value == "Bromsgrove"
