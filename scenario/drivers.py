"""Every driver of the headline, as it stands in a run: its value, range, status and source, for the result's side."""
from __future__ import annotations

import numpy as np
import pandas as pd

from scenario.assumptions import entry
from scenario.coverage import SHORT_NAMES
from scenario.model import BUDGET_RULES, Result, inputs
from scenario.uncertainty import input_range

PAYERS = {0: "The centre (probation not devolved)", 1: "The local area (from its budget)"}


def _money(value: float) -> str:
    return f"£{value:,.0f}"


def _row(driver: str, shown: str, span: str, name: str) -> dict:
    row = entry(name)
    return {"Driver": driver, "In this run": shown, "Range": span, "Status": row["status"], "Source": row["source"]}


def drivers(result: Result) -> pd.DataFrame:
    """One row per driver: who pays, the budget rule, each cohort's time served and cost per reception, the marginal
    cost share, backfill, the youth place cost, the alternative's cost and how receptions follow reoffending."""
    levers, base = result.levers, result.baseline
    receptions, served, cost = inputs(base, levers)
    weights = np.where(receptions.sum(axis=0) > 0, receptions.sum(axis=0), 1.0)
    rows = [_row("Who pays for community alternatives", PAYERS[levers.alternatives_paid_locally],
                 "the centre or the local area", "alternatives_paid_locally"),
            _row("What the devolved budget does after the lag", BUDGET_RULES[levers.budget_rule],
                 "follows charges, held, or savings share", "budget_rule")]
    low, high = input_range("time_served_scale")
    for i, cohort in enumerate(base.cohorts):
        days = float((served[:, i] * receptions[:, i]).sum() / weights[i]) * 365
        per = float((served[:, i] * cost[:, i] * receptions[:, i]).sum() / weights[i])
        rows.append(_row(f"Time served: {SHORT_NAMES[cohort]}", f"{days:,.0f} days (average over areas)",
                         f"{days * low:,.0f}-{days * high:,.0f} days", "sentence_mix_time_served"))
        rows.append(_row(f"Cost per reception: {SHORT_NAMES[cohort]}",
                         f"{_money(per)} (time served x {_money(float(np.median(cost[:, i])))} a year)",
                         f"{_money(per * low)}-{_money(per * high)}", "sentence_mix_time_served"))
    adult = entry("cost_per_prisoner_adult")
    rows.append(_row("Cost per prisoner a year (adults)", _money(float(adult["default"])),
                     f"{_money(float(adult['low']))} (2016/17)-{_money(float(adult['high']))} (2007-08)",
                     "cost_per_prisoner_adult"))
    for name, driver, shown in (
            ("marginal_cost_share", "Share of the cost per prisoner the centre saves", f"{levers.marginal_cost_share:.0%}"),
            ("backfill_share", "Freed places refilled by other entrants", f"{levers.backfill_share:.0%}"),
            ("youth_place_cost", "Cost of a youth custody place a year", _money(levers.youth_place_cost)),
            ("community_cost_per_diversion", "Cost of one community alternative", _money(levers.community_cost_per_diversion)),
            ("receptions_reoffending_elasticity", "Receptions follow reoffending (elasticity)",
             f"{levers.receptions_reoffending_elasticity:g}")):
        low, high = input_range(name)
        span = (f"{low:.0%}-{high:.0%}" if name.endswith("share") else
                f"{_money(low)}-{_money(high)}" if "cost" in name else f"{low:g}-{high:g}")
        rows.append(_row(driver, shown, span, name))
    return pd.DataFrame(rows)
