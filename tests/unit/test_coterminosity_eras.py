"""Reform timeline and combined authority lens: measures checked against the block table by hand-written rules."""
from __future__ import annotations

import pytest

from geo.combined_authority_lens import PARTNER_LAYERS, partners, summary
from geo.population_units import population_units
from geo.reform_timeline import ERAS, available_eras, era_measures, timeline


def test_eras_in_time_order_and_skip_missing_layers():
    eras = available_eras()
    assert [e.layer_id for e in eras][0] == "regional_offender_manager"
    assert [e.years for e in eras] == sorted(e.years for e in eras)
    assert set(eras) <= set(ERAS)


def test_regional_offender_managers_against_force_areas(atlas):
    era = next(e for e in ERAS if e.layer_id == "regional_offender_manager")
    row = era_measures(atlas, era, "police_force_area")
    table = atlas.block_table
    per_region = table.groupby("regional_offender_manager")["police_force_area"].nunique()
    assert row["bodies"] == 10
    assert row["mean_partners_per_body"] == pytest.approx(per_region.mean(), abs=0.01)
    assert row["max_partners_per_body"] == per_region.max()
    # Regions are built from whole force areas, so no force area is split between two managers.
    assert row["against_split"] == int((table.groupby("police_force_area")["regional_offender_manager"].nunique() > 1)
                                       .sum()) == 0
    councils = era_measures(atlas, era, "district")
    assert councils["mean_councils_incl_counties"] == pytest.approx(375 / 10)  # 348 districts + 27 counties


def test_crc_coterminous_count_matches_single_force_crcs(atlas):
    era = next(e for e in ERAS if e.layer_id == "crc")
    row = era_measures(atlas, era, "police_force_area")
    per_crc = atlas.block_table.groupby("crc")["police_force_area"].nunique()
    assert row["bodies_coterminous"] == int((per_crc == 1).sum())


def test_timeline_residents_share_is_population_weighted(atlas):
    units = population_units()
    table = timeline(atlas, units)
    assert set(table["against"]) == {"police_force_area", "district"}
    nps = table[(table["layer"] == "nps_division") & (table["against"] == "police_force_area")].iloc[0]
    assert nps["pct_residents_in_shared_bodies"] == 100.0  # every NPS division spans several force areas
    crc = table[(table["layer"] == "crc") & (table["against"] == "police_force_area")].iloc[0]
    assert 0 < crc["pct_residents_in_shared_bodies"] < 100


def test_lens_liverpool_city_region_and_halton(atlas):
    rows = partners(atlas, population_units())
    liverpool = rows[rows["combined_authority_code"] == "E47000004"]
    assert set(liverpool["layer"]) == set(PARTNER_LAYERS)
    cheshire = liverpool[liverpool["body"] == "Cheshire"].iloc[0]
    merseyside = liverpool[liverpool["body"] == "Merseyside"].iloc[0]
    assert merseyside["share_of_body_outside"] == pytest.approx(0.0, abs=1e-9)  # Merseyside lies wholly inside
    district_km2 = atlas.layer_areas("district").set_index("area_code")["area_km2"]
    cheshire_km2 = atlas.layer_areas("police_force_area").set_index("area_name").loc["Cheshire", "area_km2"]
    assert cheshire["share_of_body_outside"] == pytest.approx(1 - district_km2["E06000006"] / cheshire_km2, abs=1e-3)
    assert 0 < cheshire["population_share_of_body_outside"] < 1
    counts = summary(rows).set_index(["combined_authority_code", "layer"])["bodies"]
    assert counts[("E47000004", "police_force_area")] == 2
    assert counts[("E61000001", "police_force_area")] == 2  # Metropolitan Police and City of London


def test_probation_trusts_nest_in_force_areas(atlas):
    era = next(e for e in available_eras() if e.layer_id == "probation_trust")
    row = era_measures(atlas, era, "police_force_area")
    # Hand count from the trusts' names in SI 2014/2704: six trusts span several force areas (London, Durham Tees
    # Valley, Staffordshire and West Midlands, Norfolk and Suffolk, Surrey and Sussex: 2 each; Wales: 4).
    assert row["bodies"] == 35 and row["bodies_coterminous"] == 29
    assert row["max_partners_per_body"] == 4 and row["against_split"] == 0
    assert row["mean_partners_per_body"] == pytest.approx(43 / 35, abs=0.01)
