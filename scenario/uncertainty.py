"""The joint uncertainty band: the scenario rerun over seeded draws of every uncertain input across its logged range,
an interval on each headline and a fan on the trajectory, and breakeven statements in words."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from formatting.numbers import money
from scenario.assumptions import entry
from scenario.baseline import Baseline
from scenario.devolution import Devolution
from scenario.model import Result, run_draws
from scenario.parameters import Levers

# Every input with a range in the assumptions log that is not a policy choice: drawn together, uniformly.
UNCERTAIN = ("community_cost_per_diversion", "receptions_reoffending_elasticity", "backfill_share",
             "marginal_cost_share", "youth_place_cost", "time_served_scale", "receptions_scale")
HEADLINES = {"system_saving": "public purse", "local_net": "local areas", "centre_net": "centre"}
TOTAL_KEYS = {"system_saving": "system", "local_net": "local", "centre_net": "centre"}
DRAWS, SEED, COVERED = 100, 2016, 0.8  # 80% of draws between the interval's ends
FAN_METRICS = ("system_saving", "local_net", "centre_net")


def input_range(name: str) -> tuple[float, float]:
    """The low and high of an uncertain input, from the assumptions log."""
    row = entry(name)
    return float(row["low"]), float(row["high"])


def drawn_values(count: int = DRAWS, seed: int = SEED) -> dict[str, np.ndarray]:
    """Every uncertain input drawn uniformly over its range, `count` times (same seed, same draws)."""
    rng = np.random.default_rng(seed)
    lows, highs = zip(*(input_range(name) for name in UNCERTAIN))
    values = rng.uniform(lows, highs, size=(count, len(UNCERTAIN)))
    return {name: values[:, i] for i, name in enumerate(UNCERTAIN)}


def draws(levers: Levers, count: int = DRAWS, seed: int = SEED) -> list[Levers]:
    """The draws as whole lever sets, one by one (what band() computes all at once)."""
    values = drawn_values(count, seed)
    return [levers.replace(**{name: float(values[name][i]) for name in UNCERTAIN}) for i in range(count)]


@dataclass(frozen=True)
class Band:
    """The draws' headlines (summed over areas and years) and yearly trajectories, with their 80% intervals."""

    totals: dict[str, np.ndarray]  # headline -> (draws,)
    yearly: dict[str, np.ndarray]  # metric -> (draws, years)
    count: int
    seed: int

    def interval(self, headline: str) -> tuple[float, float]:
        """The range holding the middle 80% of draws."""
        low, high = np.quantile(self.totals[headline], [(1 - COVERED) / 2, (1 + COVERED) / 2])
        return float(low), float(high)

    def fan(self, metric: str) -> tuple[np.ndarray, np.ndarray]:
        """Per year, the 10th and 90th percentiles of a metric across the draws."""
        low, high = np.quantile(self.yearly[metric], [(1 - COVERED) / 2, (1 + COVERED) / 2], axis=0)
        return low, high

    def share_positive(self, headline: str) -> float:
        """Share of draws in which the headline is above zero."""
        return float((self.totals[headline] > 0).mean())

    def to_dict(self) -> dict:
        """JSON-ready: the intervals and how they were drawn."""
        return {"draws": self.count, "seed": self.seed, "covered": COVERED, "inputs": list(UNCERTAIN),
                **{TOTAL_KEYS[name]: list(self.interval(name)) for name in HEADLINES}}


def band(baseline: Baseline, levers: Levers, devolution: Devolution | None = None, count: int = DRAWS,
         seed: int = SEED) -> Band:
    """The scenario under every draw at once (reproducible: the seed fixes the draws)."""
    area = run_draws(baseline, levers, drawn_values(count, seed), devolution)
    totals = {name: area[name].sum(axis=(1, 2)) for name in HEADLINES}
    yearly = {name: area[name].sum(axis=1) for name in FAN_METRICS}
    return Band(totals, yearly, count, seed)


def interval_words(result: Result, found: Band) -> list[str]:
    """'Public purse +£x over 10 years, 80% of draws between £a and £b', one per headline."""
    years = result.levers.horizon_years
    out = []
    for name, words in HEADLINES.items():
        low, high = found.interval(name)
        out.append(f"{words[0].upper() + words[1:]} {money(float(result.area[name].sum()))} over {years} years; "
                   f"{COVERED:.0%} of {found.count} draws between {money(low)} and {money(high)}")
    return out


def range_ends(baseline: Baseline, levers: Levers, devolution: Devolution | None = None,
               names: tuple[str, ...] = ("marginal_cost_share", "community_cost_per_diversion", "backfill_share"),
               ) -> dict[str, tuple[float, float]]:
    """The public purse's saving with each input at the low and the high end of its range (the others as set), all
    in one stacked run."""
    plan = [(name, value) for name in names for value in input_range(name)]
    drawn = {n: np.array([value if name == n else getattr(levers, n) for name, value in plan], dtype=float)
             for n in UNCERTAIN}
    saving = run_draws(baseline, levers, drawn, devolution)["system_saving"].sum(axis=(1, 2))
    return {name: (float(saving[2 * i]), float(saving[2 * i + 1])) for i, name in enumerate(names)}


def breakeven_value(baseline: Baseline, levers: Levers, devolution: Devolution | None, name: str,
                    ends: tuple[float, float] | None = None) -> float | None:
    """The value of an input, within its range, at which the public purse neither gains nor loses, or None if it keeps
    one sign across the range. The saving is linear in each of these inputs (the marginal cost share scales the
    places saved, backfill refills a fixed number of freed places, alternatives are paid per person diverted), so
    the ends of the range fix the line."""
    low, high = input_range(name)
    at_low, at_high = ends or range_ends(baseline, levers, devolution, (name,))[name]
    if at_low == 0 or at_high == 0 or (at_low > 0) == (at_high > 0):
        return None
    return low + (high - low) * at_low / (at_low - at_high)


def _value_words(name: str, value: float) -> str:
    if name == "community_cost_per_diversion":
        return f"£{value:,.0f}"
    if name in ("marginal_cost_share", "backfill_share"):
        return f"{value:.0%}"
    return f"{value:g}"


BREAKEVEN_WORDS = {
    "marginal_cost_share": ("the centre saves at least {v} of the cost of each prisoner fewer",
                            "the centre saves less than {v} of the cost of each prisoner fewer", True),
    "community_cost_per_diversion": ("a community alternative costs less than {v}",
                                     "a community alternative costs more than {v}", False),
    "backfill_share": ("fewer than {v} of the freed places are refilled by others",
                       "more than {v} of the freed places are refilled by others", False),
}


WHATEVER = {"marginal_cost_share": "share of the cost per prisoner the centre saves",
            "community_cost_per_diversion": "a community alternative costs",
            "backfill_share": "share of freed places is refilled by others"}


def breakeven(baseline: Baseline, levers: Levers, devolution: Devolution | None = None,
              found: Band | None = None) -> list[str]:
    """Breakeven statements in words: where the public purse turns from loss to gain, input by input (the others as
    set), and how often it gains across the joint draws."""
    out = []
    ends = range_ends(baseline, levers, devolution, tuple(BREAKEVEN_WORDS))
    for name, (gains_if, loses_if, rising) in BREAKEVEN_WORDS.items():
        low, high = input_range(name)
        set_value = _value_words(name, getattr(levers, name))
        value = breakeven_value(baseline, levers, devolution, name, ends[name])
        if value is None:
            sign = ends[name][0] > 0
            out.append(f"The public purse {'gains' if sign else 'does not gain'} whatever "
                       f"{WHATEVER[name]} between {_value_words(name, low)} and {_value_words(name, high)} "
                       f"(set: {set_value}).")
            continue
        at_high = ends[name][1] > 0
        words = (gains_if if at_high == rising else loses_if).format(v=_value_words(name, value))
        out.append(f"The public purse gains only if {words} (set: {set_value}).")
    if found is not None:
        out.append(f"Across {found.count} joint draws of every uncertain input, the public purse gains in "
                   f"{found.share_positive('system_saving'):.0%} and the local areas in "
                   f"{found.share_positive('local_net'):.0%}.")
    return out
