"""Coterminosity figures and tables: classes on the split map, ranking, matrix limits and missing values."""
from __future__ import annotations

from figures.coterminosity import (
    category,
    intersection_table,
    matrix_figure,
    matrix_rows,
    partners_sentence,
    ranked_bodies,
    split_map,
)
from geo.coterminosity import body_table, partner_counts
from geo.overlap import exact_overlap
from geo.population_units import population_overlap, population_units


def test_split_map_classes_and_styles(atlas):
    table = exact_overlap(atlas, "police_force_area", "mayoral_combined_authority")
    bodies = body_table(table, list(atlas.layer_areas("police_force_area")["area_code"]))
    classes = category(bodies)
    assert (classes == "outside").sum() == len(bodies) - int(bodies["wholly_inside_one"].sum()) - int(bodies["split"].sum())
    figure = split_map(atlas, bodies, "police_force_area", "mayoral_combined_authority")
    assert figure.layout.map.style == "white-bg"
    widths = {trace.name.split(" (")[0]: trace.marker.line.width for trace in figure.data}
    assert len(set(widths.values())) == len(widths)  # each class has its own outline width, not colour alone
    assert sum(len(trace.locations) for trace in figure.data) == 43


def test_ranking_puts_the_most_split_first(atlas):
    table = exact_overlap(atlas, "crc", "police_force_area")
    bodies = body_table(table, list(atlas.layer_areas("crc")["area_code"]))
    ranked = ranked_bodies(atlas, bodies, "crc", "police_force_area")
    counts = ranked["Number of police force areas"].tolist()
    assert counts == sorted(counts, reverse=True) and counts[0] == 4
    assert ranked.iloc[-1]["% outside the main one (area-weighted)"] == 0.0


def test_matrix_is_limited_for_big_layers_and_shows_missing_population(atlas):
    table = exact_overlap(atlas, "district", "county")
    bodies = body_table(table, list(atlas.layer_areas("district")["area_code"]))
    rows = matrix_rows(bodies, limit=20)
    assert len(rows) == 20
    population = population_overlap(atlas.block_table, population_units(), "district", "county")
    merged = table.merge(population[["a_code", "b_code", "population_share_of_a"]], on=["a_code", "b_code"])
    northants = [c for c in atlas.block_table.index if "E07000150" <= c <= "E07000156"]
    figure = matrix_figure(atlas, merged, "district", "county", northants, "population_share_of_a")
    assert {t for row in figure.data[0].text for t in row if t} == {"missing"}  # merged in 2021: never apportioned
    assert "population-weighted" in figure.layout.title.text
    named = intersection_table(atlas, table, "district", "county", population)
    assert "Share of the county council (population-weighted, mid-2022)" in named.columns


def test_partners_sentence_names_each_layer(atlas):
    sentence = partners_sentence(partner_counts(atlas.block_table, "crc"), "crc")
    assert sentence.startswith("On average a CRC deals with ") and "police force areas" in sentence
    assert "CRCs" not in sentence and sentence.endswith("(unweighted counts).")
