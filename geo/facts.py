"""Fact tables: which area of every layer each 2013 district belongs to, with the source of each row."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from geo.locations import FACTS_DIR, sources_dir
from geo.registry import LAYERS

DISTRICT_LOOKUP = "geography/lad_to_pfa_county_region_ca_2013_2025_derived.csv"
DISTRICT_LOOKUP_SOURCE = (
    "District lookup derived from the mySociety register and Police Act 1996 Sch.1 "
    "(../shared/data/sources/" + DISTRICT_LOOKUP + ")"
)


LCJB_LOOKUP = "justice_areas/moj_cjs_dashboard_pfa_to_lcjb_and_cps_area_nov2022.csv"
LCJB_SOURCE = ("MoJ Criminal Justice System Delivery Data Dashboard data note (Nov 2022), annex 'Police Force Area "
               "to LCJB Area' (github ministryofjustice/local-scorecard @ 32bd1fd)")


class FactTableError(ValueError):
    """A fact table that is missing, malformed or inconsistent."""


def read_fact_table(name: str, facts_dir: Path = FACTS_DIR) -> pd.DataFrame:
    """One of the project's own fact tables, checked to carry a source on every row."""
    table = pd.read_csv(facts_dir / name, dtype=str, keep_default_na=False)
    if "source" not in table.columns or (table["source"].str.strip() == "").any():
        raise FactTableError(f"{name}: every row needs a non-empty 'source'")
    return table


def districts_2013(sources: Path | None = None) -> pd.DataFrame:
    """The 348 districts alive in 2013-19 with their county, region and police force area."""
    path = sources_dir(sources) / DISTRICT_LOOKUP
    if not path.exists():
        raise FactTableError(f"District lookup not found at {path}: pass --sources or set PATCHWORK_SOURCES")
    lookup = pd.read_csv(path, dtype=str, keep_default_na=False)
    lookup = lookup[lookup["in_lad2013_topojson"] == "Y"].copy()
    return lookup.rename(columns={"lad_code": "district_code", "lad_name": "district_name",
                                  "pfa_code": "police_force_area_code", "pfa_name": "police_force_area_name"})


def _rows(layer: str, district_code: pd.Series, area_code: pd.Series, area_name: pd.Series,
          source: pd.Series | str, note: pd.Series | str = "") -> pd.DataFrame:
    return pd.DataFrame({"layer": layer, "district_code": district_code.values, "area_code": area_code.values,
                         "area_name": area_name.values, "source": source, "note": note})


def assignments(sources: Path | None = None, facts_dir: Path = FACTS_DIR) -> pd.DataFrame:
    """For every layer, the area each district belongs to (partial layers list only covered districts)."""
    districts = districts_2013(sources)
    justice = read_fact_table("police_force_area_to_justice_areas.csv", facts_dir)
    regions = read_fact_table("region.csv", facts_dir)
    combined = read_fact_table("mayoral_combined_authority_2021.csv", facts_dir)

    unknown_pfa = set(districts["police_force_area_code"]) - set(justice["police_force_area_code"])
    if unknown_pfa:
        raise FactTableError(f"police force areas without justice-area facts: {sorted(unknown_pfa)}")
    by_pfa = districts[["district_code", "police_force_area_code"]].merge(
        justice, on="police_force_area_code", how="left")
    region_code = districts["region"].map(dict(zip(regions["region_name"], regions["region_code"])))
    if region_code.isna().any():
        raise FactTableError(f"unknown region names: {sorted(set(districts['region'][region_code.isna()]))}")
    region_rows = districts.assign(region_code=region_code).merge(regions, on="region_code")
    counties = districts[districts["county_code"] != ""]

    parts = [
        _rows("district", districts["district_code"], districts["district_code"], districts["district_name"],
              DISTRICT_LOOKUP_SOURCE),
        _rows("county", counties["district_code"], counties["county_code"], counties["county_name"],
              DISTRICT_LOOKUP_SOURCE),
        _rows("police_force_area", districts["district_code"], districts["police_force_area_code"],
              districts["police_force_area_name"], DISTRICT_LOOKUP_SOURCE),
        _rows("region", region_rows["district_code"], region_rows["region_code"], region_rows["region_name"],
              region_rows["source"]),
        _rows("regional_offender_manager", region_rows["district_code"], "rom_" + region_rows["region_code"],
              region_rows["regional_offender_manager_name"], region_rows["source"]),
        _rows("mayoral_combined_authority", combined["district_code"], combined["combined_authority_code"],
              combined["combined_authority_name"], combined["source"], combined["note"]),
    ]
    trusts = read_fact_table("probation_trust_2010_2014.csv", facts_dir)
    by_trust = districts[["district_code", "police_force_area_code"]].merge(trusts, on="police_force_area_code", how="left")
    if by_trust["probation_trust_code"].isna().any():
        raise FactTableError("police force areas without a probation trust")
    parts.append(_rows("probation_trust", by_trust["district_code"], by_trust["probation_trust_code"],
                       by_trust["probation_trust_name"], by_trust["source"], by_trust["note"]))
    for layer in ("crc", "nps_division", "probation_region", "cps_area", "hmcts_region"):
        parts.append(_rows(layer, by_pfa["district_code"], by_pfa[f"{layer}_code"], by_pfa[f"{layer}_name"],
                           by_pfa["source"], by_pfa["note"]))
    parts += today_parts(districts, sources, facts_dir)
    table = pd.concat(parts, ignore_index=True)
    missing = {layer.id for layer in LAYERS} - set(table["layer"])
    if missing:
        raise FactTableError(f"layers without facts: {sorted(missing)}")
    return table


def _key(name: str) -> str:
    return "".join(ch for ch in name.lower().replace(" police", "") if ch.isalnum())


def lcjb_by_force_area(districts: pd.DataFrame, sources: Path | None = None) -> pd.DataFrame:
    """The MoJ lookup of force area -> LCJB area and CPS area, keyed by force area code (names matched)."""
    path = sources_dir(sources) / LCJB_LOOKUP
    if not path.exists():
        raise FactTableError(f"LCJB lookup not found at {path}")
    lookup = pd.read_csv(path, dtype=str, keep_default_na=False)
    forces = districts.drop_duplicates("police_force_area_code")
    code_by_key = {_key(n): c for c, n in zip(forces["police_force_area_code"], forces["police_force_area_name"])}
    lookup["police_force_area_code"] = lookup["police_force_area"].map(_key).map(code_by_key)
    if lookup["police_force_area_code"].isna().any() or len(lookup) != len(code_by_key):
        unmatched = sorted(lookup.loc[lookup["police_force_area_code"].isna(), "police_force_area"])
        raise FactTableError(f"LCJB lookup: force areas not matched {unmatched} ({len(lookup)} rows, {len(code_by_key)} forces)")
    lookup["lcjb_code"] = "lcjb_" + lookup["lcjb_area"].map(lambda n: "_".join(_key(w) for w in n.split() if _key(w)))
    return lookup


def today_parts(districts: pd.DataFrame, sources: Path | None = None, facts_dir: Path = FACTS_DIR) -> list[pd.DataFrame]:
    """Rows for today's layers: councils (both tiers), combined authorities of 2025 and LCJB areas."""
    from geo.combined_authorities import ERA_YEARS, combined_authority_members
    from geo.councils import council_lineage, today_councils

    councils = council_lineage(sources)
    parts = []
    for layer, tier in (("council", "lower"), ("upper_tier_council", "upper")):
        rows = [(block, c.code, c.name) for c in today_councils(councils, tier) for block in sorted(c.blocks)]
        frame = pd.DataFrame(rows, columns=["district_code", "area_code", "area_name"])
        parts.append(_rows(layer, frame["district_code"], frame["area_code"], frame["area_name"], DISTRICT_LOOKUP_SOURCE))
    for layer, year in ERA_YEARS.items():
        members = combined_authority_members(councils, sources, facts_dir, year)
        parts.append(_rows(layer, members["district_code"], members["area_code"], members["area_name"], members["source"]))
    lcjb = lcjb_by_force_area(districts, sources)
    by_force = districts[["district_code", "police_force_area_code"]].merge(lcjb, on="police_force_area_code")
    parts.append(_rows("lcjb_area", by_force["district_code"], by_force["lcjb_code"], by_force["lcjb_area"], LCJB_SOURCE))
    return parts
