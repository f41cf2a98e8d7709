"""The combined authority lens: the justice bodies each combined authority (and the GLA) must work with."""
from __future__ import annotations

import pandas as pd

from geo.atlas import Atlas
from geo.facts import read_fact_table
from geo.overlap import exact_overlap
from geo.population_units import population_overlap

COMBINED_AUTHORITY = "combined_authority"  # as they stand in 2025
HISTORY_AUTHORITY = "mayoral_combined_authority"  # the mayoral authorities of May 2021 (history)
ERAS = {"2025": COMBINED_AUTHORITY, "2021": HISTORY_AUTHORITY}
ERA_LABELS = {"2025": "As they stand in 2025", "2021": "May 2021 (history)"}
# Today's justice bodies; the 2021 view keeps the CRCs and NPS divisions of its time.
PARTNERS = {COMBINED_AUTHORITY: ("police_force_area", "probation_region", "lcjb_area", "cps_area", "hmcts_region"),
            HISTORY_AUTHORITY: ("police_force_area", "crc", "nps_division", "probation_region", "cps_area", "hmcts_region")}
PARTNER_LAYERS = PARTNERS[COMBINED_AUTHORITY]


def partners(atlas: Atlas, units: pd.DataFrame | None = None, layers: tuple[str, ...] | None = None,
             authority_layer: str = COMBINED_AUTHORITY) -> pd.DataFrame:
    """One row per (combined authority, partner body): how much of the body lies inside and outside the authority.

    share_of_body_outside: the part of the body's area beyond the authority's edge (area-weighted);
    population_share_of_body_outside: the same by residents (NaN where a merged council straddles the edge)."""
    rows = []
    for layer in layers or PARTNERS[authority_layer]:
        table = exact_overlap(atlas, authority_layer, layer)
        if units is not None:
            pop = population_overlap(atlas.block_table, units, authority_layer, layer)
            table = table.merge(pop[["a_code", "b_code", "population_share_of_a", "population_share_of_b"]],
                                on=["a_code", "b_code"], how="left")
        for record in table.to_dict(orient="records"):
            row = {"combined_authority_code": record["a_code"],
                   "combined_authority": atlas.area_name(authority_layer, record["a_code"]),
                   "layer": layer, "body_code": record["b_code"], "body": atlas.area_name(layer, record["b_code"]),
                   "shared_km2": record["shared_km2"],
                   "share_of_authority_in_body": record["share_of_a"],
                   "share_of_body_inside": record["share_of_b"],
                   "share_of_body_outside": max(0.0, 1.0 - record["share_of_b"])}
            if units is not None:
                row["population_share_of_body_outside"] = 1.0 - record["population_share_of_b"]
            rows.append(row)
    return pd.DataFrame(rows)


def summary(partner_rows: pd.DataFrame) -> pd.DataFrame:
    """Per combined authority and layer: how many bodies it works with, and how many reach beyond its edge."""
    grouped = partner_rows.groupby(["combined_authority_code", "combined_authority", "layer"])
    out = grouped.agg(bodies=("body_code", "nunique"),
                      bodies_reaching_outside=("share_of_body_outside", lambda s: int((s > 1e-6).sum())))
    return out.reset_index()


def mayors_with_pcc_functions() -> dict[str, dict]:
    """Combined authority code -> the force area whose police and crime commissioner functions its mayor holds,
    since when and by which instrument (only rows with a source found offline; data/facts/mayor_pcc_functions.csv)."""
    table = read_fact_table("mayor_pcc_functions.csv")
    return {row["combined_authority_code"]: row for row in table.to_dict(orient="records")}
