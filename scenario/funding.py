"""IPPR (2016, ch.4) devolved custody budget: time-lagged (averaged, reviewed) formula, up-front money, claw-back, positions.

Arrays are shaped (areas, years); year index 0 is the first year of the horizon.
"""
from __future__ import annotations

import numpy as np

# A target met to within float rounding counts as met.
TOLERANCE = 1e-9


def review_year(year: int, review_years: int) -> int:
    """The last year (index) at or before `year` in which the formula was reviewed: 0, N, 2N ..."""
    return year - year % max(review_years, 1)


def formula_budget(baseline_spend: np.ndarray, spend: np.ndarray, year: int, lag_years: int,
                   average_years: int = 1) -> np.ndarray:
    """The formula's budget for one year: the mean charged spend of the `average_years` years ending `lag_years`
    earlier; years before the start count at the baseline spend. spend needs columns up to `year - lag_years`."""
    if lag_years < 0 or average_years < 1:
        raise ValueError("the lag cannot be negative and at least one year is averaged")
    columns = [spend[:, i] if i >= 0 else baseline_spend for i in range(year - lag_years - average_years + 1,
                                                                         year - lag_years + 1)]
    return np.mean(columns, axis=0)


def budget_for_year(baseline_spend: np.ndarray, spend: np.ndarray, year: int, lag_years: int,
                    average_years: int = 1, review_years: int = 1) -> np.ndarray:
    """The devolved budget in `year`: the formula as it stood at the last review (held between reviews)."""
    return formula_budget(baseline_spend, spend, review_year(year, review_years), lag_years, average_years)


def lagged_budget(baseline_spend: np.ndarray, spend: np.ndarray, lag_years: int, average_years: int = 1,
                  review_years: int = 1) -> np.ndarray:
    """Budget for every year from a whole spend path (areas, years).

    lag 0, one year, yearly review funds each year on its own use, so any saving is taken straight back (IPPR's
    warning); a lag lets an area keep a saving for lag years; averaging lets it fade out over the averaged years;
    a review every N years holds the budget between reviews."""
    years = spend.shape[1]
    return np.stack([budget_for_year(baseline_spend, spend, t, lag_years, average_years, review_years)
                     for t in range(years)], axis=1)


def upfront_payments(baseline_spend: np.ndarray, upfront_share: float, years: int) -> np.ndarray:
    """Up-front money: upfront_share of one year's devolved baseline budget, paid in year 1."""
    out = np.zeros((len(baseline_spend), years))
    out[:, 0] = upfront_share * baseline_spend
    return out


def clawback_due(upfront_total: np.ndarray, achieved_fall: np.ndarray, threshold: float, share: float) -> np.ndarray:
    """Claw-back per area in the review year: share of the up-front money where the target was missed."""
    missed = achieved_fall + TOLERANCE < threshold
    return np.where(missed, share * upfront_total, 0.0)


def local_position(budget: np.ndarray, upfront: np.ndarray, clawed: np.ndarray, charge: np.ndarray,
                   community_cost: np.ndarray, reinvestment_share: float) -> tuple[np.ndarray, np.ndarray]:
    """(local net position against today, reinvested): receives budget and up-front money, pays the charge for its
    cohorts' custody, claw-back and community alternatives; reinvests a share of any positive position."""
    local = budget + upfront - clawed - charge - community_cost
    return local, reinvestment_share * np.maximum(local, 0.0)


def centre_position(baseline_spend: np.ndarray, running_cost: np.ndarray, budget: np.ndarray, upfront: np.ndarray,
                    clawed: np.ndarray, charge_received: np.ndarray, community_cost: np.ndarray | float = 0.0) -> np.ndarray:
    """The centre's net position against today: it used to pay the whole baseline spend; now it runs the prisons
    (running_cost), pays budgets, up-front money and the community alternatives it still funds, and receives bed-night
    charges and claw-back."""
    return baseline_spend - running_cost - budget - upfront + clawed + charge_received - community_cost


def savings_share_payment(baseline_spend: np.ndarray, spend: np.ndarray, marginal_cost_share: float, share: float,
                          threshold: float, cap: float) -> np.ndarray:
    """What the centre pays an area in a year under a savings share (the MoJ's local justice reinvestment pilot
    terms): nothing until custody demand has fallen by the threshold against the baseline; then `share` of the
    centre's cashable saving (marginal cost share x the fall), the fall counted up to `cap`."""
    safe = np.where(baseline_spend > 0, baseline_spend, 1.0)
    fall = np.where(baseline_spend > 0, 1 - spend / safe, 0.0)
    counted = np.where(fall + TOLERANCE >= threshold, np.minimum(fall, cap), 0.0)
    return share * marginal_cost_share * np.maximum(counted, 0.0) * baseline_spend
