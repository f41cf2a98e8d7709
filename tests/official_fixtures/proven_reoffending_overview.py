"""Made-up files in the layout of MoJ's proven reoffending OVERVIEW data tool (never shown in the app as data)."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

HEADER = ["adult_juv", "cohort", "region", "category", "subcat1", "subcat2", "offenders", "reoffenders", "reoffences"]
REGIONS = ("London", "North East", "Wales", "England and Wales")
AGES = {"Adult": ("18 to 20", "21 to 24", "25 to 29", "50+"), "Juvenile": ("10 to 14", "15 to 17")}
COHORTS = ("Apr 2018 to Mar 2019", "Apr 2019 to Mar 2020")


def overview_rows(seed: int = 0) -> list[list[str]]:
    """Age rows ('Age total', as in the real extract) per group, cohort and region, with made-up counts."""
    rng = np.random.default_rng(seed)
    rows = []
    for group, ages in AGES.items():
        for cohort in COHORTS:
            for region in REGIONS:
                for age in ages:
                    offenders = int(rng.integers(100, 9000))
                    reoffenders = int(offenders * rng.uniform(0.15, 0.45))
                    rows.append([group, cohort, region, "Age total", age, "-", str(offenders), str(reoffenders),
                                 str(reoffenders * 3)])
    return rows


def write_overview_csv(path: Path, rows: list[list[str]]) -> Path:
    """The rows under the data tool's header (UTF-8 CSV)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path
