"""Prisons and resettlement distance: hand-checked synthetic cases and sanity checks on the real shared data."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest

from geo.locations import sources_dir
from geo.prisons import GEOCODE_GAP_KM, cpa_codes, estate, load_prisons, parse_postcode, resettlement_prisons, with_areas
from geo.resettlement_distance import POPULATION_FILE, area_distances, district_sums, district_table, nearest_km, point_distances


def test_parse_postcode_repairs_the_stray_zero_and_refuses_a_broken_one():
    assert parse_postcode("Higher Lane, Liverpool, L9 7LH") == ("L9 7LH", "")
    postcode, note = parse_postcode("Erlestoke, Devizes SN10 5TU0")
    assert postcode == "SN10 5TU" and "stray '0'" in note
    assert parse_postcode("Princetown, Yelverton PL20 6R0")[0] is None


def test_cpa_codes_and_estate():
    assert cpa_codes("10 & 12") == ["CPA10", "CPA12"]
    assert cpa_codes("6") == ["CPA06"]
    assert cpa_codes("") == []
    assert estate("Female", "Dual Designated Prison") == "women"
    assert estate("Local", "Prison") == "men"
    assert estate("Not in use", "Not in use") == "not in use"


def test_nearest_km_hand_checked():
    points = np.array([[0, 0], [3000, 4000], [10_000, 0]])
    targets = np.array([[0, 4000], [10_000, 3000]])
    # (0,0): 4 km to the first; (3000,4000): 3 km to the first; (10000,0): 3 km to the second.
    assert nearest_km(points, targets, chunk=2).tolist() == pytest.approx([4.0, 3.0, 3.0])
    assert np.isnan(nearest_km(points, np.empty((0, 2)))).all()


def _synthetic():
    """Two CRCs, three districts; one men's prison serves both CRCs, one serves only CRC B, one women's in A."""
    points = pd.DataFrame({
        "district_code": ["d1", "d1", "d2", "d3"], "crc_code": ["A", "A", "A", "B"],
        "easting": [0.0, 6000.0, 0.0, 20_000.0], "northing": [0.0, 8000.0, 30_000.0, 0.0],
        "weight": [100.0, 300.0, 200.0, 400.0]})
    prisons = pd.DataFrame({
        "prison": ["Shared", "Shared", "Bonly", "Women"], "crc_code": ["A", "B", "B", "A"],
        "estate": ["men", "men", "men", "women"],
        "easting": [0.0, 0.0, 0.0, 0.0], "northing": [0.0, 0.0, 30_000.0, 8000.0]})
    return points, prisons


def test_point_distances_use_only_the_own_crc_prisons():
    points, prisons = _synthetic()
    out = point_distances(points, prisons)
    # CRC A is served only by 'Shared' at the origin: d2's point at (0, 30 km) is 30 km from it, although
    # 'Bonly' (CRC B's) sits exactly there.
    assert out["men_crc_km"].tolist() == pytest.approx([0.0, 10.0, 30.0, 20.0])
    assert out["men_any_km"].tolist() == pytest.approx([0.0, 10.0, 0.0, 20.0])
    assert out["women_any_km"].tolist() == pytest.approx([8.0, 6.0, 22.0, np.hypot(20, 8)])
    assert out["women_crc_km"].iloc[:3].tolist() == pytest.approx([8.0, 6.0, 22.0])
    assert np.isnan(out["women_crc_km"].iloc[3])  # CRC B names no women's prison: missing, not zero


def test_area_distances_combine_districts_exactly():
    points, prisons = _synthetic()
    sums = district_sums(point_distances(points, prisons), far_km=15.0)
    blocks = pd.DataFrame({"crc": ["A", "A", "B"], "police_force_area": ["P1", "P2", "P2"]},
                          index=pd.Index(["d1", "d2", "d3"], name="district_code"))
    by_crc = area_distances(sums, blocks, "crc").set_index("area_code")
    assert by_crc.loc["A", "population"] == 600
    assert by_crc.loc["A", "men_crc_km"] == pytest.approx((100 * 0 + 300 * 10 + 200 * 30) / 600)  # 15 km
    assert by_crc.loc["A", "men_any_km"] == pytest.approx(3000 / 600)
    assert by_crc.loc["A", "crc_penalty_km"] == pytest.approx(10.0)
    assert by_crc.loc["A", "men_far_share"] == pytest.approx(200 / 600)
    assert by_crc.loc["A", "men_crc_km_max"] == pytest.approx(30.0)
    assert by_crc.loc["A", "women_crc_km"] == pytest.approx((100 * 8 + 300 * 6 + 200 * 22) / 600)
    assert np.isnan(by_crc.loc["B", "women_crc_km"]) and by_crc.loc["B", "women_crc_covered_share"] == 0
    # A force area that mixes the two CRCs: P2 = d2 (CRC A, 30 km) + d3 (CRC B, 20 km).
    by_pfa = area_distances(sums, blocks, "police_force_area").set_index("area_code")
    assert by_pfa.loc["P2", "men_crc_km"] == pytest.approx((200 * 30 + 400 * 20) / 600)
    assert by_pfa.loc["P2", "women_crc_covered_share"] == pytest.approx(200 / 600)


@pytest.fixture(scope="module")
def prisons():
    return load_prisons()


def test_real_estate_has_about_120_establishments_all_in_england_and_wales(prisons, atlas):
    assert 115 <= len(prisons) <= 125
    assert prisons["prison"].is_unique
    assert (prisons["located_by"] == "postcode directory").sum() >= len(prisons) - 2
    points = gpd.GeoDataFrame(prisons, geometry=gpd.points_from_xy(prisons["easting"], prisons["northing"]),
                              crs=atlas.blocks.crs)
    near = gpd.sjoin_nearest(points, atlas.blocks[["district_code", "geometry"]], distance_col="gap_m")
    # The blocks are super-generalised: an island or coastal prison may sit just off them, never far off.
    assert near["gap_m"].max() < 2000
    placed = with_areas(prisons, atlas)
    assert (placed["district_code"] != "").all() and (placed["in_crc_code"] != "").all()
    # Altcourse (Liverpool, L9) stands in Merseyside but is listed as a resettlement prison for CPA06.
    altcourse = placed.set_index("prison").loc["Altcourse"]
    assert altcourse["in_police_force_area_name"] == "Merseyside" and not altcourse["serves_own_crc"]


def test_real_resettlement_prisons_map_to_crcs(prisons, atlas):
    serving = resettlement_prisons(prisons)
    crcs = set(atlas.layer_areas("crc")["area_code"])
    assert set(serving["crc_code"]) <= crcs
    men = serving[serving["estate"] == "men"]
    assert set(men["crc_code"]) == crcs  # every CRC has at least one men's resettlement prison
    assert not prisons.loc[prisons["estate"] == "not in use", "resettlement_prison"].any()


def test_geocode_disagreements_are_reported_not_hidden(prisons):
    far = prisons[prisons["geocode_disagrees"] & (prisons["located_by"] == "postcode directory")]
    assert (far["geocode_gap_km"] > GEOCODE_GAP_KM).all()
    assert far["location_note"].str.contains("disagree").all()
    unlocated = prisons[prisons["located_by"] != "postcode directory"]
    assert (unlocated["location_note"] != "").all()


def test_real_distances_keep_every_resident_and_are_consistent(atlas):
    sums = district_table(atlas)
    population = pd.read_csv(sources_dir() / POPULATION_FILE, dtype={"code": str})
    england_and_wales = population.loc[population["code"] == "K04000001", "all_ages"].iloc[0]
    assert set(sums["district_code"]) == set(atlas.block_table.index)
    assert sums["population"].sum() == pytest.approx(england_and_wales, rel=1e-9)
    for layer_id in ("crc", "police_force_area", "region"):
        table = area_distances(sums, atlas.block_table, layer_id)
        assert len(table) == len(atlas.layer_areas(layer_id))
        assert (table["men_crc_km"] >= table["men_any_km"] - 1e-9).all()
        assert (table["men_crc_km_max"] >= table["men_crc_km"]).all()
        assert table["men_crc_km"].between(0, 150).all()
