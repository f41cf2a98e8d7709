"""Funnel-plot control limits for a proportion against cohort size (normal approximation to the binomial).

As in public-health dashboards (e.g. PHE Fingertips), limits are p0 +/- z * sqrt(p0 (1 - p0) / n), with z for
two-sided 95% (1.959964) and 99.8% (3.090232) coverage, clipped to [0, 1]. Points outside the 99.8% limits
are unlikely to differ from the reference by chance alone.

Overdispersion (Spiegelhalter, Statistics in Medicine 2005, "Handling over-dispersion of performance
indicators"): when areas differ by more than chance allows, nearly every area falls outside the limits. The
option estimates the spread between areas (tau^2, additive random effects, from z-scores winsorised at 10%) and
widens the limits to p0 +/- z * sqrt(p0 (1 - p0) / n + tau^2).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

Z95 = 1.959964
Z998 = 3.090232
SMALL_COHORT = 100  # below this a rate moves by a whole point or more with one person: flagged
WINSORISE = 0.10  # Spiegelhalter's choice: the 10% most extreme z-scores each side pulled in
Z95_ONE_SIDED = 1.644854


@dataclass(frozen=True)
class Overdispersion:
    """How far areas spread beyond chance: phi (1 = as chance allows), tau^2 (between-area variance, as a
    proportion squared), whether the spread is more than chance at 5%, and how many areas it is judged on."""

    phi: float
    tau2: float
    overdispersed: bool
    areas: int


def overdispersion(proportions, n, p0: float) -> Overdispersion:
    """Spiegelhalter's (2005) estimate from each area's proportion and cohort size against reference p0."""
    y, n = np.asarray(proportions, dtype=float), np.asarray(n, dtype=float)
    keep = ~(np.isnan(y) | np.isnan(n)) & (n > 0)
    y, n = y[keep], n[keep]
    areas = len(y)
    if areas < 3 or not 0 < p0 < 1:
        return Overdispersion(math.nan, 0.0, False, areas)
    variance = p0 * (1 - p0) / n
    z = (y - p0) / np.sqrt(variance)
    low, high = np.quantile(z, [WINSORISE, 1 - WINSORISE])
    phi = float(np.mean(np.clip(z, low, high) ** 2))
    weights = 1 / variance
    tau2 = max(0.0, (areas * phi - (areas - 1)) / (weights.sum() - (weights ** 2).sum() / weights.sum()))
    return Overdispersion(phi, tau2, areas * phi > _chi2_95(areas - 1), areas)


def _chi2_95(df: int) -> float:
    """The 95th percentile of chi-squared with df degrees of freedom (Wilson-Hilferty, within 1% from df 2)."""
    k = float(df)
    return k * (1 - 2 / (9 * k) + Z95_ONE_SIDED * math.sqrt(2 / (9 * k))) ** 3


def limits(p0: float, n: float | np.ndarray, z: float, tau2: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper control limits (as proportions) around reference p0 for cohort size n (widened by the
    between-area variance tau2 when overdispersion is allowed for)."""
    if not 0 <= p0 <= 1:
        raise ValueError(f"reference proportion must be between 0 and 1, not {p0}")
    n = np.asarray(n, dtype=float)
    if (n <= 0).any():
        raise ValueError("cohort sizes must be positive")
    half = z * np.sqrt(p0 * (1 - p0) / n + tau2)
    return np.clip(p0 - half, 0, 1), np.clip(p0 + half, 0, 1)


def funnel_lines(p0: float, n_min: float, n_max: float, scale: float = 100.0, points: int = 120,
                 tau2: float = 0.0) -> pd.DataFrame:
    """The four limit curves (in the indicator's units) on a log-spaced grid of cohort sizes."""
    low, high = max(n_min, 1.0) * 0.8, max(n_max, n_min, 1.0) * 1.25
    n = np.geomspace(low, high, points)
    lo95, hi95 = limits(p0, n, Z95, tau2)
    lo998, hi998 = limits(p0, n, Z998, tau2)
    return pd.DataFrame({"n": n, "lower_95": lo95 * scale, "upper_95": hi95 * scale,
                         "lower_998": lo998 * scale, "upper_998": hi998 * scale})


def classify(value: float, n: float, p0: float, scale: float = 100.0, tau2: float = 0.0) -> str:
    """Where a rate falls against the limits: 'above 99.8%', 'above 95%', 'within', 'below 95%', 'below 99.8%'."""
    if any(map(_missing, (value, n))) or n <= 0:
        return "no data"
    proportion = value / scale
    lo95, hi95 = (float(x) for x in limits(p0, n, Z95, tau2))
    lo998, hi998 = (float(x) for x in limits(p0, n, Z998, tau2))
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
