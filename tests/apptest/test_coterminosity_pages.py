"""AppTest: the coterminosity and reform timeline pages' widgets, URL state and messages (the lens: test_lens_page.py)."""
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


def test_coterminosity_opens_on_the_least_coterminous_pair_of_todays_layers_and_says_why():
    from geo.atlas import load_atlas
    from geo.coterminosity import TODAY_BODIES, crossing_share
    from geo.overlap import exact_overlap

    at = _page("30_coterminosity.py")
    assert not at.exception
    opened = (at.selectbox[0].value, at.selectbox[1].value)
    atlas = load_atlas(progress=None)
    share = crossing_share(exact_overlap(atlas, *opened))
    others = [crossing_share(exact_overlap(atlas, a, b)) for i, a in enumerate(TODAY_BODIES) for b in TODAY_BODIES[i + 1:]]
    assert share == max(others) > 0  # every pair measured; the page opens on the worst
    assert opened == ("probation_region", "cps_area")
    headline = at.info[0].value
    assert headline.startswith("Of 12 probation regions, ") and "cut by CPS area boundaries" in headline
    cut = int(headline.split("; ")[1].split(" are cut")[0])
    ranked = at.dataframe[2].value
    assert (ranked["Number of CPS areas"] >= 2).sum() == cut > 0
    why = next(c.value for c in at.caption if c.value.startswith("Opens on probation regions against CPS areas"))
    assert f"{100 * share:.1f}% of the land" in why and "Measure: the share of the land" in why
    matrix, shown_map = _charts(at)
    assert matrix["data"][0]["type"] == "heatmap" and len(matrix["data"][0]["y"]) == 12
    assert shown_map["layout"]["map"]["style"] == "white-bg"
    assert {trace["type"] for trace in shown_map["data"]} == {"choroplethmap"}
    assert "Cut by CPS area boundaries" in " ".join(trace["name"] for trace in shown_map["data"])
    assert (at.query_params["a"], at.query_params["b"]) == opened


def test_a_union_of_whole_areas_is_never_called_split():
    at = _page("30_coterminosity.py", a="crc", b="police_force_area")
    headline = at.info[0].value
    assert "14 are made up of two or more whole police force areas; 0 are cut" in headline
    assert "split" not in headline.lower()
    names = " ".join(trace["name"] for trace in _charts(at)[1]["data"])
    assert "Made up of whole police force areas (14)" in names and "Cut by" not in names
    assert not any(c.value.startswith("Opens on") for c in at.caption)  # the why-line is the default's


def test_coterminosity_link_with_explicit_layers_reopens_its_own_view():
    at = _page("30_coterminosity.py", a="police_force_area", b="crc")
    assert not at.exception
    assert at.selectbox[0].value == "police_force_area" and at.selectbox[1].value == "crc"
    assert at.info[0].value.startswith("Of 43 police force areas, 43 sit wholly inside one CRC")
    assert len(_charts(at)[0]["data"][0]["y"]) == 43
    sentence = next(m.value for m in at.markdown if m.value.startswith("On average a police force area deals with"))
    assert "1.0 CRCs" in sentence  # every force area sits in exactly one CRC
    one_sided = _page("30_coterminosity.py", a="police_force_area")
    assert (one_sided.selectbox[0].value, one_sided.selectbox[1].value) == ("police_force_area", "cps_area")
    assert not one_sided.error


def test_coterminosity_switch_layers_weighting_and_url():
    at = _page("30_coterminosity.py", a="mayoral_combined_authority", b="police_force_area")
    assert not at.exception
    assert at.info[0].value.startswith("Of 10 mayoral combined authorities, ")
    split = _charts(at)[1]
    names = " ".join(trace["name"] for trace in split["data"])
    assert "Cut by police force area boundaries (2)" in names and "Made up of whole police force areas (1)" in names
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
    assert at.selectbox[0].value == "probation_region" and at.selectbox[1].value == "cps_area"
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
    councils = at.dataframe[-1].value  # each council reorganisation of 2019-2023
    assert list(councils["Councils in England and Wales after"].drop_duplicates()) == [339, 336, 331, 318]
    bcp = councils[councils["New council"] == "Bournemouth, Christchurch and Poole"].iloc[0]
    assert bcp["From"] == "1 April 2019" and bcp["It replaced"] == "Bournemouth, Poole, Christchurch, Dorset County Council"


def test_the_opening_choice_reads_the_link_and_keeps_the_two_layers_apart():
    from ui.coterminosity_view import opening_choice

    pair = ("crc", "police_force_area")
    assert opening_choice(None, None, None, pair) == (*pair, "area", [])
    assert opening_choice("district", "county", "population", pair) == ("district", "county", "population", [])
    assert opening_choice("police_force_area", None, None, pair)[:2] == ("police_force_area", "crc")  # not the same twice
    assert opening_choice(None, "crc", None, pair)[:2] == ("police_force_area", "crc")
    assert opening_choice("bogus", "crc", None, pair)[:2] == ("police_force_area", "crc")
    assert opening_choice("crc", "crc", None, pair)[:2] == ("crc", "crc")  # asked for explicitly: the page says why not
    *_, notices = opening_choice("bogus", None, "votes", pair)
    assert len(notices) == 2 and "unknown layer" in notices[0] and "unknown weighting" in notices[1]
