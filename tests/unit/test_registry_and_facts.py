"""The layer registry and the fact tables: counts, one area per block, a source on every row."""
from __future__ import annotations

import pandas as pd
import pytest

from geo.facts import FactTableError, assignments, read_fact_table
from geo.registry import LAYERS, UnknownLayerError, get_layer, layer_ids


def test_registry_ids_are_unique_and_known_layers_resolve():
    ids = layer_ids()
    assert len(ids) == len(set(ids)) == len(LAYERS)
    assert get_layer("crc").expected_count == 21
    with pytest.raises(UnknownLayerError, match="Known layers"):
        get_layer("crcs")


@pytest.mark.parametrize("layer_id,count", [("district", 348), ("county", 27), ("police_force_area", 43),
                                            ("crc", 21), ("nps_division", 7), ("probation_region", 12),
                                            ("cps_area", 13), ("hmcts_region", 7), ("region", 10),
                                            ("mayoral_combined_authority", 10), ("regional_offender_manager", 10),
                                            ("probation_trust", 35)])
def test_fact_tables_give_published_counts(layer_id, count):
    table = assignments()
    assert table.loc[table["layer"] == layer_id, "area_code"].nunique() == count


def test_councils_are_375():
    table = assignments()
    councils = table[table["layer"].isin(["district", "county"])]["area_code"].nunique()
    assert councils == 375


def test_every_district_has_exactly_one_area_in_each_full_layer():
    table = assignments()
    districts = set(table.loc[table["layer"] == "district", "district_code"])
    for layer in LAYERS:
        rows = table[table["layer"] == layer.id]
        assert not rows["district_code"].duplicated().any(), layer.id
        if layer.coverage == "full":
            assert set(rows["district_code"]) == districts, layer.id


def test_crc_areas_are_unions_of_whole_force_areas():
    table = assignments()
    wide = table.pivot(index="district_code", columns="layer", values="area_code")
    crcs_per_force_area = wide.groupby("police_force_area")["crc"].nunique()
    assert (crcs_per_force_area == 1).all()
    assert wide.loc["E06000028", "crc"] == "CPA14"  # Bournemouth: Dorset, Devon and Cornwall CRC


def test_every_fact_row_has_a_source():
    for name in ("police_force_area_to_justice_areas.csv", "region.csv", "mayoral_combined_authority_2021.csv",
                 "district_name_in_lsoa_2011.csv", "probation_trust_2010_2014.csv"):
        table = read_fact_table(name)
        assert (table["source"].str.len() > 10).all(), name
    assert assignments()["source"].str.len().min() > 10


def test_fact_table_without_source_is_refused(tmp_path):
    pd.DataFrame({"code": ["E1"], "source": [""]}).to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(FactTableError, match="source"):
        read_fact_table("bad.csv", tmp_path)


def test_missing_sources_folder_gives_a_clear_message(tmp_path):
    with pytest.raises(FactTableError, match="District lookup not found"):
        assignments(sources=tmp_path)
