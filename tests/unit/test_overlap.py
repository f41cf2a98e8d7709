"""The overlap engine: hand-checked intersections on a synthetic block table, and exact vs geometric paths agree."""
from __future__ import annotations

import pandas as pd
import pytest

from geo.overlap import agreement, block_km2, exact_overlap, geometric_overlap, overlap_from_blocks, overlap_matrix

# Six blocks; three force areas of two blocks each; CRC C1 = P1 + P2, C2 = P3;
# a combined authority M1 = b2 + b3 straddles the P1/P2 boundary and covers nothing else.
BLOCKS = pd.DataFrame({"pfa": ["P1", "P1", "P2", "P2", "P3", "P3"],
                       "crc": ["C1", "C1", "C1", "C1", "C2", "C2"],
                       "mca": ["", "M1", "M1", "", "", ""]},
                      index=["b1", "b2", "b3", "b4", "b5", "b6"])
KM2 = pd.Series([1.0, 2.0, 3.0, 4.0, 5.0, 5.0], index=BLOCKS.index)


def _row(table, a, b):
    return table[(table["a_code"] == a) & (table["b_code"] == b)].iloc[0]


def test_force_areas_inside_a_crc_made_of_two_of_them():
    table = overlap_from_blocks(BLOCKS, KM2, "pfa", "crc")
    assert len(table) == 3
    p1 = _row(table, "P1", "C1")
    assert p1["shared_km2"] == 3.0 and p1["a_km2"] == 3.0 and p1["b_km2"] == 10.0
    assert p1["share_of_a"] == 1.0 and p1["share_of_b"] == pytest.approx(0.3)
    assert _row(table, "P2", "C1")["share_of_b"] == pytest.approx(0.7)
    assert _row(table, "P3", "C2")["share_of_b"] == 1.0


def test_combined_authority_crossing_a_force_boundary():
    table = overlap_from_blocks(BLOCKS, KM2, "mca", "pfa")
    assert list(table["b_code"]) == ["P2", "P1"]  # largest share first
    assert _row(table, "M1", "P1")["share_of_a"] == pytest.approx(2 / 5)
    assert _row(table, "M1", "P2")["share_of_a"] == pytest.approx(3 / 5)
    assert _row(table, "M1", "P2")["share_of_b"] == pytest.approx(3 / 7)
    reverse = overlap_from_blocks(BLOCKS, KM2, "pfa", "mca")
    assert set(reverse["a_code"]) == {"P1", "P2"}  # P3 meets no combined authority
    assert reverse["share_of_a"].sum() == pytest.approx(2 / 3 + 3 / 7)


def test_matrix_and_bad_input():
    matrix = overlap_matrix(overlap_from_blocks(BLOCKS, KM2, "crc", "pfa"))
    assert matrix.loc["C1", "P3"] == 0.0 and matrix.loc["C1"].sum() == pytest.approx(1.0)
    with pytest.raises(KeyError, match="not a column"):
        overlap_from_blocks(BLOCKS, KM2, "pfa", "nope")
    with pytest.raises(ValueError, match="without a size"):
        overlap_from_blocks(BLOCKS, KM2.drop("b6"), "pfa", "crc")


def test_block_areas_add_up_to_each_layer_area(atlas):
    table = exact_overlap(atlas, "police_force_area", "region")
    areas = atlas.layer_areas("police_force_area").set_index("area_code")["area_km2"]
    by_force = table.groupby("a_code")["a_km2"].first()
    assert (abs(by_force - areas.reindex(by_force.index)) / areas.reindex(by_force.index)).max() < 1e-3
    assert block_km2(atlas).sum() == pytest.approx(areas.sum(), rel=1e-4)


@pytest.mark.parametrize("layer_a,layer_b", [("police_force_area", "crc"), ("crc", "hmcts_region"),
                                             ("mayoral_combined_authority", "police_force_area"),
                                             ("county", "cps_area"), ("regional_offender_manager", "probation_region")])
def test_exact_and_geometric_paths_agree(atlas, layer_a, layer_b):
    exact = exact_overlap(atlas, layer_a, layer_b)
    geometric = geometric_overlap(atlas, layer_a, layer_b)
    assert set(zip(exact["a_code"], exact["b_code"])) == set(zip(geometric["a_code"], geometric["b_code"]))
    assert agreement(exact, geometric) < 1e-3
    merged = exact.merge(geometric, on=["a_code", "b_code"], suffixes=("", "_g"))
    # District areas are stored rounded to 0.01 km2, so small pieces differ by a few hundredths at most.
    gap = (merged["shared_km2"] - merged["shared_km2_g"]).abs()
    assert (gap <= (1e-4 * merged["shared_km2"]).clip(lower=0.05)).all()


def test_liverpool_city_region_reaches_into_cheshire(atlas):
    table = exact_overlap(atlas, "mayoral_combined_authority", "police_force_area")
    liverpool = table[table["a_code"] == "E47000004"]
    names = {atlas.area_name("police_force_area", code) for code in liverpool["b_code"]}
    assert names == {"Merseyside", "Cheshire"}  # Halton is a Cheshire council
    halton_km2 = atlas.layer_areas("district").set_index("area_code").loc["E06000006", "area_km2"]
    cheshire = liverpool[liverpool["b_code"].map(lambda c: atlas.area_name("police_force_area", c)) == "Cheshire"]
    assert cheshire["shared_km2"].iloc[0] == pytest.approx(halton_km2)
