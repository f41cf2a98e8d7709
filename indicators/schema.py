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
    problems: list[str] = []
    layers = set(layer_ids()) | {NATIONAL_LAYER}
    known_indicators = set(indicator_ids())
    for i, row in table.iterrows():
        where = f"row {i + 1}"
        if not row["area_code"]:
            problems.append(f"{where}: empty area_code")
        if row["layer"] not in layers:
            problems.append(f"{where}: unknown layer '{row['layer']}'")
        if row["indicator"] not in known_indicators:
            problems.append(f"{where}: unknown indicator '{row['indicator']}'")
        if not row["period"]:
            problems.append(f"{where}: empty period")
        if row["source_id"] not in known_sources:
            problems.append(f"{where}: source_id '{row['source_id']}' is not in the source catalogue")
        for column in raw_numbers.columns:
            raw = raw_numbers.at[i, column]
            if not _blank(raw) and math.isnan(row[column]):
                problems.append(f"{where}: {column} '{raw}' is not a number")
        if row["indicator"] in known_indicators and get_indicator(row["indicator"]).kind == "rate":
            if row["denominator"] == 0:
                problems.append(f"{where}: denominator is zero")
            if row["numerator"] > row["denominator"] and get_indicator(row["indicator"]).unit == "%":
                problems.append(f"{where}: numerator exceeds denominator")
    duplicated = table.duplicated([*KEY, "source_id"], keep=False)
    for i in table.index[duplicated]:
        problems.append(f"row {i + 1}: duplicate of another row (same area, layer, period, indicator, breakdown "
                        "and source)")
    if problems:
        raise IndicatorSchemaError(problems)
    return table


def _blank(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value.strip())
