"""The reform timeline: the same coterminosity measures for each era's probation bodies against PCCs and councils."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.atlas import Atlas
from geo.coterminosity import WHOLE, body_table, partner_counts
from geo.overlap import exact_overlap
from geo.population_units import population_overlap
from geo.registry import LAYERS


@dataclass(frozen=True)
class Era:
    """One era of probation organisation: its years and the layer of bodies that ran it."""

    years: str
    layer_id: str
    label: str


# In time order. Layers missing from the registry (e.g. probation trusts, if not built) are skipped.
ERAS: tuple[Era, ...] = (
    Era("2005-2008", "regional_offender_manager", "Regional offender managers (2005-08)"),
    Era("2010-2014", "probation_trust", "Probation trusts (2010-14)"),
    Era("2014-2021", "crc", "CRCs (2014-21)"),
    Era("2014-2021", "nps_division", "NPS divisions (2014-21)"),
    Era("2021-", "probation_region", "Probation regions (2021-)"),
)
AGAINST = ("police_force_area", "district")


def available_eras() -> list[Era]:
    """The eras whose layer is in the registry."""
    known = {layer.id for layer in LAYERS}
    return [era for era in ERAS if era.layer_id in known]


def era_measures(atlas: Atlas, era: Era, against: str, units: pd.DataFrame | None = None) -> dict:
    """For one era's bodies against force areas or councils: partners per body and how cleanly they nest."""
    bodies_codes = list(atlas.layer_areas(era.layer_id)["area_code"])
    against_codes = list(atlas.layer_areas(against)["area_code"])
    forward = exact_overlap(atlas, era.layer_id, against)  # probation body -> its PCCs / councils
    backward = exact_overlap(atlas, against, era.layer_id)  # PCC / council -> its probation bodies
    bodies = body_table(forward, bodies_codes)
    reverse = body_table(backward, against_codes)
    coterminous = [code for code, part in forward.groupby("a_code")
                   if len(part) == 1 and part["share_of_a"].iloc[0] >= WHOLE and part["share_of_b"].iloc[0] >= WHOLE]
    row = {"era": era.years, "layer": era.layer_id, "label": era.label, "against": against,
           "bodies": len(bodies_codes),
           "mean_partners_per_body": round(float(bodies["partners"].mean()), 2),
           "max_partners_per_body": int(bodies["partners"].max()),
           "bodies_coterminous": len(coterminous),
           "against_split": int(reverse["split"].sum()),
           "against_total": len(against_codes),
           "pct_against_split": round(100 * float(reverse["split"].mean()), 1)}
    if against == "district":  # IPPR's 375 councils: districts and unitaries plus the county councils above them
        counties = partner_counts(atlas.block_table, era.layer_id)["county"].reindex(bodies["a_code"]).to_numpy()
        row["mean_councils_incl_counties"] = round(float((bodies["partners"].to_numpy() + counties).mean()), 2)
    if units is not None:
        # Residents whose probation body covers more than one PCC (or council): they share it with others.
        pop = population_overlap(atlas.block_table, units, era.layer_id, against)
        body_pop = pop.drop_duplicates("a_code").set_index("a_code")["a_population"]
        shared = bodies.set_index("a_code")["partners"] > 1
        known = body_pop.reindex(shared.index)
        row["pct_residents_in_shared_bodies"] = (round(100 * float(known[shared].sum() / known.sum()), 1)
                                                 if known.notna().all() else None)
    return row


def timeline(atlas: Atlas, units: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every available era against force areas and against councils, one row each."""
    rows = [era_measures(atlas, era, against, units) for era in available_eras() for against in AGAINST]
    return pd.DataFrame(rows)
