"""Checks that fail loudly: counts, one area per block, tiling without gaps or overlaps, an independent PFA check."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo.registry import LAYERS

TILING_TOLERANCE = 1e-4  # share of England and Wales that gaps or overlaps may cover (0.01%, ~15 km2)
PFA_AGREEMENT_MINIMUM = 0.95  # IoU with the independent ONS PFA Dec 2016 file; coastal clipping differs by ~3%
PFA_SMALL_DIFFERENCE_KM2 = 2.0  # tiny areas (City of London) differ by generalisation more than by share


class ValidationError(AssertionError):
    """One or more checks failed; the message lists every failure."""


@dataclass
class Check:
    """The result of one check."""

    name: str
    passed: bool
    detail: str


def check_counts(assignments: pd.DataFrame) -> list[Check]:
    """Each layer has the published number of areas (43 force areas, 21 CRCs, ...)."""
    counts = assignments.groupby("layer")["area_code"].nunique()
    checks = [Check(f"count:{layer.id}", bool(counts.get(layer.id, 0) == layer.expected_count),
                    f"{counts.get(layer.id, 0)} areas, published {layer.expected_count} ({layer.published_count_source})")
              for layer in LAYERS]
    councils = counts.get("district", 0) + counts.get("county", 0)
    checks.append(Check("count:councils", councils == 375, f"{councils} councils (districts + counties), published 375"))
    return checks


def check_one_area_per_block(assignments: pd.DataFrame, district_codes: set[str]) -> list[Check]:
    """Every district maps to exactly one area of each full layer and at most one of each partial layer."""
    checks = []
    for layer in LAYERS:
        rows = assignments[assignments["layer"] == layer.id]
        duplicated = sorted(set(rows.loc[rows["district_code"].duplicated(), "district_code"]))
        missing = sorted(district_codes - set(rows["district_code"])) if layer.coverage == "full" else []
        unknown = sorted(set(rows["district_code"]) - district_codes)
        problems = [f"{name}: {codes[:5]}" for name, codes in
                    (("in two areas", duplicated), ("in no area", missing), ("unknown", unknown)) if codes]
        checks.append(Check(f"one_area_per_block:{layer.id}", not problems, "; ".join(problems) or "ok"))
    return checks


def check_tiling(blocks: gpd.GeoDataFrame, areas: gpd.GeoDataFrame) -> list[Check]:
    """Blocks tile England and Wales, and each full layer covers the same land once, within tolerance."""
    union = shapely.union_all(blocks.geometry.values)
    total = union.area
    overlap = blocks.geometry.area.sum() - total
    checks = [Check("tiling:district_overlaps", abs(overlap) <= TILING_TOLERANCE * total,
                    f"blocks overlap on {overlap / 1e6:.3f} km2 of {total / 1e6:,.0f} km2")]
    for layer in LAYERS:
        if layer.coverage != "full":
            continue
        layer_areas = areas[areas["layer"] == layer.id]
        layer_union = shapely.union_all(layer_areas.geometry.values)
        gap = total - layer_union.area
        double = layer_areas.geometry.area.sum() - layer_union.area
        ok = abs(gap) <= TILING_TOLERANCE * total and abs(double) <= TILING_TOLERANCE * total
        checks.append(Check(f"tiling:{layer.id}", ok, f"gaps {gap / 1e6:.3f} km2, overlaps {double / 1e6:.3f} km2"))
    return checks


def check_police_force_areas(areas: gpd.GeoDataFrame, official_file: Path) -> list[Check]:
    """Force areas built from districts agree with the independent ONS PFA (Dec 2016) boundaries."""
    if not official_file.exists():
        return [Check("pfa_agreement", True, f"skipped: {official_file} not present")]
    official = gpd.read_file(official_file).to_crs(areas.crs)
    code_column = next(c for c in official.columns if c.lower().startswith("pfa") and c.lower().endswith("cd"))
    official = official.set_index(code_column).geometry.buffer(0)
    built = areas[areas["layer"] == "police_force_area"].set_index("area_code").geometry
    failures, lowest = [], (1.0, "")
    for code, geometry in built.items():
        if code not in official.index:
            return [Check("pfa_agreement", False, f"{code} not in the official PFA file")]
        other = official[code]
        iou = geometry.intersection(other).area / geometry.union(other).area
        differs_km2 = geometry.symmetric_difference(other).area / 1e6
        if iou < PFA_AGREEMENT_MINIMUM and differs_km2 > PFA_SMALL_DIFFERENCE_KM2:
            failures.append(f"{code} ({iou:.3f}, {differs_km2:.1f} km2)")
        if iou < lowest[0] and differs_km2 > PFA_SMALL_DIFFERENCE_KM2:
            lowest = (iou, code)
    detail = (f"{len(built)} force areas; lowest intersection-over-union {lowest[0]:.3f} ({lowest[1]}) "
              f"among areas differing by more than {PFA_SMALL_DIFFERENCE_KM2} km2; minimum {PFA_AGREEMENT_MINIMUM}")
    return [Check("pfa_agreement", not failures, detail + ("; failing: " + ", ".join(failures) if failures else ""))]


def raise_on_failure(checks: list[Check]) -> None:
    """Raise ValidationError listing every failed check."""
    failed = [c for c in checks if not c.passed]
    if failed:
        raise ValidationError("Validation failed:\n" + "\n".join(f"- {c.name}: {c.detail}" for c in failed))


COUNCIL_AGREEMENT_MINIMUM = 0.9  # IoU with ONS's own (heavily simplified) council polygons; lowest seen 0.94 but Scilly
COUNCIL_SMALL_DIFFERENCE_KM2 = 5.0  # Isles of Scilly and the City of London differ by generalisation, not by membership
VINTAGE_DAYS = {2015: "2015-06-01", 2019: "2019-06-01", 2020: "2020-06-01", 2021: "2021-06-01", 2023: "2023-06-01",
                2025: "2025-06-01"}


def check_council_vintages(councils: dict, ons_ltla: gpd.GeoDataFrame) -> list[Check]:
    """Councils in being in each year, from the lookup's dates and successors, match ONS's count for that year."""
    from geo.councils import councils_on
    from geo.ons_topology import in_year

    checks = []
    for year, day in VINTAGE_DAYS.items():
        ours = {c.code for c in councils_on(councils, day)}
        theirs = set(in_year(ons_ltla, year)["code"])
        checks.append(Check(f"councils_in_being:{year}", len(ours) == len(theirs),
                            f"{len(ours)} councils from the lookup, {len(theirs)} in the ONS boundaries"))
    return checks


def check_today_counts(assignments: pd.DataFrame, ons_counts: dict[str, int]) -> list[Check]:
    """Today's layers have as many areas as the ONS file has in being in 2025 (its own count, not a typed one)."""
    counts = assignments.groupby("layer")["area_code"].nunique()
    return [Check(f"count_from_ons:{layer}", int(counts.get(layer, 0)) == expected,
                  f"{int(counts.get(layer, 0))} areas built, {expected} in the ONS boundaries for 2025")
            for layer, expected in ons_counts.items()]


def check_against_ons(areas: gpd.GeoDataFrame, layer_id: str, official: gpd.GeoDataFrame, renamed: dict[str, str]) -> Check:
    """Each area built from 2013 blocks agrees with ONS's polygon of the same code (intersection over union)."""
    built = areas[areas["layer"] == layer_id].set_index("area_code").geometry
    theirs = official.assign(code=official["code"].map(lambda c: renamed.get(c, c))).set_index("code")
    theirs = theirs.to_crs(areas.crs).geometry
    failures, lowest = [], (1.0, "")
    for code, geometry in built.items():
        if code not in theirs.index:
            if not code.startswith("E61"):  # the GLA is not a combined authority in the ONS file
                failures.append(f"{code} missing from the ONS file")
            continue
        other = theirs[code]
        iou = geometry.intersection(other).area / geometry.union(other).area
        differs = geometry.symmetric_difference(other).area / 1e6
        if differs > COUNCIL_SMALL_DIFFERENCE_KM2:
            if iou < COUNCIL_AGREEMENT_MINIMUM:
                failures.append(f"{code} ({iou:.3f})")
            lowest = min(lowest, (iou, code))
    detail = (f"{len(built)} areas; lowest intersection-over-union {lowest[0]:.3f} ({lowest[1]}) among areas differing "
              f"by more than {COUNCIL_SMALL_DIFFERENCE_KM2} km2; minimum {COUNCIL_AGREEMENT_MINIMUM}")
    return Check(f"ons_agreement:{layer_id}", not failures, detail + ("; failing: " + ", ".join(failures) if failures else ""))


def check_cps_against_moj(assignments: pd.DataFrame, lcjb_lookup: pd.DataFrame) -> Check:
    """The CPS area of every force area agrees with the MoJ lookup (names compared, spelling folded)."""
    def fold(name: str) -> str:
        text = name.lower().replace("cps ", "").replace("-", "/").replace(" and ", " ")
        return "london" if text.startswith("london") else "".join(ch for ch in text if ch.isalnum())

    cps = assignments[assignments["layer"] == "cps_area"][["district_code", "area_name"]]
    forces = assignments[assignments["layer"] == "police_force_area"][["district_code", "area_code"]]
    ours = forces.merge(cps, on="district_code").drop_duplicates("area_code").set_index("area_code")["area_name"]
    theirs = lcjb_lookup.set_index("police_force_area_code")["cps_area"]
    differ = [code for code in theirs.index if fold(ours.get(code, "")) != fold(theirs[code])]
    return Check("cps_area_agrees_with_moj_lookup", not differ,
                 f"{len(theirs) - len(differ)} of {len(theirs)} force areas agree" + (f"; differ: {differ}" if differ else ""))
