"""AppTest: the custody-cost page: women sentenced to custody by force area with their caveats, national costs with
flagged years, partial establishments, attributable spend."""
from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
from streamlit.testing.v1 import AppTest

from figures.per_area import sentencing_pointer
from geo.locations import sources_dir
from indicators import bundled_custody
from tests.apptest.downloads import CRAFTED_TITLE, catch_downloads, csv_downloads, formula_cells
from ui import custody_cost_view

TIMEOUT = 60
PAGES = Path(__file__).resolve().parents[2] / "pages"
PAGE = str(PAGES / "55_custody_cost.py")


def _values(array) -> list:
    """Plotly 6 sends numeric arrays as base64 'bdata'; decode them back to a list."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)


def _charts(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def _published(name: str) -> pd.DataFrame:
    """The compilation's own CSV, read here without the store: force area -> one column per year."""
    return pd.read_csv(sources_dir() / bundled_custody.FOLDER / name).set_index("pfa")


def test_opens_on_women_sentenced_to_custody_in_2024_with_the_caveats_on_screen():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert (at.selectbox(key="sent_indicator").value, at.selectbox(key="sent_breakdown").value,
            at.selectbox(key="sent_period").value) == ("immediate_custody_sentences", "Women (18+)", "2024")
    caveat = next(i.value for i in at.info if "sentencing court" in i.value)
    for words in ("not their home address", "2017 is flagged as suspect", "not smoothed", "December 2024 edition",
                  "never mixed", "City of London", "Metropolitan Police row"):
        assert words in caveat
    figure = next(s for s in _charts(at) if s["data"][0]["type"] == "choroplethmap")
    valued = next(t for t in figure["data"] if t["name"] != "no data")
    missing = next(t for t in figure["data"] if t["name"] == "no data")
    assert len(valued["locations"]) == 42 and missing["locations"] == ["E23000034"]
    assert sum(_values(valued["z"])) == _published(bundled_custody.COUNTS)["2024"].sum()
    table = at.dataframe[0].value.set_index("Code")
    assert (table["Value"] != "no data").sum() == 42
    assert table.at["E23000001", "Value"] == f"{_published(bundled_custody.COUNTS).at['London', '2024']:,}"
    assert "Metropolitan Police row" in table.at["E23000034", "Note"]
    assert any(m.label == "Force areas with a figure" and m.value == "42 of 43" for m in at.metric)
    captions = " ".join(c.value for c in at.caption)
    assert "Prison Reform Trust" in captions and "about_the_data#prt_women_custody_by_pfa_cjs_dec2024" in captions
    # Nothing imported beyond the bundled women's series: one line names the file that brings the rest.
    assert sentencing_pointer() in captions and "outcomes by offence" in sentencing_pointer().lower()
    assert at.query_params["sentencing_year"] == "2024"


def test_2017_is_flagged_in_the_table_and_on_the_trend():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    year = at.selectbox(key="sent_period")
    assert year.format_func("2017") == "2017 ⚑" and year.format_func("2016") == "2016"
    trend = next(s for s in _charts(at) if s["layout"].get("xaxis", {}).get("type") == "date")  # years by time
    line = trend["data"][0]
    flags = dict(zip(line["customdata"], line["text"]))
    assert flags["2017"] == "⚑" and flags["2016"] == ""
    year.set_value("2017").run()
    assert any("⚑ 2017" in w.value and "suspect" in w.value for w in at.warning)
    table = at.dataframe[0].value.set_index("Code")
    assert table["Note"].str.contains("2017 is suspect").sum() == 42


def test_the_rate_per_100000_is_shown_as_published_and_never_added_up():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    at.selectbox(key="sent_indicator").set_value("immediate_custody_rate").run()
    assert not at.exception
    assert at.selectbox(key="sent_breakdown").value == "Women (18+)" and at.selectbox(key="sent_period").value == "2024"
    assert not any(m.label == "Sum of the force areas" for m in at.metric)
    table = at.dataframe[0].value.set_index("Code")
    rate = _published(bundled_custody.RATES).at["Cleveland", "2024"]
    assert table.at["E23000013", "Value"] == f"{rate:,.1f} per 100,000"
    assert at.query_params["sentencing"] == "immediate_custody_rate"


def test_national_and_establishment_costs_with_flags_and_sources():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception
    national = next(s for s in _charts(at) if any(t.get("legendgroup") == "Overall cost per prisoner" for t in s["data"]))
    overall = next(t for t in national["data"] if t["legendgroup"] == "Overall cost per prisoner")
    assert dict(zip(overall["customdata"], _values(overall["y"]))) == {"2015/16": 33931, "2016/17": 35371}
    assert any("Conflicting year labels" in w.value for w in at.warning)
    assert any("PARTIAL" in w.value for w in at.warning)
    captions = " ".join(c.value for c in at.caption)
    assert "Prisons: Per Capita Costs" in captions and "about_the_data#hmpps_costs_2016_17_via_blog" in captions
    # Without uploaded counts the page says where per-area inputs must come from and shows no spend map.
    assert any("must come from uploaded data" in i.value for i in at.info)
    # sentencing map + trend, national costs, establishments: no spend map without uploaded counts
    assert len(at.get("plotly_chart")) == 4


def test_money_is_in_board_words_on_every_axis_and_label():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    national = next(s for s in _charts(at) if any(t.get("legendgroup") == "Overall cost per prisoner" for t in s["data"]))
    axis = national["layout"]["yaxis"]
    assert axis["ticktext"][0] == "£0" and all(t.startswith("£") and "G" not in t for t in axis["ticktext"])
    assert max(axis["tickvals"]) >= max(max(_values(t["y"])) for t in national["data"])  # the top value is on the axis
    overall = next(t for t in national["data"] if t["legendgroup"] == "Overall cost per prisoner")
    assert "£35,371 in 2016/17" in overall["name"]  # the latest value in the legend, not printed on the points
    bars = next(s for s in _charts(at) if s["data"][0]["type"] == "bar")
    assert all(t.startswith("£") and "G" not in t for t in bars["layout"]["xaxis"]["ticktext"])
    average = bars["layout"]["annotations"][0]["text"]
    assert average.startswith("England and Wales average ≈ £107 a day") and "£39,000 ÷ 365" in average


def _spend(made: dict, layer: str) -> pd.DataFrame:
    """The attributable-spend table for a layer as its CSV download holds it (every cell as text)."""
    return next(table for name, table in csv_downloads(made).items()
                if name.startswith("attributable_spend_") and name.endswith(f"_{layer}.csv")).set_index("area_code")


def test_uploaded_cohort_counts_give_spend_as_count_times_cost(monkeypatch):
    # Made-up counts for this test only.
    frame = pd.DataFrame({"area_code": ["E23000001", "E23000034", "E23000005"], "layer": "police_force_area",
                          "period": "2016/17", "indicator": "prisoners_sentence_under_12m",
                          "value": [1000.0, 2.0, 500.0], "source_id": "test_counts"})
    sources = [{"source_id": "test_counts", "title": "Test counts", "publisher": "tests", "address": "tests",
                "vintage": "2016/17", "licence": "n/a", "caveats": ""}]
    made = catch_downloads(monkeypatch)
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["uploaded_indicators"] = (frame, sources)
    at.run()
    assert not at.exception
    assert at.selectbox(key="cost_cohort").value == "prisoners_sentence_under_12m"
    basis = at.selectbox(key="cost_basis")
    assert "Overall cost per prisoner, 2016/17: £35,371" in basis.format_func(basis.value)
    spend = _spend(made, "police_force_area")  # the figures exactly, from the table's CSV (the screen rounds them)
    assert float(spend.at["E23000001", "spend_gbp"]) == 1000 * 35371
    assert spend.at["E23000002", "spend_gbp"] == ""  # missing, not zero
    assert float(spend.at["E23000001", "spend_per_100k_residents_gbp"]) > 0
    shown = next(d.value for d in at.dataframe if "Spend (£)" in d.value.columns).set_index("Code")  # on screen
    assert shown.at["E23000001", "Spend (£)"] == "£35m" and shown.at["E23000005", "Spend (£)"] == "£18m"
    assert shown.at["E23000002", "Spend (£)"] == "no data"
    spend_map = next(s for s in _charts(at) if any(t.get("name", "").startswith("Custody spend") for t in s["data"]))
    valued = next(t for t in spend_map["data"] if t["name"].startswith("Custody spend"))
    assert max(_values(valued["z"])) == 1000 * 35371  # in £, not £ million
    assert all(t.startswith("£") and "G" not in t for t in valued["colorbar"]["ticktext"])
    assert any("£35m" in line for line in valued["text"])
    at.selectbox(key="cost_layer").set_value("crc").run()
    spend = _spend(made, "crc")
    assert float(spend.at["CPA20", "spend_gbp"]) == 1002 * 35371


def test_an_imported_sentencing_figure_joins_the_choice_and_the_pointer_goes():
    # Made-up figures for this test only: under-12-month custody for everyone sentenced in three force areas.
    frame = pd.DataFrame({"area_code": ["E23000001", "E23000013", "W15000003"], "layer": "police_force_area",
                          "period": "2024", "indicator": "immediate_custody_under_12_months", "breakdown": "",
                          "value": [9000.0, 800.0, 1500.0], "source_id": "test_outcomes"})
    sources = [{"source_id": "test_outcomes", "title": "Test outcomes by offence", "publisher": "tests",
                "vintage": "2024", "licence": "n/a"}]
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["uploaded_indicators"] = (frame, sources)
    at.run()
    assert not at.exception
    choice = at.selectbox(key="sent_indicator")
    assert choice.value == "immediate_custody_sentences"  # still opens on the bundled women's series
    assert "Immediate custody sentences under 12 months" in choice.options  # options are shown as labels
    assert sentencing_pointer() not in " ".join(c.value for c in at.caption)
    choice.set_value("immediate_custody_under_12_months").run()
    group = at.selectbox(key="sent_breakdown")
    assert group.value == "" and group.format_func(group.value) == "Everyone"
    assert not any("2017 is flagged" in i.value for i in at.info)  # the women's caveats belong to their series
    assert any("sentencing court" in c.value for c in at.caption)
    assert any(m.label == "Sum of the force areas" and m.value == "11,300" for m in at.metric)



def test_a_crafted_upload_title_comes_out_of_every_csv_download_neutralised(monkeypatch):
    made = catch_downloads(monkeypatch)
    # Made-up figures for this test only, under a title a person could type to attack a spreadsheet.
    frame = pd.DataFrame({"area_code": ["E23000001", "E23000013", "W15000003"], "layer": "police_force_area",
                          "period": "2024", "indicator": "immediate_custody_under_12_months", "breakdown": "",
                          "value": [9000.0, 800.0, 1500.0], "source_id": "test_outcomes"})
    sources = [{"source_id": "test_outcomes", "title": CRAFTED_TITLE, "publisher": "tests", "vintage": "2024",
                "licence": "n/a"}]
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["uploaded_indicators"] = (frame, sources)
    at.run()
    at.selectbox(key="sent_indicator").set_value("immediate_custody_under_12_months").run()
    assert not at.exception
    assert any((d.value.astype(str) == CRAFTED_TITLE).any(axis=None) for d in at.dataframe)  # shown as typed
    tables = csv_downloads(made)
    assert tables, "the page offered no CSV download"
    assert {name: formula_cells(table) for name, table in tables.items()} == {name: [] for name in tables}
    assert any((table == "'" + CRAFTED_TITLE).any(axis=None) for table in tables.values())

def _views() -> None:
    import streamlit as st

    from ui import custody_cost_view
    from ui.indicator_store import current

    loaded = current()
    offered = custody_cost_view.sentencing_choices(loaded.key, loaded.store)
    indicator, breakdown, period = offered.opening
    shown = custody_cost_view.sentencing_view(loaded.key, indicator, breakdown, period, loaded.store)
    st.session_state["ids"] = (id(offered), id(shown), id(custody_cost_view.national()),
                               id(custody_cost_view.establishments()))
    st.session_state["opening"] = offered.opening
    st.session_state["flags"] = offered.flags[(indicator, breakdown)]
    st.session_state["total"] = shown.total


def test_the_custody_views_are_built_once_per_store_and_looked_up_after():
    at = AppTest.from_function(_views, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.session_state["opening"] == ("immediate_custody_sentences", "Women (18+)", "2024")
    assert "2017" in at.session_state["flags"]
    assert at.session_state["total"] == f"{_published(bundled_custody.COUNTS)['2024'].sum():,}"
    ids = at.session_state["ids"]
    assert at.run().session_state["ids"] == ids


def test_the_cost_and_layer_a_spend_opens_on():
    rows = pd.DataFrame({"measure": ["Overall cost per prisoner", "Direct cost per prisoner", "Overall cost per prisoner"],
                         "period": ["2016/17", "2016/17", "2015/16"]})
    assert custody_cost_view.default_cost(rows) == 0  # the latest overall figure, wherever it sits
    assert custody_cost_view.default_cost(rows.iloc[[2, 1, 0]]) == 2
    assert custody_cost_view.default_cost(rows[rows["measure"].str.startswith("Direct")]) == 0
    assert custody_cost_view.opening_layer({"national", "crc", "police_force_area"}, ["crc", "police_force_area"]) == "crc"
    assert custody_cost_view.opening_layer({"national"}, ["crc", "police_force_area"]) == "police_force_area"


def test_a_rate_gets_a_funnel_plot_with_the_overdispersion_option_and_an_england_and_wales_trend():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.query_params["sentencing"] = "immediate_custody_rate"
    at.run()
    assert not at.exception
    funnel = next(s for s in _charts(at) if s["layout"].get("xaxis", {}).get("type") == "log")
    plain = next(t for t in funnel["data"] if t["name"] == "99.8% limits")
    assert any("chance allows" in c.value for c in at.caption)  # whether the areas are overdispersed, said once
    at.checkbox(key="sent_overdispersion").check().run()
    wider = next(t for t in next(s for s in _charts(at) if s["layout"].get("xaxis", {}).get("type") == "log")["data"]
                 if t["name"] == "99.8% limits")
    assert max(_values(wider["y"])) > max(_values(plain["y"]))  # the 42 areas are overdispersed (phi about 20)
    trend = next(s for s in _charts(at) if any(t["name"].startswith("England and Wales") for t in s["data"]))
    assert trend["layout"]["yaxis"]["rangemode"] == "tozero"
