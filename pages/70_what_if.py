"""What if: devolved custody budgets, diversion and reinvestment, scenario by scenario (IPPR 2016, ch.4)."""
from __future__ import annotations

import streamlit as st

from figures.overlay_map import ATTRIBUTION
from figures.scenario import MAP_METRICS, trajectory_table
from indicators.csv_safety import safe_csv_bytes
from scenario.persistence import Scenario, ScenarioFileError
from scenario.presets import PRESETS
from ui import resources, what_if_sections, what_if_view
from ui.presentation import is_presenting
from ui.state_keys import WHATIF_COMPARE, WHATIF_MAP_METRIC
from ui.tables import display_table
from ui.what_if_form import baseline_controls, devolution_controls, lever_controls
from ui.what_if_library import (
    current_name,
    keep_controls,
    load_saved,
    name_field,
    saved_choices,
    seed_from_link,
    sync_link,
    take_messages,
)

INTRO = ("IPPR (2016, ch.4) proposes devolving the custody budget for offenders on short sentences (under 24 months), "
         "women and young offenders (under 18) to mayors or PCCs: charging them per bed night for adults, letting "
         "them commission secure-school places for young offenders, funding them on a time-lagged formula with "
         "up-front money that can be clawed back, and devolving in stages to areas that bid. Move the levers: every "
         "number below is recalculated at once and says which baseline it used; every input says whether it is "
         "sourced, derived or the project's assumption.")

seed_from_link()
presenting = is_presenting()
notices, message = take_messages()
if presenting:
    st.title("What if custody budgets were devolved?")
    results_area = st.container()
    details_area, controls_area = st.columns(2)  # two closed lines side by side leave the charts more height
    controls = controls_area.expander("Levers and baseline used")
else:
    st.title("What if? Devolved custody budgets, diversion and reinvestment")
    st.caption(INTRO)
    resources.show_notices(notices)
    if message:
        (st.error if message[0] == "error" else st.success)(message[1])
    controls, results_area = st.columns([1, 2.2], gap="large")

# --- widgets ------------------------------------------------------------------------------------------------
with controls:
    choice = baseline_controls()
base = what_if_view.baseline_view(choice)
baseline = base.baseline
with controls:
    if base.problem:
        st.warning(base.problem)
    devolution = devolution_controls(baseline.area_codes, baseline.area_names)
    levers = lever_controls()
    st.header("Keep this scenario")
    name_field()
scenario = Scenario(current_name(), levers, choice.kind, choice.layer, choice.own_name, choice.own_figures, choice.band,
                    devolution)
saved = saved_choices()
with controls:
    keep_controls(scenario, saved)
sync_link(scenario)

# --- one call: what to show -----------------------------------------------------------------------------------
levers_key = what_if_view.lever_key(levers, devolution)
core = what_if_view.core_view(base.key, levers_key, presenting, baseline, levers, devolution)
compare_options = list(PRESETS) + [f"saved:{i}" for i in saved] + ([] if devolution.is_full else [what_if_view.FULL])
if any(o not in compare_options for o in st.session_state.get(WHATIF_COMPARE, [])):
    st.session_state[WHATIF_COMPARE] = [o for o in st.session_state[WHATIF_COMPARE] if o in compare_options]
chosen = st.session_state.get(WHATIF_COMPARE, [])
compared: dict[str, Scenario] = {}
unavailable = []
for option in chosen:
    if option.startswith("saved:"):
        try:
            compared[option] = load_saved(option[6:])
        except (KeyError, ScenarioFileError) as error:
            unavailable.append(f"A saved scenario could not be compared: {error}")
others, other_levers = what_if_view.compare_with(chosen, levers, compared)
comparison = what_if_view.comparison_view(base.key, levers_key, scenario.name, tuple(others), presenting, core,
                                          tuple(other_levers))
all_notices = list(base.notices) + list(baseline.notes)
headline_notices = (notices if presenting else []) + all_notices + list(core.warnings)


def draw_metrics() -> None:
    """The four headline numbers (a change only where something changed, so no arrow for nothing)."""
    for column, metric in zip(st.columns(4), core.metrics):
        column.metric(metric.label, metric.value, metric.delta, delta_color="inverse" if metric.delta else "normal")


# --- drawing: presentation mode -------------------------------------------------------------------------------
if presenting:
    with results_area:
        st.markdown(core.statement)
        if headline_notices or baseline.is_estimate:
            st.caption(("⚠️" + what_if_view.estimate_words(baseline) + " " if baseline.is_estimate
                        else "") + (f"{len(headline_notices)} notice(s) and warning(s): under Details."
                                    if headline_notices else "Method under Details."))
        draw_metrics()
        left, right = st.columns(2)
        left.plotly_chart(comparison.places_figure, key="whatif_places_chart", theme=None, width="stretch")
        right.plotly_chart(what_if_view.metric_figure(base.key, levers_key, scenario.name, tuple(others), "local_net",
                                                      presenting, comparison),
                           key="whatif_metric_chart", theme=None, width="stretch")
        st.caption(f"Modelled from {baseline.label}; sources: {'; '.join(baseline.sources)}. IPPR 2016, ch.4.")
    with details_area.expander("Details: notices, what changed, assumptions"):
        for notice in headline_notices:
            st.warning(notice)
        st.markdown(core.summary)
        display_table(core.assumptions_table)
    st.stop()

# --- drawing: the working page --------------------------------------------------------------------------------
with results_area:
    resources.show_notices(all_notices)
    banner = f"**Baseline used:** {baseline.label}."
    if baseline.is_estimate:
        st.warning(banner + what_if_view.estimate_words(baseline) + " Method: " + baseline.method, icon=":material/warning:")
    else:
        st.info(banner + " " + baseline.method)
    for warning in core.warnings:
        st.warning(warning, icon=":material/warning:")
    st.markdown(core.statement)
    draw_metrics()
    st.caption(core.modelled_caption)

    st.header("What changed and why")
    st.markdown(core.summary)

    st.header("How sure? The headline at low, middle and high settings of each assumption")
    what_if_sections.sensitivity_strip(base.key, levers_key, core)
    st.caption("Each line runs this scenario again with one assumption at the settings the assumptions log gives "
               "(the others as set); ◆ = the setting shown above. Settings and why each default is what it is: "
               "data/scenario/assumptions.csv (below). The 12-24-month time served (a baseline assumption) is not in "
               "the strip: it changes only the under-24-month cohort from imported counts.")
    with st.expander("Table: the sensitivity strip"):
        display_table(core.strip_table)

    st.header("The funding formula: what each choice does to the local position")
    st.plotly_chart(core.formula_figure, key="whatif_formula_chart", theme=None, width="stretch")
    display_table(core.formula_totals)
    st.caption("IPPR (2016, ch.4) asks for a 'time lag' that 'factors in historical custody rates' and a formula "
               "'under regular review'; it gives no numbers. A pure shift hands a saving back after the lag; an "
               "average of past years fades it out; a review every N years holds the budget in between. Same levers, "
               "baseline and devolution in every line.")

    st.header("Side by side")
    st.multiselect("Compare this scenario with", compare_options, key=WHATIF_COMPARE,
                   format_func=lambda o: PRESETS[o].name if o in PRESETS else what_if_view.FULL_LABEL
                   if o == what_if_view.FULL else f"Saved: {saved.get(o[6:], o[6:])}")
    for problem in unavailable:
        st.warning(problem)
    if len(comparison.results) > 1:
        st.caption("Compared scenarios run on this page's baseline with their own levers, so the comparison is like "
                   "for like. The presets' lever settings are the project's illustrations, not IPPR's numbers.")
    display_table(comparison.shown_table)

    what_if_sections.comparison_charts(base.key, levers_key, scenario.name, tuple(others), comparison, baseline.label)

    map_metric = None
    if len(baseline.area_codes) > 1:
        st.header(what_if_view.map_heading(choice.layer))
        map_metric = st.selectbox("Map shows", list(MAP_METRICS), key=WHATIF_MAP_METRIC,
                                  format_func=lambda m: MAP_METRICS[m][0])
        area_map = what_if_view.map_view(base.key, levers_key, choice.layer, map_metric, False, core)
        st.plotly_chart(area_map.figure, key="whatif_map", theme=None, config={"scrollZoom": True, "displaylogo": False},
                        width="stretch")
        st.caption(("ESTIMATE by population share: " if baseline.is_estimate else "") + "red = negative, blue = "
                   "positive, white = zero; hover for each area's value (the table below lists them). Modelled. "
                   + ATTRIBUTION)
    else:
        st.caption(f"One area ({baseline.area_names[0]}): no map. Choose a per-area baseline to map the result.")

    st.header("What the model leaves out")
    reference = what_if_view.reference_view()
    st.markdown(reference.not_modelled)

    with st.expander("Tables and downloads (every chart's data, with the assumptions that produced it)"):
        st.download_button("Side-by-side table (CSV)", lambda: safe_csv_bytes(comparison.table),
                           "scenario_comparison.csv", "text/csv", key="dl_comparison")
        display_table(comparison.shown_yearly)
        st.download_button("Year-by-year totals (CSV)", lambda: safe_csv_bytes(comparison.yearly),
                           "scenario_years.csv", "text/csv", key="dl_years")
        display_table(core.by_area)
        st.download_button("By area over the horizon (CSV)", lambda: what_if_view.by_area_csv(core),
                           "scenario_by_area.csv", "text/csv", key="dl_area")
        if map_metric is not None:
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

    with st.expander("Assumptions and sources (the assumptions log)"):
        st.markdown("Every lever and assumption: its status (sourced, derived, the project's assumption), range, "
                    "source and why its default is what it is (data/scenario/assumptions.csv):")
        display_table(core.assumptions_table)
        st.download_button("Levers and assumptions (CSV)", lambda: safe_csv_bytes(core.assumptions),
                           "scenario_assumptions.csv", "text/csv", key="dl_assumptions")
        st.markdown("The whole log, including the baseline's assumptions and what is not modelled:")
        display_table(reference.log_table)
        st.download_button("Assumptions log (CSV)", lambda: safe_csv_bytes(reference.log), "scenario_assumptions_log.csv",
                           "text/csv", key="dl_log")
        st.markdown("National figures behind the national baseline (data/scenario/national_baseline.csv), each with "
                    "its status:")
        display_table(reference.national_table)
        st.markdown("**Baseline sources:** " + "; ".join(baseline.sources))
