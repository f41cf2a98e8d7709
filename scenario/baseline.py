"""Baselines the model runs on: national totals, a user's own area, an estimate by population share, or the indicator store.

Every baseline carries its kind, a label, the method and its sources so each output says which one it used.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

NATIONAL_FILE = Path(__file__).resolve().parent.parent / "data" / "scenario" / "national_baseline.csv"
COHORTS = {"short_sentence": "Short sentences (under 12 months nationally; IPPR's cohort is under 24 months)",
           "women": "Women", "young_adults": "Young adults (18-24)"}
FIELDS = ("receptions", "time_served_years", "cost_per_place", "reoffending_rate")
ENGLAND_AND_WALES = "K04000001"
KINDS = {"national": "National totals (England and Wales)",
         "own_area": "Your own area's figures, as typed in",
         "population_share": "ESTIMATE: national totals shared out by population",
         "indicator_store": "Per-area figures from the indicator store"}


class BaselineError(ValueError):
    """A baseline that cannot be built (bad or missing input), with a reason for the user."""


@dataclass(frozen=True)
class Baseline:
    """Per area (rows) and cohort (columns): receptions a year, average time served, cost per place, reoffending rate."""

    kind: str
    label: str
    method: str
    area_codes: tuple[str, ...]
    area_names: tuple[str, ...]
    cohorts: tuple[str, ...]
    receptions: np.ndarray  # (areas, cohorts) people a year
    time_served_years: np.ndarray  # (areas, cohorts)
    cost_per_place: np.ndarray  # (areas, cohorts) GBP a year
    reoffending_rate: np.ndarray  # (areas, cohorts) 0-1
    sources: tuple[str, ...] = ()
    is_estimate: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        shape = (len(self.area_codes), len(self.cohorts))
        for name in FIELDS:
            array = getattr(self, name)
            if array.shape != shape:
                raise BaselineError(f"{name} has shape {array.shape}, expected {shape}")
            if not np.all(np.isfinite(array)) or np.any(array < 0):
                raise BaselineError(f"{name} must be finite and not negative")
        if np.any(self.reoffending_rate > 1):
            raise BaselineError("a reoffending rate must be a share between 0 and 1")

    @property
    def places(self) -> np.ndarray:
        """Average custody places in use (receptions x time served: people arriving a year x years each stays)."""
        return self.receptions * self.time_served_years

    @property
    def spend(self) -> np.ndarray:
        """Custody spend a year: places x cost per place."""
        return self.places * self.cost_per_place

    def describe(self) -> dict:
        """Which baseline this is, for every output and export."""
        return {"kind": self.kind, "label": self.label, "method": self.method, "is_estimate": self.is_estimate,
                "sources": list(self.sources), "notes": list(self.notes), "cohorts": list(self.cohorts),
                "areas": len(self.area_codes)}

    def table(self) -> pd.DataFrame:
        """The baseline as a long table (area, cohort, each field)."""
        rows = []
        for i, code in enumerate(self.area_codes):
            for j, cohort in enumerate(self.cohorts):
                rows.append({"area_code": code, "area_name": self.area_names[i], "cohort": cohort,
                             **{name: float(getattr(self, name)[i, j]) for name in FIELDS},
                             "places": float(self.places[i, j]), "spend": float(self.spend[i, j]),
                             "baseline": self.label, "is_estimate": self.is_estimate})
        return pd.DataFrame(rows)


def national_figures(path: Path = NATIONAL_FILE) -> pd.DataFrame:
    """The national figures we transcribed, one row per (cohort, field), each with its source."""
    return pd.read_csv(path)


def national_baseline(path: Path = NATIONAL_FILE) -> Baseline:
    """England and Wales as one area: the short-sentence cohort from published national figures.

    Average time served is DERIVED (an estimate): NAO's £286m a year spend / £39,000 per prisoner = average
    short-sentence prisoners held, / 60,000 receptions a year = years each serves (Little's law)."""
    figures = national_figures(path)
    short = figures[figures["cohort"] == "short_sentence"].set_index("field")
    receptions = float(short.loc["receptions_per_year", "value"])
    cost = float(short.loc["cost_per_place_per_year", "value"])
    spend = float(short.loc["custody_spend_per_year", "value"])
    time_served = spend / cost / receptions
    sources = tuple(dict.fromkeys(short["source"]))
    method = (f"Short-sentence cohort only (women and young adults: no national figures in our sources). "
              f"Average time served is DERIVED: £{spend / 1e6:,.0f}m a year / £{cost:,.0f} per prisoner / "
              f"{receptions:,.0f} receptions = {time_served * 365:.0f} days (an estimate).")
    return Baseline("national", KINDS["national"], method, (ENGLAND_AND_WALES,), ("England and Wales",),
                    ("short_sentence",), np.array([[receptions]]), np.array([[time_served]]), np.array([[cost]]),
                    np.array([[float(short.loc["reoffending_rate", "value"])]]), sources, False,
                    ("Average time served is derived from two published figures (estimate).",))


def own_area_baseline(name: str, figures: dict[str, dict[str, float]]) -> Baseline:
    """One area from figures a user types in: {cohort: {receptions, time_served_years, cost_per_place, reoffending_rate}}."""
    if not figures:
        raise BaselineError("type in at least one cohort's figures")
    cohorts = [c for c in COHORTS if c in figures]
    unknown = set(figures) - set(COHORTS)
    if unknown:
        raise BaselineError(f"unknown cohort(s): {', '.join(sorted(unknown))}")
    arrays = {}
    for key in FIELDS:
        values = []
        for cohort in cohorts:
            value = figures[cohort].get(key)
            if value is None or not np.isfinite(value) or value < 0:
                raise BaselineError(f"{COHORTS[cohort]}: {key.replace('_', ' ')} must be a number of 0 or more")
            values.append(float(value))
        arrays[key] = np.array([values])
    if np.any(arrays["reoffending_rate"] > 1):
        raise BaselineError("a reoffending rate must be a share between 0 and 1 (e.g. 0.6 for 60%)")
    label = f"{KINDS['own_area']}: {name or 'your area'}"
    return Baseline("own_area", label, "Figures typed in by the user; not checked against any publication.",
                    ("own_area",), (name or "Your area",), tuple(cohorts), arrays["receptions"],
                    arrays["time_served_years"], arrays["cost_per_place"], arrays["reoffending_rate"],
                    ("typed in by the user",), False)


def population_share_baseline(national: Baseline, population: pd.Series, names: dict[str, str],
                              population_source: str) -> Baseline:
    """ESTIMATE: the national receptions shared out to areas by resident population; rates and costs kept national.

    population: people per area code (areas with no population are left out and named in the notes)."""
    if len(national.area_codes) != 1:
        raise BaselineError("share out a single national baseline")
    known = population.dropna()
    known = known[known > 0]
    if known.empty:
        raise BaselineError("no population figures to share the national totals by")
    share = (known / known.sum()).to_numpy()[:, None]
    codes = tuple(known.index)
    repeat = np.ones((len(codes), 1))
    missing = sorted(set(population.index) - set(codes))
    method = ("ESTIMATE, not a published per-area statistic: each area gets the national receptions x its share "
              f"of the population ({population_source}); time served, cost per place and reoffending rate are the "
              "national figures for every area. " + national.method)
    notes = national.notes + ((f"No population for {len(missing)} area(s): left out.",) if missing else ())
    return Baseline("population_share", KINDS["population_share"], method, codes,
                    tuple(names.get(c, c) for c in codes), national.cohorts, national.receptions * share,
                    national.time_served_years * repeat, national.cost_per_place * repeat,
                    national.reoffending_rate * repeat, national.sources + (population_source,), True, notes)


# Per cohort, the store's figures that stand for receptions a year, best first: (indicator, breakdown).
# Sentences to immediate custody at court are used as receptions (each sentenced person is received).
STORE_COHORTS = {"short_sentence": (("immediate_custody_under_12_months", ""), ("short_sentence_receptions", "")),
                 "women": (("immediate_custody_sentences", "Women (18+)"), ("immediate_custody_sentences", "Women"))}


def _cohort_figures(store, atlas, layer: str, choices) -> tuple[pd.DataFrame, str] | None:
    """Latest per-area figures on the layer for the first (indicator, breakdown) the store has, with words on it."""
    for indicator, breakdown in choices:
        rows = store.select(indicator, None, breakdown)
        rows = rows[(rows["layer"] != "national") & rows["value"].notna()]
        if rows.empty:
            continue
        for period in reversed(store.periods(indicator, breakdown=breakdown)):
            if atlas is not None and layer in set(atlas.areas["layer"]):
                table = store.layer_view(atlas, indicator, period, layer, breakdown).table
                table = table[table["value"].notna()].rename(columns={"source_ids": "source_id"})
            else:
                table = rows[(rows["layer"] == layer) & (rows["period"] == period)]
            if len(table):
                label = f"{indicator}{f' ({breakdown})' if breakdown else ''}, {period}"
                return table.assign(period=period), label
    return None


def indicator_store_baseline(national: Baseline, store, layer: str, names: dict[str, str],
                             atlas=None) -> Baseline | None:
    """Per-area receptions per cohort from the indicator store (imported or bundled counts), or None without any.

    Receptions come from the store; time served, cost per prisoner and reoffending stay national (said in the
    method). An area is kept when it has a figure for every cohort found; the others are named in the notes."""
    found = {}
    for cohort, choices in STORE_COHORTS.items():
        figures = _cohort_figures(store, atlas, layer, choices)
        if figures is not None:
            found[cohort] = figures
    if not found:
        return None
    codes = sorted(set.intersection(*(set(table["area_code"]) for table, _ in found.values())))
    if not codes:
        return None
    left_out = sorted(set.union(*(set(table["area_code"]) for table, _ in found.values())) - set(codes))
    cohorts = tuple(found)
    receptions = np.array([[float(found[c][0].set_index("area_code")["value"][code]) for c in cohorts]
                           for code in codes])
    shape = (len(codes), 1)
    short = national.cohorts.index("short_sentence")
    time_served, cost, reoffending = (np.tile(getattr(national, field)[:, [short] * len(cohorts)], shape)
                                      for field in ("time_served_years", "cost_per_place", "reoffending_rate"))
    sources = sorted({s.strip() for table, _ in found.values() for ids in table["source_id"].astype(str)
                      for s in ids.split(",") if s.strip()})
    parts = [f"{COHORTS[c]}: receptions = {found[c][1]} from the indicator store" for c in cohorts]
    method = ("; ".join(parts) + f" (source ids {', '.join(sources)}). Sentences to immediate custody at courts in "
              "the area stand for receptions (the force area of the sentencing court, not home address). "
              "ASSUMPTION: time served, cost per prisoner and reoffending rate are the national short-sentence "
              "figures for every cohort and area (our sources have none per cohort or area). " + national.method)
    notes = national.notes + ((f"{len(left_out)} area(s) lack a figure for one of the cohorts and are left out: "
                               f"{', '.join(names.get(c, c) for c in left_out[:8])}.",) if left_out else ())
    estimate = any(bool(table["is_estimate"].any()) for table, _ in found.values())
    return Baseline("indicator_store", KINDS["indicator_store"], method, tuple(codes),
                    tuple(names.get(c, c) for c in codes), cohorts, receptions, time_served, cost, reoffending,
                    national.sources + tuple(sources), estimate, notes)
