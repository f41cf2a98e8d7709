"""Warnings for results that cannot be, or are far outside anything the sources describe, each saying why."""
from __future__ import annotations

import numpy as np

from formatting.numbers import money
from scenario.model import Result

# Below this share of today's devolved prisoners, nearly nobody in the cohort is sent to custody at all.
NEARLY_EMPTY = 0.1


def result_warnings(result: Result) -> list[str]:
    """Plain warnings about one run: a local area keeping more than its whole budget, custody all but abolished."""
    warnings = []
    area, levers = result.area, result.levers
    local, received = area["local_net"].sum(axis=1), area["budget"].sum(axis=1)
    over = np.flatnonzero(local > received * (1 + 1e-9) + 1e-6)
    if len(over):
        names = ", ".join(result.baseline.area_names[i] for i in over[:5])
        warnings.append(
            f"{len(over)} area(s) end the horizon with a local net position above their whole devolved budget "
            f"(e.g. {names}: {money(local[over[0]])} against {money(received[over[0]])}). That cannot come from "
            "savings, which are at most the budget: it is up-front money kept because the claw-back target was met. "
            "Read it as a grant, or lower the up-front share.")
    devolved = result.devolved if result.devolved is not None else np.ones(result.baseline.receptions.shape, bool)
    today = (result.baseline.places * devolved).sum()
    last = (result.cohort["places"][:, :, -1] * devolved).sum()
    if today > 0 and last < NEARLY_EMPTY * today:
        warnings.append(
            f"The devolved cohorts' prisoners fall to {last / today:.0%} of today's by year {levers.horizon_years}. "
            "No source describes sentencing nearly a whole cohort to the community: IPPR's alternatives are for "
            "some offenders, and courts keep custody for the most serious. Treat this as an upper bound.")
    if levers.reinvestment_feedback > 0 and levers.reinvestment_share == 0:
        warnings.append("Reinvestment feedback is on but nothing is reinvested (savings reinvested = 0%), so it "
                        "has no effect.")
    return warnings
