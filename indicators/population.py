"""Resident population by area (ONS mid-2018, by force area and region), read at run time from ../shared."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.atlas import Atlas
from geo.locations import sources_dir
from indicators.aggregate import pooled
from indicators.catalogue import IndicatorDef

POPULATION_FILE = "population/pfa_region_population_mye2018_snhp2017.csv"
SOURCE_ID = "ons_population_pfa_mye2018"
VINTAGE = "ONS mid-2018 population estimates"
_POPULATION = IndicatorDef("population", "Resident population", "people", "count", False)


def pfa_population(folder: Path | None = None) -> pd.Series:
    """Mid-2018 population by police force area code (empty when the shared file is absent)."""
    path = sources_dir(folder) / POPULATION_FILE
    if not path.exists():
        return pd.Series(dtype=float)
    table = pd.read_csv(path, dtype={"code": str}).dropna(subset=["code"])
    table = table[table["code"].str.match(r"^(E23|W15)")]
    return table.set_index("code")["MYE2018"].astype(float)


def population_for_layer(atlas: Atlas, layer: str, folder: Path | None = None) -> pd.Series:
    """Population of every area of a layer, summed from whole force areas (NaN where force areas do not nest)."""
    by_pfa = pfa_population(folder)
    if by_pfa.empty:
        return pd.Series(dtype=float)
    rows = pd.DataFrame({"area_code": by_pfa.index, "layer": "police_force_area", "value": by_pfa.values,
                         "numerator": float("nan"), "denominator": float("nan"), "is_estimate": False,
                         "source_id": SOURCE_ID})
    view = pooled(atlas, rows, _POPULATION, "police_force_area", layer)
    return view.set_index("area_code")["value"]
