"""Straight-line distance from where residents live to the resettlement prisons designated for their CRC area."""
from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.atlas import Atlas
from geo.build import BUILD_VERSION
from geo.locations import sources_dir
from geo.postcodes import POSTCODE_SOURCE, _letter_table
from geo.prisons import NOMS_LIST, load_prisons, located_prisons, resettlement_prisons
from geo.registry import get_layer
from geo.source_cache import stamped_table

POPULATION_FILE = "population/ons_mye2_persons_mid2022_lad2023_agebands_clean.csv"
POPULATION_SOURCE = ("ONS mid-year population estimates, mid-2022, all ages, by 2023 district "
                     "(read at run time from ../shared/data/sources/" + POPULATION_FILE + ")")
METHOD = ("Population-weighted: each 2023 district's mid-2022 population (ONS, all ages) is spread evenly over the "
          f"postcodes the {POSTCODE_SOURCE} places in it (the packaged copy has no live/terminated flag, so all "
          "are used); every postcode is then placed in its 2013-19 district (by its district code where unchanged "
          "since 2013, by its grid reference for districts merged or recoded since). A 2013 district that later "
          "merged therefore gets an ESTIMATED population: its successor's, shared by postcode count. Distances are "
          "straight lines between postcode grid references and prison postcodes, not journeys.")
FAR_KM = 50.0
CACHE_VERSION = "v1"
_LETTERS = "ABCDEFGHIJKLMNOPRSTUWY"  # postcode areas of England and Wales start with these letters
# ONS recoded Barnsley and Sheffield in 2024 (a minor boundary change): the Nov 2025 postcodes carry the new
# codes, the mid-2022 population and the 2013 districts the old ones.
RECODED_SINCE_2023 = {"E08000038": "E08000016", "E08000039": "E08000019"}

# Per-district sums kept so any layer's areas combine exactly: weighted sums, population, maxima.
SUM_COLUMNS = ["population", "men_crc_km_x_pop", "men_any_km_x_pop", "men_far_pop", "women_any_km_x_pop",
               "women_crc_km_x_pop", "women_crc_pop"]
MAX_COLUMNS = ["men_crc_km_max"]


def nearest_km(points_xy: np.ndarray, targets_xy: np.ndarray, chunk: int = 100_000) -> np.ndarray:
    """For each point (n x 2, metres), the straight-line km to its nearest target (m x 2); NaN if no targets."""
    points_xy = np.asarray(points_xy, dtype=float).reshape(-1, 2)
    targets_xy = np.asarray(targets_xy, dtype=float).reshape(-1, 2)
    if len(targets_xy) == 0:
        return np.full(len(points_xy), np.nan)
    out = np.empty(len(points_xy))
    for start in range(0, len(points_xy), chunk):
        block = points_xy[start:start + chunk]
        gaps = block[:, None, :] - targets_xy[None, :, :]
        out[start:start + chunk] = np.sqrt((gaps ** 2).sum(axis=2)).min(axis=1) / 1000.0
    return out


def point_distances(points: pd.DataFrame, prisons: pd.DataFrame) -> pd.DataFrame:
    """Per resident point (easting, northing, crc_code): km to its CRC's and to any resettlement prison.

    prisons: one row per (prison, CRC it serves) with easting, northing, crc_code, estate; a prison that serves
    two CRCs appears twice. Points of a CRC with no designated prison of a kind get NaN for that kind."""
    out = points.copy()
    xy = out[["easting", "northing"]].to_numpy(dtype=float)
    men = prisons[prisons["estate"] == "men"]
    women = prisons[prisons["estate"] == "women"]
    out["men_any_km"] = nearest_km(xy, men.drop_duplicates("prison")[["easting", "northing"]].to_numpy())
    out["women_any_km"] = nearest_km(xy, women.drop_duplicates("prison")[["easting", "northing"]].to_numpy())
    out["men_crc_km"] = np.nan
    out["women_crc_km"] = np.nan
    for crc_code, rows in out.groupby("crc_code").groups.items():
        where = out.index.isin(rows)
        for kind, serving in (("men", men), ("women", women)):
            targets = serving.loc[serving["crc_code"] == crc_code, ["easting", "northing"]].to_numpy()
            out.loc[where, f"{kind}_crc_km"] = nearest_km(xy[where], targets)
    return out


def district_sums(points: pd.DataFrame, far_km: float = FAR_KM) -> pd.DataFrame:
    """Per district_code: the weighted sums and maxima that let any layer's areas be combined exactly."""
    w = points["weight"]
    frame = pd.DataFrame({
        "district_code": points["district_code"], "population": w,
        "men_crc_km_x_pop": w * points["men_crc_km"], "men_any_km_x_pop": w * points["men_any_km"],
        "men_far_pop": w * (points["men_crc_km"] > far_km), "women_any_km_x_pop": w * points["women_any_km"],
        "women_crc_km_x_pop": (w * points["women_crc_km"]).fillna(0.0),
        "women_crc_pop": w.where(points["women_crc_km"].notna(), 0.0), "men_crc_km_max": points["men_crc_km"],
    })
    grouped = frame.groupby("district_code")
    return grouped[SUM_COLUMNS].sum().join(grouped[MAX_COLUMNS].max()).reset_index()


def area_distances(sums: pd.DataFrame, block_table: pd.DataFrame, layer_id: str) -> pd.DataFrame:
    """Combine per-district sums into one row per area of a layer: population-weighted means, share far, max."""
    get_layer(layer_id)
    keyed = sums.merge(block_table[[layer_id]].rename(columns={layer_id: "area_code"}),
                       left_on="district_code", right_index=True, how="inner")
    keyed = keyed[keyed["area_code"] != ""]
    grouped = keyed.groupby("area_code")
    table = grouped[SUM_COLUMNS].sum().join(grouped[MAX_COLUMNS].max())
    pop = table["population"]
    result = pd.DataFrame({
        "population": pop.round(0),
        "men_crc_km": table["men_crc_km_x_pop"] / pop,
        "men_any_km": table["men_any_km_x_pop"] / pop,
        "men_far_share": table["men_far_pop"] / pop,
        "men_crc_km_max": table["men_crc_km_max"],
        "women_any_km": table["women_any_km_x_pop"] / pop,
        # Only residents whose CRC has a women's resettlement prison count here; the rest are missing, not zero.
        "women_crc_km": table["women_crc_km_x_pop"] / table["women_crc_pop"].where(table["women_crc_pop"] > 0),
        "women_crc_covered_share": table["women_crc_pop"] / pop,
    })
    result["crc_penalty_km"] = result["men_crc_km"] - result["men_any_km"]
    return result.reset_index()


def _population(sources: Path | None) -> pd.Series:
    table = pd.read_csv(sources_dir(sources) / POPULATION_FILE, dtype={"code": str})
    table = table[table["code"].str.match(r"^[EW]0[6-9]")]
    return table.set_index("code")["all_ages"].astype(float)


def resident_points(atlas: Atlas, sources: Path | None = None) -> pd.DataFrame:
    """Every England and Wales postcode with its 2013 district, CRC and estimated residents (weight)."""
    frames = [_letter_table(letter) for letter in _LETTERS]
    codes = pd.concat(frames, ignore_index=True)
    codes = codes[codes["laua"].str.match(r"^[EW]0[6-9]", na=False) & codes["oseast1m"].gt(0)]
    points = pd.DataFrame({"district_2023": codes["laua"].replace(RECODED_SINCE_2023).to_numpy(),
                           "easting": codes["oseast1m"].to_numpy(float),
                           "northing": codes["osnrth1m"].to_numpy(float)})
    population = _population(sources)
    counts = points["district_2023"].value_counts()
    points["weight"] = points["district_2023"].map(population / counts)
    if points["weight"].isna().any():
        unknown = sorted(set(points.loc[points["weight"].isna(), "district_2023"]))
        raise ValueError(f"postcodes in districts without a mid-2022 population: {unknown[:5]}")
    blocks = atlas.blocks[["district_code", "geometry"]]
    same = points["district_2023"].isin(set(blocks["district_code"]))
    points["district_code"] = points["district_2023"].where(same, "")
    # Districts merged or recoded since 2013: place their postcodes in the old districts by grid reference.
    gone = blocks[~blocks["district_code"].isin(set(points["district_2023"]))]
    moved = points.loc[~same]
    located = gpd.GeoDataFrame(moved, geometry=gpd.points_from_xy(moved["easting"], moved["northing"]),
                               crs=blocks.crs)
    joined = gpd.sjoin_nearest(located, gone, how="left", max_distance=20_000)
    joined = joined[~joined.index.duplicated()]
    points.loc[joined.index, "district_code"] = joined["district_code_right"].fillna("")
    points = points[points["district_code"] != ""]
    points["crc_code"] = points["district_code"].map(atlas.block_table["crc"])
    return points.reset_index(drop=True)


def district_table(atlas: Atlas, sources: Path | None = None, use_cache: bool = True) -> pd.DataFrame:
    """Per-district sums for the real data, kept in the atlas's build cache (the inputs change only with the sources)."""
    def measure() -> pd.DataFrame:
        prisons = resettlement_prisons(located_prisons(sources, atlas.folder) if use_cache else load_prisons(sources))
        return district_sums(point_distances(resident_points(atlas, sources), prisons))

    if not use_cache:
        return measure()
    inputs = [sources_dir(sources) / NOMS_LIST, sources_dir(sources) / POPULATION_FILE]
    return stamped_table(f"resettlement_distance_{CACHE_VERSION}_build{BUILD_VERSION}", inputs, measure, atlas.folder)
