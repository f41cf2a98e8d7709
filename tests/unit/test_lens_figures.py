"""Combined authority lens tables and map (figures/lens.py): made-up partner rows, then the real atlas."""
from __future__ import annotations

import pandas as pd

from figures.lens import authority_sentence, authority_table, bodies_per_authority, every_partner_table, partner_map
from geo.combined_authority_lens import PARTNER_LAYERS, partners, summary


def _rows() -> pd.DataFrame:
    """Made-up partners of one authority: two force areas, one CRC (mostly outside), one CPS area wholly inside."""
    return pd.DataFrame({
        "combined_authority_code": "X1", "combined_authority": "Testshire",
        "layer": ["police_force_area", "police_force_area", "crc", "cps_area"],
        "body_code": ["P1", "P2", "C1", "S1"], "body": ["North Force", "South Force", "Big CRC", "Test CPS"],
        "shared_km2": [100.0, 20.0, 120.0, 120.0], "share_of_authority_in_body": [0.8333, 0.1667, 1.0, 1.0],
        "share_of_body_inside": [1.0, 0.25, 0.1, 1.0], "share_of_body_outside": [0.0, 0.75, 0.9, 0.0],
        "population_share_of_body_outside": [0.0, 0.5, float("nan"), 0.0]})


def test_the_sentence_counts_partners_and_those_reaching_outside():
    sentence = authority_sentence("Testshire", _rows())
    assert sentence.startswith("Testshire works with 2 police force areas (North Force, South Force) and 2 other "
                               "justice bodies (CRC, CPS area)")
    assert "2 of its 4 partner bodies reach beyond its edge" in sentence and "commissioner" not in sentence
    one = authority_sentence("Testshire", _rows().iloc[[0, 3]])
    assert "1 police force area (North Force) and 1 other justice body (CPS area)" in one
    mayor = {"police_force_area_name": "North Force", "since": "2017-05-08"}
    assert authority_sentence("Testshire", _rows(), mayor).endswith(
        "Its mayor holds the police and crime commissioner's functions for North Force (since 8 May 2017).")


def test_the_table_gives_shares_in_percent_and_population_only_when_there_is_one():
    table = authority_table(_rows(), has_population=True)
    assert list(table.columns[:4]) == ["Layer", "Body", "Code", "Shared area (km²)"]
    assert table["Layer"].iloc[0] == "Police force areas (PCCs)"
    assert table["% of the body outside the authority (area-weighted)"].tolist() == [0.0, 75.0, 90.0, 0.0]
    population = table["% of the body outside the authority (population-weighted, mid-2022)"]
    assert population.iloc[1] == 50.0 and pd.isna(population.iloc[2])  # missing stays missing
    assert not any("population" in c for c in authority_table(_rows(), has_population=False).columns)
    download = every_partner_table(_rows())
    assert {"share_of_body_outside_area_weighted", "share_of_body_outside_population_weighted"} <= set(download)


def test_bodies_per_authority_and_the_partner_map_on_the_atlas(atlas):
    rows = partners(atlas)
    wide = bodies_per_authority(summary(rows))
    assert len(wide) == 16 and len(wide.columns) == len(PARTNER_LAYERS)
    assert wide.loc["Liverpool City Region Combined Authority", "Police force areas"] == 2
    assert wide.loc["York and North Yorkshire Combined Authority", "Police force areas"] == 1
    history = partners(atlas, authority_layer="mayoral_combined_authority")
    assert history["combined_authority_code"].nunique() == 10 and "crc" in set(history["layer"])
    mine = history[history["combined_authority_code"] == "E47000004"]
    bodies = mine.loc[mine["layer"] == "crc", "body_code"].tolist()
    figure = partner_map(atlas, "E47000004", "crc", bodies, pd.Series(dtype=str), "mayoral_combined_authority")
    assert {layer.name for layer in figure.layout.map.layers} == {None, "mayoral_combined_authority", "crc"}
    assert figure.layout.uirevision == "lens-E47000004-crc"
    assert figure.layout.map.zoom >= 4.5
