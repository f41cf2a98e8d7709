"""Combined authorities and combined county authorities as they stand in 2025, and which councils they join."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.councils import Council
from geo.locations import FACTS_DIR
from geo.ons_topology import LAST_YEAR, ONS_TOPOLOGY_SOURCE, code_changes, in_year, ons_areas

GREATER_LONDON = "E61000001"


# Snapshot years of the earlier eras: 2014-17 (before the first mayors) and 2017-21 (the first mayors).
ERA_YEARS = {"combined_authority_2015": 2015, "combined_authority_2019": 2019, "combined_authority": LAST_YEAR}


def authority_names(facts_dir: Path = FACTS_DIR) -> pd.DataFrame:
    """Name, kind, first year and source of every combined authority of 2014-2025 and the GLA, by code."""
    from geo.facts import read_fact_table

    tables = [read_fact_table(name, facts_dir) for name in ("combined_authority_2025.csv", "combined_authority_earlier.csv")]
    return pd.concat(tables, ignore_index=True).set_index("combined_authority_code")


def authorities_in(year: int, sources: str | Path | None = None, facts_dir: Path = FACTS_DIR):
    """The ONS combined authority polygons in being in a year (ONS years, and not before the year each began)."""
    from geo.facts import FactTableError

    names = authority_names(facts_dir)
    authorities = in_year(ons_areas("cauth", sources), year)
    unknown = set(authorities["code"]) - set(names.index)
    if unknown:
        raise FactTableError(f"combined authorities with no name in the combined authority fact tables: {sorted(unknown)}")
    # The ONS file gives authorities that began in 2016-17 (Tees Valley, West of England) no first year.
    return authorities[authorities["code"].map(names["first_year"].astype(int)) <= year]


def combined_authority_members(councils: dict[str, Council], sources: str | Path | None = None,
                               facts_dir: Path = FACTS_DIR, year: int = LAST_YEAR) -> pd.DataFrame:
    """One row per 2013 block inside a combined authority in being in `year` (and the GLA): block, code and name.

    Membership is read from the ONS boundaries: a council of that year belongs to the authority whose ONS polygon
    holds a point inside the council's own ONS polygon (both drawn from the same topology, so they nest)."""
    names = authority_names(facts_dir)
    ltla = ons_areas("ltla", sources)
    renamed = code_changes(ltla)
    ltla = in_year(ltla, year).copy()
    ltla["code"] = ltla["code"].map(lambda code: renamed.get(code, code))
    authorities = authorities_in(year, sources, facts_dir)
    points = ltla.set_index("code").geometry.representative_point()
    member_of = {}
    for code, shape in zip(authorities["code"], authorities.geometry):
        for council_code in points.index[points.within(shape)]:
            member_of[council_code] = code
    rows = []
    for council_code in sorted(points.index):
        council = councils[council_code]
        authority = GREATER_LONDON if council_code.startswith("E09") else member_of.get(council_code)
        if authority:
            source = (names.loc[authority, "source"] if authority == GREATER_LONDON
                      else f"{ONS_TOPOLOGY_SOURCE}: {council.name} lies in {authority} in {year}")
            rows += [(block, authority, names.loc[authority, "combined_authority_name"], source)
                     for block in sorted(council.blocks)]
    return pd.DataFrame(rows, columns=["district_code", "area_code", "area_name", "source"])


def authorities_in_ons(year: int = LAST_YEAR, sources: str | Path | None = None) -> int:
    """How many combined authorities the ONS file has in being in a year (the GLA is not among them)."""
    return len(authorities_in(year, sources))
