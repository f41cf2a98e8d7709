"""Custodial sentence length bands of MoJ's sentencing data, read by rules into bounds in months.

A band is "under T" (T = 6, 12 or 24 months) when its longest possible sentence is certainly below T:
- "up to and including X" includes X, so the band is under T only when X < T;
- "less than X", "under X", "below X" and "to less than X" exclude X, so the band is under T when X <= T;
- an exact band ("6 months", "4 years") is that length, so "6 months" is not under 6 months;
- life and indeterminate sentences have no longest sentence and are under no threshold;
- "up to X" written WITHOUT "and including" is settled by the other bands of the same file (read_bands): it
  excludes X when the file has an exact band for X (Dec 2022 and 2024: "More than 3 months and up to 6 months"
  beside "6 months"), and includes X when the next band starts "More than X" with no exact X band (Dec 2021:
  "More than 18 months and up to 2 years" then "More than 2 years ...": no edition has a 2-year band, so 2-year
  sentences are in it and it is NOT under 24 months). Where neither settles it the band is ambiguous: it is
  never counted as under X, and the importer reports it.

Years are 12 months, weeks 7 days and days 12/365.25 of a month. A band whose shortest sentence is below T
but whose longest is not ("straddles" T) counts as not under T, by the rule above; the importer says so.
A text the rules cannot read is returned unplaced, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

THRESHOLDS_MONTHS = (6, 12, 24)
NOT_CUSTODIAL_TEXTS = {"", "not applicable", "n/a", "na", "n.a.", "-", "--", "none", "nan", "null",
                       "non-custodial", "non custodial", "not custodial", "no custodial sentence", "not a custodial sentence"}
NOT_KNOWN_TEXTS = {"not known", "unknown", "length not known", "not recorded", "not stated"}
_LIFE = re.compile(r"^(life( sentence| imprisonment)?|custody for life|(detention|imprisonment) for life|"
                   r"indeterminate\b.*|imprisonment for public protection\b.*|detention for public protection\b.*|"
                   r"ipp\b.*|dpp\b.*)$")
_PREFIXES = re.compile(r"^(\d{1,3}\s*[:.)]\s*)?(custody\s*[-:]\s*)?")
_UNITS = {"day": 12 / 365.25, "week": 7 * 12 / 365.25, "month": 1.0, "year": 12.0}
_AMOUNT = r"(\d+(?:\.\d+)?)\s*(days?|weeks?|months?|years?|yrs?)?"
_LOWER = re.compile(rf"^(?:(more than|over|greater than|above)|(at least|from|not less than))\s+{_AMOUNT}$")
_UPPER = re.compile(rf"^(?:(up to and including|up to and incl\.?|not more than|no more than|at most)|"
                    rf"(less than|under|below)|(up to))\s+{_AMOUNT}$")
_EXACT = re.compile(rf"^{_AMOUNT}$")
_OPEN_ABOVE = re.compile(rf"^{_AMOUNT}\s+(?:(and over|or over|or more|and more|and above|plus)|\+)$")
_UNBOUNDED_UPPER = re.compile(r"^(less than|up to|under|below) life$")


@dataclass(frozen=True)
class Band:
    """One band text read by the rules: kind, and bounds in months (high None when there is no longest)."""

    text: str  # the text as cleaned (prefix codes and "Custody - " dropped, spaces collapsed)
    kind: str  # "length" (a determinate band), "life" (life or indeterminate), "not_custodial", "unplaced"
    low: float | None = None  # shortest sentence in the band, months
    low_inclusive: bool = True
    high: float | None = None  # longest sentence in the band, months (None: no longest)
    high_inclusive: bool | None = True  # None: "up to X" not yet settled by the file's other bands (ambiguous)
    why: str = ""  # for an unplaced band: what the rules could not read


def clean_band_text(text: object) -> str:
    """The band text without MoJ's order codes ("05: ") or "Custody - ", spaces collapsed, lower case."""
    folded = " ".join(str("" if text is None else text).replace("\ufeff", "").split()).lower()
    return _PREFIXES.sub("", folded, count=1).strip()


def parse_band(text: object) -> Band:
    """The band a `Custodial Sentence Length` text stands for, or an unplaced Band saying why."""
    raw = "" if text is None or (isinstance(text, float) and text != text) else text
    cleaned = clean_band_text(raw)
    if cleaned in NOT_CUSTODIAL_TEXTS:
        return Band(cleaned, "not_custodial")
    if cleaned in NOT_KNOWN_TEXTS:
        return Band(cleaned, "unplaced", why="the sentence length is recorded as not known")
    if _LIFE.match(cleaned):
        return Band(cleaned, "life")
    exact = _EXACT.match(cleaned)
    if exact:
        months = _months(exact.group(1), exact.group(2))
        if months is None:
            return Band(cleaned, "unplaced", why="a number without a unit (days, weeks, months or years)")
        return Band(cleaned, "length", months, True, months, True)
    return _parse_range(cleaned)


def _parse_range(cleaned: str) -> Band:
    """A band written as a lower bound, an upper bound, or both joined by "and" (units may be on one side only)."""
    open_above = _OPEN_ABOVE.match(cleaned)
    if open_above:
        months = _months(open_above.group(1), open_above.group(2))
        if months is not None:
            return Band(cleaned, "length", months, True, None, True)
    parts = [part.strip() for part in re.split(r"\s+and\s+(?!including\b|incl\b)", cleaned) if part.strip()]
    parts = [part for chunk in parts for part in _split_to(chunk)]
    lower: tuple | None = None
    upper: tuple | None = None
    unbounded = False
    for part in parts:
        if _UNBOUNDED_UPPER.match(part):
            unbounded = True
            continue
        low_match, up_match = _LOWER.match(part), _UPPER.match(part)
        if low_match and lower is None:
            lower = (low_match.group(3), low_match.group(4), low_match.group(2) is not None)
        elif up_match and upper is None:
            inclusive = True if up_match.group(1) else (None if up_match.group(3) else False)
            upper = (up_match.group(4), up_match.group(5), inclusive)
        else:
            return Band(cleaned, "unplaced", why=f"the rules cannot read '{part}'")
    if lower is None and upper is None:
        return Band(cleaned, "unplaced", why="no bound the rules can read")
    unit_hint = (upper[1] if upper and upper[1] else None) or (lower[1] if lower and lower[1] else None)
    low = _months(lower[0], lower[1] or unit_hint) if lower else 0.0
    high = _months(upper[0], upper[1] or unit_hint) if upper else None
    if (lower and low is None) or (upper and high is None):
        return Band(cleaned, "unplaced", why="a number without a unit (days, weeks, months or years)")
    if unbounded and upper is not None:
        return Band(cleaned, "unplaced", why="two upper bounds")
    if high is not None and high < low:
        return Band(cleaned, "unplaced", why="the upper bound is below the lower bound")
    # No upper bound ("more than 15 years", "... and less than life"): no longest sentence.
    return Band(cleaned, "length", low, lower[2] if lower else True, high, upper[2] if upper else True)


def _split_to(part: str) -> list[str]:
    """'6 months to less than 12 months' -> ['at least 6 months', 'less than 12 months']; others unchanged."""
    hit = re.match(rf"^(more than |over |from )?{_AMOUNT}\s+to\s+(less than|under)\s+(.+)$", part)
    if not hit:
        return [part]
    lower = "more than" if (hit.group(1) or "").strip() in ("more than", "over") else "at least"
    return [f"{lower} {hit.group(2)} {hit.group(3) or ''}".strip(), f"{hit.group(4)} {hit.group(5)}"]


def _months(number: str, unit: str | None) -> float | None:
    """A number and unit as months, or None when the unit is missing."""
    if not unit:
        return None
    key = unit.rstrip("s")
    key = "year" if key in ("yr", "year") else key
    return float(number) * _UNITS[key]


def read_bands(texts) -> dict[str, Band]:
    """Every band text of one file read by the rules, each bare "up to X" settled by the file's other bands."""
    bands = {text: parse_band(text) for text in texts}
    lengths = [b for b in bands.values() if b.kind == "length"]
    exact = {b.high for b in lengths if b.low == b.high}
    open_below = {b.low for b in lengths if not b.low_inclusive}
    settled = {}
    for text, band in bands.items():
        if band.kind == "length" and band.high is not None and band.high_inclusive is None:
            if band.high in exact:
                band = replace(band, high_inclusive=False)
            elif band.high in open_below:
                band = replace(band, high_inclusive=True)
        settled[text] = band
    return settled


def is_ambiguous(band: Band, months: float) -> bool:
    """True when the band's upper bound is "up to `months`" and nothing in the file says whether it includes it."""
    return band.kind == "length" and band.high == months and band.high_inclusive is None


def is_under(band: Band, months: float) -> bool | None:
    """True when every sentence in the band is certainly below `months` (an ambiguous band is not: see
    is_ambiguous); None when the band says nothing about length."""
    if band.kind == "life":
        return False
    if band.kind != "length":
        return None
    if band.high is None:
        return False
    if band.high_inclusive is None:
        return band.high < months
    return band.high < months if band.high_inclusive else band.high <= months


def straddles(band: Band, months: float) -> bool:
    """True when the band holds sentences both below `months` and not below it (so it is not counted as under)."""
    if band.kind != "length" or is_under(band, months) or is_ambiguous(band, months):
        return False
    low = band.low or 0.0
    return low < months


def under_rule(months: int | str) -> str:
    """The band rule of one threshold (or of "T"), in words, for the note on each figure."""
    return (f"under {months} months = bands whose longest possible sentence is certainly below {months} months "
            "('up to and including X' includes X; 'less than X' excludes it; 'up to X' excludes X only where the file "
            "has a band of exactly X, and includes it where the next band starts 'more than X'; a band left "
            "ambiguous is not counted and is reported); life and indeterminate sentences excluded")
