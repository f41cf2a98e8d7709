"""Coterminosity of a pair measured once (geo.coterminosity.pair_overlap) agrees with the measures page by page."""
from __future__ import annotations

from geo.coterminosity import atlas_measures, bodies_measures, body_table, measures, pair_overlap
from geo.overlap import exact_overlap
from geo.population_units import population_overlap, population_units


def test_a_pair_measured_once_matches_each_measure_made_on_its_own(atlas):
    units = population_units()
    pair = pair_overlap(atlas, "mayoral_combined_authority", "police_force_area", units)
    table = exact_overlap(atlas, "mayoral_combined_authority", "police_force_area")
    population = population_overlap(atlas.block_table, units, "mayoral_combined_authority", "police_force_area")
    a_codes = list(atlas.layer_areas("mayoral_combined_authority")["area_code"])
    assert pair.table.equals(table) and pair.population.equals(population)
    assert pair.bodies.equals(body_table(table, a_codes, population))
    whole = atlas_measures(atlas, "mayoral_combined_authority", "police_force_area", units=units)
    assert pair.measures == whole["measures"] and pair.headline == whole["headline"]


def test_without_population_the_pair_has_area_weighted_measures_only(atlas):
    pair = pair_overlap(atlas, "crc", "police_force_area")
    assert pair.population is None and "population_areas_missing" not in pair.measures
    assert pair.measures == atlas_measures(atlas, "crc", "police_force_area", with_population=False)["measures"]


def test_measures_from_a_body_table_already_made_are_the_same_measures(atlas):
    table = exact_overlap(atlas, "district", "county")
    a_areas = atlas.layer_areas("district")
    codes, b_codes = list(a_areas["area_code"]), list(atlas.layer_areas("county")["area_code"])
    km2 = a_areas.set_index("area_code")["area_km2"]
    assert bodies_measures(body_table(table, codes), table, b_codes, km2) == measures(table, codes, b_codes, km2)
