"""Coterminosity measures pinned on hand-checked cases, population weighting without apportioning, and the CLI."""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from geo.__main__ import main
from geo.coterminosity import atlas_measures, body_table, headline, measures, partner_counts, partners_summary, plural
from geo.overlap import overlap_from_blocks
from geo.population_units import population_overlap, population_units
from tests.unit.test_overlap import BLOCKS, KM2

# b1 and b2 merged into one later district (unit U12), so its 100 residents cannot be split between them.
UNITS = pd.DataFrame({"unit_code": ["U12", "U12", "U3", "U4", "U5", "U6"],
                      "unit_population": [100, 100, 30, 40, 50, 60]}, index=BLOCKS.index)
PFA_KM2 = pd.Series({"P1": 3.0, "P2": 7.0, "P3": 10.0})
CRC_KM2 = pd.Series({"C1": 10.0, "C2": 10.0})


def _measures(a, b, a_codes, b_codes, km2, units=True):
    table = overlap_from_blocks(BLOCKS, KM2, a, b)
    pop = population_overlap(BLOCKS, UNITS, a, b) if units else None
    return measures(table, a_codes, b_codes, km2, pop)


def test_crc_made_of_two_whole_force_areas():
    result = _measures("pfa", "crc", ["P1", "P2", "P3"], ["C1", "C2"], PFA_KM2)
    assert result["a_wholly_inside_one_b"] == 3 and result["a_split_between_several_b"] == 0
    assert result["b_made_of_whole_a"] == 2
    assert result["mean_a_partners_per_b"] == 1.5 and result["max_a_partners_per_b"] == 2
    assert result["area_share_of_a_not_in_main_b"] == 0.0
    reverse = _measures("crc", "pfa", ["C1", "C2"], ["P1", "P2", "P3"], CRC_KM2)
    assert reverse["a_wholly_inside_one_b"] == 1 and reverse["a_split_between_several_b"] == 0
    assert reverse["a_union_of_whole_b"] == 1  # C1 is P1 + P2, both whole: a union, never "split"
    assert reverse["b_made_of_whole_a"] == 1  # only P3 is a whole CRC
    # C1's largest force area P2 holds 7 of its 10 km2: 3 of the 20 km2 of CRCs lie outside the main partner.
    assert reverse["area_share_of_a_not_in_main_b"] == pytest.approx(0.15)
    # By residents: C1 = 100 + 30 + 40 = 170, main partner P2 (largest by area) holds 70; C2 = 110, all in P3.
    assert reverse["population_share_of_a_not_in_main_b"] == pytest.approx(100 / 280, abs=1e-4)
    assert reverse["population_share_of_a_wholly_inside_one_b"] == pytest.approx(110 / 280, abs=1e-4)


def test_combined_authority_crossing_a_force_boundary():
    result = _measures("mca", "pfa", ["M1"], ["P1", "P2", "P3"], pd.Series({"M1": 5.0}))
    assert result["a_split_between_several_b"] == 1 and result["a_wholly_inside_one_b"] == 0
    assert result["max_b_partners_per_a"] == 2 and result["b_meeting_any_a"] == 2
    assert result["area_share_of_a_not_in_main_b"] == pytest.approx(0.4)
    # The merged unit U12 straddles M1's edge (b1 outside, b2 inside): M1's population is missing, not guessed.
    assert result["population_areas_missing"] == 1
    assert result["population_share_of_a_not_in_main_b"] is None
    forces = _measures("pfa", "mca", ["P1", "P2", "P3"], ["M1"], PFA_KM2, units=False)
    assert forces["a_wholly_outside_b"] == 1 and forces["a_partly_outside_b"] == 2
    bodies = body_table(overlap_from_blocks(BLOCKS, KM2, "pfa", "mca"), ["P1", "P2", "P3"]).set_index("a_code")
    assert bodies.loc["P1", "share_outside_layer_b"] == pytest.approx(1 / 3)
    assert bodies.loc["P3", "partners"] == 0 and bodies.loc["P3", "share_not_in_main"] == 1.0


def test_population_is_never_apportioned():
    pop = population_overlap(BLOCKS, UNITS, "pfa", "crc").set_index("a_code")
    assert pop.loc["P1", "a_population"] == 100 and pop.loc["P2", "a_population"] == 70
    assert pop.loc["P1", "b_population"] == 170
    per_block = population_overlap(BLOCKS.assign(block=BLOCKS.index), UNITS, "block", "pfa").set_index("a_code")
    assert math.isnan(per_block.loc["b1", "a_population"]) and math.isnan(per_block.loc["b2", "shared_population"])
    assert per_block.loc["b3", "a_population"] == 30


def test_partner_counts_and_summary():
    counts = partner_counts(BLOCKS, "crc")
    assert counts.loc["C1", "pfa"] == 2 and counts.loc["C1", "mca"] == 1 and counts.loc["C2", "mca"] == 0
    summary = partners_summary(BLOCKS, ["pfa", "crc", "mca"])
    assert summary.loc["crc", "pfa"] == 1.5 and summary.loc["mca", "pfa"] == 2.0
    assert math.isnan(summary.loc["crc", "crc"])


def test_headline_sentence_on_the_real_atlas(atlas):
    result = atlas_measures(atlas, "police_force_area", "crc")
    assert result["headline"].startswith("Of 43 police force areas, 43 sit wholly inside one CRC;")
    assert "Of 21 CRCs, 21 are made up of whole police force areas" in result["headline"]
    assert result["measures"]["population_areas_missing"] == 0  # every 2019-23 merger stayed inside one force
    assert "mid-2022" in result["weighting"]["population_"]
    assert plural("mayoral_combined_authority") == "mayoral combined authorities"
    assert headline("crc", "police_force_area", atlas_measures(atlas, "crc", "police_force_area")["measures"]) \
        .startswith("Of 21 CRCs, ")


def test_real_combined_authorities_against_force_areas(atlas):
    result = atlas_measures(atlas, "mayoral_combined_authority", "police_force_area")["measures"]
    table = atlas.block_table
    split = table[table["mayoral_combined_authority"] != ""].groupby("mayoral_combined_authority")[
        "police_force_area"].nunique()
    # Liverpool City Region and Tees Valley are cut by a force boundary; the GLA is two whole forces (Met + City).
    assert result["a_split_between_several_b"] + result["a_union_of_whole_b"] == int((split > 1).sum())
    assert result["a_split_between_several_b"] == 2 and result["a_union_of_whole_b"] == 1
    assert result["n_a"] == 10


def test_population_units_total_matches_the_official_england_and_wales_row(atlas):
    units = population_units()
    assert len(units) == 348
    total = units.drop_duplicates("unit_code")["unit_population"].sum()
    from geo.locations import sources_dir
    from geo.population_units import POPULATION_FILE
    official = pd.read_csv(sources_dir() / POPULATION_FILE).set_index("code").loc["K04000001", "all_ages"]
    assert total == official
    northants = [c for c in units.index if c.startswith("E0700015") and "E07000150" <= c <= "E07000156"]
    assert units.loc[northants, "unit_code"].nunique() == 2


def test_cli_prints_the_measures(capsys):
    assert main(["coterminosity", "crc", "police_force_area", "--json", "--table"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["measures"]["n_a"] == 21 and result["measures"]["n_b"] == 43
    assert len(result["intersection"]) == 43  # every force area sits in exactly one CRC
    assert main(["coterminosity", "crc", "bogus", "--json"]) == 2
    assert "Unknown layer 'bogus'" in capsys.readouterr().err
    assert main(["coterminosity", "crc", "crc"]) == 2
