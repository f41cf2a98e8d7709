"""Made-up files in the layout of MoJ's proven reoffending geographic data tool (never shown in the app as data)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from geo.atlas import Atlas

HEADER = ["Cohort", "Category", "Adult / Juvenile", "Geography", "offenders", "reoffenders", "reoffences"]
COHORTS = ("Apr 2016 to Mar 2017", "Oct 2017 to Dec 2017")
MERGED = {"North Northamptonshire": ("E07000150", "E07000152", "E07000153", "E07000156"),
          "West Northamptonshire": ("E07000151", "E07000154", "E07000155")}


def district_counts(atlas: Atlas, seed: int = 0) -> dict[tuple[str, str, str], tuple[int, int]]:
    """(cohort, group, district code) -> (offenders, reoffenders), made up and reproducible."""
    generator = np.random.default_rng(seed)
    out = {}
    for cohort in COHORTS:
        for group in ("Adult", "Juvenile"):
            for code in atlas.block_table.index:
                offenders = int(generator.integers(50, 3000 if group == "Adult" else 300))
                out[cohort, group, code] = (offenders, int(offenders * generator.uniform(0.15, 0.45)))
    return out


def geographic_rows(atlas: Atlas, *, seed: int = 0, force_rows: bool = True, merged_names: bool = False,
                    old_names: dict[str, str] | None = None) -> list[list[str]]:
    """Rows in the layout: national, region, force area (optional), upper- and lower-tier councils."""
    counts = district_counts(atlas, seed)
    blocks = atlas.block_table
    names = dict(zip(atlas.layer_areas("district")["area_code"], atlas.layer_areas("district")["area_name"]))
    names.update(old_names or {})
    rows = []

    def total(cohort, group, codes):
        pairs = [counts[cohort, group, c] for c in codes]
        return sum(p[0] for p in pairs), sum(p[1] for p in pairs)

    def add(cohort, category, group, name, codes):
        offenders, reoffenders = total(cohort, group, codes)
        rows.append([cohort, category, group, name, f"{offenders:,}", str(reoffenders), str(reoffenders * 3)])

    for cohort in COHORTS:
        for group in ("Adult", "Juvenile"):
            add(cohort, "National total", group, "England and Wales", blocks.index)
            for layer, category in (("region", "Region total"), ("police_force_area", "PCC total")):
                if layer == "police_force_area" and not force_rows:
                    continue
                for code, name in zip(atlas.layer_areas(layer)["area_code"], atlas.layer_areas(layer)["area_name"]):
                    add(cohort, category, group, name, blocks.index[blocks[layer] == code])
            merged_codes = {c for codes in MERGED.values() for c in codes} if merged_names else set()
            for code, name in zip(atlas.layer_areas("county")["area_code"], atlas.layer_areas("county")["area_name"]):
                inside = blocks.index[blocks["county"] == code]
                if not merged_codes & set(inside):
                    add(cohort, "UTLA total", group, name, inside)
            for code in blocks.index:
                if code not in merged_codes:
                    add(cohort, "LTLA total", group, names[code], [code])
            for name, codes in (MERGED.items() if merged_names else ()):
                add(cohort, "UTLA total", group, name, codes)
                add(cohort, "LTLA total", group, name, codes)
    return rows


def write_geographic_csv(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    """The rows as the data tool's CSV (UTF-8, comma-separated, a header row)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path
