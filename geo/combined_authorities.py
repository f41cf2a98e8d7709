"""Combined authorities and combined county authorities as they stand in 2025, and which councils they join."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.councils import Council, today_councils
from geo.locations import FACTS_DIR
from geo.ons_topology import LAST_YEAR, ONS_TOPOLOGY_SOURCE, code_changes, in_year, ons_areas

GREATER_LONDON = "E61000001"


def combined_authority_members(councils: dict[str, Council], sources: str | Path | None = None,
                               facts_dir: Path = FACTS_DIR) -> pd.DataFrame:
    """One row per 2013 block inside a combined authority of 2025 (and the GLA): block, authority code and name.

    Membership is read from the ONS boundaries: a council of today belongs to the authority whose ONS polygon
    holds a point inside the council's own ONS polygon (both drawn from the same topology, so they nest)."""
    from geo.facts import FactTableError, read_fact_table

    names = read_fact_table("combined_authority_2025.csv", facts_dir).set_index("combined_authority_code")
    ltla = ons_areas("ltla", sources)
    renamed = code_changes(ltla)
    ltla = in_year(ltla, LAST_YEAR).copy()
    ltla["code"] = ltla["code"].map(lambda code: renamed.get(code, code))
    authorities = in_year(ons_areas("cauth", sources), LAST_YEAR)
    unknown = set(authorities["code"]) - set(names.index)
    if unknown:
        raise FactTableError(f"combined authorities of {LAST_YEAR} with no name in combined_authority_2025.csv: "
                             f"{sorted(unknown)}")
    points = ltla.set_index("code").geometry.representative_point()
    member_of = {}
    for code, shape in zip(authorities["code"], authorities.geometry):
        for council_code in points.index[points.within(shape)]:
            member_of[council_code] = code
    rows = []
    for council in today_councils(councils, "lower"):
        authority = GREATER_LONDON if council.code.startswith("E09") else member_of.get(council.code)
        if authority:
            source = (names.loc[authority, "source"] if authority == GREATER_LONDON
                      else f"{ONS_TOPOLOGY_SOURCE}: {council.name} lies in {authority}")
            rows += [(block, authority, names.loc[authority, "combined_authority_name"], source)
                     for block in sorted(council.blocks)]
    return pd.DataFrame(rows, columns=["district_code", "area_code", "area_name", "source"])


def authorities_in_ons(sources: str | Path | None = None) -> int:
    """How many combined authorities the ONS file has in being in 2025 (the GLA is not among them)."""
    return len(in_year(ons_areas("cauth", sources), LAST_YEAR))
