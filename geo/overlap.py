"""The overlap engine: how the areas of any two layers intersect, exactly on district blocks or by geometry."""
from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.atlas import Atlas
from geo.registry import get_layer

OVERLAP_COLUMNS = ["a_code", "b_code", "shared_km2", "a_km2", "b_km2", "share_of_a", "share_of_b"]
# Geometric intersections of areas that share an edge leave floating-point slivers of a few square metres.
GEOMETRIC_SLIVER_KM2 = 0.01


def block_km2(atlas: Atlas) -> pd.Series:
    """Area in km2 of each 2013-19 district block, indexed by district code."""
    districts = atlas.layer_areas("district")
    return pd.Series(districts["area_km2"].to_numpy(float), index=districts["area_code"], name="km2")


def overlap_from_blocks(block_table: pd.DataFrame, weights: pd.Series, layer_a: str, layer_b: str) -> pd.DataFrame:
    """Intersection table of two layers built from blocks: one row per (A area, B area) that share a block.

    block_table: one row per block, one column per layer holding its area code ('' where not covered).
    weights: the size of each block (km2 here; any additive quantity works), indexed like block_table.
    a_km2 / b_km2 are each area's whole size, so share_of_a sums to less than 1 where A lies partly
    outside every B area (a partial layer such as combined authorities)."""
    for layer in (layer_a, layer_b):
        if layer not in block_table.columns:
            raise KeyError(f"layer '{layer}' is not a column of the block table")
    size = weights.reindex(block_table.index).astype(float)
    if size.isna().any():
        raise ValueError(f"blocks without a size: {list(size[size.isna()].index[:5])}")
    frame = pd.DataFrame({"a_code": block_table[layer_a].to_numpy(), "b_code": block_table[layer_b].to_numpy(),
                          "size": size.to_numpy()})
    a_total = frame[frame["a_code"] != ""].groupby("a_code")["size"].sum()
    b_total = frame[frame["b_code"] != ""].groupby("b_code")["size"].sum()
    both = frame[(frame["a_code"] != "") & (frame["b_code"] != "")]
    table = both.groupby(["a_code", "b_code"], as_index=False)["size"].sum().rename(columns={"size": "shared_km2"})
    return _finish(table, a_total, b_total)


def _finish(table: pd.DataFrame, a_total: pd.Series, b_total: pd.Series) -> pd.DataFrame:
    table = table.copy()
    table["a_km2"] = table["a_code"].map(a_total).astype(float)
    table["b_km2"] = table["b_code"].map(b_total).astype(float)
    table["share_of_a"] = table["shared_km2"] / table["a_km2"]
    table["share_of_b"] = table["shared_km2"] / table["b_km2"]
    return table[OVERLAP_COLUMNS].sort_values(["a_code", "shared_km2"], ascending=[True, False]).reset_index(drop=True)


def exact_overlap(atlas: Atlas, layer_a: str, layer_b: str) -> pd.DataFrame:
    """Exact intersection table of two atlas layers, summed over the district blocks (fast: no geometry)."""
    get_layer(layer_a), get_layer(layer_b)
    return overlap_from_blocks(atlas.block_table, block_km2(atlas), layer_a, layer_b)


def geometric_overlap(atlas: Atlas, layer_a: str, layer_b: str,
                      sliver_km2: float = GEOMETRIC_SLIVER_KM2) -> pd.DataFrame:
    """Intersection table by true geometric intersection of the two layers' polygons (British National Grid).

    For layers not built from the blocks, and as an independent check of the exact path. Pieces smaller
    than sliver_km2 (edge noise where two areas merely touch) are dropped."""
    get_layer(layer_a), get_layer(layer_b)
    areas = atlas.areas
    a = areas.loc[areas["layer"] == layer_a, ["area_code", "geometry"]].rename(columns={"area_code": "a_code"})
    b = areas.loc[areas["layer"] == layer_b, ["area_code", "geometry"]].rename(columns={"area_code": "b_code"})
    a_total = pd.Series(a.geometry.area.to_numpy() / 1e6, index=a["a_code"])
    b_total = pd.Series(b.geometry.area.to_numpy() / 1e6, index=b["b_code"])
    left, right = b.sindex.query(a.geometry, predicate="intersects")
    pieces = gpd.GeoSeries(a.geometry.to_numpy()[left], crs=areas.crs).intersection(
        gpd.GeoSeries(b.geometry.to_numpy()[right], crs=areas.crs), align=False)
    km2 = pieces.area.to_numpy() / 1e6
    table = pd.DataFrame({"a_code": a["a_code"].to_numpy()[left], "b_code": b["b_code"].to_numpy()[right],
                          "shared_km2": km2})
    table = table[table["shared_km2"] >= sliver_km2]
    table = table.groupby(["a_code", "b_code"], as_index=False)["shared_km2"].sum()
    return _finish(table, a_total, b_total)


def overlap_matrix(table: pd.DataFrame, value: str = "share_of_a") -> pd.DataFrame:
    """The intersection table as a matrix: A areas as rows, B areas as columns, blanks as 0."""
    matrix = table.pivot(index="a_code", columns="b_code", values=value)
    return matrix.fillna(0.0).astype(float)


def agreement(exact: pd.DataFrame, geometric: pd.DataFrame) -> float:
    """The largest absolute difference in share_of_a between two intersection tables (pairs missing = 0)."""
    keys = ["a_code", "b_code"]
    merged = exact[keys + ["share_of_a"]].merge(geometric[keys + ["share_of_a"]], on=keys, how="outer",
                                                suffixes=("_exact", "_geometric")).fillna(0.0)
    if merged.empty:
        return 0.0
    return float(np.abs(merged["share_of_a_exact"] - merged["share_of_a_geometric"]).max())
