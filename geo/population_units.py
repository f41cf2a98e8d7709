"""Mid-2022 population on the 2013-19 district blocks: whole 2023 districts as units, never apportioned."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.facts import DISTRICT_LOOKUP
from geo.locations import sources_dir

POPULATION_FILE = "population/ons_mye2_persons_mid2022_lad2023_agebands_clean.csv"
POPULATION_VINTAGE = "ONS mid-2022 population estimates (MYE2, 2023 district boundaries)"


class PopulationUnavailableError(FileNotFoundError):
    """The population file or the district lookup is not in the sources folder."""


def population_units(sources: Path | None = None) -> pd.DataFrame:
    """For each 2013-19 district: the 2023 district (unit) it became part of and that unit's mid-2022 population.

    Districts merged 2019-2023 share one unit (e.g. the 7 Northamptonshire districts form 2 units);
    the population of a merged unit is never split between its former districts."""
    folder = sources_dir(sources)
    lookup_path, population_path = folder / DISTRICT_LOOKUP, folder / POPULATION_FILE
    for path in (lookup_path, population_path):
        if not path.exists():
            raise PopulationUnavailableError(f"{path} not found: population weighting is unavailable")
    lookup = pd.read_csv(lookup_path, dtype=str, keep_default_na=False)
    population = pd.read_csv(population_path, dtype={"code": str})
    people = dict(zip(population["code"], population["all_ages"].astype(int)))
    successor = dict(zip(lookup["lad_code"], lookup["replaced_by_code"]))
    rows = []
    for code in lookup.loc[lookup["in_lad2013_topojson"] == "Y", "lad_code"]:
        unit, seen = code, set()
        while unit not in people and successor.get(unit) and unit not in seen:  # follow merges to 2023
            seen.add(unit)
            unit = successor[unit]
        rows.append({"district_code": code, "unit_code": unit, "unit_population": people.get(unit)})
    units = pd.DataFrame(rows).set_index("district_code")
    if units["unit_population"].isna().any():
        missing = list(units.index[units["unit_population"].isna()])
        raise PopulationUnavailableError(f"no mid-2022 population for districts {missing[:5]}")
    units["unit_population"] = units["unit_population"].astype(int)
    return units


def population_overlap(block_table: pd.DataFrame, units: pd.DataFrame, layer_a: str, layer_b: str) -> pd.DataFrame:
    """Population shared by each (A area, B area) pair, with each area's population; NaN where not resolvable.

    A unit (a 2023 district) counts towards a pair only when all its 2013 blocks fall in that pair;
    an area or pair touched by a unit that straddles its edge gets no population (shown as missing)."""
    codes = block_table[[layer_a, layer_b]].copy()
    codes.columns = ["a_code", "b_code"]
    codes = codes.join(units[["unit_code", "unit_population"]], how="left")
    if codes["unit_code"].isna().any():
        raise ValueError("blocks without a population unit")

    def totals(key: list[str]) -> pd.DataFrame:
        per_unit = codes.groupby("unit_code")[key].nunique().max(axis=1)
        clean_units = set(per_unit[per_unit == 1].index)  # units lying wholly in one area (or pair)
        frame = codes.drop_duplicates(["unit_code"] + key).copy()
        frame["clean"] = frame["unit_code"].isin(clean_units)
        grouped = frame.groupby(key).agg(pop=("unit_population", "sum"), clean=("clean", "all"))
        grouped.loc[~grouped["clean"], "pop"] = float("nan")
        return grouped["pop"].astype(float)

    a_pop, b_pop, pair_pop = totals(["a_code"]), totals(["b_code"]), totals(["a_code", "b_code"]).reset_index()
    pair_pop = pair_pop[(pair_pop["a_code"] != "") & (pair_pop["b_code"] != "")]
    pair_pop = pair_pop.rename(columns={"pop": "shared_population"})
    pair_pop["a_population"] = pair_pop["a_code"].map(a_pop)
    pair_pop["b_population"] = pair_pop["b_code"].map(b_pop)
    pair_pop["population_share_of_a"] = pair_pop["shared_population"] / pair_pop["a_population"]
    pair_pop["population_share_of_b"] = pair_pop["shared_population"] / pair_pop["b_population"]
    return pair_pop.reset_index(drop=True)
