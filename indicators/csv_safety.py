"""Neutralise spreadsheet-formula cells (=, +, -, @, tab, CR) in CSV exports so they open as text, never as formulas."""
from __future__ import annotations

import math
import re

import pandas as pd

# Tab, CR and LF start a formula in some locales once whitespace is trimmed; the fullwidth forms are read as = + - @.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# A plain number such as -3.5 or +1e3 is left alone: it cannot run as a formula and is what the reader expects.
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


def is_formula_like(value: object) -> bool:
    """True when a text cell would be read by a spreadsheet as a formula (OWASP CSV injection)."""
    return (isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_START)
            and not PLAIN_NUMBER.match(value.strip()))


def neutralise(value: object) -> object:
    """The cell with a leading single quote if it could run as a formula; anything else unchanged."""
    return "'" + value if is_formula_like(value) else value


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame with every text cell and column name neutralised (numbers untouched)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: v if v is None or (isinstance(v, float) and math.isnan(v))
                                          else neutralise(v))
    out.columns = [neutralise(str(c)) if not isinstance(c, str) else neutralise(c) for c in out.columns]
    return out


def safe_csv_bytes(frame: pd.DataFrame, index: bool = False) -> bytes:
    """UTF-8 CSV bytes of the frame with formula-like cells neutralised: use for every CSV download."""
    safe = neutralise_frame(frame.reset_index() if index else frame)
    return safe.to_csv(index=False).encode("utf-8")
