"""Councils of every vintage (2013-2025) as unions of the 2013 district blocks, and the reorganisations between.

Every reorganisation of 2019-2023 merged whole districts, so each council that ever existed is a set of 2013
districts: a district of 2013 is its own block, a council formed by a merger (Bournemouth, Christchurch and
Poole) is the blocks it replaced, a county council is the blocks of its districts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from geo.facts import DISTRICT_LOOKUP
from geo.locations import sources_dir

TODAY_TIER_NAMES = {"lower": "district, borough or unitary council", "upper": "county or unitary council"}


@dataclass(frozen=True)
class Council:
    """One council of any vintage: its dates (first and last day in being, '' when open) and its 2013 blocks."""

    code: str
    name: str
    kind: str  # "district" (a lower-tier or unitary council) or "county" (a county council)
    start: str
    end: str
    successors: tuple[str, ...]
    blocks: frozenset[str]
    county_code: str = ""

    @property
    def in_being(self) -> bool:
        """Whether the council exists today (no end date)."""
        return not self.end

    def years(self) -> str:
        """'2019-' or '2013-2019': the years it was in being within the atlas's span (from 2013)."""
        first = max(self.start[:4], "2013") if self.start else "2013"
        return f"{first}-{self.end[:4] if self.end else ''}"


def _day_before(iso: str) -> str:
    return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()


def read_lookup(sources: str | Path | None = None) -> pd.DataFrame:
    """The derived lookup of every district of 2013-2025 (read where it lies, never copied)."""
    return pd.read_csv(sources_dir(sources) / DISTRICT_LOOKUP, dtype=str, keep_default_na=False)


def council_lineage(sources: str | Path | None = None, lookup: pd.DataFrame | None = None) -> dict[str, Council]:
    """Every council of 2013-2025 in England and Wales by GSS code, each with its 2013 blocks and successors.

    End dates are made the day before the successor began (the lookup mixes 31 March and 1 April)."""
    lookup = read_lookup(sources) if lookup is None else lookup
    rows = {r["lad_code"]: r for r in lookup.to_dict(orient="records")}
    blocks_2013 = {code for code, r in rows.items() if r["in_lad2013_topojson"] == "Y"}
    covers: dict[str, set[str]] = {code: set() for code in rows}
    for block in blocks_2013:
        seen, current = set(), block
        while current and current not in seen:  # follow mergers to the council of today
            seen.add(current)
            covers[current].add(block)
            current = rows[current]["replaced_by_code"]
    councils = {}
    for code, r in rows.items():
        successor = r["replaced_by_code"]
        end = _day_before(rows[successor]["start_date"]) if successor and rows[successor]["start_date"] else r["end_date"]
        start = r["start_date"] if code not in blocks_2013 else ""
        councils[code] = Council(code, r["lad_name"], "district", start, end, (successor,) if successor else (),
                                 frozenset(covers[code]), r["county_code"])
    for county_code in sorted(set(lookup["county_code"]) - {""}):
        members = [councils[c] for c in rows if rows[c]["county_code"] == county_code]
        blocks = frozenset().union(*(m.blocks for m in members if m.code in blocks_2013))
        alive = any(m.in_being for m in members)
        successors = () if alive else tuple(sorted({s for m in members for s in _today(councils, m.code)}))
        end = "" if alive else max(m.end for m in members)
        name = next(rows[c]["county_name"] for c in rows if rows[c]["county_code"] == county_code)
        councils[county_code] = Council(county_code, name, "county", "", end, successors, blocks)
    return councils


def _today(councils: dict[str, Council], code: str) -> list[str]:
    current = councils[code]
    while current.successors:
        current = councils[current.successors[0]]
    return [current.code]


def councils_on(councils: dict[str, Council], day: str, kind: str = "district") -> list[Council]:
    """The councils of one kind in being on a day 'YYYY-MM-DD' (the 2013 districts count from 2013)."""
    return [c for c in councils.values() if c.kind == kind and (not c.start or c.start <= day)
            and (not c.end or day <= c.end)]


def today_councils(councils: dict[str, Council], tier: str) -> list[Council]:
    """Today's councils of one tier: 'lower' (districts, boroughs, unitaries) or 'upper' (counties, unitaries)."""
    lower = [c for c in councils.values() if c.kind == "district" and c.in_being]
    if tier == "lower":
        return lower
    counties = [c for c in councils.values() if c.kind == "county" and c.in_being]
    return counties + [c for c in lower if not c.county_code]


def reorganisations(councils: dict[str, Council]) -> list[dict]:
    """Each reorganisation since 2013, in date order: the day, and each new council with the ones it replaced."""
    out: dict[str, list[dict]] = {}
    for council in councils.values():
        if council.kind != "district" or not council.start or council.start < "2014":
            continue
        replaced = sorted(c.code for c in councils.values() if council.code in c.successors)
        if replaced:
            out.setdefault(council.start, []).append({"code": council.code, "name": council.name, "replaced": replaced})
    return [{"day": day, "councils": sorted(items, key=lambda i: i["name"])} for day, items in sorted(out.items())]


def predecessors(councils: dict[str, Council], code: str) -> list[dict]:
    """The councils abolished before this one began whose area lies wholly or partly in it (whole: False = part)."""
    council = councils[code]
    if not council.start:  # in being since before 2013: it replaced none of the atlas's councils
        return []
    mine = council.blocks
    found = [c for c in councils.values() if c.end and c.end < council.start and c.blocks & mine]
    found.sort(key=lambda c: (c.kind != "district", c.name))
    return [{"code": c.code, "name": c.name, "kind": c.kind, "years": c.years(), "end": c.end,
             "whole": c.blocks <= mine} for c in found]


def successors_today(councils: dict[str, Council], code: str) -> list[Council]:
    """Today's lower-tier councils covering a council of any vintage (one for a merged district, more for a county)."""
    mine = councils[code].blocks
    return sorted((c for c in today_councils(councils, "lower") if c.blocks & mine), key=lambda c: c.name)


def today_council_of_block(councils: dict[str, Council]) -> dict[str, str]:
    """2013 district code -> today's lower-tier council code."""
    return {block: c.code for c in today_councils(councils, "lower") for block in c.blocks}


def reorganisation_rows(councils: dict[str, Council]) -> list[dict]:
    """Each reorganisation as rows a reader can scan: the day, the new council, whom it replaced, councils after."""
    rows = []
    for era in reorganisations(councils):
        after = len(councils_on(councils, era["day"]))
        for new in era["councils"]:
            rows.append({"day": era["day"], "council": new["name"], "code": new["code"],
                         "replaced": ", ".join(_as_council(councils[code]) for code in new["replaced"]),
                         "councils_after": after})
    return rows


def _as_council(council: Council) -> str:
    """'Cumbria County Council' for a county, the name alone for a district ('Dorset County' -> 'Dorset County Council')."""
    if council.kind != "county":
        return council.name
    return council.name + (" Council" if council.name.endswith("County") else " County Council")
