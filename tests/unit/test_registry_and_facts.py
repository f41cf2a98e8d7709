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


# The 21 CRCs by contract package area, under the names the companies traded under and HM Inspectorate of
# Probation reported them by (where those differ from the MoJ contract package name: CPA04, CPA12, CPA15, CPA17).
CRC_NAMES = {
    "CPA01": "Northumbria CRC", "CPA02": "Cumbria and Lancashire CRC", "CPA03": "Durham Tees Valley CRC",
    "CPA04": "Humberside, Lincolnshire and North Yorkshire CRC", "CPA05": "West Yorkshire CRC",
    "CPA06": "Cheshire and Greater Manchester CRC", "CPA07": "Merseyside CRC", "CPA08": "South Yorkshire CRC",
    "CPA09": "Staffordshire and West Midlands CRC",
    "CPA10": "Derbyshire, Leicestershire, Nottinghamshire and Rutland CRC", "CPA11": "Wales CRC",
    "CPA12": "Warwickshire and West Mercia CRC", "CPA13": "Bristol, Gloucestershire, Somerset and Wiltshire CRC",
    "CPA14": "Dorset, Devon and Cornwall CRC", "CPA15": "Hampshire and Isle of Wight CRC",
    "CPA16": "Thames Valley CRC",
    "CPA17": "Bedfordshire, Northamptonshire, Cambridgeshire and Hertfordshire CRC",
    "CPA18": "Norfolk and Suffolk CRC", "CPA19": "Essex CRC", "CPA20": "London CRC",
    "CPA21": "Kent, Surrey and Sussex CRC",
}


def test_crc_names_are_the_companies_own_and_cover_the_contract_package_areas():
    justice = read_fact_table("police_force_area_to_justice_areas.csv")
    assert dict(zip(justice["crc_code"], justice["crc_name"])) == CRC_NAMES
    crcs = assignments().query("layer == 'crc'")
    assert dict(zip(crcs["area_code"], crcs["area_name"])) == CRC_NAMES
    by_force_area = dict(zip(justice["police_force_area_name"], justice["crc_name"]))
    assert by_force_area["Hampshire"] == "Hampshire and Isle of Wight CRC"
    assert by_force_area["Warwickshire"] == by_force_area["West Mercia"] == "Warwickshire and West Mercia CRC"


def test_sheffield_city_regions_mayoral_authority_has_its_may_2021_brand():
    authorities = read_fact_table("mayoral_combined_authority_2021.csv")
    sheffield = set(authorities.loc[authorities.iloc[:, 0] == "E47000002"].iloc[:, 1])
    assert sheffield == {"Sheffield City Region Mayoral Combined Authority"}


def test_northamptonshire_is_in_the_east_of_england_probation_region():
    justice = read_fact_table("police_force_area_to_justice_areas.csv").set_index("police_force_area_code")
    northants = justice.loc["E23000022"]
    assert (northants["probation_region_code"], northants["probation_region_name"]) == (
        "pr_east_of_england", "East of England")
    assert "hmpps-probation-estate-api" in northants["source"]
    # the CPS area and HMCTS region are other bodies and stay in the Midlands
    assert (northants["cps_area_name"], northants["hmcts_region_name"]) == ("CPS East Midlands", "HMCTS Midlands")
    regions = justice.groupby("probation_region_name")["police_force_area_name"].apply(set)
    assert regions["East Midlands"] == {"Derbyshire", "Leicestershire", "Lincolnshire", "Nottinghamshire"}
    assert regions["East of England"] == {"Bedfordshire", "Cambridgeshire", "Essex", "Hertfordshire", "Norfolk",
                                          "Northamptonshire", "Suffolk"}
    table = assignments()
    northampton = table[(table["layer"] == "probation_region") & (table["district_code"] == "E07000154")]
    assert list(northampton["area_name"]) == ["East of England"]  # Northampton district
