"""AppTest: the reoffending page's widgets, URL state, missing areas, pooling and uploaded figures."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

TIMEOUT = 60
PAGES = Path(__file__).resolve().parents[2] / "pages"
PAGE = str(PAGES / "50_reoffending.py")


def _charts(at) -> dict:
    return {c.proto.id: json.loads(c.proto.spec) for c in at.get("plotly_chart")}


def _map(at) -> dict:
    return next(spec for spec in _charts(at).values() if spec["data"][0]["type"] == "choroplethmap")


def test_defaults_show_1992_force_areas_with_missing_areas_marked():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert [s.label for s in at.selectbox][:3] == ["Indicator", "Period", "Layer"]
    assert (at.selectbox[0].value, at.selectbox[1].value, at.selectbox[2].value) == (
        "reconviction_rate_1yr_custody", "1992", "police_force_area")
    figure = _map(at)
    missing = next(t for t in figure["data"] if t["name"] == "no data")
    valued = next(t for t in figure["data"] if t["name"] != "no data")
    assert len(valued["locations"]) == 12 and len(missing["locations"]) == 31
    assert figure["layout"]["map"]["style"] == "white-bg"
    assert any(layer.get("name") == "no data" and layer["line"]["dash"] == [2, 2] for layer in figure["layout"]["map"]["layers"])
    table = at.dataframe[0].value
    assert (table["Value"] == "no data").sum() == 31
    assert any("Re-convictions (written answer)" in c.value for c in at.caption)
    assert at.query_params["layer"] == "police_force_area"


def test_switching_layer_pools_london_and_refuses_to_split_into_districts():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    at.selectbox[2].set_value("crc").run()
    table = at.dataframe[0].value.set_index("Area")
    assert table.at["London CRC", "Value"] == "24.9%" and table.at["London CRC", "Status"] == "pooled"
    assert table.at["Cumbria and Lancashire CRC", "Value"] == "no data"
    at.selectbox[2].set_value("district").run()
    assert any("Published only at Police force areas" in i.value for i in at.info)
    assert at.query_params["layer"] == "district"


def test_switching_indicator_and_a_bad_link():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.query_params["indicator"] = "made_up"
    at.query_params["layer"] = "crc"
    at.run()
    assert not at.exception
    assert any("unknown indicator" in w.value for w in at.warning)
    assert at.selectbox[2].value == "crc"
    at.selectbox[0].set_value("local_adult_reoffending_rate").run()
    assert at.selectbox[1].value == "2008"
    assert at.query_params["indicator"] == "local_adult_reoffending_rate"


def test_uploaded_figures_join_the_store_with_an_england_and_wales_funnel_line():
    # Made-up figures for this test only: three force areas, plus a trend over two periods.
    rows = []
    for period, shift in (("2098", 0.0), ("2099", 2.0)):
        for code, n, r in (("E23000005", 20000, 5400), ("E23000004", 9000, 2700), ("E23000034", 60, 20)):
            rows.append({"area_code": code, "layer": "police_force_area", "period": period,
                         "indicator": "proven_reoffending_rate", "value": r / n * 100 + shift,
                         "numerator": r + shift * n / 100, "denominator": n, "source_id": "test_upload"})
        rows.append({"area_code": "K04000001", "layer": "national", "period": period,
                     "indicator": "proven_reoffending_rate", "value": 25.0 + shift, "numerator": None,
                     "denominator": None, "source_id": "test_upload"})
    sources = [{"source_id": "test_upload", "title": "Test upload", "publisher": "tests", "address": "tests",
                "vintage": "2099", "licence": "n/a", "caveats": ""}]
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["uploaded_indicators"] = (pd.DataFrame(rows), sources)
    at.query_params["indicator"] = "proven_reoffending_rate"
    at.run()
    assert not at.exception
    assert at.selectbox[1].value == "2099"
    funnel = next(s for s in _charts(at).values() if s["layout"].get("xaxis", {}).get("type") == "log")
    reference = next(t for t in funnel["data"] if t["name"].startswith("England and Wales"))
    assert reference["y"][0] == 27.0
    table = at.dataframe[0].value.set_index("Code")
    assert table.at["E23000034", "Small cohort"].startswith("yes")
    assert table.at["E23000005", "Against the funnel limits"] == "above 99.8% limit"
    trend = next(s for s in _charts(at).values() if s["layout"].get("xaxis", {}).get("type") == "category")
    assert {t["name"] for t in trend["data"]} >= {"England and Wales"}


def test_national_headlines_are_split_at_the_2017_change_of_method():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    national = next(s for s in _charts(at).values()
                    if any("cohorts" in t.get("name", "") for t in s["data"]))
    names = {t["name"] for t in national["data"]}
    assert "Proven reoffending rate (adults and juveniles) (12-month cohorts)" in names
    assert "Proven reoffending rate (adults and juveniles) (3-month cohorts, 2017 method)" in names
    short = next(t for t in national["data"] if t["name"].startswith("Reoffending after a prison sentence under 12"))
    assert list(short["x"]) == ["2018 Q4 (Oct-Dec cohort)", "2019 Q3 (Jul-Sep cohort)", "2023 Q2 (Apr-Jun cohort)"]
    assert any("gov.uk" in c.value or "Proven reoffending statistics" in c.value for c in at.caption)
