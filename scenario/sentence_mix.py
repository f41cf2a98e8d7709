"""Time served per cohort from its own sentence-length mix (release at the halfway point), and the national counts
behind IPPR's women's cohort, read at run time from the shared sources (never copied)."""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from geo.locations import sources_dir
from scenario.assumptions import entry

DISTRIBUTION = ("prisons", "prt_sentence_length_distribution_by_sex_pct.csv")
WOMEN_COUNTS = ("custody_by_area", "prt_women_immediate_custody_by_pfa_2014_2024_cjs_dec2024.csv")
WOMEN_UNDER_6 = ("custody_by_area", "prt_women_immediate_custody_under_6_months_by_pfa_2014_2024_cjs_dec2024.csv")
WOMEN_YEAR = "2024"
# Years served in each determinate band: half its middle sentence (Criminal Justice Act 2003, s.244). 4 years and
# over takes a 6-year middle (the project's assumption); indeterminate sentences (1%) are left out.
BAND_YEARS = {"<6 months": 0.125, "6-12 months": 0.375, "12 months-2 years": 0.75, "2-4 years": 1.5,
              "4 years+": 3.0}
UNDER_6, UNDER_12_BANDS, UNDER_24_BANDS = "<6 months", ("<6 months", "6-12 months"), (
    "<6 months", "6-12 months", "12 months-2 years")
DISTRIBUTION_WORDS = "Prison Reform Trust, Bromley Briefings: sentence lengths by sex (year not stated)"
WOMEN_WORDS = (f"Women sentenced to immediate custody, {WOMEN_YEAR} (Prison Reform Trust compilation of MoJ Criminal "
               "Justice System statistics, Dec 2024)")


class SentenceMixMissingError(FileNotFoundError):
    """A shared source the sentence mix needs is not there (the message names it)."""


def _read(parts: tuple[str, str]) -> pd.DataFrame:
    path = sources_dir() / parts[0] / parts[1]
    if not path.exists():
        raise SentenceMixMissingError(f"{parts[1]} is not in the shared sources: the sentence-length mix is unavailable")
    return pd.read_csv(path)


@lru_cache(maxsize=2)
def band_shares(sex: str) -> pd.Series:
    """Share of each determinate band for 'women' or 'men' (the published percentages, indeterminate left out)."""
    table = _read(DISTRIBUTION)
    shares = table[table["sex"] == sex].set_index("sentence")["percent"].astype(float).reindex(list(BAND_YEARS))
    return shares / shares.sum()


def women_time_served(under_6_share: np.ndarray | float) -> np.ndarray:
    """Years served by an average woman sentenced to custody, given the share of her area's sentences under 6 months:
    that share at the under-6-month band's years, the rest split as the national women's mix of longer bands."""
    shares = band_shares("women")
    longer = shares.drop(UNDER_6)
    longer_years = float((longer * pd.Series(BAND_YEARS)).sum() / longer.sum())
    share = np.clip(np.asarray(under_6_share, dtype=float), 0.0, 1.0)
    return share * BAND_YEARS[UNDER_6] + (1 - share) * longer_years


def under_24_split(sex: str = "men") -> float:
    """Share of sentences under 24 months that are under 12 months, from the national mix (men: women are their own
    cohort)."""
    shares = band_shares(sex)
    return float(shares[list(UNDER_12_BANDS)].sum() / shares[list(UNDER_24_BANDS)].sum())


def under_24_time_served(under_12_share: np.ndarray | float, under_12_years: float) -> np.ndarray:
    """Years served on a sentence under 24 months: under-12-month sentences at the derived figure, 12-24 months at
    the logged assumption, weighted by the share under 12 months."""
    band = float(entry("time_served_12_to_24_months_years")["default"])
    share = np.asarray(under_12_share, dtype=float)
    return share * under_12_years + (1 - share) * band


@lru_cache(maxsize=1)
def women_national() -> tuple[float, float]:
    """(women sentenced to immediate custody in the latest year, share of them under 6 months), England and Wales."""
    counts, under_6 = _read(WOMEN_COUNTS), _read(WOMEN_UNDER_6)
    total, short = float(counts[WOMEN_YEAR].sum()), float(under_6[WOMEN_YEAR].sum())
    return total, short / total
