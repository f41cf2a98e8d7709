"""Women sentenced to immediate custody by police force area, 2014-2024 (Prison Reform Trust's compilation of
MoJ CJS statistics, December 2024 edition), read at run time from ../shared and never copied into the project.

Only the December 2024 edition is used: the older edition maps courts to force areas differently and would
break the series if mixed into it. The force area is the sentencing court's, not the woman's home; the
Metropolitan row includes the City of London; 2017 is flagged as suspect, never smoothed.
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from geo.locations import sources_dir
from indicators.schema import coerce, empty_table

SOURCE_ID = "prt_women_custody_by_pfa_cjs_dec2024"
BREAKDOWN = "Women (18+)"
FOLDER = "custody_by_area"
COUNTS = "prt_women_immediate_custody_by_pfa_2014_2024_cjs_dec2024.csv"
UNDER_6_MONTHS = "prt_women_immediate_custody_under_6_months_by_pfa_2014_2024_cjs_dec2024.csv"
RATES = "prt_women_imprisonment_rate_per_100k_adult_women_by_pfa_2014_2024.csv"
METROPOLITAN = ("London", "Metropolitan")  # the compilation's names for the Met row (City of London inside)
SUSPECT_YEAR = "2017"
SUSPECT_NOTE = ("2017 is suspect in this edition (England and Wales sums to 5,398 against 7,180 in the older "
                "edition); shown as published, not smoothed")
MET_NOTE = "includes the City of London (the compilation has one row for both)"


def _years(path: Path) -> pd.DataFrame:
    """A one-column-per-year table as long rows: force area name, year, value."""
    table = pd.read_csv(path, dtype={"pfa": str})
    years = [c for c in table.columns if c.isdigit()]
    long = table.melt(id_vars="pfa", value_vars=years, var_name="period", value_name="value")
    long["pfa"] = long["pfa"].str.strip()
    return long


def women_custody_rows(codes: dict[str, tuple[str, str]], folder: Path | None = None) -> pd.DataFrame:
    """Tidy rows: counts, under-6-month counts and rates per 100,000 adult women, by force area and year.

    codes: force-area name as the compilation writes it -> (layer, GSS code), from our area-code fact table."""
    base = sources_dir(folder) / FOLDER
    if not (base / COUNTS).exists():
        return empty_table()
    counts = _years(base / COUNTS)
    under_6 = _years(base / UNDER_6_MONTHS)
    rates = _years(base / RATES).merge(counts, on=["pfa", "period"], suffixes=("", "_count"))
    rows = []
    for indicator, table in (("immediate_custody_sentences", counts), ("immediate_custody_under_6_months", under_6)):
        for pfa, period, value in table[["pfa", "period", "value"]].itertuples(index=False, name=None):
            rows.append(_row(codes[pfa][1], period, indicator, float(value), math.nan, math.nan, pfa, ""))
    for pfa, period, rate, count in rates[["pfa", "period", "value", "value_count"]].itertuples(index=False, name=None):
        women = count / rate * 100_000 if rate else math.nan
        note = ("numerator = the count in the same edition; adult women DERIVED as count / rate x 100,000 "
                "(the compiler's ONS mid-year estimate" + ("; projected for 2024)" if period == "2024" else ")"))
        rows.append(_row(codes[pfa][1], period, "immediate_custody_rate", float(rate), float(count), women, pfa, note))
    return coerce(pd.DataFrame(rows))


def _row(code: str, period: str, indicator: str, value: float, numerator: float, denominator: float, pfa: str,
         note: str) -> dict:
    notes = [note] if note else []
    if period == SUSPECT_YEAR:
        notes.append(SUSPECT_NOTE)
    if pfa in METROPOLITAN:
        notes.append(MET_NOTE)
    notes.append("force area of the sentencing court, not home address")
    return {"area_code": code, "layer": "police_force_area", "period": period, "indicator": indicator,
            "breakdown": BREAKDOWN, "value": value, "numerator": numerator, "denominator": denominator,
            "source_id": SOURCE_ID, "is_estimate": False, "note": "; ".join(notes)}
