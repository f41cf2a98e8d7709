"""Indicator figures: missing areas marked (not coloured as data), estimates outlined, ranked table honest."""
from __future__ import annotations

import pandas as pd

from figures.indicators import choropleth, funnel, ranked_table
from indicators.catalogue import get_indicator
from indicators.store import IndicatorStore


def _view(atlas, layer="crc"):
    return IndicatorStore.bundled().layer_view(atlas, "reconviction_rate_1yr_custody", "1992", layer).table


def test_choropleth_keeps_missing_areas_grey_with_a_dashed_edge(atlas):
    table = _view(atlas)
    figure = choropleth(atlas, table, "crc", get_indicator("reconviction_rate_1yr_custody"), {})
    missing, valued = figure.data[0], figure.data[1]
    assert missing.name == "no data" and len(missing.locations) == 18 and set(missing.z) == {0}
    assert set(valued.locations) == {"CPA07", "CPA15", "CPA20"}
    assert all("no data" in text for text in missing.text)
    layers = {layer["name"]: layer for layer in figure.layout.map.layers if "name" in layer}
    assert list(layers["no data"]["line"]["dash"]) == [2, 2]
    assert figure.layout.map.style == "white-bg"


def test_estimates_get_a_dotted_outline_and_a_label(atlas):
    table = _view(atlas).copy()
    table.loc[table["area_code"] == "CPA20", "is_estimate"] = True
    figure = choropleth(atlas, table, "crc", get_indicator("reconviction_rate_1yr_custody"), {})
    names = [layer["name"] for layer in figure.layout.map.layers if "name" in layer]
    assert "estimate" in names
    valued = figure.data[1]
    assert "(ESTIMATE)" in valued.text[list(valued.locations).index("CPA20")]
    ranked = ranked_table(table, get_indicator("reconviction_rate_1yr_custody"), 0.3, {})
    assert ranked.set_index("Code").at["CPA20", "Status"].startswith("ESTIMATE")


def test_ranked_table_puts_worst_first_and_missing_last(atlas):
    ranked = ranked_table(_view(atlas), get_indicator("reconviction_rate_1yr_custody"), 0.33, {})
    assert list(ranked["Code"][:3]) == ["CPA07", "CPA15", "CPA20"]
    assert (ranked["Value"][3:] == "no data").all() and (ranked["Rank"][3:] == "").all()


def test_funnel_draws_limits_reference_and_every_area_with_a_cohort(atlas):
    table = _view(atlas, "police_force_area")
    figure = funnel(table, get_indicator("reconviction_rate_1yr_custody"), 0.33, "reference")
    points = [t for t in figure.data if t.mode == "markers+text"]
    assert sum(len(t.x) for t in points) == 12
    assert {t.name for t in figure.data} >= {"95% limits", "99.8% limits", "reference"}
    assert funnel(pd.DataFrame(columns=table.columns), get_indicator("reconviction_rate_1yr_custody"), 0.3, "r").data == ()


def test_the_funnel_names_only_areas_outside_the_998_limits_alternating_above_and_below():
    from indicators.catalogue import get_indicator as indicator_of

    # Made-up areas: 30 inside the limits, four far outside (two above, two below).
    inside = [(f"In{i}", 28.0 + (i % 3) * 0.1, 1000.0 + 50 * i) for i in range(30)]
    outside = [("High1", 45.0, 1200.0), ("High2", 44.0, 1300.0), ("Low1", 12.0, 1250.0), ("Low2", 11.0, 1400.0)]
    table = pd.DataFrame([{"area_code": n, "area_name": n, "value": v, "denominator": d} for n, v, d in inside + outside])
    figure = funnel(table, indicator_of("proven_reoffending_rate"), 0.28, "reference")
    labelled = [(x, text, position) for t in figure.data if t.mode == "markers+text"
                for x, text, position in zip(t.x, t.text, t.textposition) if text]
    assert sorted(text for _, text, _ in labelled) == ["High1", "High2", "Low1", "Low2"]
    positions = [position for _, _, position in sorted(labelled)]
    assert positions == ["top center", "bottom center", "top center", "bottom center"]  # neighbours alternate
    assert sum(len(t.x) for t in figure.data if t.mode == "markers+text") == 34  # every area still drawn


def test_money_axes_and_labels_read_as_a_board_reads_them():
    from figures.indicators import board_ticks, establishment_costs_figure, money_axis

    ticks, labels = board_ticks(0, 2.86e9)
    assert labels[0] == "£0" and all(t.endswith("bn") for t in labels[1:]) and not any("G" in t for t in labels)
    axis = money_axis(pd.Series([33931.0, 35371.0]))
    assert axis["tickvals"] == [0, 10000, 20000, 30000, 40000] and axis["ticktext"][:2] == ["£0", "£10k"]
    # Made-up establishments for this test only.
    rows = pd.DataFrame({"establishment": ["A", "B"], "footnote": ["", "1"], "cost_per_prisoner_per_day": [95.0, 140.0],
                         "group": ["Male category C (trainer)", "Male category B (trainer)"]})
    figure = establishment_costs_figure(rows, 36500.0)
    bar = figure.data[0]
    assert list(bar.y) == ["A", "B *"] and list(bar.text) == ["£95 (Male category C)", "£140 (Male category B)"]
    assert bar.marker.pattern.shape == ("", "/")  # category B hatched, not colour alone
    assert figure.layout.shapes[0].x0 == 100.0  # £36,500 a year ÷ 365
    assert figure.layout.annotations[0].text.startswith("England and Wales average ≈ £100 a day (derived: £36,500")


def test_a_money_map_writes_pounds_in_its_hover_and_colour_bar(atlas):
    from figures.indicators import money_choropleth
    from indicators.catalogue import IndicatorDef

    table = _view(atlas).assign(value=lambda t: t["value"] * 1e6)  # made-up sums of money from the 1992 rates
    spend = IndicatorDef("spend", "Spend", "£ a year", "money", True)
    figure = money_choropleth(atlas, table, "crc", spend, {})
    valued = next(t for t in figure.data if t.name == "Spend")
    assert all(t.startswith("£") and "G" not in t for t in valued.colorbar.ticktext)
    assert all("Spend: £" in text and "m" in text.split("Spend: ")[1].split("<br>")[0] for text in valued.text)
