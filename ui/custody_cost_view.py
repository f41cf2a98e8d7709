"""The custody cost page's view: sentencing, national and establishment costs, attributable spend, built once per input.

Builders that read the indicator store take its key (ui.indicator_store.CurrentStore.key) and the store unhashed,
as ui/reoffending_view.py does; the national and establishment costs depend only on the bundled tables."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures import per_area
from figures.indicators import choropleth, establishment_costs_figure, money_choropleth, national_costs_figure, trend
from figures.overlay_map import ATTRIBUTION
from figures.per_area import AreaFigure
from formatting.numbers import count, money
from geo.registry import layer_ids
from indicators import bundled_custody, custody_cost
from indicators.catalogue import IndicatorDef, get_indicator
from indicators.csv_safety import safe_csv_bytes
from indicators.population import VINTAGE, population_for_layer
from indicators.store import IndicatorStore
from ui import resources
from ui.figure_view import frozen

KEPT = 64
NATIONAL_AVERAGE = "Overall average resource cost per prisoner"  # Hansard 2008's annual figure, 2007-08
FALLBACK_LAYER = "police_force_area"


@dataclass(frozen=True)
class SentencingChoices:
    """What the sentencing controls offer with one store loaded, and the figure the page opens on."""

    indicators: list[str]
    opening: tuple[str, str, str] | None  # (indicator, breakdown, period): women sentenced to custody, latest year
    breakdowns: dict[str, list[str]]
    periods: dict[tuple[str, str], list[str]]  # (indicator, breakdown) -> its years in order
    flags: dict[tuple[str, str], dict[str, str]]  # (indicator, breakdown) -> flagged year -> why
    bundled: dict[tuple[str, str], bool]  # the figure includes the bundled women's series (its caveats apply)
    beyond_bundled: bool  # a sentencing figure other than the bundled women's series is loaded


@dataclass(frozen=True)
class SentencingView:
    """One sentencing figure by force area: the figure, its map, the headline numbers and the areas with a value."""

    figure: AreaFigure
    map: go.Figure
    ranked_csv: bytes
    numbers: dict  # per_area.area_summary
    total: str | None  # the sum of the force areas' counts in words (None for rates: never added up)
    areas: list[str]  # force areas with a figure, in rank order (the trend's choices)


@dataclass(frozen=True)
class TrendView:
    """One force area's sentencing trend against England and Wales (figure None when under two years have one)."""

    lines: pd.DataFrame
    figure: go.Figure | None
    flag_note: str
    source_ids: list[str]
    table: pd.DataFrame


@dataclass(frozen=True)
class NationalView:
    """England and Wales cost per place and per prisoner: chart, tables, download and the check of the years."""

    costs: pd.DataFrame
    figure: go.Figure
    source_ids: list[str]
    table: pd.DataFrame
    csv: bytes
    checks: pd.DataFrame
    per_prisoner: pd.DataFrame  # the rows a spend can be multiplied by
    cost_labels: list[str]  # "measure, year: £35,371" for each of them
    default_cost: int  # the latest overall cost per prisoner (position in per_prisoner)


@dataclass(frozen=True)
class EstablishmentView:
    """The partial 2007-08 cost per prisoner by establishment, and the 1998-99 cost per place by function."""

    table: pd.DataFrame
    figure: go.Figure
    csv: bytes
    per_place: pd.DataFrame


@dataclass(frozen=True)
class SpendView:
    """Spend attributable to an area's residents for one cohort, year of counts, cost and layer."""

    message: str
    mixed_years: str | None  # the warning when the counts' year is not the cost's
    map: go.Figure
    caption: str
    table: pd.DataFrame
    csv: bytes


@dataclass(frozen=True)
class ReoffendingView:
    """The national cost of reoffending, and what the store holds on short sentences and IPPR's quotation."""

    costs: pd.DataFrame
    short_sentence: pd.DataFrame
    receptions: list[str]  # one caption per short-sentence receptions figure in the store
    ippr_quote: str | None


def default_cost(per_prisoner: pd.DataFrame) -> int:
    """The position of the latest overall cost per prisoner among the rows offered (0 when there is none)."""
    rows = per_prisoner.reset_index(drop=True)
    overall = rows[rows["measure"].str.startswith("Overall")].sort_values("period")
    return int(overall.index[-1]) if len(overall) else 0


def opening_layer(layers_published: set[str], offered: list[str]) -> str:
    """The layer the spend opens on: the first one the counts are published on, else force areas."""
    published = sorted(layers_published - {"national"})
    return published[0] if published and published[0] in offered else FALLBACK_LAYER


@st.cache_resource(show_spinner=False, max_entries=KEPT)
def sentencing_choices(key: tuple, _store: IndicatorStore) -> SentencingChoices:
    """The sentencing figures, breakdowns, years and flags on offer, and where the page opens (once per store)."""
    indicators = per_area.sentencing_indicators(_store)
    breakdowns = {i: _store.breakdowns(i) for i in indicators}
    pairs = [(i, b) for i, found in breakdowns.items() for b in found]
    return SentencingChoices(
        indicators, per_area.sentencing_default(_store, indicators), breakdowns,
        {(i, b): _store.periods(i, breakdown=b) for i, b in pairs},
        {(i, b): per_area.flagged_periods(_store, i, b) for i, b in pairs},
        {(i, b): bundled_custody.SOURCE_ID in set(_store.select(i, None, b)["source_id"]) for i, b in pairs},
        per_area.has_sentencing_beyond_bundled(_store))


@st.cache_resource(show_spinner=False, max_entries=KEPT)
def sentencing_view(key: tuple, indicator_id: str, breakdown: str, period: str,
                    _store: IndicatorStore) -> SentencingView:
    """The map, ranked table and headline numbers of one sentencing figure by force area (once per choice)."""
    atlas = resources.atlas()
    figure = per_area.area_figure(_store, atlas, indicator_id, period, per_area.FORCE_AREAS, breakdown)
    numbers = per_area.area_summary(figure)
    total = count(numbers["total"]) if numbers["total"] == numbers["total"] else None  # NaN for rates
    areas = figure.ranked.loc[figure.ranked["Rank"] != "", "Code"].tolist()
    shown_map = choropleth(atlas, figure.table, figure.layer, figure.indicator, figure.titles)
    return SentencingView(figure, frozen(shown_map), safe_csv_bytes(figure.ranked), numbers, total, areas)


@st.cache_resource(show_spinner=False, max_entries=KEPT)
def sentencing_trend(key: tuple, indicator_id: str, breakdown: str, area: str | None,
                     _store: IndicatorStore) -> TrendView:
    """One force area (or England and Wales alone) over every year, flagged years marked (once per choice)."""
    lines = per_area.trend_lines(_store, resources.atlas(), indicator_id, per_area.FORCE_AREAS, breakdown, area,
                                 split_sources=True)
    all_flags = per_area.flagged_periods(_store, indicator_id, breakdown)
    flags = {p: r for p, r in all_flags.items() if p in set(lines["period"])}
    figure = None
    if lines["period"].nunique() >= 2:
        figure = frozen(trend(lines[["series", "period", "value"]], get_indicator(indicator_id), flags=flags))
    table = lines.assign(flag=[("⚑ " + all_flags[p]) if p in all_flags else "" for p in lines["period"]])
    return TrendView(lines, figure, " ".join(f"⚑ {p}: {r}." for p, r in flags.items()),
                     [s for ids in lines["source_ids"] for s in str(ids).split(",")], table)


@st.cache_resource(show_spinner=False)
def national() -> NationalView:
    """The national costs, their chart and the check of the resolved years (once per process)."""
    costs = custody_cost.national_costs()
    per_unit = custody_cost.per_unit_costs(costs)
    shown = costs.rename(columns={"value_gbp": "£", "period": "Year used", "period_as_worded": "Year as worded",
                                  "year_flag": "Year flag", "status": "Rounding/status"}).drop(columns=["address"])
    per_prisoner = costs[costs["measure"].str.contains("cost per prisoner$", regex=True)]
    labels = [f"{m}, {p}: {money(v)}" for m, p, v in zip(per_prisoner["measure"], per_prisoner["period"],
                                                         per_prisoner["value_gbp"])]
    return NationalView(costs, frozen(national_costs_figure(per_unit)), per_unit["source_id"].tolist(), shown,
                        safe_csv_bytes(costs), custody_cost.check_rises(costs), per_prisoner, labels,
                        default_cost(per_prisoner))


@st.cache_resource(show_spinner=False)
def establishments() -> EstablishmentView:
    """The 2007-08 establishments (partial) against the national average a day (once per process)."""
    costs = national().costs
    table = custody_cost.establishment_costs().sort_values("cost_per_prisoner_per_day")
    yearly = float(costs.loc[costs["measure"] == NATIONAL_AVERAGE, "value_gbp"].iloc[0])
    return EstablishmentView(table, frozen(establishment_costs_figure(table, yearly)), safe_csv_bytes(table),
                             custody_cost.cost_per_place_by_function())


def cohorts(store: IndicatorStore) -> list[str]:
    """IPPR's devolved cohorts with per-area counts in the store."""
    held = set(store.indicators())
    return [c for c in custody_cost.IPPR_COHORT_INDICATORS if c in held]


@st.cache_resource(show_spinner=False, max_entries=KEPT)
def spend_layer(key: tuple, cohort: str, period: str, _store: IndicatorStore) -> str:
    """The layer a cohort's counts for one period open on (once per store and choice)."""
    return opening_layer(set(_store.select(cohort, period)["layer"]), layer_ids())


@st.cache_resource(show_spinner=False, max_entries=KEPT)
def spend_view(key: tuple, cohort: str, period: str, cost_choice: int, layer: str,
               _store: IndicatorStore) -> SpendView:
    """Count × national cost per prisoner by area, its map and its download (once per store and choice)."""
    atlas = resources.atlas()
    cost_row = national().per_prisoner.iloc[cost_choice]
    cost, cost_id = float(cost_row["value_gbp"]), cost_row["source_id"]
    view = _store.layer_view(atlas, cohort, period, layer)
    spend = custody_cost.attributable_spend(view.table, cost, population_for_layer(atlas, layer))
    spend["is_estimate"] = True  # a modelled figure: count x national average cost
    mixed = (f"The counts are for {period} but the cost is for {cost_row['period']}: the result mixes years."
             if str(cost_row["period"]) not in period else None)
    label = get_indicator(cohort).label
    spend_def = IndicatorDef("attributable_spend", f"Custody spend on {label.lower()}", "£ a year", "money", True)
    map_table = view.table.assign(value=spend["spend_gbp"].values, is_estimate=True,
                                  note="ESTIMATE: count × national cost per prisoner")
    titles = dict(zip(_store.catalogue["source_id"], _store.catalogue["title"]))
    count_sources = set(view.table["source_ids"]) - {""}
    caption = (f"ESTIMATE (method above). Counts: {_store.source_note(count_sources)}. "
               f"Cost: {_store.source_note([cost_id])}. Population: {VINTAGE}. {ATTRIBUTION}")
    out = spend.assign(source=", ".join(sorted(count_sources)), cost_source=cost_id, cost_per_prisoner_gbp=cost,
                       method="count x national cost per prisoner (ESTIMATE)",
                       status="derived: a sourced count x a sourced national cost per prisoner")
    return SpendView(view.message, mixed, frozen(money_choropleth(atlas, map_table, layer, spend_def, titles)),
                     caption, out.assign(spend_display=[money(v) for v in spend["spend_gbp"]],  # titles on screen
                                         source="; ".join(titles.get(s, s) for s in sorted(count_sources)),
                                         cost_source=titles.get(cost_id, cost_id)), safe_csv_bytes(out))


@st.cache_resource(show_spinner=False, max_entries=KEPT)
def reoffending(key: tuple, _store: IndicatorStore) -> ReoffendingView:
    """The national cost of reoffending and the store's short-sentence and IPPR figures (once per store)."""
    costs = custody_cost.reoffending_costs()
    label = get_indicator("short_sentence_receptions").label
    receptions = [f"{label}: {count(row['value'])} ({row['period']}; {row['note']}). "
                  f"{_store.source_note([row['source_id']])}"
                  for _, row in _store.national("short_sentence_receptions").iterrows()]
    quoted = pd.concat([_store.national("cost_of_reoffending_low"), _store.national("cost_of_reoffending_high")])
    quote = None
    if not quoted.empty:  # the catalogue's unit is GBP billion a year
        quote = (f"IPPR (2016) quotes the NAO (2016): {money(quoted['value'].min() * 1e9)} to "
                 f"{money(quoted['value'].max() * 1e9)} a year (not found in the stored NAO material). "
                 + _store.source_note(quoted["source_id"]))
    return ReoffendingView(costs, costs[costs["measure"].str.startswith("short_sentence")], receptions, quote)
