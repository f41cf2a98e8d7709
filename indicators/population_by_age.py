"""Resident population by police force area and MoJ age group (ONS mid-2022, persons), for sentencing rates.

Read at run time from ../shared: the ONS mid-2022 estimates by local authority (2023 boundaries) and the
derived local authority -> police force area lookup. Persons only: the stored sources have no population by
sex, so no rate for women or men can be computed from them. Mid-2022 is the only vintage stored.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.locations import sources_dir

POPULATION_FILE = "population/ons_mye2_persons_mid2022_lad2023_agebands_clean.csv"
LOOKUP_FILE = "geography/lad_to_pfa_county_region_ca_2013_2025_derived.csv"
POPULATION_YEAR = 2022
VINTAGE = "ONS mid-2022 population estimates (persons), local authorities on 2023 boundaries"
SOURCE_NOTE = ("Population: ONS mid-year estimates, mid-2022, persons, summed from local authorities (2023 "
               "boundaries) to police force areas")
AGE_GROUPS = ("10+", "10-17", "18-20", "21+")  # the columns of population_by_age(); 21+ = 18+ minus 18-20
_LAD_CODE = r"^(E06|E07|E08|E09|W06)\d{6}$"


class PopulationSourceError(RuntimeError):
    """The shared population or lookup file is missing or does not fit what this module expects."""


def population_by_age(folder: Path | None = None) -> pd.DataFrame:
    """People aged 10+, 10-17, 18-20 and 21+ per force area code (index E23/W15), mid-2022; raises if absent."""
    root = sources_dir(folder)
    districts = _district_population(root / POPULATION_FILE)
    lookup = _district_to_force_area(root / LOOKUP_FILE)
    joined = districts.merge(lookup, left_on="code", right_on="lad_code", how="left")
    unmatched = joined.loc[joined["pfa_code"].isna(), "code"].tolist()
    if unmatched:
        raise PopulationSourceError(f"{len(unmatched)} local authorities of the population file have no force area "
                                    f"in the lookup: {', '.join(unmatched[:5])}")
    summed = joined.groupby("pfa_code")[["age_10_plus", "age_10_17", "age_18_20", "age_18_plus"]].sum()
    out = pd.DataFrame({"10+": summed["age_10_plus"], "10-17": summed["age_10_17"], "18-20": summed["age_18_20"],
                        "21+": summed["age_18_plus"] - summed["age_18_20"]}).astype(float)
    out.index.name = "area_code"
    return out


def _district_population(path: Path) -> pd.DataFrame:
    """The local authority rows of the cleaned ONS file (counties, regions and countries dropped)."""
    if not path.exists():
        raise PopulationSourceError(f"The population file is missing: {path}")
    table = pd.read_csv(path, dtype={"code": str})
    needed = {"code", "age_10_plus", "age_10_17", "age_18_20", "age_18_plus"}
    if not needed <= set(table.columns):
        raise PopulationSourceError(f"{path.name} lacks column(s): {', '.join(sorted(needed - set(table.columns)))}")
    return table[table["code"].str.match(_LAD_CODE, na=False)]


def _district_to_force_area(path: Path) -> pd.DataFrame:
    """lad_code -> pfa_code for every district in the lookup (current and abolished; one force area each)."""
    if not path.exists():
        raise PopulationSourceError(f"The district to force area lookup is missing: {path}")
    table = pd.read_csv(path, dtype=str, usecols=["lad_code", "pfa_code"])
    # Every district abolished 2019-2023 merged within one force area, so one row per code is enough.
    return table.dropna().drop_duplicates("lad_code")
