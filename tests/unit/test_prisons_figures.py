"""Prison figures: markers differ by more than colour, the distance map and ranking follow the numbers."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from figures.prisons import (
    ENGLAND_AND_WALES_BOUNDS,
    OTHER_LABEL,
    RESETTLEMENT_LABEL,
    distance_map,
    distance_table,
    fit_view,
    prisons_map,
)
from geo.prisons import load_prisons


@pytest.fixture(scope="module")
def prisons():
    return load_prisons()


def _synthetic_distances(atlas) -> pd.DataFrame:
    codes = atlas.layer_areas("nps_division")["area_code"].tolist()
    values = [10.0, 40.0, np.nan, 20.0, 5.0, 30.0, 25.0][:len(codes)]
    frame = pd.DataFrame({"area_code": codes, "population": 1000.0})
    for column in ("men_crc_km", "men_any_km", "men_far_share", "men_crc_km_max", "women_any_km", "women_crc_km",
                   "women_crc_covered_share", "crc_penalty_km"):
        frame[column] = values
    return frame


def test_prison_markers_differ_by_size_ring_and_legend_not_only_colour(atlas, prisons):
    figure = prisons_map(atlas, prisons, ["crc"])
    traces = {trace.name: trace for trace in figure.data}
    settle, other = traces[RESETTLEMENT_LABEL], traces[OTHER_LABEL]
    assert settle.marker.size > other.marker.size
    assert settle.marker.color != other.marker.color
    ring = traces["ring"]
    assert ring.marker.size > settle.marker.size and ring.showlegend is False
    order = [trace.name for trace in figure.data]
    assert order.index("ring") < order.index(RESETTLEMENT_LABEL)  # the ring is drawn under the dot
    assert len(settle.lon) == prisons["resettlement_prison"].sum()
    assert len(settle.lon) + len(other.lon) == len(prisons)
    assert figure.layout.showlegend is True and figure.layout.map.style == "white-bg"
    assert "HMP Altcourse" in " ".join(settle.text)


def test_distance_map_circles_grow_with_the_value_and_missing_is_blank(atlas, prisons):
    distances = _synthetic_distances(atlas)
    figure = distance_map(atlas, distances, "nps_division", "men_crc_km", prisons)
    choropleth, circles = figure.data[0], figure.data[1]
    assert list(choropleth.locations) == atlas.layer_areas("nps_division")["area_code"].tolist()
    by_value = dict(zip(distances["men_crc_km"], circles.marker.size))
    known = sorted(v for v in by_value if not math.isnan(v))
    assert [by_value[v] for v in known] == sorted(by_value[v] for v in known)
    missing = [size for value, size in zip(distances["men_crc_km"], circles.marker.size) if math.isnan(value)]
    assert missing == [0]
    assert figure.layout.map.style == "white-bg"


def test_distance_table_ranks_largest_first_with_missing_last(atlas):
    table = distance_table(atlas, _synthetic_distances(atlas), "nps_division", "men_crc_km")
    measure = table.columns[3]
    assert measure.startswith("Men: km to own CRC")
    values = table[measure].tolist()
    assert values[0] == max(v for v in values if not math.isnan(v)) and math.isnan(values[-1])
    assert table["Rank"].tolist() == list(range(1, len(table) + 1))
    with pytest.raises(KeyError):
        distance_table(atlas, _synthetic_distances(atlas), "nps_division", "bogus")


def test_fit_view_contains_the_bounds():
    west, south, east, north = ENGLAND_AND_WALES_BOUNDS
    width, height = 420, 620
    view = fit_view(ENGLAND_AND_WALES_BOUNDS, width, height)
    degrees_per_px = 360 / (512 * 2 ** view["zoom"])
    assert width * degrees_per_px >= east - west
    assert view["center"]["lon"] == pytest.approx((west + east) / 2)
    assert south < view["center"]["lat"] < north


def test_resettlement_summary_names_the_prisons_outside_their_crcs():
    from figures.prisons import resettlement_summary

    # Made-up estate: two resettlement prisons, one outside the CRC it serves, and one other prison.
    estate = pd.DataFrame({"prison": ["Alpha", "Beta", "Gamma"], "resettlement_prison": [True, True, False],
                           "serves_own_crc": [True, False, False]})
    sentence = resettlement_summary(estate)
    assert sentence.startswith("**1 of 2 resettlement prisons sit outside every CRC area they serve** (Beta)")


def test_the_prisons_map_sends_only_the_chosen_outlines(atlas, prisons):
    figure = prisons_map(atlas, prisons.assign(resettlement_crc_codes="", resettlement_prison=False), ["crc"])
    assert [layer.name for layer in figure.layout.map.layers] == [None, "crc"]
