"""IPPR (2016, ch.4) devolved custody budget: time-lagged formula, up-front money, claw-back, reinvestment, net positions.

All functions work on arrays shaped (areas, years); year index 0 is the first year of the horizon.
"""
from __future__ import annotations

import numpy as np

# A target met to within float rounding counts as met.
TOLERANCE = 1e-9


def lagged_budget(baseline_spend: np.ndarray, spend: np.ndarray, lag_years: int) -> np.ndarray:
    """Budget for year t = the custody spend charged lag_years earlier; before the start, the baseline spend.

    lag 0 funds each year on that year's own use, so any saving is taken straight back (IPPR's warning);
    a longer lag lets an area keep what it saves for lag_years."""
    if lag_years < 0:
        raise ValueError("the lag cannot be negative")
    areas, years = spend.shape
    history = np.concatenate([np.repeat(baseline_spend[:, None], lag_years, axis=1), spend], axis=1)
    return history[:, :years]


def upfront_payments(baseline_spend: np.ndarray, upfront_share: float, years: int) -> np.ndarray:
    """Up-front money: upfront_share of one year's baseline budget, paid in year 1."""
    out = np.zeros((len(baseline_spend), years))
    out[:, 0] = upfront_share * baseline_spend
    return out


def clawback(upfront: np.ndarray, achieved_fall: np.ndarray, threshold: float, review_year: int,
             share: float) -> np.ndarray:
    """Claw-back paid to the centre in the review year where the reoffending target was missed.

    achieved_fall: (areas,) relative fall in reoffending reached by the review year (0.1 = 10% lower).
    A review year beyond the horizon claws nothing back within it."""
    areas, years = upfront.shape
    out = np.zeros((areas, years))
    if review_year < 1 or review_year > years:
        return out
    missed = achieved_fall + TOLERANCE < threshold
    out[:, review_year - 1] = np.where(missed, share * upfront.sum(axis=1), 0.0)
    return out


def net_positions(baseline_spend: np.ndarray, charge: np.ndarray, budget: np.ndarray, upfront: np.ndarray,
                  clawed: np.ndarray, community_cost: np.ndarray, reinvestment_share: float,
                  marginal_cost_share: float) -> dict[str, np.ndarray]:
    """Savings, reinvestment and the net position (against today) of the local area and of the centre.

    Local: receives budget and up-front money, pays bed-night charges, claw-back and community alternatives;
    reinvests a share of any positive net position. Centre: runs the prisons (saving marginal_cost_share of the
    cost of each empty place), pays budgets and up-front money, receives charges and claw-back."""
    base = baseline_spend[:, None]
    savings = budget - charge
    local_before = budget + upfront - clawed - charge - community_cost
    reinvested = reinvestment_share * np.maximum(local_before, 0.0)
    centre_running = base - marginal_cost_share * (base - charge)
    centre_net = base - (centre_running + budget + upfront - charge - clawed)
    return {"savings": savings, "local_net": local_before, "reinvested": reinvested,
            "local_retained": local_before - reinvested, "centre_net": centre_net}
