"""The what-if's results: baseline, run, headline numbers, summary, strip, formula, comparison and map, built once per
distinct input (cached by value) and handed out with their figures frozen, so a rerun with nothing changed only
looks them up and a lever change builds each part once for every session."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import streamlit as st

from exports.projector import projector_figure
from figures.scenario import (
    area_values,
    comparison_table,
    fan_figure,
    scenario_map,
    sensitivity_figure,
    sensitivity_table,
    trajectory_figure,
    trajectory_table,
)
from formatting.numbers import change_or_none, count, money
from indicators.csv_safety import safe_csv_bytes
from scenario.area_population import PopulationMissingError, area_words, drawn_units, layer_label
from scenario.assumptions import assumptions_log, not_modelled
from scenario.baseline import COHORTS, STORE_KINDS, Baseline, BaselineError, national_figures
from scenario.checks import result_warnings
from scenario.choose import build_baseline
from scenario.coverage import caveats, coverage_line, sources_in_words
from scenario.devolution import Devolution
from scenario.drivers import drivers
from scenario.headline import Position, net_positions
from scenario.model import OUTPUT_STATUS, Result, run
from scenario.parameters import Levers, parameters_table
from scenario.persistence import Scenario
from scenario.presets import PRESETS, matching_preset, preset_statement
from scenario.sensitivity import formula_results, sensitivity
from scenario.summary import levers_in_words, summary
from scenario.uncertainty import Band, band, breakeven
from ui import resources
from ui.figure_view import frozen
from ui.indicator_store import current
from ui.what_if_form import BaselineChoice

KEPT = 64
PRESENT_HEIGHT = 250  # a chart's first height presenting; ui/presentation.py then fits it to what the screen leaves
FULL = "same:full"
FULL_LABEL = "Same levers, every cohort devolved to every area"


@dataclass(frozen=True)
class BaselineView:
    """The baseline the page runs on, what it says about itself, and a key naming what it was built from."""

    baseline: Baseline
    notices: tuple[str, ...]
    key: tuple
    problem: str | None  # why the chosen baseline cannot be used (national totals are shown meanwhile)


@dataclass(frozen=True)
class Metric:
    """One headline number: label, value, and its change against the baseline (None: nothing changed, no arrow)."""

    label: str
    value: str
    delta: str | None = None


@dataclass(frozen=True)
class CoreView:
    """One scenario on one baseline: the run and everything said about it."""

    result: Result
    metrics: tuple[Metric, ...]
    modelled_caption: str
    summary: str  # markdown bullet list
    warnings: tuple[str, ...]
    statement: str  # one line: the baseline and the levers used (and, for a preset, that it is illustrative)
    strip: pd.DataFrame
    strip_table: pa.Table
    formulas: dict[str, Result]
    formula_figure: go.Figure
    formula_totals: pa.Table
    by_area: pa.Table  # shown on the page (the CSV carries the method and levers as well)
    assumptions: pd.DataFrame
    assumptions_table: pa.Table
    band: Band
    positions: tuple[Position, ...]  # public purse, local areas, centre, each with its interval
    coverage: str  # one line: cohorts, areas, data years, share estimated, share of IPPR's budget
    breakeven: tuple[str, ...]
    caveats: tuple[str, ...]  # each once, in plain words
    drivers: pa.Table
    fan_figure: go.Figure


@dataclass(frozen=True)
class ComparisonView:
    """This scenario beside the ones chosen to compare: the results, the table and the places chart."""

    results: dict[str, Result]
    table: pd.DataFrame
    places_figure: go.Figure
    yearly: pd.DataFrame
    shown_table: pa.Table
    shown_yearly: pa.Table


@dataclass(frozen=True)
class MapView:
    """The result by area on the map, and its values."""

    figure: go.Figure
    values: pd.DataFrame


@dataclass(frozen=True)
class ReferenceView:
    """What does not depend on the scenario: the assumptions log, national figures, what the model leaves out."""

    log: pd.DataFrame
    log_table: pa.Table
    national_table: pa.Table
    not_modelled: str  # markdown bullet list


def arrow(table: pd.DataFrame) -> pa.Table:
    """A table converted for st.dataframe once, when built (st.dataframe converts a DataFrame on every draw)."""
    return pa.Table.from_pandas(table, preserve_index=False)


# Columns for analysts, not a board: the code names and where each file sits (a seed's file name, data/...). The CSV
# downloads keep them.
FOR_ANALYSTS = ("name", "address")


def for_a_board(table: pd.DataFrame) -> pa.Table:
    """A reference table for the screen: the columns for analysts left to its CSV."""
    return arrow(table.drop(columns=[c for c in FOR_ANALYSTS if c in table.columns]))


@st.cache_resource(show_spinner=False)
def reference_view() -> ReferenceView:
    """The page's reference tables, once per process."""
    log = assumptions_log()
    left_out = "\n".join(f"- **{row.label}** ({row.source}): {row.why}" for row in not_modelled().itertuples())
    return ReferenceView(log, for_a_board(log), for_a_board(national_figures()), left_out)


def lever_key(levers: Levers, devolution: Devolution) -> str:
    """Canonical text of the levers and devolution (what decides a run on a given baseline)."""
    return json.dumps({"levers": levers.to_dict(), "devolution": devolution.to_dict()}, sort_keys=True)


def _present_legend(figure: go.Figure, presenting: bool) -> go.Figure:
    """Presenting, a chart's legend sits at the foot of the figure, under the axis title, whatever height the screen
    leaves the chart (below the plot in paper units it lands on the axis title in a short chart)."""
    if presenting:
        figure.update_layout(legend={"yref": "container", "y": 0, "yanchor": "bottom"}, margin={"b": 125})
    return figure


def _finish(figure: go.Figure, presenting: bool) -> go.Figure:
    """Projector styling in presentation mode, then frozen (shared by every session, never changed again)."""
    return frozen(projector_figure(figure) if presenting else figure)


@st.cache_resource(show_spinner=False, max_entries=KEPT)
def _shared_baseline(kind: str, layer: str, own_name: str, own_json: str, band: str) -> tuple[Baseline, list[str]]:
    """Baselines that hold no session's data (national, population share, typed figures): shared across sessions."""
    return build_baseline(Scenario("", Levers(), kind, layer, own_name, json.loads(own_json), band), resources.atlas())


@st.cache_resource(show_spinner=False, max_entries=KEPT)
def _store_baseline(kind: str, store_key: tuple, layer: str, band: str, _store) -> tuple[Baseline, list[str]]:
    """A baseline read from the indicator store, keyed on the store's key (which names this session's uploads)."""
    return build_baseline(Scenario("", Levers(), kind, layer, short_sentence_band=band), resources.atlas(), _store)


def baseline_view(choice: BaselineChoice) -> BaselineView:
    """The baseline the controls chose, or national totals with the reason it cannot be used yet."""
    own_json = json.dumps(choice.own_figures, sort_keys=True)
    try:
        if choice.kind == "own_area" and (not choice.own_figures or choice.incomplete):
            missing = ", ".join(COHORTS[c] for c in choice.incomplete)
            raise BaselineError("type in all four figures for each cohort you chose"
                                + (f" (missing for {missing})" if missing else ""))
        if choice.kind in STORE_KINDS:
            store = current()
            baseline, notices = _store_baseline(choice.kind, store.key, choice.layer, choice.band, store.store)
            return BaselineView(baseline, tuple(store.warnings) + tuple(notices),
                                (choice.kind, store.key, choice.layer, choice.band), None)
        baseline, notices = _shared_baseline(choice.kind, choice.layer, choice.own_name, own_json, choice.band)
        return BaselineView(baseline, tuple(notices), (choice.kind, choice.layer, choice.own_name, own_json, choice.band),
                            None)
    except (BaselineError, PopulationMissingError) as error:
        baseline, _ = _shared_baseline("national", choice.layer, "", "{}", choice.band)
        return BaselineView(baseline, (), ("national", choice.layer, "", "{}", choice.band),
                            f"The chosen baseline cannot be used yet: {error}. Showing national totals meanwhile.")


def headline_metrics(result: Result, positions: tuple[Position, ...]) -> tuple[Metric, ...]:
    """The net positions first (public purse, local areas, centre, over the horizon), then custody places in the
    last year with a change only where something changed."""
    totals = result.totals()
    years = result.levers.horizon_years
    places, base_places = float(totals["places_in_use"].iloc[-1]), float(totals["baseline_places"].iloc[-1])
    places_change = change_or_none(places - base_places, "places")
    return (*(Metric(f"{p.label}, {years} years", p.shown) for p in positions),
            Metric(f"Places in use, year {years}", count(places), places_change))


def statement(baseline: Baseline, levers: Levers, devolution: Devolution) -> str:
    """One line: which baseline and which levers produced the numbers shown (a preset said to be illustrative)."""
    preset = matching_preset(levers, devolution)
    staged = "" if devolution.is_full else " " + devolution.describe(baseline.area_codes, baseline.area_names,
                                                                     baseline.cohorts) + "."
    estimate = " (ESTIMATE)" if baseline.is_estimate and "ESTIMATE" not in baseline.label else ""
    used = f"**Baseline:** {baseline.label}{estimate}. "
    if preset is not None and levers != Levers():
        return used + preset_statement(preset) + staged
    return used + f"**Levers:** {levers_in_words(levers)}." + staged


@st.cache_resource(show_spinner=False, max_entries=KEPT)
def core_view(baseline_key: tuple, levers_key: str, presenting: bool, layer: str, _baseline: Baseline, _levers: Levers,
              _devolution: Devolution) -> CoreView:
    """Run one scenario on one baseline with its sensitivity strip and formula variants (once per distinct input)."""
    started = time.perf_counter()
    result = run(_baseline, _levers, _devolution)
    elapsed_ms = (time.perf_counter() - started) * 1000
    strip = sensitivity(_baseline, _levers, _devolution, current=result)
    formulas = formula_results(_baseline, _levers, _devolution, current=result)
    years = _levers.horizon_years
    found = band(_baseline, _levers, _devolution)
    positions = net_positions(result, found)
    caption = (f"Modelled, against today's arrangements; local + centre = the public purse. The ranges come from "
               f"{found.count} seeded draws of every uncertain input across its range. Calculated in "
               f"{elapsed_ms:.1f} ms for {len(_baseline.area_codes)} area(s), {len(_baseline.cohorts)} cohort(s) and "
               f"{years} years; money in each source year's prices (no uprating).")
    formula_figure = trajectory_figure(formulas, "local_net")
    formula_totals = pd.DataFrame([{"Formula": name, "Local net": money(r.area["local_net"].sum()),
                                    "Centre net": money(r.area["centre_net"].sum()),
                                    "Lag": r.levers.lag_years, "Years averaged": r.levers.average_years,
                                    "Reviewed every": r.levers.review_years} for name, r in formulas.items()])
    assumptions = pd.DataFrame(parameters_table())
    assumptions["this scenario"] = [_levers.to_dict()[n] for n in assumptions["name"]]
    by_area = result.by_area()
    warnings = tuple(result_warnings(result))
    low, high = found.fan("system_saving")
    fan = fan_figure(result, low.tolist(), high.tolist(), height=PRESENT_HEIGHT if presenting else 380)
    return CoreView(result, headline_metrics(result, positions), caption,
                    "\n".join(f"- {line}" for line in summary(result)), warnings,
                    statement(_baseline, _levers, _devolution), strip, arrow(sensitivity_table(strip)), formulas,
                    _finish(formula_figure, presenting), arrow(formula_totals),
                    arrow(by_area.drop(columns=["status", "baseline"])), assumptions, for_a_board(assumptions), found,
                    positions, coverage_line(result, area_words(layer)),
                    tuple(breakeven(_baseline, _levers, _devolution, found)),
                    tuple(caveats(result, *warnings)), arrow(drivers(result)), _finish(fan, presenting))


@st.cache_resource(show_spinner=False, max_entries=KEPT)
def strip_figure(baseline_key: tuple, levers_key: str, headline: str, presenting: bool, _core: CoreView) -> go.Figure:
    """The sensitivity strip for one headline."""
    return _finish(sensitivity_figure(_core.strip, headline), presenting)


@st.cache_resource(show_spinner=False, max_entries=KEPT)
def comparison_view(baseline_key: tuple, levers_key: str, name: str, others: tuple[tuple[str, str], ...],
                    presenting: bool, _core: CoreView, _others: tuple[tuple[Levers, Devolution], ...]) -> ComparisonView:
    """This scenario and the others (label, lever key) run on the same baseline, side by side."""
    results = {f"This scenario: {name}": _core.result}
    baseline = _core.result.baseline
    for (label, _), (levers, devolution) in zip(others, _others):
        results[label] = run(baseline, levers, devolution)
    height = PRESENT_HEIGHT if presenting else 430
    places = _present_legend(trajectory_figure(results, "places_in_use", height=height), presenting)
    table, yearly = comparison_table(results), trajectory_table(results)
    return ComparisonView(results, table, _finish(places, presenting), yearly, arrow(table), arrow(yearly_shown(yearly)))


def compare_with(options: list[str], levers: Levers, saved: dict[str, Scenario]) -> tuple[list[tuple], list[tuple]]:
    """The chosen comparisons as (label, lever key) and their (levers, devolution), in the order chosen."""
    keys, objects = [], []
    for option in options:
        if option in PRESETS:
            label, pair = PRESETS[option].name, (PRESETS[option].levers, PRESETS[option].devolution)
        elif option == FULL:
            label, pair = FULL_LABEL, (levers, Devolution())
        elif option in saved:
            label, pair = f"Saved: {saved[option].name}", (saved[option].levers, saved[option].devolution)
        else:
            continue
        keys.append((label, lever_key(*pair)))
        objects.append(pair)
    return keys, objects


@st.cache_resource(show_spinner=False, max_entries=KEPT)
def metric_figure(baseline_key: tuple, levers_key: str, name: str, others: tuple, metric: str, presenting: bool,
                  _comparison: ComparisonView) -> go.Figure:
    """The second comparison chart, for one metric."""
    height = PRESENT_HEIGHT if presenting else 430
    return _finish(_present_legend(trajectory_figure(_comparison.results, metric, height=height), presenting), presenting)


@st.cache_resource(show_spinner=False, max_entries=KEPT)
def map_view(baseline_key: tuple, levers_key: str, layer: str, metric: str, presenting: bool,
             _core: CoreView) -> MapView:
    """The result by area on the map (IPPR's devolution units drawn by force area)."""
    atlas = resources.atlas()
    units = drawn_units(atlas, layer, _core.result.baseline.area_codes)
    figure = scenario_map(atlas, layer, _core.result, metric, units)
    return MapView(_finish(figure, presenting), area_values(_core.result, metric))


def map_heading(layer: str) -> str:
    """The map section's heading."""
    return f"By area: {layer_label(layer)}"


def bundle_json(scenario: Scenario, core: CoreView) -> str:
    """Results with every assumption, as one JSON document."""
    bundle = {"scenario": scenario.to_document(), "assumptions": core.result.assumptions(),
              "totals": core.result.totals().to_dict(orient="list"),
              "sensitivity": core.strip.to_dict(orient="records")}
    return json.dumps(bundle, indent=1, default=float)


def by_area_csv(core: CoreView) -> bytes:
    """By area over the horizon, with the method and levers that produced it."""
    table = core.result.by_area()
    table["method"] = core.result.baseline.method
    table["levers"] = json.dumps(core.result.levers.to_dict(), sort_keys=True)
    return safe_csv_bytes(table)


def strip_csv(core: CoreView) -> bytes:
    """The sensitivity strip, saying its outputs are modelled."""
    baseline = core.result.baseline
    return safe_csv_bytes(core.strip.assign(status_of_outputs=OUTPUT_STATUS, baseline=baseline.label,
                                            baseline_is_estimate=baseline.is_estimate,
                                            estimated_cohorts="; ".join(baseline.estimated_cohorts) or "none"))


def source_titles() -> dict[str, str]:
    """Every source's title by its id: the figures this session sees (bundled, saved and uploaded)."""
    catalogue = current().store.catalogue
    return dict(zip(catalogue["source_id"], catalogue["title"]))


def method_words(baseline: Baseline) -> str:
    """The baseline's method as a board reads it: sources by their titles, never their internal ids."""
    return sources_in_words(baseline.method, source_titles())


def yearly_shown(yearly: pd.DataFrame) -> pd.DataFrame:
    """The year-by-year totals as a board reads them: the method in words; the levers and devolution (JSON for
    analysts) are in the CSV download only."""
    titles = source_titles()
    return yearly.drop(columns=["levers", "devolution"]).assign(
        baseline_method=[sources_in_words(m, titles) for m in yearly["baseline_method"]])
