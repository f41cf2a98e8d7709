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
