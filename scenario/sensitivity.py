"""How far the headline moves with each main assumption (the sensitivity strip), and the funding formula's variants."""
from __future__ import annotations

import numpy as np
import pandas as pd

from scenario.assumptions import strip_names, strip_values
from scenario.baseline import Baseline
from scenario.devolution import Devolution
from scenario.model import Result, run, run_draws
from scenario.parameters import INTEGER_PARAMETERS, Levers, get_parameter
from scenario.uncertainty import UNCERTAIN

HEADLINES = {"local_net": "Local net position over the horizon",
             "centre_net": "Centre net position over the horizon",
             "system_saving": "Saving to the public purse over the horizon"}


def _headline(result: Result) -> dict[str, float]:
    """The strip's headlines for one run, summed over areas and years."""
    return {name: float(result.area[name].sum()) for name in HEADLINES}


def sensitivity(baseline: Baseline, levers: Levers, devolution: Devolution | None = None,
                current: Result | None = None, names: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The headline with each main assumption at its low, middle and high setting (from the log), the others as set.

    One row per (assumption, setting); 'is_this_scenario' marks the setting the page is showing. Settings of the
    inputs the model reads element by element run together in one stacked run (as the uncertainty band does)."""
    plan = []
    for name in names or strip_names():
        values = strip_values(name)
        settings = ("low", "middle", "high") if len(values) == 3 else ("low", "high")[:len(values)]
        for setting, value in zip(settings, values):
            value = int(value) if name in INTEGER_PARAMETERS else value
            plan.append((name, setting, value, value == getattr(levers, name)))
    stacked = [i for i, (name, _, _, same) in enumerate(plan) if name in UNCERTAIN and not (same and current)]
    found: dict[int, dict[str, float]] = {}
    if stacked:
        drawn = {n: np.array([plan[i][2] if plan[i][0] == n else getattr(levers, n) for i in stacked], dtype=float)
                 for n in UNCERTAIN}
        area = run_draws(baseline, levers, drawn, devolution)
        for k, i in enumerate(stacked):
            found[i] = {h: float(area[h][k].sum()) for h in HEADLINES}
    rows = []
    for i, (name, setting, value, same) in enumerate(plan):
        if i not in found:
            result = current if same and current is not None else run(baseline, levers.replace(**{name: value}),
                                                                       devolution)
            found[i] = _headline(result)
        definition = get_parameter(name)
        rows.append({"assumption": name, "label": definition.label, "status": definition.status,
                     "setting": setting, "value": value, "is_default": value == definition.default,
                     "is_this_scenario": same, **found[i]})
    return pd.DataFrame(rows)


def swing(table: pd.DataFrame, headline: str = "local_net") -> pd.DataFrame:
    """Per assumption: lowest and highest headline across its settings and the range between (largest first)."""
    grouped = table.groupby(["assumption", "label", "status"], sort=False)[headline]
    out = grouped.agg(["min", "max"]).reset_index()
    out["range"] = out["max"] - out["min"]
    return out.sort_values("range", ascending=False, kind="stable").reset_index(drop=True)


def formula_variants(levers: Levers) -> dict[str, Levers]:
    """The same levers under other funding formulas (IPPR ch.4: lag, historical rates, regular review), named."""
    lag = levers.lag_years
    variants = {
        "This scenario's formula": levers,
        "No lag: funded on this year's use": levers.replace(lag_years=0, average_years=1, review_years=1),
        f"Pure shift: {lag}-year lag": levers.replace(average_years=1, review_years=1),
        f"{lag}-year lag, average of 3 past years": levers.replace(average_years=3, review_years=1),
        f"{lag}-year lag, reviewed every 3 years": levers.replace(average_years=1, review_years=3),
    }
    seen, out = set(), {}
    for name, value in variants.items():  # a variant equal to this scenario's formula is shown once
        if value not in seen:
            seen.add(value)
            out[name] = value
    return out


def formula_results(baseline: Baseline, levers: Levers, devolution: Devolution | None = None,
                    current: Result | None = None) -> dict[str, Result]:
    """Each formula variant run on the same baseline and devolution (this scenario's own run reused)."""
    return {name: current if value == levers and current is not None else run(baseline, value, devolution)
            for name, value in formula_variants(levers).items()}
