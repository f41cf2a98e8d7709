"""Baselines the model runs on: national totals, a user's own area, an estimate by population share, or the indicator store.

Every baseline carries its kind, a label, the method and its sources so each output says which one it used.
The cohorts are IPPR's (2016, ch.4): short sentences under 24 months, women and young offenders (under 18);
under 12 months is kept as a sub-view (MoJ's short-sentence line, and the only national figures we have).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from scenario.assumptions import entry
from scenario.sentence_mix import (
    DISTRIBUTION_WORDS,
    UNDER_12_BANDS,
    UNDER_24_BANDS,
    WOMEN_WORDS,
    band_shares,
    under_24_split,
    under_24_time_served,
    women_national,
    women_time_served,
)

NATIONAL_FILE = Path(__file__).resolve().parent.parent / "data" / "scenario" / "national_baseline.csv"
COHORTS = {"short_sentence": "Short sentences under 24 months (IPPR's devolved cohort)",
           "short_sentence_under_12": "Short sentences under 12 months (MoJ's short-sentence line: part of IPPR's "
                                      "under-24-month cohort)",
           "women": "Women",
           "young_offenders": "Young offenders (under 18)"}
SHORT_SENTENCE_COHORTS = ("short_sentence", "short_sentence_under_12")
YOUNG_OFFENDERS = "young_offenders"
# Which short-sentence cohort a per-area baseline uses: IPPR's, or MoJ's under-12-month line as a sub-view.
SHORT_SENTENCE_BANDS = {"under_24": "short_sentence", "under_12": "short_sentence_under_12"}
FIELDS = ("receptions", "time_served_years", "cost_per_prisoner", "reoffending_rate")
FIELD_LABELS = {"receptions": "Receptions a year", "time_served_years": "Average time served (years)",
                "cost_per_prisoner": "Cost per prisoner a year (£)", "reoffending_rate": "Reoffending rate (0-1)"}
# Scenario files and links from before the rename said cost_per_place; the figure was always per prisoner.
OLD_FIELD_NAMES = {"cost_per_place": "cost_per_prisoner"}
# A sentence shorter than N months cannot keep anyone in custody longer than N months.
MAX_TIME_SERVED_YEARS = {"short_sentence": 2.0, "short_sentence_under_12": 1.0}
# Above these a typed figure is probably in the wrong unit (months or days as years, a day's cost as a year's).
PLAUSIBLE_TIME_SERVED_YEARS = 2.0
PLAUSIBLE_COST_PER_PRISONER = (1_000.0, 500_000.0)
ENGLAND_AND_WALES = "K04000001"
# The years behind each cohort's national figures (receptions, cost and spend 2007-09; women 2024; children 2018-20).
NATIONAL_YEARS = {"short_sentence": "2007-09", "short_sentence_under_12": "2007-09", "women": "2024",
                  "young_offenders": "2018-20"}
KINDS = {"national": "National totals (England and Wales)",
         "own_area": "Your own area's figures, as typed in",
         "population_share": "ESTIMATE: national totals shared out by population",
         "indicator_store": "Per-area figures from the indicator store",
         "store_and_estimate": "Per-area figures from the indicator store where it has them, other cohorts ESTIMATED "
                               "by population share"}
# Kinds drawn on a layer of areas, and those that read the indicator store.
LAYER_KINDS = ("population_share", "indicator_store", "store_and_estimate")
STORE_KINDS = ("indicator_store", "store_and_estimate")
WOMEN_18, CHILDREN = "Women (18+)", "Children (10-17)"


class BaselineError(ValueError):
    """A baseline that cannot be built (bad or missing input), with a reason for the user."""


@dataclass(frozen=True)
class Baseline:
    """Per area (rows) and cohort (columns): receptions a year, average time served, cost per prisoner, reoffending rate."""

    kind: str
    label: str
    method: str
    area_codes: tuple[str, ...]
    area_names: tuple[str, ...]
    cohorts: tuple[str, ...]
    receptions: np.ndarray  # (areas, cohorts) people a year
    time_served_years: np.ndarray  # (areas, cohorts)
    cost_per_prisoner: np.ndarray  # (areas, cohorts) GBP a year per prisoner held (average population)
    reoffending_rate: np.ndarray  # (areas, cohorts) 0-1
    sources: tuple[str, ...] = ()
    is_estimate: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
    estimated_cohorts: tuple[str, ...] = ()  # cohorts whose receptions are estimated, not counted
    cohort_years: tuple[str, ...] = ()  # the year(s) of each cohort's receptions, in the order of cohorts

    @property
    def cost_per_reception(self) -> np.ndarray:
        """What one person received costs while held: time served x cost per prisoner (areas, cohorts)."""
        return self.time_served_years * self.cost_per_prisoner

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
        unknown = set(self.cohorts) - set(COHORTS)
        if unknown:
            raise BaselineError(f"unknown cohort(s): {', '.join(sorted(unknown))}")

    @property
    def places(self) -> np.ndarray:
        """Average custody places in use (receptions x time served: people arriving a year x years each stays)."""
        return self.receptions * self.time_served_years

    @property
    def spend(self) -> np.ndarray:
        """Custody spend a year: average prisoners held x cost per prisoner."""
        return self.places * self.cost_per_prisoner

    def describe(self) -> dict:
        """Which baseline this is, for every output and export."""
        return {"kind": self.kind, "label": self.label, "method": self.method, "is_estimate": self.is_estimate,
                "sources": list(self.sources), "notes": list(self.notes), "cohorts": list(self.cohorts),
                "cohort_labels": [COHORTS[c] for c in self.cohorts], "areas": len(self.area_codes),
                "estimated_cohorts": list(self.estimated_cohorts), "cohort_years": list(self.cohort_years)}

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
    """The national figures we transcribed, one row per (cohort, field), each with its source, plus the derived time served."""
    figures = pd.read_csv(path)
    short = figures[figures["cohort"] == "short_sentence_under_12"].set_index("field")
    spend, cost, receptions = (float(short.loc[f, "value"]) for f in
                               ("custody_spend_per_year", "cost_per_prisoner_per_year", "receptions_per_year"))
    derived = {"cohort": "short_sentence_under_12", "field": "time_served_years", "value": spend / cost / receptions,
               "unit": "years", "period": "mixed (2007-09)", "status": "derived",
               "source": "DERIVED here: custody spend a year / cost per prisoner / receptions a year (Little's law)",
               "address": "", "is_estimate": True,
               "note": f"£{spend / 1e6:,.0f}m / £{cost:,.0f} / {receptions:,.0f} = {spend / cost / receptions * 365:.0f} "
                       "days; the NAO says 'most spend six weeks or less in prison'."}
    return pd.concat([figures, pd.DataFrame([derived])], ignore_index=True)


@dataclass(frozen=True)
class NationalCohorts:
    """IPPR's cohorts for England and Wales: receptions, years served and the words saying how each was found."""

    receptions: dict[str, float]
    time_served: dict[str, float]
    words: dict[str, str]
    under_12_years: float
    women_under_6_share: float


@lru_cache(maxsize=4)
def national_cohorts(path: Path = NATIONAL_FILE) -> NationalCohorts:
    """IPPR's cohorts nationally, each counted once: short sentences (under 24 and under 12 months) without women,
    women on any sentence (real 2024 counts) and young offenders (derived from Youth Justice Statistics)."""
    figures = pd.read_csv(path)
    short = figures[figures["cohort"] == "short_sentence_under_12"].set_index("field")["value"].astype(float)
    youth = figures[figures["cohort"] == YOUNG_OFFENDERS].set_index("field")["value"].astype(float)
    under_12, cost, spend = (short["receptions_per_year"], short["cost_per_prisoner_per_year"],
                             short["custody_spend_per_year"])
    t12 = spend / cost / under_12
    women, under_6 = women_national()
    women_shares = band_shares("women")
    women_u12 = women * float(women_shares[list(UNDER_12_BANDS)].sum())
    women_u24 = women * float(women_shares[list(UNDER_24_BANDS)].sum())
    split = under_24_split("men")
    youth_years = youth["average_custodial_sentence_months"] / 12 / 2
    youth_count = youth["children_in_custody_average"] * (1 - youth["remand_share_of_custody"]) / youth_years
    receptions = {"short_sentence": under_12 / split - women_u24, "short_sentence_under_12": under_12 - women_u12,
                  "women": women, YOUNG_OFFENDERS: youth_count}
    served = {"short_sentence": float(under_24_time_served(split, t12)), "short_sentence_under_12": t12,
              "women": float(women_time_served(under_6)), YOUNG_OFFENDERS: youth_years}
    words = {
        "short_sentence": (f"ESTIMATED: MoJ's {under_12:,.0f} under-12-month receptions (2008) / {split:.0%} (the men's "
                           f"share of sentences under 24 months that are under 12; {DISTRIBUTION_WORDS}) less "
                           f"{women_u24:,.0f} women on sentences under 24 months = {receptions['short_sentence']:,.0f} "
                           f"a year; time served {served['short_sentence'] * 365:.0f} days ({t12 * 365:.0f} days under "
                           "12 months, 9 months for 12-24 months). Children are not taken off: MoJ's count of people "
                           "entering prison may hold a few of them (an overlap of at most the young offenders' count)"),
        "short_sentence_under_12": (f"MoJ's {under_12:,.0f} receptions (2008) less {women_u12:,.0f} women on sentences "
                                    f"under 12 months; time served {t12 * 365:.0f} days (DERIVED: £{spend / 1e6:,.0f}m "
                                    f"/ £{cost:,.0f} / {under_12:,.0f})"),
        "women": (f"COUNTED: {women:,.0f} women ({WOMEN_WORDS}); time served {served['women'] * 365:.0f} days from "
                  f"their sentence mix ({under_6:.0%} under 6 months)"),
        YOUNG_OFFENDERS: (f"ESTIMATED: {youth['children_in_custody_average']:,.0f} children in custody x "
                          f"{1 - youth['remand_share_of_custody']:.0%} sentenced / {youth_years:.2f} years each (half "
                          f"of an {youth['average_custodial_sentence_months']:g}-month sentence) = {youth_count:,.0f} a "
                          "year (Youth Justice Statistics 2018/19-2019/20)")}
    return NationalCohorts(receptions, served, words, t12, under_6)


@lru_cache(maxsize=4)
def national_baseline(path: Path = NATIONAL_FILE, short_band: str = "under_24") -> Baseline:
    """England and Wales as one area, IPPR's three cohorts (short sentences under 24 months, women, young offenders),
    each person in one; short sentences under 12 months (MoJ's line) instead with short_band='under_12'.

    Short sentences and young offenders are ESTIMATED from national figures and published sentence-length mixes;
    women are counted (2024). Costs: Hansard's £39,000 per prisoner (youth: the youth place cost lever)."""
    if short_band not in SHORT_SENTENCE_BANDS:
        raise BaselineError(f"unknown short-sentence band '{short_band}' (known: {', '.join(SHORT_SENTENCE_BANDS)})")
    figures = pd.read_csv(path)
    short = figures[figures["cohort"] == "short_sentence_under_12"].set_index("field")
    cost = float(short.loc["cost_per_prisoner_per_year", "value"])
    rate = float(short.loc["reoffending_rate", "value"])
    found = national_cohorts(path)
    cohorts = (SHORT_SENTENCE_BANDS[short_band], "women", YOUNG_OFFENDERS)
    youth_cost = float(entry("youth_place_cost")["default"])
    costs = [youth_cost if c == YOUNG_OFFENDERS else cost for c in cohorts]
    sources = tuple(dict.fromkeys(list(figures["source"]) + [WOMEN_WORDS, DISTRIBUTION_WORDS]))
    method = ("; ".join(f"{COHORTS[c]}: {found.words[c]}" for c in cohorts)
              + f". Cost per prisoner £{cost:,.0f} (Hansard 2008); reoffending {rate:.0%} for every cohort (the "
              "short-sentence rate, IPPR 2016 ch.1 quoting PRT). Years differ (2008-2024): no uprating.")
    estimated = tuple(c for c in cohorts if c != "women")
    # Read once per process and shared by every caller: its arrays are made read-only so none can change them.
    return _read_only(Baseline("national", KINDS["national"], method, (ENGLAND_AND_WALES,), ("England and Wales",), cohorts,
                    np.array([[found.receptions[c] for c in cohorts]]),
                    np.array([[found.time_served[c] for c in cohorts]]), np.array([costs]),
                    np.full((1, len(cohorts)), rate), sources, False, (), estimated,
                    tuple(NATIONAL_YEARS[c] for c in cohorts)))


def _read_only(baseline: Baseline) -> Baseline:
    """The baseline with its arrays locked against writes (a cached baseline is shared)."""
    for name in FIELDS:
        getattr(baseline, name).setflags(write=False)
    return baseline


def renamed_fields(values: dict) -> dict:
    """A cohort's typed figures with old field names (cost_per_place) read as today's (cost_per_prisoner)."""
    return {OLD_FIELD_NAMES.get(key, key): value for key, value in values.items()}


def own_area_problems(cohort: str, values: dict[str, float]) -> tuple[list[str], list[str]]:
    """(refusals, warnings) for one cohort's typed figures, each saying why: impossible values and unlikely units."""
    refusals, warnings = [], []
    label = COHORTS[cohort]
    served = values.get("time_served_years")
    cost = values.get("cost_per_prisoner")
    if served is not None and cohort in MAX_TIME_SERVED_YEARS and served > MAX_TIME_SERVED_YEARS[cohort]:
        refusals.append(f"{label}: {served:g} years of time served cannot be: a sentence in this cohort is under "
                        f"{MAX_TIME_SERVED_YEARS[cohort] * 12:.0f} months, so nobody serves longer (type years, e.g. "
                        "0.25 for three months)")
    elif served is not None and served > PLAUSIBLE_TIME_SERVED_YEARS:
        warnings.append(f"{label}: {served:g} years of average time served is longer than most sentences: check "
                        "it is in years (0.25 = three months), not months or days")
    low, high = PLAUSIBLE_COST_PER_PRISONER
    if cost is not None and cost > 0 and not low <= cost <= high:
        warnings.append(f"{label}: £{cost:,.0f} a year per prisoner is outside £{low:,.0f}-£{high:,.0f}: check it is a "
                        "year's cost (Hansard 2008: £39,000 a year, about £107 a day)")
    return refusals, warnings


def own_area_baseline(name: str, figures: dict[str, dict[str, float]]) -> Baseline:
    """One area from figures a user types in: {cohort: {receptions, time_served_years, cost_per_prisoner, reoffending_rate}}."""
    if not figures:
        raise BaselineError("type in at least one cohort's figures")
    figures = {cohort: renamed_fields(values) for cohort, values in figures.items()}
    unknown = set(figures) - set(COHORTS)
    if unknown:
        raise BaselineError(f"unknown cohort(s): {', '.join(sorted(unknown))}")
    if set(SHORT_SENTENCE_COHORTS) <= set(figures):
        raise BaselineError("choose one short-sentence cohort: under 12 months is part of under 24 months, so both "
                            "together would count those prisoners twice")
    cohorts = [c for c in COHORTS if c in figures]
    arrays, warnings = {}, []
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
    for cohort in cohorts:
        refusals, cautions = own_area_problems(cohort, figures[cohort])
        if refusals:
            raise BaselineError("; ".join(refusals))
        warnings += cautions
    label = f"{KINDS['own_area']}: {name or 'your area'}"
    return Baseline("own_area", label, "Figures typed in by the user; not checked against any publication.",
                    ("own_area",), (name or "Your area",), tuple(cohorts), arrays["receptions"],
                    arrays["time_served_years"], arrays["cost_per_prisoner"], arrays["reoffending_rate"],
                    ("typed in by the user",), False, tuple(warnings), (), tuple("typed" for _ in cohorts))


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
              f"of the population ({population_source}); time served, cost per prisoner and reoffending rate are the "
              "national figures for every area; the City of London is counted inside the Metropolitan Police area. "
              + national.method)
    notes = national.notes + ((f"No population for {len(missing)} area(s): left out.",) if missing else ())
    return Baseline("population_share", KINDS["population_share"], method, codes,
                    tuple(names.get(c, c) for c in codes), national.cohorts, national.receptions * share,
                    national.time_served_years * repeat, national.cost_per_prisoner * repeat,
                    national.reoffending_rate * repeat, national.sources + (population_source,), True, notes,
                    national.cohorts, national.cohort_years)


# --- the indicator store: court counts per area stand for receptions -----------------------------------------
@dataclass(frozen=True)
class StoreChoice:
    """One way to read a cohort's receptions from the store: an indicator and breakdown, less other breakdowns.

    subtract: breakdowns of the same indicator and year taken off so nobody is in two cohorts (women 18+ and
    children are their own cohorts, so they come off the short-sentence count)."""

    indicator: str
    breakdown: str = ""
    subtract: tuple[str, ...] = ()


# The store's indicators in the words a board reads (their ids stay in exports).
INDICATOR_WORDS = {"immediate_custody_under_24_months": "sentences to immediate custody under 24 months",
                   "immediate_custody_under_12_months": "sentences to immediate custody under 12 months",
                   "immediate_custody_sentences": "sentences to immediate custody",
                   "immediate_custody_under_6_months": "sentences to immediate custody under 6 months",
                   "short_sentence_receptions": "short-sentence receptions"}
# Per cohort, the store's figures that stand for receptions a year, best first.
# Sentences to immediate custody at court are used as receptions (each sentenced person is received).
STORE_COHORTS: dict[str, tuple[StoreChoice, ...]] = {
    "short_sentence": (StoreChoice("immediate_custody_under_24_months", "", (WOMEN_18, CHILDREN)),),
    "short_sentence_under_12": (StoreChoice("immediate_custody_under_12_months", "", (WOMEN_18, CHILDREN)),
                                StoreChoice("short_sentence_receptions")),
    "women": (StoreChoice("immediate_custody_sentences", WOMEN_18), StoreChoice("immediate_custody_sentences", "Women")),
    "young_offenders": (StoreChoice("immediate_custody_sentences", CHILDREN),),
}


@dataclass(frozen=True)
class CohortCounts:
    """A cohort's per-area counts from the store: values by area code, the words for the method, and caveats."""

    values: pd.Series  # area_code -> count
    label: str
    period: str
    source_ids: tuple[str, ...]
    is_estimate: bool
    notes: tuple[str, ...] = ()
    subtracted: bool = False  # women 18+ and children taken off (each person in one cohort)
    breakdown: str = ""


def _pooled(store, atlas, layer: str, indicator: str, period: str, breakdown: str) -> pd.DataFrame | None:
    """Force-area counts added up into the layer's areas (every shareable layer is made of whole force areas), or
    None without force-area rows. A unit is kept when each of its force areas has a figure; the City of London
    needs none: its people are in the Metropolitan row of every source we have."""
    from scenario.area_population import CITY_OF_LONDON, force_area_units

    rows = store.select(indicator, period, breakdown)
    rows = rows[(rows["layer"] == "police_force_area") & rows["value"].notna()]
    if rows.empty:
        return None
    units = force_area_units(atlas, layer)
    units = units[units.index != CITY_OF_LONDON]
    frame = rows.set_index("area_code").join(units.rename("unit"), how="inner")
    complete = units.groupby(units).apply(lambda members: set(members.index) <= set(frame.index))
    frame = frame[frame["unit"].isin(complete[complete].index)]
    grouped = frame.groupby("unit")
    return pd.DataFrame({"area_code": list(grouped.groups), "value": grouped["value"].sum().to_numpy(),
                         "source_id": grouped["source_id"].agg(lambda s: ",".join(sorted(set(map(str, s))))).to_numpy(),
                         "is_estimate": grouped["is_estimate"].any().to_numpy()})


def _layer_table(store, atlas, layer: str, indicator: str, period: str, breakdown: str) -> pd.DataFrame:
    """One indicator, breakdown and year on the layer: area_code, value, source_id, is_estimate (missing dropped)."""
    pooled = _pooled(store, atlas, layer, indicator, period, breakdown) if atlas is not None and layer != \
        "police_force_area" else None
    if pooled is not None:
        return pooled
    if atlas is not None and layer in set(atlas.areas["layer"]):
        table = store.layer_view(atlas, indicator, period, layer, breakdown).table
        table = table.rename(columns={"source_ids": "source_id"})
    else:
        table = store.select(indicator, period, breakdown)
        table = table[table["layer"] == layer]
    return table[table["value"].notna()][["area_code", "value", "source_id", "is_estimate"]]


def _ids(table: pd.DataFrame) -> set[str]:
    """The source ids behind a table's rows (a cell may list several, comma-separated)."""
    return {s.strip() for ids in table["source_id"].astype(str) for s in ids.split(",") if s.strip()}


def _counts(store, atlas, layer: str, choice: StoreChoice, period: str) -> CohortCounts | None:
    """The choice's counts in one year, less the subtracted breakdowns where the store has them (else said so)."""
    table = _layer_table(store, atlas, layer, choice.indicator, period, choice.breakdown)
    if table.empty:
        return None
    values = table.set_index("area_code")["value"].astype(float)
    ids, estimate, notes, subtracted = _ids(table), bool(table["is_estimate"].any()), [], False
    breakdown = f" ({choice.breakdown})" if choice.breakdown else ""
    label = f"{INDICATOR_WORDS.get(choice.indicator, choice.indicator)}{breakdown}, {period}"
    if choice.subtract:
        parts = [_layer_table(store, atlas, layer, choice.indicator, period, b) for b in choice.subtract]
        if all(len(p) for p in parts):
            for part in parts:
                values = values - part.set_index("area_code")["value"].astype(float).reindex(values.index)
                ids |= _ids(part)
            values = values.dropna().clip(lower=0.0)  # an area without a subtracted figure cannot be split
            label += f" less {' and '.join(choice.subtract)} (each person in one cohort)"
            subtracted = True
        else:
            notes.append(f"{label}: the store has no {' / '.join(choice.subtract)} figures for this band and year, "
                         "so women and children on these sentences are ALSO counted in their own cohorts (overlap).")
    return CohortCounts(values, label, period, tuple(sorted(ids)), estimate, tuple(notes), subtracted,
                        choice.breakdown)


def _cohort_counts(store, atlas, layer: str, choices: tuple[StoreChoice, ...]) -> CohortCounts | None:
    """Latest per-area counts on the layer for the first choice the store has."""
    for choice in choices:
        rows = store.select(choice.indicator, None, choice.breakdown)
        if rows[(rows["layer"] != "national") & rows["value"].notna()].empty:
            continue
        for period in reversed(store.periods(choice.indicator, breakdown=choice.breakdown)):
            found = _counts(store, atlas, layer, choice, period)
            if found is not None and len(found.values):
                return found
    return None


def _women_time_served(store, atlas, layer: str, counts: CohortCounts, national_share: float) -> tuple[pd.Series, str]:
    """Per-area time served for women from the area's real share of sentences under 6 months (same year and edition),
    the national share where an area has none."""
    under_6 = _counts(store, atlas, layer, StoreChoice("immediate_custody_under_6_months", counts.breakdown),
                      counts.period)
    share = pd.Series(national_share, index=counts.values.index)
    if under_6 is not None and under_6.source_ids != counts.source_ids:  # another source's counts: not comparable
        under_6 = None
    if under_6 is not None:
        real = (under_6.values.reindex(counts.values.index) / counts.values.where(counts.values > 0)).clip(0, 1)
        share = real.fillna(national_share)
    used = int(share.ne(national_share).sum()) if under_6 is not None else 0
    words = (f"women's time served from each area's real share of sentences under 6 months ({counts.period}; "
             f"{used} of {len(share)} areas, the national {national_share:.0%} elsewhere) and the national mix of "
             "longer sentences, release at the halfway point")
    return pd.Series(women_time_served(share.to_numpy()), index=share.index), words


def _under_24_time_served(store, atlas, layer: str, counts: CohortCounts, under_12_years: float) -> tuple[pd.Series, str]:
    """Per-area time served for the under-24-month cohort: under-12 and 12-24-month counts weighted (DERIVED)."""
    band_years = float(entry("time_served_12_to_24_months_years")["default"])
    choice = STORE_COHORTS["short_sentence_under_12"][0]
    under_12 = _counts(store, atlas, layer, choice, counts.period)
    if under_12 is None or counts.subtracted != under_12.subtracted:  # weights must count the same people
        words = (f"no matching under-12-month counts for {counts.period}: every short sentence is given the "
                 f"under-12-month figure ({under_12_years * 365:.0f} days), which UNDERSTATES the 12-24-month part")
        return pd.Series(under_12_years, index=counts.values.index), words
    short = under_12.values.reindex(counts.values.index).fillna(0.0).clip(upper=counts.values)
    total = counts.values
    weighted = (short * under_12_years + (total - short) * band_years) / total.where(total > 0)
    words = (f"time served DERIVED per area: under-12-month sentences at {under_12_years * 365:.0f} days (derived, "
             f"national) and 12-24-month sentences at {band_years:g} years (the project's assumption, range "
             f"{entry('time_served_12_to_24_months_years')['low']}-{entry('time_served_12_to_24_months_years')['high']}"
             " years: release at the halfway point), weighted by the area's counts")
    return weighted.fillna(under_12_years), words


def indicator_store_baseline(national: Baseline, store, layer: str, names: dict[str, str], atlas=None,
                             short_band: str = "under_24") -> Baseline | None:
    """Per-area receptions per cohort from the indicator store (imported or bundled counts), or None without any.

    Cohorts: short sentences (under 24 months, or under 12 as the sub-view; under 12 months is the fallback
    when the store has no under-24 counts), women (18+) and young offenders (children 10-17). Time served, cost
    per prisoner and reoffending stay national (said in the method). An area is kept when it has a figure for
    every cohort found; the others are named in the notes."""
    if short_band not in SHORT_SENTENCE_BANDS:
        raise BaselineError(f"unknown short-sentence band '{short_band}' (known: {', '.join(SHORT_SENTENCE_BANDS)})")
    found: dict[str, CohortCounts] = {}
    notes: list[str] = []
    wanted = SHORT_SENTENCE_BANDS[short_band]
    short = _cohort_counts(store, atlas, layer, STORE_COHORTS[wanted])
    if short is None and wanted == "short_sentence":
        short = _cohort_counts(store, atlas, layer, STORE_COHORTS["short_sentence_under_12"])
        if short is not None:
            wanted = "short_sentence_under_12"
            notes.append("FALLBACK: the store has no under-24-month custody counts for this layer, so the "
                         "short-sentence cohort is under 12 months only (it understates IPPR's cohort).")
    if short is not None:
        found[wanted] = short
    for cohort in ("women", YOUNG_OFFENDERS):
        counts = _cohort_counts(store, atlas, layer, STORE_COHORTS[cohort])
        if counts is not None:
            found[cohort] = counts
    if not found:
        return None
    codes = sorted(set.intersection(*(set(c.values.index) for c in found.values())))
    if not codes:
        return None
    left_out = sorted(set.union(*(set(c.values.index) for c in found.values())) - set(codes))
    cohorts = tuple(c for c in COHORTS if c in found)
    receptions = np.array([[float(found[c].values[code]) for c in cohorts] for code in codes])
    nation = national_cohorts()
    under_12_years = nation.under_12_years
    time_served = np.array([[nation.time_served[c] for c in cohorts]] * len(codes))
    parts = [f"{COHORTS[c]}: receptions = {found[c].label} from the indicator store" for c in cohorts]
    if "short_sentence" in found:
        served, words = _under_24_time_served(store, atlas, layer, found["short_sentence"], under_12_years)
        time_served[:, cohorts.index("short_sentence")] = served.reindex(codes).to_numpy()
        parts.append(words)
    if "women" in found:
        served, words = _women_time_served(store, atlas, layer, found["women"], nation.women_under_6_share)
        time_served[:, cohorts.index("women")] = served.reindex(codes).to_numpy()
        parts.append(words)
    shape = (len(codes), len(cohorts))
    cost = np.full(shape, float(national.cost_per_prisoner[0, national.cohorts.index("women")]))
    youth_cost = float(entry("youth_place_cost")["default"])
    cost[:, [i for i, c in enumerate(cohorts) if c == YOUNG_OFFENDERS]] = youth_cost
    reoffending = np.full(shape, float(national.reoffending_rate[0, 0]))
    sources = sorted({s for c in found.values() for s in c.source_ids})
    method = ("; ".join(parts) + f" (source ids {', '.join(sources)}). Sentences to immediate custody at courts in "
              "the area stand for receptions (the force area of the sentencing court, not home address). "
              "ASSUMPTION: cost per prisoner and reoffending rate are the national short-sentence figures for every "
              "cohort and area (young offenders: the youth place cost), and time served for young offenders is "
              "national. " + national.method)
    periods = sorted({c.period for c in found.values()})
    if len(periods) > 1:
        notes.append(f"The cohorts' latest counts are for different years ({', '.join(periods)}): the baseline "
                     "mixes years.")
    notes += [n for c in found.values() for n in c.notes]
    if left_out:
        notes.append(f"{len(left_out)} area(s) lack a figure for one of the cohorts and are left out: "
                     f"{', '.join(names.get(c, c) for c in left_out[:8])}.")
    estimate = any(c.is_estimate for c in found.values())
    return Baseline("indicator_store", KINDS["indicator_store"], method, tuple(codes),
                    tuple(names.get(c, c) for c in codes), cohorts, receptions, time_served, cost, reoffending,
                    national.sources + tuple(sources), estimate, national.notes + tuple(notes),
                    tuple(c for c in cohorts if found[c].is_estimate), tuple(found[c].period for c in cohorts))


def store_and_estimate_baseline(found: Baseline | None, estimate: Baseline) -> Baseline:
    """Each cohort from the store where it has per-area counts, the others from the population-share ESTIMATE.

    Areas are those both have (an area missing from one is named in the notes, never filled in). A store's
    short-sentence cohort replaces the estimate's; women and young offenders from the store sit beside the
    estimated short-sentence cohort, which our national figures do not split by sex or age: the overlap is said."""
    if found is None:
        return estimate
    from_store = set(found.cohorts)
    estimated = tuple(c for c in estimate.cohorts
                      if c not in from_store and not (c in SHORT_SENTENCE_COHORTS and from_store & set(SHORT_SENTENCE_COHORTS)))
    cohorts = tuple(c for c in COHORTS if c in from_store or c in estimated)
    codes = tuple(c for c in found.area_codes if c in set(estimate.area_codes))
    left_out = sorted(set(found.area_codes) ^ set(estimate.area_codes))
    rows = {b.kind: {code: i for i, code in enumerate(b.area_codes)} for b in (found, estimate)}
    arrays = {}
    for name in FIELDS:
        columns = []
        for cohort in cohorts:
            source = found if cohort in from_store else estimate
            values = getattr(source, name)[:, source.cohorts.index(cohort)]
            columns.append([values[rows[source.kind][code]] for code in codes])
        arrays[name] = np.array(columns, dtype=float).T.reshape(len(codes), len(cohorts))
    names = {**dict(zip(estimate.area_codes, estimate.area_names)), **dict(zip(found.area_codes, found.area_names))}
    said = ", ".join(COHORTS[c] for c in cohorts if c in from_store)
    guessed = ", ".join(COHORTS[c] for c in estimated)
    method = (f"From the indicator store: {said}. ESTIMATED by population share: {guessed or 'none'}. "
              f"Store: {found.method} Estimate: {estimate.method}")
    notes = list(dict.fromkeys(found.notes + estimate.notes))
    if left_out:
        notes.append(f"{len(left_out)} area(s) lack a figure in one of the two and are left out: "
                     f"{', '.join(names.get(c, c) for c in left_out[:8])}.")
    return Baseline("store_and_estimate", KINDS["store_and_estimate"], method, codes,
                    tuple(names[c] for c in codes), cohorts, arrays["receptions"], arrays["time_served_years"],
                    arrays["cost_per_prisoner"], arrays["reoffending_rate"],
                    tuple(dict.fromkeys(found.sources + estimate.sources)), bool(estimated) or found.is_estimate,
                    tuple(notes), tuple(c for c in cohorts if c in estimated or c in found.estimated_cohorts),
                    tuple((found if c in from_store else estimate).cohort_years[
                        (found if c in from_store else estimate).cohorts.index(c)] for c in cohorts))
