"""The tidy indicator table: its columns, types and checks (shared by bundled data and uploads)."""
from __future__ import annotations

import math

import pandas as pd

from geo.registry import layer_ids
from indicators.catalogue import get_indicator, indicator_ids

COLUMNS = ("area_code", "layer", "period", "indicator", "breakdown", "value", "numerator", "denominator",
           "source_id", "is_estimate", "note")
# One figure per key: a breakdown ("Adult", "Women", "" for everyone) is part of what a figure is.
KEY = ("area_code", "layer", "period", "indicator", "breakdown")
NUMERIC = ("value", "numerator", "denominator")
# England and Wales as a whole: not a registry layer, used for national figures and comparison lines.
NATIONAL_LAYER = "national"
ENGLAND_AND_WALES = "K04000001"


class IndicatorSchemaError(ValueError):
    """Rows that do not fit the tidy indicator table; .problems lists each one."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems[:10]) + (f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""))
        self.problems = problems


def empty_table() -> pd.DataFrame:
    """A tidy table with no rows and the right dtypes."""
    return coerce(pd.DataFrame({column: [] for column in COLUMNS}))


def coerce(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with exactly the tidy columns and their types (missing optional columns filled)."""
    out = frame.copy()
    for column in ("numerator", "denominator", "note", "breakdown"):
        if column not in out.columns:
            out[column] = "" if column in ("note", "breakdown") else math.nan
    if "is_estimate" not in out.columns:
        out["is_estimate"] = False
    for column in ("area_code", "layer", "period", "indicator", "breakdown", "source_id", "note"):
        out[column] = out[column].fillna("").astype(str).str.strip()
    for column in NUMERIC:
        out[column] = pd.to_numeric(out[column], errors="coerce").astype(float)
    out["is_estimate"] = out["is_estimate"].map(_as_bool).astype(bool)
    return out[list(COLUMNS)].reset_index(drop=True)


def _as_bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "y")
    return bool(value) and not (isinstance(value, float) and math.isnan(value))


def validate(frame: pd.DataFrame, known_sources: set[str]) -> pd.DataFrame:
    """The coerced frame, or IndicatorSchemaError listing every row that breaks the schema."""
    missing = [c for c in ("area_code", "layer", "period", "indicator", "value", "source_id") if c not in frame.columns]
    if missing:
        raise IndicatorSchemaError([f"missing column(s): {', '.join(missing)}"])
    frame = frame.reset_index(drop=True)
    raw_numbers = frame[[c for c in NUMERIC if c in frame.columns]]
    table = coerce(frame)
    layers = set(layer_ids()) | {NATIONAL_LAYER}
    known_indicators = set(indicator_ids())
    rates = {i for i in known_indicators if get_indicator(i).kind == "rate"}
    percents = {i for i in rates if get_indicator(i).unit == "%"}
    checks = [(table["area_code"] == "", lambda r: "empty area_code"),
              (~table["layer"].isin(layers), lambda r: f"unknown layer '{r['layer']}'"),
              (~table["indicator"].isin(known_indicators), lambda r: f"unknown indicator '{r['indicator']}'"),
              (table["period"] == "", lambda r: "empty period"),
              (~table["source_id"].isin(known_sources),
               lambda r: f"source_id '{r['source_id']}' is not in the source catalogue")]
    for column in raw_numbers.columns:
        typed = raw_numbers[column].map(lambda v: not _blank(v))
        checks.append((typed & table[column].isna(),
                       lambda r, c=column: f"{c} '{raw_numbers.at[r.name, c]}' is not a number"))
    is_rate = table["indicator"].isin(rates)
    checks.append((is_rate & (table["denominator"] == 0), lambda r: "denominator is zero"))
    checks.append((table["indicator"].isin(percents) & (table["numerator"] > table["denominator"]),
                   lambda r: "numerator exceeds denominator"))
    found: list[tuple[int, int, str]] = []
    for order, (mask, message) in enumerate(checks):
        found += [(i, order, f"row {i + 1}: {message(table.loc[i])}") for i in table.index[mask]]
    problems = [text for _, _, text in sorted(found)]
    duplicated = table.duplicated([*KEY, "source_id"], keep=False)
    for i in table.index[duplicated]:
        problems.append(f"row {i + 1}: duplicate of another row (same area, layer, period, indicator, breakdown "
                        "and source)")
    if problems:
        raise IndicatorSchemaError(problems)
    return table


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value.strip())
