"""Funnel-plot control limits for a proportion against cohort size (normal approximation to the binomial).

As in public-health dashboards (e.g. PHE Fingertips), limits are p0 +/- z * sqrt(p0 (1 - p0) / n), with z for
two-sided 95% (1.959964) and 99.8% (3.090232) coverage, clipped to [0, 1]. Points outside the 99.8% limits
are unlikely to differ from the reference by chance alone.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

Z95 = 1.959964
Z998 = 3.090232
SMALL_COHORT = 100  # below this a rate moves by a whole point or more with one person: flagged


def limits(p0: float, n: float | np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper control limits (as proportions) around reference p0 for cohort size n."""
    if not 0 <= p0 <= 1:
        raise ValueError(f"reference proportion must be between 0 and 1, not {p0}")
    n = np.asarray(n, dtype=float)
    if (n <= 0).any():
        raise ValueError("cohort sizes must be positive")
    half = z * np.sqrt(p0 * (1 - p0) / n)
    return np.clip(p0 - half, 0, 1), np.clip(p0 + half, 0, 1)


def funnel_lines(p0: float, n_min: float, n_max: float, scale: float = 100.0, points: int = 120) -> pd.DataFrame:
    """The four limit curves (in the indicator's units) on a log-spaced grid of cohort sizes."""
    low, high = max(n_min, 1.0) * 0.8, max(n_max, n_min, 1.0) * 1.25
    n = np.geomspace(low, high, points)
    lo95, hi95 = limits(p0, n, Z95)
    lo998, hi998 = limits(p0, n, Z998)
    return pd.DataFrame({"n": n, "lower_95": lo95 * scale, "upper_95": hi95 * scale,
                         "lower_998": lo998 * scale, "upper_998": hi998 * scale})


def classify(value: float, n: float, p0: float, scale: float = 100.0) -> str:
    """Where a rate falls against the limits: 'above 99.8%', 'above 95%', 'within', 'below 95%', 'below 99.8%'."""
    if any(map(_missing, (value, n))) or n <= 0:
        return "no data"
    proportion = value / scale
    lo95, hi95 = (float(x) for x in limits(p0, n, Z95))
    lo998, hi998 = (float(x) for x in limits(p0, n, Z998))
    if proportion > hi998:
        return "above 99.8% limit"
    if proportion > hi95:
        return "above 95% limit"
    if proportion < lo998:
        return "below 99.8% limit"
    if proportion < lo95:
        return "below 95% limit"
    return "within limits"


def is_small(n: float) -> bool:
    """True for a cohort too small for a stable rate."""
    return not _missing(n) and n < SMALL_COHORT


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))
