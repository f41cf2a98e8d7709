"""AppTest: the reoffending page's widgets, URL state, breakdowns, missing areas, pooling and uploaded figures."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from indicators.periods import NEW_METHOD, OLD_METHOD, cohort_method
from tests.apptest.downloads import CRAFTED_TITLE, catch_downloads, csv_downloads, formula_cells

TIMEOUT = 60
PAGES = Path(__file__).resolve().parents[2] / "pages"
PAGE = str(PAGES / "50_reoffending.py")
FORCE_AREAS = ("E23000001", "E23000002", "E23000003", "E23000004", "E23000005", "E23000006", "E23000007",
               "E23000008", "E23000009", "E23000010", "E23000011", "E23000012", "E23000013", "E23000014",
               "E23000015", "E23000016", "E23000017", "E23000018", "E23000019", "E23000020", "E23000021",
               "E23000022", "E23000023", "E23000024", "E23000025", "E23000026", "E23000027", "E23000028",
               "E23000029", "E23000030", "E23000031", "E23000032", "E23000033", "E23000034", "E23000035",
               "E23000036", "E23000037", "E23000038", "E23000039", "W15000001", "W15000002", "W15000003",
               "W15000004")
LATEST, EARLIER, OLD_SIDE = "Jan 2098 to Mar 2098", "Oct 2097 to Dec 2097", "Apr 2016 to Mar 2017"


def _values(array) -> list:
    """Plotly 6 sends numeric arrays as base64 'bdata'; decode them back to a list."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


def _charts(at) -> dict:
    return {c.proto.id: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def _map(at) -> dict:
    return next(spec for spec in _charts(at).values() if spec["data"][0]["type"] == "choroplethmap")


def _valued(figure: dict) -> list[str]:
    return [code for t in figure["data"] if t["name"] != "no data" for code in t["locations"]]


def _upload() -> tuple[pd.DataFrame, list[dict]]:
    """Made-up figures for this test only: adults in all 43 force areas for three cohorts (one before the
    October 2017 change), juveniles in three areas, and England and Wales for adults and for everyone."""
    rows = []
    for period, shift in ((OLD_SIDE, -3.0), (EARLIER, -1.0), (LATEST, 0.0)):
        for n, code in enumerate(FORCE_AREAS):
            offenders = 1000 + 100 * n
            rate = 20 + n * 0.25 + shift
            rows.append({"area_code": code, "layer": "police_force_area", "period": period,
                         "indicator": "proven_reoffending_rate", "breakdown": "Adult", "value": rate,
                         "numerator": rate / 100 * offenders, "denominator": offenders, "source_id": "test_prsq"})
    for code in FORCE_AREAS[:3]:
        rows.append({"area_code": code, "layer": "police_force_area", "period": LATEST,
                     "indicator": "proven_reoffending_rate", "breakdown": "Juvenile", "value": 33.0,
                     "numerator": 33.0, "denominator": 100.0, "source_id": "test_prsq"})
    for breakdown, value in (("Adult", 24.0), ("", 40.0)):
        rows.append({"area_code": "K04000001", "layer": "national", "period": LATEST,
                     "indicator": "proven_reoffending_rate", "breakdown": breakdown, "value": value,
                     "source_id": "test_prsq"})
    sources = [{"source_id": "test_prsq", "title": "Test geographic data tool", "publisher": "tests",
                "vintage": "2098", "licence": "n/a"}]
    return pd.DataFrame(rows), sources


REGIONS_LATEST = "Apr 2019 to Mar 2020"


def test_defaults_open_on_2019_20_adults_by_region_with_the_age_breakdown_and_the_trend():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [s.label for s in at.selectbox][:4] == ["Indicator", "Breakdown", "Period", "Layer"]
    # The most recent figure covering most of its layer: the MoJ regional series, adults (never a fragment).
    assert (at.selectbox(key="reo_indicator").value, at.selectbox(key="reo_breakdown").value,
            at.selectbox(key="reo_period").value, at.selectbox(key="reo_layer").value) == (
        "proven_reoffending_rate", "Adult", REGIONS_LATEST, "region")
    assert len(_valued(_map(at))) == 9 and "W92000004" not in _valued(_map(at))  # English regions only
    assert not any("fragment" in i.value for i in at.info)
    charts = list(_charts(at).values())
    ages = next(s for s in charts if s["data"][0]["type"] == "heatmap")
    assert list(ages["data"][0]["x"])[:2] == ["aged 18 to 20", "aged 21 to 24"] and len(ages["data"][0]["y"]) == 9
    trend = next(s for s in charts if s["layout"].get("xaxis", {}).get("type") == "date"  # spaced by time
                 and any("London" in t["name"] for t in s["data"]))
    assert len(trend["data"]) == 9 and all(len(t["customdata"]) == 12 for t in trend["data"])
    assert trend["layout"]["yaxis"]["rangemode"] == "tozero"
    assert any("Proven reoffending statistics, January to March 2020" in c.value for c in at.caption)


def test_the_cambridgeshire_2008_fragment_is_labelled_historical():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.query_params["indicator"] = "local_adult_reoffending_rate"
    at.run()
    assert not at.exception and at.selectbox(key="reo_layer").value == "police_force_area"
    assert _valued(_map(at)) == ["E23000023"]
    assert any("historical fragment: published for 1 of 43" in i.value for i in at.info)
    picker = at.selectbox(key="reo_indicator")
    assert picker.format_func("local_adult_reoffending_rate").endswith("(historical fragment: few areas)")
    assert picker.format_func("proven_reoffending_rate") == "Proven reoffending rate"


def test_a_1992_link_shows_force_areas_with_missing_areas_marked():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.query_params["indicator"] = "reconviction_rate_1yr_custody"
    at.run()
    assert not at.exception
    assert at.selectbox(key="reo_period").value == "1992"
    figure = _map(at)
    missing = next(t for t in figure["data"] if t["name"] == "no data")
    assert len(_valued(figure)) == 12 and len(missing["locations"]) == 31
    assert figure["layout"]["map"]["style"] == "white-bg"
    assert any(layer.get("name") == "no data" and layer["line"]["dash"] == [2, 2]
               for layer in figure["layout"]["map"]["layers"])
    table = at.dataframe[0].value
    assert (table["Value"] == "no data").sum() == 31
    assert any("Re-convictions (written answer)" in c.value for c in at.caption)
    assert at.query_params["layer"] == "police_force_area"


def test_switching_layer_pools_london_and_refuses_to_split_into_districts():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.query_params["indicator"] = "reconviction_rate_1yr_custody"
    at.run()
    at.selectbox(key="reo_layer").set_value("crc").run()
    table = at.dataframe[0].value.set_index("Area")
    assert table.at["London CRC", "Value"] == "24.9%" and table.at["London CRC", "Status"] == "pooled"
    assert table.at["Cumbria and Lancashire CRC", "Value"] == "no data"
    at.selectbox(key="reo_layer").set_value("district").run()
    assert any("Published only at Police force areas" in i.value for i in at.info)
    assert at.query_params["layer"] == "district"


def test_switching_indicator_and_a_bad_link():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.query_params["indicator"] = "made_up"
    at.query_params["layer"] = "crc"
    at.query_params["breakdown"] = "<b>x</b>"
    at.run()
    assert not at.exception
    assert any("unknown indicator" in w.value for w in at.warning)
    assert any("unknown breakdown" in w.value and "<b>" not in w.value for w in at.warning)
    assert at.selectbox(key="reo_layer").value == "crc"
    at.selectbox(key="reo_indicator").set_value("reconviction_rate_2yr_custody").run()
    assert at.selectbox(key="reo_period").value == "1992"
    assert at.query_params["indicator"] == "reconviction_rate_2yr_custody"
    assert not any("unknown period" in w.value for w in at.warning)


def test_an_uploaded_set_opens_the_page_on_its_latest_cohort_and_breakdown():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["uploaded_indicators"] = _upload()
    at.run()
    assert not at.exception
    assert (at.selectbox(key="reo_indicator").value, at.selectbox(key="reo_breakdown").value,
            at.selectbox(key="reo_period").value, at.selectbox(key="reo_layer").value) == (
        "proven_reoffending_rate", "Adult", LATEST, "police_force_area")
    assert {"Adult", "Juvenile"} <= set(at.selectbox(key="reo_breakdown").options)
    assert not any("No per-area proven reoffending" in i.value for i in at.info)
    assert len(_valued(_map(at))) == 43
    assert at.query_params["breakdown"] == "Adult" and at.query_params["period"] == LATEST
    # England and Wales for the same breakdown (adults, 24.0), not everyone (40.0).
    assert any(m.label == "England and Wales, Adult" and m.value == "24.0%" for m in at.metric)
    funnel = next(s for s in _charts(at).values() if s["layout"].get("xaxis", {}).get("type") == "log")
    reference = next(t for t in funnel["data"] if t["name"].startswith("England and Wales"))
    assert reference["y"][0] == 24.0
    at.selectbox(key="reo_breakdown").set_value("Juvenile").run()
    assert at.selectbox(key="reo_period").value == LATEST and len(_valued(_map(at))) == 3
    assert at.query_params["breakdown"] == "Juvenile"


def test_the_area_trend_never_joins_cohorts_across_the_2017_change():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["uploaded_indicators"] = _upload()
    at.run()
    trend = next(s for s in _charts(at).values() if s["layout"].get("xaxis", {}).get("type") == "date"
                 and any(OLD_SIDE in t["customdata"] for t in s["data"]))  # each point's period, as published
    for trace in trend["data"]:
        assert len({cohort_method(p) for p in trace["customdata"]}) == 1, trace["name"]
    names = [t["name"] for t in trend["data"]]
    assert any(n.endswith(OLD_METHOD) for n in names) and any(n.endswith(NEW_METHOD) for n in names)
    placed = {p: x for t in trend["data"] for p, x in zip(t["customdata"], t["x"])}  # each at its time
    assert placed[OLD_SIDE] < placed[EARLIER] < placed[LATEST]
    # England and Wales only from the areas' own source (the bundled headlines measure it another way)
    national = [t for t in trend["data"] if t["name"].startswith("England and Wales")]
    assert national and all(list(t["customdata"]) == [LATEST] for t in national)


def test_a_link_to_a_breakdown_opens_on_it():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["uploaded_indicators"] = _upload()
    at.query_params["indicator"] = "proven_reoffending_rate"
    at.query_params["breakdown"] = "Juvenile"
    at.run()
    assert not at.exception and not at.warning
    assert at.selectbox(key="reo_breakdown").value == "Juvenile" and at.selectbox(key="reo_period").value == LATEST


def test_national_headlines_are_split_at_the_2017_change_of_method():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    national = next(s for s in _charts(at).values()
                    if any(t.get("name", "").startswith("Proven reoffending rate (") for t in s["data"]))
    names = {t["name"] for t in national["data"]}
    assert f"Proven reoffending rate (adults and juveniles) — {OLD_METHOD}" in names
    assert f"Proven reoffending rate (adults and juveniles) — {NEW_METHOD}" in names
    assert f"Proven reoffending rate (adults) — {NEW_METHOD}" in names
    assert f"Proven reoffending rate (juveniles) — {OLD_METHOD}" in names
    for trace in national["data"]:
        assert len({cohort_method(p) for p in trace["customdata"]}) == 1, trace["name"]
    short = next(t for t in national["data"] if t["name"].startswith("Reoffending after a prison sentence under 12"))
    assert list(short["customdata"]) == ["Oct 2018 to Dec 2018", "Jul 2019 to Sep 2019", "Apr 2023 to Jun 2023"]
    assert list(short["x"]) == ["2018-11-16", "2019-08-16", "2023-05-16"]  # the middle of each quarter, by time
    juveniles = next(t for t in national["data"] if t["name"] == f"Proven reoffending rate (juveniles) — {NEW_METHOD}")
    assert _values(juveniles["y"]) == [37.3, 33.0, 31.6]
    assert any("Proven reoffending statistics" in c.value for c in at.caption)


def test_a_crafted_upload_title_comes_out_of_every_csv_download_neutralised(monkeypatch):
    """The ranked table's Source column carries the title a person typed for an upload."""
    made = catch_downloads(monkeypatch)
    frame, sources = _upload()
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["uploaded_indicators"] = (frame, [{**sources[0], "title": CRAFTED_TITLE}])
    at.run()
    assert not at.exception
    assert (at.dataframe[0].value.astype(str) == CRAFTED_TITLE).any(axis=None)  # the page shows it as typed
    tables = csv_downloads(made)
    assert len(tables) >= 2, f"expected the table and national figures downloads, got {sorted(tables)}"
    assert {name: formula_cells(table) for name, table in tables.items()} == {name: [] for name in tables}
    assert any((table == "'" + CRAFTED_TITLE).any(axis=None) for table in tables.values())


def test_compare_with_similar_areas_rings_the_area_and_its_neighbours_and_lists_them_first():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.query_params["layer"] = "district"
    at.run()
    assert not at.exception
    at.selectbox(key="reo_peer_area").set_value("E07000110").run()  # Maidstone
    layers = {layer.get("name"): layer for layer in _map(at)["layout"]["map"]["layers"]}
    assert [f["id"] for f in layers["chosen area"]["source"]["features"]] == ["E07000110"]
    assert len(layers["similar areas"]["source"]["features"]) == 5
    table = at.dataframe[0].value
    # listed first, in rank order among themselves
    assert set(table["Similar areas"][:6]) == {"chosen area"} | {f"similar area {n}" for n in range(1, 6)}
    assert any("most similar areas" in c.value and "Mid Sussex" in c.value for c in at.caption)
    at.selectbox(key="reo_layer").set_value("police_force_area").run()
    assert any("No peer group for this layer" in c.value for c in at.caption)
