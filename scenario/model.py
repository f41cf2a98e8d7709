"""The scenario model: project custody demand, charges and the devolved budget year by year (areas x cohorts x years)."""
from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd

from scenario import funding
from scenario.assumptions import assumptions_log
from scenario.baseline import COHORTS, YOUNG_OFFENDERS, Baseline
from scenario.devolution import Devolution
from scenario.parameters import Levers, parameters_table

DAYS_PER_YEAR = 365
COHORT_METRICS = ("receptions", "diverted", "places", "backfilled_places", "commissioned_places", "bed_nights",
                  "charge", "custody_spend", "community_cost", "reoffending_rate")
AREA_METRICS = ("custody_spend", "charge", "budget", "upfront", "clawback", "savings", "reinvested", "local_net",
                "local_retained", "centre_net", "system_saving", "community_cost", "places", "backfilled_places",
                "places_in_use", "commissioned_places", "bed_nights", "receptions", "diverted")
METRIC_LABELS = {
    "receptions": "Custody receptions (people a year)", "diverted": "Diverted to community alternatives (people)",
    "places": "Devolved cohorts' prisoners held (average)", "backfilled_places": "Freed places refilled by others",
    "places_in_use": "Custody places in use (average)", "commissioned_places": "Secure-school places commissioned",
    "bed_nights": "Bed nights", "charge": "Charged to the local area(s) (£)",
    "custody_spend": "Custody spend, all cohorts (£)", "community_cost": "Cost of community alternatives (£)",
    "reoffending_rate": "Reoffending rate", "budget": "Devolved budget (£)", "upfront": "Up-front money (£)",
    "clawback": "Claw-back (£)", "savings": "Devolved budget less charges (£)", "reinvested": "Reinvested (£)",
    "local_net": "Local net position (£)", "local_retained": "Local net position after reinvestment (£)",
    "centre_net": "Centre net position (£)", "system_saving": "Saving to the public purse (£)"}
# Every output of the model is derived from the baseline's figures and the levers; this says so in exports.
OUTPUT_STATUS = "modelled: derived from the baseline's sourced figures and the levers (see the assumptions log)"


HELD, SAVINGS_SHARE = 1, 2  # budget rules (0: IPPR's time-lagged formula)
BUDGET_RULES = {0: "follows the area's own charged spend after the lag (IPPR's time-lagged formula)",
                HELD: "held at today's budget after the lag (never falls)",
                SAVINGS_SHARE: "no devolved budget: the centre pays a share of its saving (local justice reinvestment "
                               "pilot terms)"}


def inputs(baseline: Baseline, levers: Levers) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(receptions, time served, cost per prisoner) the run starts from: the baseline's, with estimated cohorts'
    receptions and every time served scaled by their uncertainty levers and young offenders at the youth place cost
    (unless the user typed their own)."""
    estimated = np.isin(baseline.cohorts, baseline.estimated_cohorts)[None, :]
    receptions = baseline.receptions * np.where(estimated, levers.receptions_scale, 1.0)
    time_served = baseline.time_served_years * levers.time_served_scale
    cost = baseline.cost_per_prisoner
    if baseline.kind != "own_area":
        youth = np.array([c == YOUNG_OFFENDERS for c in baseline.cohorts])[None, :]
        cost = np.where(youth, levers.youth_place_cost, cost)
    return receptions, time_served, cost


def phase_in(years: int, ramp_years: int) -> np.ndarray:
    """Share of each lever in effect in each year: linear to full by ramp_years (year 1 = 1/ramp_years)."""
    return np.minimum(np.arange(1, years + 1) / max(ramp_years, 1), 1.0)


@dataclass(frozen=True)
class Result:
    """One run: arrays by (area, cohort, year) and (area, year), with the baseline, levers and devolution behind them."""

    baseline: Baseline
    levers: Levers
    cohort: dict[str, np.ndarray]
    area: dict[str, np.ndarray]
    baseline_spend: np.ndarray  # (areas,) custody spend a year today, all cohorts
    notes: tuple[str, ...]
    devolution: Devolution = Devolution()
    devolved: np.ndarray | None = None  # (areas, cohorts) True where devolved

    @property
    def years(self) -> np.ndarray:
        return np.arange(1, self.levers.horizon_years + 1)

    def totals(self) -> pd.DataFrame:
        """All areas added up, one row per year (money, people and places; rates averaged by receptions).

        A copy each call (callers may add columns) of a table made once per run: every chart, headline and table
        of the page reads it."""
        return self._totals.copy()

    @cached_property
    def _totals(self) -> pd.DataFrame:
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
        devolved = self.devolved if self.devolved is not None else np.ones(self.baseline.receptions.shape, bool)
        table["cohorts_devolved"] = ["; ".join(c for c, on in zip(self.baseline.cohorts, row) if on) or "none"
                                     for row in devolved]
        table["baseline"] = self.baseline.label
        table["is_estimate"] = self.baseline.is_estimate
        table["status"] = OUTPUT_STATUS
        return table

    def long_table(self) -> pd.DataFrame:
        """Every area x cohort x year value (for CSV), each row saying which baseline produced it."""
        index = pd.MultiIndex.from_product([list(self.baseline.area_codes), list(self.baseline.cohorts),
                                            list(self.years)], names=["area_code", "cohort", "year"])
        table = pd.DataFrame({name: self.cohort[name].reshape(-1) for name in COHORT_METRICS}, index=index)
        table = table.reset_index()
        names = dict(zip(self.baseline.area_codes, self.baseline.area_names))
        table.insert(1, "area_name", table["area_code"].map(names))
        table.insert(3, "cohort_label", table["cohort"].map(COHORTS))
        devolved = self.devolved if self.devolved is not None else np.ones(self.baseline.receptions.shape, bool)
        table["devolved"] = np.repeat(devolved.reshape(-1), len(self.years))
        table["baseline"] = self.baseline.label
        table["is_estimate"] = table["cohort"].isin(self.baseline.estimated_cohorts)  # counted cohorts are not
        table["method"] = self.baseline.method
        table["status"] = OUTPUT_STATUS
        return table

    def assumptions(self) -> dict:
        """The levers, devolution, every parameter's log entry and the baseline: carried with every result and export."""
        return {"levers": self.levers.to_dict(), "devolution": self.devolution.to_dict(),
                "baseline": self.baseline.describe(), "parameters": parameters_table(),
                "assumptions_log": assumptions_log().to_dict(orient="records"), "notes": list(self.notes),
                "output_status": OUTPUT_STATUS}


def run(baseline: Baseline, levers: Levers, devolution: Devolution | None = None) -> Result:
    """Project every area and cohort over the horizon under the levers (year by year: reinvestment feeds back).

    For a devolved area a, cohort c, year t (p_t = share of each lever in effect; f = reoffending factor):
        f_t          = (1 + reoffending_change x p_t) x (1 - feedback x reinvested_(t-1) / devolved baseline budget)
        reoffending  r_t = r x f_t;   sentenced S_t = R x (1 + elasticity x (f_(t-1) - 1))  (a year later)
        receptions   R_t = S_t x (1 - diversion_share x p_t);  diverted D_t = S_t - R_t
        prisoners    P_t = R_t x T x (1 + time_served_change x p_t)   (average held: Little's law)
        backfilled   B_t = backfill x max(P - P_t, 0): other entrants' places, the CENTRE's (never charged locally)
        charge       P_t x cost per prisoner (= bed nights x cost / 365); young offenders under commissioning:
                     places commissioned a year ahead on last year's use in whole blocks, paid used or empty,
                     plus any places needed beyond them
    Community alternatives are paid by the area or, as in IPPR's package for this parliament, by the centre
    (alternatives_paid_locally). The budget follows the area's charged spend after the lag (IPPR), is held at today's,
    or is replaced by a savings-share payment from the centre (budget_rule; the area then pays no charge).
    Cohorts or areas not devolved stay as today with the centre. Budget, up-front money, claw-back and the local
    and centre positions per area from scenario.funding; local + centre = the saving to the public purse."""
    devolution = devolution or Devolution()
    years = levers.horizon_years
    phase = phase_in(years, levers.ramp_years)
    receptions0, time0, cost = inputs(baseline, levers)
    rate0 = baseline.reoffending_rate
    places0 = receptions0 * time0
    spend0 = places0 * cost
    areas, cohorts = receptions0.shape
    mask = devolution.mask(baseline.area_codes, baseline.cohorts)
    on = mask.astype(float)  # the levers act only where the area holds the budget (its incentive)
    youth = np.array([c == YOUNG_OFFENDERS for c in baseline.cohorts])[None, :]
    sharing = levers.budget_rule == SAVINGS_SHARE  # no devolved budget: the centre pays a share of its saving
    marginal = levers.marginal_cost_share  # a number, or one per area row when draws are run together
    commissioned_cells = mask & youth & bool(levers.youth_places_commissioned) & (not sharing)
    any_commissioned = bool(commissioned_cells.any())
    bed_cells = ~commissioned_cells  # places the centre runs (prisons, or YJB beds charged per night)
    base_devolved = (spend0 * on).sum(axis=1)  # (A,) the devolved budget before the start
    base_all = spend0.sum(axis=1)  # (A,) what the centre spends on these cohorts today
    safe_base = np.where(base_devolved > 0, base_devolved, 1.0)
    block = float(levers.secure_school_block)
    devolved_count = mask.sum(axis=1)

    out = {name: np.zeros((areas, cohorts, years)) for name in COHORT_METRICS}
    charge = np.zeros((areas, years))
    budget, upfront, clawed = (np.zeros((areas, years)) for _ in range(3))
    community, local, reinvested = (np.zeros((areas, years)) for _ in range(3))
    factor_before = np.ones((areas, cohorts))
    places_before = places0
    reinvested_before = np.zeros(areas)
    review = levers.clawback_review_year
    for t in range(years):
        p = phase[t]
        feedback = np.minimum(levers.reinvestment_feedback * reinvested_before / safe_base, 1.0)
        factor = np.maximum(1 + on * ((1 + levers.reoffending_change * p) * (1 - feedback[:, None]) - 1), 0.0)
        sentenced = receptions0 * np.maximum(1 + levers.receptions_reoffending_elasticity * (factor_before - 1), 0.0)
        diversion = levers.diversion_share * p * on
        received = sentenced * (1 - diversion)
        diverted = sentenced * diversion
        held = received * np.maximum(time0 * (1 + levers.time_served_change * p * on), 0.0)
        backfilled = levers.backfill_share * np.maximum(places0 - held, 0.0) * on * bed_cells
        cell_charge = held * cost * on
        system = (held + backfilled) * cost
        if any_commissioned:
            # A year ahead on last year's use (year 1: today's), rounded up to whole blocks; extra places bought
            # per bed night at the same cost. Tolerance: 12.0000001 places must not buy a 13th.
            ordered = block * np.ceil(places_before / block - 1e-9)
            commissioned = np.where(commissioned_cells, ordered, 0.0)
            paid = (commissioned + np.maximum(held - commissioned, 0.0)) * cost
            cell_charge = np.where(commissioned_cells, paid, cell_charge)
            system = np.where(commissioned_cells, paid, system)
            out["commissioned_places"][:, :, t] = commissioned
        out["receptions"][:, :, t] = received
        out["diverted"][:, :, t] = diverted
        out["places"][:, :, t] = held
        out["backfilled_places"][:, :, t] = backfilled
        out["charge"][:, :, t] = cell_charge
        out["custody_spend"][:, :, t] = system
        out["community_cost"][:, :, t] = diverted * levers.community_cost_per_diversion
        out["reoffending_rate"][:, :, t] = np.clip(rate0 * factor, 0.0, 1.0)
        charge[:, t] = cell_charge.sum(axis=1)
        if sharing:
            budget[:, t] = funding.savings_share_payment(base_devolved, charge[:, t], marginal,
                                                         levers.savings_share, levers.savings_threshold,
                                                         levers.savings_cap)
        elif levers.budget_rule == HELD:
            budget[:, t] = base_devolved
        else:
            budget[:, t] = funding.budget_for_year(base_devolved, charge[:, :t + 1], t, levers.lag_years,
                                                   levers.average_years, levers.review_years)
        if t == 0:
            upfront[:, 0] = levers.upfront_share * base_devolved
        if t == review - 1:
            achieved = 1 - np.divide((factor * on).sum(axis=1), devolved_count, out=np.ones(areas),
                                     where=devolved_count > 0)
            clawed[:, t] = funding.clawback_due(upfront.sum(axis=1), achieved, levers.clawback_threshold,
                                                levers.clawback_share)
        community[:, t] = out["community_cost"][:, :, t].sum(axis=1)
        paid_here = 0.0 if sharing else charge[:, t]  # under a savings share the centre still pays for custody
        local[:, t], reinvested[:, t] = funding.local_position(budget[:, t], upfront[:, t], clawed[:, t], paid_here,
                                                               community[:, t] * levers.alternatives_paid_locally,
                                                               levers.reinvestment_share)
        factor_before, places_before, reinvested_before = factor, held, reinvested[:, t]

    out["bed_nights"] = out["places"] * DAYS_PER_YEAR
    system = out["custody_spend"]
    spend0_y = spend0[:, :, None]
    bed = bed_cells[:, :, None]
    # The centre runs the prisons: it saves marginal_cost_share of the cost of each prisoner fewer. Commissioned
    # secure-school places are bought by the area from providers: a place not bought is saved in full.
    marginal_cells = np.reshape(marginal, (-1, 1, 1)) if np.ndim(marginal) else marginal
    running = np.where(bed, spend0_y - marginal_cells * (spend0_y - system), 0.0).sum(axis=1)
    charge_received = np.where(bed, out["charge"], 0.0).sum(axis=1) * (not sharing)
    centre = funding.centre_position(base_all[:, None], running, budget, upfront, clawed, charge_received,
                                     community * (1 - levers.alternatives_paid_locally))
    saving = np.where(bed, marginal_cells * (spend0_y - system), spend0_y - system).sum(axis=1) - community
    held_total = out["places"].sum(axis=1)
    area = {"custody_spend": system.sum(axis=1), "charge": charge, "budget": budget, "upfront": upfront,
            "clawback": clawed, "savings": budget - charge, "reinvested": reinvested, "local_net": local,
            "local_retained": local - reinvested, "centre_net": centre, "system_saving": saving,
            "community_cost": community, "places": held_total,
            "backfilled_places": out["backfilled_places"].sum(axis=1),
            "places_in_use": held_total + out["backfilled_places"].sum(axis=1),
            "commissioned_places": out["commissioned_places"].sum(axis=1), "bed_nights": held_total * DAYS_PER_YEAR,
            "receptions": out["receptions"].sum(axis=1), "diverted": out["diverted"].sum(axis=1)}
    return Result(baseline, levers, out, area, base_all, _notes(baseline, levers, devolution, mask, any_commissioned),
                  devolution, mask)


def _notes(baseline: Baseline, levers: Levers, devolution: Devolution, mask: np.ndarray,
           any_commissioned: bool) -> tuple[str, ...]:
    """What the reader must know about this run to read it right (said under the summary and in exports)."""
    notes = []
    if levers.clawback_review_year > levers.horizon_years and levers.upfront_share > 0:
        notes.append(f"The claw-back review (year {levers.clawback_review_year}) falls after the horizon "
                     f"({levers.horizon_years} years): nothing is clawed back within it.")
    if levers.diversion_share > 0 and np.any(np.asarray(levers.community_cost_per_diversion) == 0):
        notes.append("The cost of a community alternative is set to 0: local savings are GROSS of what the "
                     "alternatives cost (the sourced default is £4,200, NAO 2010 as reported).")
    if not devolution.is_full:
        notes.append(devolution.describe(baseline.area_codes, baseline.area_names, baseline.cohorts))
    if any_commissioned:
        notes.append("Young offenders' custody is commissioned as secure-school places (IPPR's long-term proposal, "
                     "2016 ch.4). The rule is the project's, not IPPR's: places are ordered a year ahead on last "
                     f"year's use in blocks of {levers.secure_school_block}, paid for used or empty, at the youth place "
                     "cost.")
    if levers.reinvestment_feedback > 0:
        notes.append(f"Reinvestment feedback is ON (the project's assumption, elasticity "
                     f"{levers.reinvestment_feedback:g}): reinvested savings cut the next year's reoffending.")
    if not mask.any():
        notes.append("Nothing is devolved: every cohort stays with the centre, so nothing changes.")
    return tuple(notes)


def run_draws(baseline: Baseline, levers: Levers, drawn: dict[str, np.ndarray],
              devolution: Devolution | None = None) -> dict[str, np.ndarray]:
    """Many draws of some inputs in one run: the areas stacked once per draw, each stacked row carrying its draw's
    values (run() reads these inputs element-wise). Returns each area metric as (draws, areas, years); equal, draw for
    draw, to running the draws one by one (tested)."""
    count = len(next(iter(drawn.values())))
    areas = len(baseline.area_codes)
    stacked = replace(baseline, area_codes=baseline.area_codes * count, area_names=baseline.area_names * count,
                      **{name: np.tile(getattr(baseline, name), (count, 1)) for name in
                         ("receptions", "time_served_years", "cost_per_prisoner", "reoffending_rate")})
    columns = {name: np.repeat(np.asarray(values, dtype=float), areas)[:, None] for name, values in drawn.items()}
    if "marginal_cost_share" in columns:
        columns["marginal_cost_share"] = columns["marginal_cost_share"][:, 0]
    result = run(stacked, replace(levers, **columns), devolution)
    return {name: values.reshape(count, areas, -1) for name, values in result.area.items()}
