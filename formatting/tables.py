"""Tables in the words a board reads: plain-English headers with units, thousands separators, £m/£bn, 'no data'."""
from __future__ import annotations

import math
import numbers
import re

import numpy as np
import pandas as pd

from formatting.numbers import money

MISSING = "no data"
# Column names the code uses, in the words a reader uses (with the unit where there is one).
HEADERS = {
    "area_code": "Code", "area_name": "Area", "source_id": "Source", "source_ids": "Sources",
    "custody_spend": "Custody spend (£)", "charge": "Charged to the area (£)", "budget": "Devolved budget (£)",
    "upfront": "Upfront investment (£)", "clawback": "Claw-back (£)", "savings": "Savings (£)",
    "reinvested": "Reinvested (£)", "local_net": "Local net (£)", "local_retained": "Kept locally (£)",
    "centre_net": "Centre net (£)", "cost_per_place": "Cost per place (£ a year)",
    "cost_per_prisoner_per_day": "Cost per prisoner (£ a day)",
    "cost_per_prisoner_per_year_derived": "Cost per prisoner (£ a year, derived)",
    "rise_pct": "Rise (%)", "stated_rise_pct": "Rise as stated (%)", "period_or_cohort": "Period or cohort",
    "price_basis": "Price basis", "source_title": "Source", "source_address": "Where to find it",
    "address": "Where to find it", "strip_settings": "Sensitivity settings", "is_estimate": "Estimate",
    "police_force_area_code": "Force area code", "police_force_area": "Police force area", "crc_today": "CRC today",
    "provider_proposed": "Proposed provider", "provider_code": "Provider code", "force_areas": "Police force areas",
    "indicator_rows": "Figures held", "secondary": "Secondary source", "what": "What", "rows": "Rows",
    "numerator": "Numerator", "denominator": "Denominator", "minimum": "Lowest", "maximum": "Highest",
    "default": "Default", "why": "Why", "kind": "Kind", "field": "Figure", "cohort": "Cohort",
}
# Where a header's words give the unit: money is written as money, shares as percentages.
MONEY_HEADER = re.compile(r"(\(£[^)]*\)$|^£$)")
SHARE_HEADER = re.compile(r"^share\b", re.IGNORECASE)
UNSEPARATED_HEADER = re.compile(r"\b(year|years|period|rank|code|lag)\b", re.IGNORECASE)
SNAKE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
SMALL = 1000  # whole numbers below this need no separator and stay numbers (they sort as numbers)
# Units as a source file writes them -> how a reader writes the value.
UNITS = {"GBP billion per year": ("£{}bn a year"), "GBP billion": "£{}bn", "GBP million per year": "£{}m a year",
         "GBP million": "£{}m", "GBP per year": "£{} a year", "GBP": "£{}"}

# a code name of one word ('district') beside others of several ('police_force_area'): the column is code names
IDENTIFIER = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def header(name: object) -> str:
    """A column name as a reader reads it: 'local_net' -> 'Local net (£)', 'rise_pct' -> 'Rise (%)'."""
    text = str(name)
    if text in HEADERS:
        return HEADERS[text]
    if SNAKE.match(text) or "_" in text:
        for suffix, unit in (("_pct", " (%)"), ("_km", " (km)"), ("_gbp", " (£)")):
            if text.endswith(suffix):
                return humanise(text.removesuffix(suffix)) + unit
        return humanise(text)
    return text[:1].upper() + text[1:]


def humanise(identifier: str) -> str:
    """'short_sentence_under_12' -> 'Short sentence under 12': a code name in words."""
    words = identifier.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT


def number(value: float) -> str:
    """A number with thousands separators and no false precision: 1,034 / 60.7 / 0.58."""
    size = abs(value)
    if float(value).is_integer() or size >= 100:
        return f"{value:,.0f}"
    return f"{value:,.1f}" if size >= 1 else f"{value:,.2f}"


def cell(value: object, name: str) -> object:
    """One value as shown under the (already plain) header `name`."""
    if _missing(value):
        return MISSING
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, numbers.Number):
        if MONEY_HEADER.search(name):
            return money(float(value))
        if SHARE_HEADER.search(name) and 0 <= float(value) <= 1:
            return f"{float(value) * 100:.0f}%"
        if UNSEPARATED_HEADER.search(name) and float(value).is_integer():
            return str(int(value))
        return number(float(value))
    return value


def _column(series: pd.Series, name: str) -> pd.Series:
    """A column as shown: whole numbers under 1,000 stay numbers; everything else becomes its words."""
    values = series.tolist()
    present = [v for v in values if not _missing(v)]
    whole_and_small = (len(present) == len(values) and all(
        isinstance(v, numbers.Number) and not isinstance(v, bool | np.bool_)
        and float(v).is_integer() and abs(v) < SMALL for v in present)
        and not MONEY_HEADER.search(name) and not SHARE_HEADER.search(name))
    if whole_and_small and present:
        return pd.Series([int(v) for v in values], index=series.index, dtype="int64")
    if present and all(isinstance(v, str) and IDENTIFIER.match(v) for v in present) and any(
            SNAKE.match(v) for v in present):
        # a column of code names ('diversion_share'): in words. Text with anything else in it (a user's own
        # titles, names) is shown exactly as written.
        return pd.Series([MISSING if _missing(v) else humanise(v) for v in values], index=series.index, dtype="object")
    return pd.Series([cell(v, name) for v in values], index=series.index, dtype="object")


def _with_units(table: pd.DataFrame) -> pd.DataFrame:
    """Where a 'value' column's unit sits beside it in money words ('GBP billion per year'), write '£7bn a year'."""
    if not {"value", "unit"} <= set(table.columns):
        return table
    table = table.astype({"value": object})
    for row, (value, unit) in enumerate(zip(table["value"], table["unit"], strict=True)):
        if isinstance(unit, str) and unit in UNITS and isinstance(value, numbers.Number) and not _missing(value):
            table.iat[row, table.columns.get_loc("value")] = UNITS[unit].format(number(float(value)))
            table.iat[row, table.columns.get_loc("unit")] = ""
    return table


def format_table(table: pd.DataFrame) -> pd.DataFrame:
    """A table as a board reads it: plain headers with units, numbers in words, 'no data' for what is missing.

    The index, where it carries row names, is formatted the same way; the table given is not changed."""
    table = _with_units(table)
    headers: list[str] = []
    for name in table.columns:  # two code names may read the same ('source_id', 'source_title'): keep both apart
        plain = header(name)
        headers.append(plain if plain not in headers else humanise(str(name)))
    shown = pd.DataFrame({plain: _column(table[name], plain) for name, plain in zip(table.columns, headers, strict=True)},
                         index=table.index)
    if not isinstance(table.index, pd.RangeIndex):
        shown.index = pd.Index([cell(v, "") for v in table.index],
                               name=None if table.index.name is None else header(table.index.name))
    return shown


CODE_HEADER = re.compile(r"(^|\s)code$", re.IGNORECASE)  # 'Code', 'Force area code': for the analyst, not the board
LONG_TEXT = 40  # characters: a column whose typical cell is longer (a list of areas, a note) goes last
WIDE_TEXT = 28  # characters: a text column with a cell longer than this is drawn at a set width, cut with '…'


def _lengths(column: pd.Series) -> pd.Series:
    return column.map(lambda v: len(v) if isinstance(v, str) else 0)


def reading_order(table: pd.DataFrame) -> pd.DataFrame:
    """Columns in the order a board reads them: the first (what each row is) and the figures, then codes (GSS codes,
    contract package numbers), then long text (lists, notes), so the figures that matter sit on screen and not past
    its right edge."""
    long = [name for name in table.columns[1:] if len(table) and _lengths(table[name]).median() > LONG_TEXT]
    codes = [name for name in table.columns[1:] if CODE_HEADER.search(str(name)) and name not in long]
    return table[[name for name in table.columns if name not in long + codes] + codes + long]


def wide_text_columns(table: pd.DataFrame) -> list[str]:
    """Text columns with a cell too long to show whole without pushing the next columns off screen."""
    return [name for name in table.columns if len(table) and _lengths(table[name]).max() > WIDE_TEXT]
