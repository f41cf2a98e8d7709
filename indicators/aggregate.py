"""Indicators on any layer: published values as they are, rates pooled from numerators and denominators.

Areas of the target layer are built from the 2013 district blocks (atlas.block_table). A target area gets a
pooled value only when every source area touching it lies wholly inside it and has data; a source area
bigger than the target area is never split ("published only at <layer>"), and a percentage is never averaged.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from geo.atlas import Atlas
from geo.registry import get_layer
from indicators.catalogue import IndicatorDef

VIEW_COLUMNS = ("area_code", "area_name", "value", "numerator", "denominator", "status", "is_estimate",
                "source_ids", "note")


@dataclass
class LayerView:
    """One indicator and period on one layer: a row per area (missing ones kept, status 'no data')."""

    table: pd.DataFrame
    source_layer: str | None  # the layer the figures were published at ('' when none could be used)
    message: str  # shown to the reader when the layer could not be filled, e.g. "published only at ..."

    @property
    def has_values(self) -> bool:
        return bool(self.table["value"].notna().any())


def _empty_view(atlas: Atlas, target: str, note: str) -> pd.DataFrame:
    areas = atlas.layer_areas(target)[["area_code", "area_name"]].copy()
    areas["value"] = areas["numerator"] = areas["denominator"] = math.nan
    areas["status"] = "no data"
    areas["is_estimate"] = False
    areas["source_ids"] = ""
    areas["note"] = note
    return areas[list(VIEW_COLUMNS)].reset_index(drop=True)


def published(atlas: Atlas, rows: pd.DataFrame, target: str) -> pd.DataFrame:
    """Rows published at the target layer itself, on the full list of its areas (the rest 'no data')."""
    view = _empty_view(atlas, target, "")
    mine = rows[rows["layer"] == target].drop_duplicates("area_code", keep="last").set_index("area_code")
    hit = view["area_code"].isin(mine.index)
    for column in ("value", "numerator", "denominator", "is_estimate", "note"):
        view.loc[hit, column] = view.loc[hit, "area_code"].map(mine[column])
    view.loc[hit, "source_ids"] = view.loc[hit, "area_code"].map(mine["source_id"])
    view.loc[hit, "status"] = "published"
    view.loc[hit & view["value"].isna(), "status"] = "no data"
    view["is_estimate"] = view["is_estimate"].astype(bool)
    return view


def nesting(atlas: Atlas, source: str, target: str) -> pd.DataFrame:
    """Per target area: the source areas touching it and how they relate (inside / contains / crosses / gap)."""
    table = pd.DataFrame({"source": atlas.block_table[source], "target": atlas.block_table[target]})
    spread = table[table["source"] != ""].groupby("source")["target"].agg(lambda s: set(s))
    size = table[table["source"] != ""].groupby("source").size()
    out = []
    for code, group in table[table["target"] != ""].groupby("target"):
        sources = set(group["source"])
        gap = "" in sources
        sources.discard("")
        inside = sorted(s for s in sources if spread[s] == {code})
        contains = sorted(s for s in sources if spread[s] != {code} and size[s] >= len(group) and
                          set(group["source"]) == {s})
        crosses = sorted(s for s in sources if s not in inside and s not in contains)
        out.append({"area_code": code, "inside": inside, "contains": contains, "crosses": crosses, "gap": gap})
    return pd.DataFrame(out)


def pooled(atlas: Atlas, rows: pd.DataFrame, indicator: IndicatorDef, source: str, target: str) -> pd.DataFrame:
    """Target areas built from whole source areas: rates pooled (sum numerators / sum denominators), counts summed."""
    view = _empty_view(atlas, target, "")
    data = rows[rows["layer"] == source].drop_duplicates("area_code", keep="last").set_index("area_code")
    source_name = get_layer(source).name
    plural = get_layer(source).singular + "s"
    relations = nesting(atlas, source, target).set_index("area_code")
    for i, code in view["area_code"].items():
        if code not in relations.index:
            view.at[i, "note"] = f"not covered by {source_name}"
            continue
        rel = relations.loc[code]
        if rel["contains"]:
            view.at[i, "note"] = f"published only at {source_name} (not split into smaller areas)"
            continue
        if rel["crosses"] or rel["gap"]:
            view.at[i, "note"] = f"{source_name} do not nest inside this area: not combined"
            continue
        parts = data.reindex(rel["inside"])
        missing = parts["value"].isna()
        if indicator.kind == "rate":
            missing = missing | parts["numerator"].isna() | parts["denominator"].isna()
        if missing.any():
            view.at[i, "note"] = (f"no data for {int(missing.sum())} of the {len(parts)} {plural} inside it: "
                                  "not pooled from the rest")
            continue
        if indicator.kind == "rate":
            numerator, denominator = parts["numerator"].sum(), parts["denominator"].sum()
            value = numerator / denominator * indicator.scale
        elif indicator.kind == "count":
            numerator = denominator = math.nan
            value = parts["value"].sum()
        else:  # money per unit cannot be added up across areas
            view.at[i, "note"] = f"published only at {source_name}; sums of money are not combined across areas"
            continue
        view.loc[i, ["value", "numerator", "denominator"]] = [value, numerator, denominator]
        view.at[i, "status"] = "published" if source == target else "pooled"
        view.at[i, "is_estimate"] = bool(parts["is_estimate"].any())
        view.at[i, "source_ids"] = ", ".join(sorted(set(parts["source_id"])))
        if source != target:
            names = ", ".join(atlas.area_name(source, s) or s for s in rel["inside"])
            view.at[i, "note"] = (f"same area as the {get_layer(source).singular} {names}" if len(parts) == 1
                                  else f"pooled from {len(parts)} {plural}: {names}")
    return view


def to_layer(atlas: Atlas, rows: pd.DataFrame, indicator: IndicatorDef, target: str) -> LayerView:
    """The indicator (rows for one indicator and period, area layers only) shown on the target layer."""
    get_layer(target)
    layers = [layer for layer in dict.fromkeys(rows["layer"]) if layer != target]
    if (rows["layer"] == target).any():
        return LayerView(published(atlas, rows, target), target, "")
    best: LayerView | None = None
    for source in layers:
        view = pooled(atlas, rows, indicator, source, target)
        if best is None or view["value"].notna().sum() > best.table["value"].notna().sum():
            best = LayerView(view, source, "")
    if best is None:
        return LayerView(_empty_view(atlas, target, "no figures for this indicator and period"), None,
                         "No figures for this indicator and period.")
    split_refused = best.table["note"].str.startswith("published only at")
    if best.has_values and split_refused.any():
        best.message = (f"Published only at {get_layer(best.source_layer).name}: {int(split_refused.sum())} areas "
                        "inside a bigger published area are left blank, not split.")
    if not best.has_values:
        coarse = [layer for layer in layers if _is_coarser(atlas, layer, target)]
        published_at = ", ".join(get_layer(layer).name for layer in (coarse or layers))
        best.message = (f"Published only at {published_at}: not split into {get_layer(target).name.lower()}."
                        if coarse else f"Published at {published_at}; those areas do not combine into "
                        f"{get_layer(target).name.lower()} with the figures available.")
        best.table["note"] = best.table["note"].where(best.table["note"] != "", best.message)
    return best


def _is_coarser(atlas: Atlas, source: str, target: str) -> bool:
    """True when source areas are bigger than target areas (so using them would mean splitting)."""
    relations = nesting(atlas, source, target)
    return bool(relations["contains"].map(bool).any())
