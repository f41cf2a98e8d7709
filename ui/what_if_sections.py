"""The what-if page's parts: the headline (net positions, their intervals, one line on what the run covers, details
on demand), the working page's sections, and those that redraw alone when their own control changes
(st.fragment: the sensitivity strip's headline, the second comparison chart's measure)."""
from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from figures.overlay_map import ATTRIBUTION
from figures.scenario import MAP_METRICS, TRAJECTORY_METRICS, trajectory_table
from formatting.user_text import plain
from indicators.csv_safety import safe_csv_bytes
from scenario.devolution import Devolution
from scenario.model import METRIC_LABELS
from scenario.parameters import Levers
from scenario.persistence import Scenario, ScenarioFileError
from scenario.presets import PRESETS
from scenario.sensitivity import HEADLINES
from ui import what_if_view
from ui.state_keys import WHATIF_COMPARE, WHATIF_MAP_METRIC, WHATIF_METRIC, WHATIF_STRIP_HEADLINE
from ui.tables import display_table
from ui.what_if_library import load_saved


@dataclass(frozen=True)
class Compared:
    """The scenarios chosen to compare: (label, lever key) each, their levers and devolution, the options offered
    and any saved one that could not be opened."""

    others: list[tuple] = field(default_factory=list)
    levers: list[tuple] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def compared(saved: dict[str, str], levers: Levers, devolution: Devolution) -> Compared:
    """What the comparison picker holds, with choices no longer offered dropped and saved ones opened."""
    options = list(PRESETS) + [f"saved:{i}" for i in saved] + ([] if devolution.is_full else [what_if_view.FULL])
    if any(o not in options for o in st.session_state.get(WHATIF_COMPARE, [])):
        st.session_state[WHATIF_COMPARE] = [o for o in st.session_state[WHATIF_COMPARE] if o in options]
    chosen = st.session_state.get(WHATIF_COMPARE, [])
    opened: dict[str, Scenario] = {}
    problems = []
    for option in chosen:
        if option.startswith("saved:"):
            try:
                opened[option] = load_saved(option[6:])
            except (KeyError, ScenarioFileError) as error:
                problems.append(f"A saved scenario could not be compared: {error}")
    others, other_levers = what_if_view.compare_with(chosen, levers, opened)
    return Compared(others, other_levers, options, problems)


def headline(core: what_if_view.CoreView, said: list[str], presenting: bool) -> None:
    """Net positions first with their intervals, one line on what the run covers, caveats counted (details below)."""
    st.markdown(core.statement)
    for column, metric in zip(st.columns(4), core.metrics):
        column.metric(metric.label, metric.value, metric.delta, delta_color="inverse" if metric.delta else "normal")
    st.markdown("  \n".join(f"**{p.label}** {p.shown}: {p.interval}." for p in core.positions))
    caveats = len(core.caveats) + len(said)
    st.caption(core.coverage + (f" {caveats} caveat(s) under Details." if caveats else ""))
    if not presenting:
        with st.expander("Details: caveats, method and the drivers of the headline"):
            details(core, said)


def details(core: what_if_view.CoreView, said: list[str]) -> None:
    """Each caveat once, the breakeven statements, the drivers table and the method."""
    # notices quote the link's parameters and saved names (someone's text): shown as text; caveats are the model's
    for text in dict.fromkeys([*(plain(notice) for notice in said), *core.caveats]):
        st.markdown(f"- {text}")
    st.markdown("**Where the answer turns**\n" + "\n".join(f"- {line}" for line in core.breakeven))
    st.markdown("**The drivers of the headline**: value in this run (range; status). Sources: the table below.\n"
                + "\n".join(f"- {row['Driver']}: **{row['In this run']}** ({row['Range']}; {row['Status']})"
                             for row in core.drivers.to_pylist()))
    display_table(core.drivers.select(["Driver", "Source"]))
    st.caption("Method: " + what_if_view.method_words(core.result.baseline))


def presenting_charts(baseline_key: tuple, levers_key: str, name: str, chosen: Compared,
                      comparison: what_if_view.ComparisonView, core: what_if_view.CoreView) -> None:
    """Presenting: custody places beside the public purse's yearly path with its band."""
    left, right = st.columns(2)
    left.plotly_chart(comparison.places_figure, key="whatif_places_chart", theme=None, width="stretch")
    right.plotly_chart(core.fan_figure, key="whatif_fan_chart", theme=None, width="stretch")


def working_page(baseline_key: tuple, levers_key: str, scenario: Scenario, layer: str, core: what_if_view.CoreView,
                 chosen: Compared, comparison: what_if_view.ComparisonView, saved: dict[str, str]) -> None:
    """Everything under the headline on the working page."""
    baseline = core.result.baseline
    st.caption(core.modelled_caption)
    st.plotly_chart(core.fan_figure, key="whatif_fan_chart", theme=None, width="stretch")
    st.header("What changed and why")
    st.markdown(core.summary)

    st.header("How sure? The headline at low, middle and high settings of each assumption")
    sensitivity_strip(baseline_key, levers_key, core)
    st.caption("Each line runs this scenario again with one assumption at the settings the assumptions log gives "
               "(the others as set); ◆ = the setting shown above. The band above draws them all together.")
    with st.expander("Table: the sensitivity strip"):
        display_table(core.strip_table)

    st.header("The funding formula: what each choice does to the local position")
    st.plotly_chart(core.formula_figure, key="whatif_formula_chart", theme=None, width="stretch")
    display_table(core.formula_totals)
    st.caption("IPPR (2016, ch.4) asks for a 'time lag' that 'factors in historical custody rates' and a formula "
               "'under regular review'; it gives no numbers. A pure shift hands a saving back after the lag; an "
               "average of past years fades it out; a review every N years holds the budget in between.")

    st.header("Side by side")
    st.multiselect("Compare this scenario with", chosen.options, key=WHATIF_COMPARE,
                   format_func=lambda o: PRESETS[o].name if o in PRESETS else what_if_view.FULL_LABEL
                   if o == what_if_view.FULL else f"Saved: {saved.get(o[6:], o[6:])}")
    for problem in chosen.problems:
        st.warning(plain(problem))  # quotes a saved scenario's name: shown as text
    if len(comparison.results) > 1:
        st.caption("Compared scenarios run on this page's baseline with their own levers, so the comparison is like "
                   "for like. The presets' lever settings are the project's illustrations, not IPPR's numbers.")
    display_table(comparison.shown_table)
    comparison_charts(baseline_key, levers_key, scenario.name, tuple(chosen.others), comparison, baseline.label)

    area_map = None
    if len(baseline.area_codes) > 1:
        st.header(what_if_view.map_heading(layer))
        metric = st.selectbox("Map shows", list(MAP_METRICS), key=WHATIF_MAP_METRIC,
                              format_func=lambda m: MAP_METRICS[m][0])
        area_map = what_if_view.map_view(baseline_key, levers_key, layer, metric, False, core)
        st.plotly_chart(area_map.figure, key="whatif_map", theme=None, config={"scrollZoom": True, "displaylogo": False},
                        width="stretch")
        st.caption("Modelled; red = negative, blue = positive, white = zero; hover for each area's value. " + ATTRIBUTION)
    else:
        st.caption(f"One area ({baseline.area_names[0]}): no map. Choose a per-area baseline to map the result.")

    st.header("What the model leaves out")
    reference = what_if_view.reference_view()
    st.markdown(reference.not_modelled)
    downloads(scenario, core, comparison, area_map)
    with st.expander("Assumptions and sources (the assumptions log)"):
        st.markdown("Every lever and assumption: its status (sourced, derived, the project's assumption), range, "
                    "source and why its default is what it is:")
        display_table(core.assumptions_table)
        st.download_button("Levers and assumptions (CSV)", lambda: safe_csv_bytes(core.assumptions),
                           "scenario_assumptions.csv", "text/csv", key="dl_assumptions")
        st.markdown("The whole log, including the baseline's assumptions and what is not modelled:")
        display_table(reference.log_table)
        st.download_button("Assumptions log (CSV)", lambda: safe_csv_bytes(reference.log),
                           "scenario_assumptions_log.csv", "text/csv", key="dl_log")
        st.markdown("National figures behind the baselines, each with its status:")
        display_table(reference.national_table)


def downloads(scenario: Scenario, core: what_if_view.CoreView, comparison: what_if_view.ComparisonView,
              area_map: what_if_view.MapView | None) -> None:
    """Every chart's data, with the assumptions that produced it."""
    with st.expander("Tables and downloads (every chart's data, with the assumptions that produced it)"):
        st.download_button("Side-by-side table (CSV)", lambda: safe_csv_bytes(comparison.table),
                           "scenario_comparison.csv", "text/csv", key="dl_comparison")
        display_table(comparison.shown_yearly)
        st.download_button("Year-by-year totals (CSV)", lambda: safe_csv_bytes(comparison.yearly),
                           "scenario_years.csv", "text/csv", key="dl_years")
        display_table(core.by_area)
        st.download_button("By area over the horizon (CSV)", lambda: what_if_view.by_area_csv(core),
                           "scenario_by_area.csv", "text/csv", key="dl_area")
        if area_map is not None:
            st.download_button("Map values (CSV)", lambda: safe_csv_bytes(area_map.values), "scenario_map.csv",
                               "text/csv", key="dl_map")
        st.download_button("Every area x cohort x year (CSV)", lambda: safe_csv_bytes(core.result.long_table()),
                           "scenario_detail.csv", "text/csv", key="dl_detail")
        st.download_button("Sensitivity strip (CSV)", lambda: what_if_view.strip_csv(core),
                           "scenario_sensitivity.csv", "text/csv", key="dl_sensitivity")
        st.download_button("Funding formula variants (CSV)", lambda: safe_csv_bytes(trajectory_table(core.formulas)),
                           "scenario_formula_variants.csv", "text/csv", key="dl_formulas")
        st.download_button("Results with every assumption (JSON)", lambda: what_if_view.bundle_json(scenario, core),
                           "scenario_results.json", "application/json", key="dl_bundle")


@st.fragment
def sensitivity_strip(baseline_key: tuple, levers_key: str, core: what_if_view.CoreView) -> None:
    """The headline picker and the strip for it."""
    headline_name = st.radio("Headline", list(HEADLINES), key=WHATIF_STRIP_HEADLINE, horizontal=True,
                             format_func=lambda h: HEADLINES[h].replace(" over the horizon", ""))
    st.plotly_chart(what_if_view.strip_figure(baseline_key, levers_key, headline_name, False, core),
                    key="whatif_sensitivity", theme=None, width="stretch")


@st.fragment
def comparison_charts(baseline_key: tuple, levers_key: str, name: str, others: tuple,
                      comparison: what_if_view.ComparisonView, baseline_label: str) -> None:
    """Places in use beside a second measure of the reader's choosing, for every scenario compared."""
    choices = [m for m in TRAJECTORY_METRICS if m != "places_in_use"]
    metric = st.selectbox("Second chart shows", choices, key=WHATIF_METRIC, format_func=METRIC_LABELS.get,
                          index=choices.index("local_net"))
    left, right = st.columns(2)
    left.plotly_chart(comparison.places_figure, key="whatif_places_chart", theme=None, width="stretch")
    right.plotly_chart(what_if_view.metric_figure(baseline_key, levers_key, name, others, metric, False, comparison),
                       key="whatif_metric_chart", theme=None, width="stretch")
    st.caption("Each scenario has its own colour, dash and marker; the baseline is the black dotted line. "
               f"Baseline used: {baseline_label}. Modelled figures.")
