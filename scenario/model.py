"""The scenario model: project custody demand, spend and the devolved budget year by year (numpy, areas x cohorts x years)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from scenario import funding
from scenario.baseline import Baseline
from scenario.parameters import Levers, parameters_table

DAYS_PER_YEAR = 365
COHORT_METRICS = ("receptions", "diverted", "places", "bed_nights", "custody_spend", "community_cost",
                  "reoffending_rate")
AREA_METRICS = ("custody_spend", "budget", "upfront", "clawback", "savings", "reinvested", "local_net",
                "local_retained", "centre_net", "community_cost", "places", "bed_nights", "receptions", "diverted")
METRIC_LABELS = {
    "receptions": "Custody receptions (people a year)", "diverted": "Diverted to community alternatives (people)",
    "places": "Custody places in use (average)", "bed_nights": "Bed nights", "custody_spend": "Custody spend (£)",
    "community_cost": "Cost of community alternatives (£)", "reoffending_rate": "Reoffending rate",
    "budget": "Devolved budget (£)", "upfront": "Up-front money (£)", "clawback": "Claw-back (£)",
    "savings": "Savings on the budget (£)", "reinvested": "Reinvested (£)", "local_net": "Local net position (£)",
    "local_retained": "Local net position after reinvestment (£)", "centre_net": "Centre net position (£)"}


def phase_in(years: int, ramp_years: int) -> np.ndarray:
    """Share of each lever in effect in each year: linear to full by ramp_years (year 1 = 1/ramp_years)."""
    return np.minimum(np.arange(1, years + 1) / max(ramp_years, 1), 1.0)


@dataclass(frozen=True)
class Result:
    """One run: arrays by (area, cohort, year) and (area, year), with the baseline and levers that produced them."""

    baseline: Baseline
    levers: Levers
    cohort: dict[str, np.ndarray]
    area: dict[str, np.ndarray]
    baseline_spend: np.ndarray
    notes: tuple[str, ...]

    @property
    def years(self) -> np.ndarray:
        return np.arange(1, self.levers.horizon_years + 1)

    def totals(self) -> pd.DataFrame:
        """All areas added up, one row per year (money, people and places; rates averaged by receptions)."""
        out = {"year": self.years}
        for name in AREA_METRICS:
            out[name] = self.area[name].sum(axis=0)
        weights = self.cohort["receptions"] + self.cohort["diverted"]
        total_weight = weights.sum(axis=(0, 1))
        rate = (self.cohort["reoffending_rate"] * weights).sum(axis=(0, 1))
        out["reoffending_rate"] = np.divide(rate, total_weight, out=np.zeros_like(rate), where=total_weight > 0)
        out["baseline_custody_spend"] = np.full(len(self.years), self.baseline_spend.sum())
        out["baseline_places"] = np.full(len(self.years), self.baseline.places.sum())
        return pd.DataFrame(out)

    def by_area(self, cumulative: bool = True) -> pd.DataFrame:
        """One row per area: every area metric over the horizon (summed) or in the last year."""
        rows = {"area_code": list(self.baseline.area_codes), "area_name": list(self.baseline.area_names)}
        for name in AREA_METRICS:
            values = self.area[name]
            rows[name] = values.sum(axis=1) if cumulative else values[:, -1]
        rows["baseline_custody_spend"] = self.baseline_spend * (len(self.years) if cumulative else 1)
        table = pd.DataFrame(rows)
        table["baseline"] = self.baseline.label
        table["is_estimate"] = self.baseline.is_estimate
        return table

    def long_table(self) -> pd.DataFrame:
        """Every area x cohort x year value (for CSV), each row saying which baseline produced it."""
        areas, cohorts, years = self.cohort["receptions"].shape
        index = pd.MultiIndex.from_product([list(self.baseline.area_codes), list(self.baseline.cohorts),
                                            list(self.years)], names=["area_code", "cohort", "year"])
        table = pd.DataFrame({name: self.cohort[name].reshape(-1) for name in COHORT_METRICS}, index=index)
        table = table.reset_index()
        names = dict(zip(self.baseline.area_codes, self.baseline.area_names))
        table.insert(1, "area_name", table["area_code"].map(names))
        table["baseline"] = self.baseline.label
        table["is_estimate"] = self.baseline.is_estimate
        table["method"] = self.baseline.method
        return table

    def assumptions(self) -> dict:
        """The levers, every parameter's definition and the baseline: carried with every result and export."""
        return {"levers": self.levers.to_dict(), "baseline": self.baseline.describe(),
                "parameters": parameters_table(), "notes": list(self.notes)}


def run(baseline: Baseline, levers: Levers) -> Result:
    """Project every area and cohort over the horizon under the levers.

    For area a, cohort c, year t (phase p_t = share of each lever in effect, p_0 = 0 before the start):
        reoffending rate  r_t = r x (1 + reoffending_change x p_t)
        sentenced         S_t = R x (1 + elasticity x reoffending_change x p_(t-1))   (reoffending shows a year later)
        receptions        R_t = S_t x (1 - diversion_share x p_t);  diverted D_t = S_t - R_t
        places            P_t = R_t x T x (1 + time_served_change x p_t), plus backfill x (baseline places - that)
        custody spend     C_t = P_t x cost per place  (= bed nights x cost per place / 365: the bed-night charge)
    Per area (cohorts added): budget, up-front money, claw-back and net positions from scenario.funding."""
    years = levers.horizon_years
    phase = phase_in(years, levers.ramp_years)  # (Y,)
    previous_phase = np.concatenate([[0.0], phase[:-1]])  # reoffending shows in receptions a year later
    receptions0 = baseline.receptions[:, :, None]
    time0 = baseline.time_served_years[:, :, None]
    cost = baseline.cost_per_place[:, :, None]
    places0 = baseline.places[:, :, None]

    reoffending_rate = np.clip(baseline.reoffending_rate[:, :, None] * (1 + levers.reoffending_change * phase), 0, 1)
    reoffending_factor = np.maximum(1 + levers.receptions_reoffending_elasticity * levers.reoffending_change
                                    * previous_phase, 0.0)
    diversion = levers.diversion_share * phase
    sentenced = receptions0 * reoffending_factor
    receptions = sentenced * (1 - diversion)
    diverted = sentenced * diversion
    time_served = np.maximum(time0 * (1 + levers.time_served_change * phase), 0.0)
    raw_places = receptions * time_served
    places = raw_places + levers.backfill_share * np.maximum(places0 - raw_places, 0.0)
    custody_spend = places * cost
    community_cost = diverted * levers.community_cost_per_diversion
    cohort = {"receptions": receptions, "diverted": diverted, "places": places, "bed_nights": places * DAYS_PER_YEAR,
              "custody_spend": custody_spend, "community_cost": community_cost,
              "reoffending_rate": np.broadcast_to(reoffending_rate, receptions.shape).copy()}

    baseline_spend = baseline.spend.sum(axis=1)  # (A,)
    charge = custody_spend.sum(axis=1)  # (A, Y): bed nights charged at the cost per place
    budget = funding.lagged_budget(baseline_spend, charge, levers.lag_years)
    upfront = funding.upfront_payments(baseline_spend, levers.upfront_share, years)
    review = levers.clawback_review_year
    achieved_fall = -levers.reoffending_change * (phase[review - 1] if review <= years else phase[-1])
    clawed = funding.clawback(upfront, np.full(len(baseline_spend), achieved_fall), levers.clawback_threshold,
                              review, levers.clawback_share)
    area_community = community_cost.sum(axis=1)
    positions = funding.net_positions(baseline_spend, charge, budget, upfront, clawed, area_community,
                                      levers.reinvestment_share, levers.marginal_cost_share)
    area = {"custody_spend": charge, "budget": budget, "upfront": upfront, "clawback": clawed,
            "community_cost": area_community, "places": places.sum(axis=1), "bed_nights": places.sum(axis=1) * 365,
            "receptions": receptions.sum(axis=1), "diverted": diverted.sum(axis=1), **positions}
    notes = []
    if review > years and levers.upfront_share > 0:
        notes.append(f"The claw-back review (year {review}) falls after the horizon ({years} years): nothing is "
                     "clawed back within it.")
    if levers.diversion_share > 0 and levers.community_cost_per_diversion == 0:
        notes.append("The cost of a community alternative is 0 (no published unit cost in our sources): local "
                     "savings are GROSS of what the alternatives cost. Type your own cost to see them net.")
    return Result(baseline, levers, cohort, area, baseline_spend, tuple(notes))
