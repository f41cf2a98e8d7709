"""The reoffending page's view: its choices, map, ranked table, funnel, trend and headlines, built once per input.

Every builder takes the store's key (ui.indicator_store.CurrentStore.key) and the store itself unhashed, so a
rerun with the same figures loaded and the same choices only looks its parts up."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures import per_area
from figures.indicators import breakdown_heatmap, choropleth, trend
from figures.per_area import AreaFigure, area_figure, flagged_periods, trend_lines
from geo.registry import layer_ids
from indicators.catalogue import IndicatorDef, get_indicator
from indicators.csv_safety import safe_csv_bytes
from indicators.store import IndicatorStore
from ui import resources
from ui.figure_view import frozen

FIGURES_KEPT = 64
HEADLINE_AXIS = IndicatorDef("headline", "Proven reoffending rate", "%", "rate", True, 100.0)


@dataclass(frozen=True)
class Choices:
    """What the page's controls offer with one store loaded, and the figure it opens on."""

    has_proven_reoffending: bool  # some area has a proven reoffending figure (else the page says which file to load)
    indicators: list[str]
    opening: tuple[str, str, str] | None  # (indicator, breakdown, period) the page opens on (see opening_figure)
    opening_layer: str
    opening_is_fragment: bool  # no figure covers three quarters of its layer: the opening is a labelled fragment
    labels: dict[str, str]  # indicator -> its name in the picker ('historical fragment' where none covers its layer)
    breakdowns: dict[str, list[str]]  # indicator -> its breakdowns
    periods: dict[tuple[str, str], list[str]]  # (indicator, breakdown) -> its periods, in time order


@dataclass(frozen=True)
class FigureView:
    """One indicator, breakdown, period and layer: the map, the ranked table and the funnel plot."""

    figure: AreaFigure
    map: go.Figure
    ranked: pd.DataFrame  # the figure's ranked table, similar areas marked when some are highlighted
    ranked_csv: bytes
    funnel: go.Figure | None  # None when fewer than two areas have a figure or there are no cohort sizes
    funnel_table: pd.DataFrame | None
    dispersion_note: str  # whether the areas are overdispersed, and what the option does


@dataclass(frozen=True)
class BreakdownView:
    """The groups within the chosen breakdown (adults' age bands) for every area: a heatmap and its table."""

    figure: go.Figure | None  # None when the breakdown has no groups with figures here
    table: pd.DataFrame
    source_ids: list[str]


@dataclass(frozen=True)
class TrendView:
    """One area (or none) against England and Wales over every period."""

    lines: pd.DataFrame
    figure: go.Figure | None  # None when fewer than two periods have figures
    flags: dict[str, str]  # flagged periods among the lines' and why
    source_ids: list[str]
    table: pd.DataFrame


@dataclass(frozen=True)
class HeadlinesView:
    """England and Wales headlines: the chart of those with a cohort period, and every one as a table."""

    figure: go.Figure | None
    source_ids: list[str]
    table: pd.DataFrame
    csv: bytes


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def choices(key: tuple, _store: IndicatorStore) -> Choices:
    """The indicators, breakdowns and periods on offer, and where the page opens (once per store)."""
    indicators = per_area.reoffending_indicators(_store)
    best = per_area.opening_figure(_store, resources.atlas(), indicators)
    if best is not None:
        opening, layer = best[:3], best[3]
    else:  # only fragments: the most recent one opens, labelled historical on the page
        opening = _store.latest_area_figure(indicators)
        layer = (per_area.default_layer(_store, opening[0], opening[2], opening[1], layer_ids()) if opening
                 else per_area.FORCE_AREAS)
    breakdowns = {indicator: _store.breakdowns(indicator) for indicator in indicators}
    periods = {(indicator, breakdown): _store.periods(indicator, breakdown=breakdown)
               for indicator, found in breakdowns.items() for breakdown in found}
    atlas = resources.atlas()
    labels = {i: get_indicator(i).label + ("" if per_area.opening_figure(_store, atlas, [i]) else
                                           " (historical fragment: few areas)") for i in indicators}
    return Choices(per_area.has_area_figures(_store, per_area.PROVEN_REOFFENDING), indicators, opening, layer,
                   best is None and opening is not None, labels, breakdowns, periods)


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def figure_view(key: tuple, indicator_id: str, breakdown: str, period: str, layer: str, _store: IndicatorStore,
                allow_overdispersion: bool = False, highlight: tuple[str, ...] = ()) -> FigureView:
    """The map, ranked table and funnel plot of one choice (an area and its similar areas highlighted when
    given), built once per store and choice."""
    atlas = resources.atlas()
    figure = area_figure(_store, atlas, indicator_id, period, layer, breakdown)
    parts = per_area.funnel_parts(figure, allow_overdispersion, frozenset(highlight))
    ranked = per_area.mark_similar(figure.ranked, highlight)
    return FigureView(figure, frozen(choropleth(atlas, figure.table, figure.layer, figure.indicator, figure.titles,
                                                highlight=highlight)),
                      ranked, safe_csv_bytes(ranked), frozen(parts.figure) if parts.figure is not None else None,
                      parts.table, per_area.dispersion_note(parts))


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def trend_view(key: tuple, indicator_id: str, layer: str, breakdown: str, area: str | tuple[str, ...] | None,
               _store: IndicatorStore) -> TrendView:
    """An area's (or a few areas') trend against England and Wales, built once per store and choice."""
    areas = area if isinstance(area, tuple) else (area,)
    parts = [trend_lines(_store, resources.atlas(), indicator_id, layer, breakdown, one) for one in areas]
    lines = pd.concat(parts, ignore_index=True).drop_duplicates(["series", "period"]).reset_index(drop=True)
    all_flags = flagged_periods(_store, indicator_id, breakdown)
    flags = {p: r for p, r in all_flags.items() if p in set(lines["period"])}
    figure = None
    if lines["period"].nunique() >= 2:
        figure = frozen(trend(lines[["series", "period", "value"]], get_indicator(indicator_id), flags=flags))
    sources = [s for ids in lines["source_ids"] for s in str(ids).split(",")]
    table = lines.assign(flag=[("⚑ " + all_flags[p]) if p in all_flags else "" for p in lines["period"]])
    return TrendView(lines, figure, flags, sources, table)


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def headlines_view(key: tuple, _store: IndicatorStore) -> HeadlinesView:
    """England and Wales reoffending headlines, split at the October 2017 change (once per store)."""
    headlines = per_area.national_headlines(_store)
    dated = headlines[headlines["method"] != ""]
    figure = frozen(trend(dated[["series", "period", "value"]], HEADLINE_AXIS)) if len(dated) else None
    table = headlines[["measure", "period", "method", "value", "numerator", "denominator", "source_id", "note"]]
    return HeadlinesView(figure, list(dated["source_id"]), table, safe_csv_bytes(table))


@st.cache_resource(show_spinner=False, max_entries=FIGURES_KEPT)
def breakdown_view(key: tuple, indicator_id: str, breakdown: str, period: str, layer: str,
                   _store: IndicatorStore) -> BreakdownView:
    """The chosen breakdown's groups (e.g. age bands) by area, once per store and choice."""
    table = per_area.breakdown_table(_store, resources.atlas(), indicator_id, period, layer, breakdown)
    if table.empty:
        return BreakdownView(None, table, [])
    groups = per_area.sub_breakdowns(_store, indicator_id, breakdown)
    rows = _store.select(indicator_id, period, None)
    sources = sorted(set(rows.loc[rows["breakdown"].isin(groups), "source_id"]))
    figure = frozen(breakdown_heatmap(table, get_indicator(indicator_id), height=120 + 40 * len(table)))
    return BreakdownView(figure, table.reset_index(names="Area"), sources)
