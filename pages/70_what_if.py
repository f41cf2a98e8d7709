"""What if: devolved custody budgets, diversion and reinvestment, scenario by scenario (IPPR 2016, ch.4)."""
from __future__ import annotations

import streamlit as st

from scenario.persistence import Scenario, dumps
from ui import resources, what_if_sections, what_if_view
from ui.presentation import is_presenting
from ui.state_keys import WHATIF_CURRENT
from ui.what_if_form import baseline_controls, devolution_controls, lever_controls
from ui.what_if_library import (
    current_name,
    keep_controls,
    name_field,
    saved_choices,
    seed_from_link,
    sync_link,
    take_messages,
)

INTRO = ("IPPR (2016, ch.4) proposes devolving the custody budget for offenders on short sentences (under 24 months), "
         "women and young offenders (under 18) to mayors or PCCs: charging them per bed night for adults, letting "
         "them commission secure-school places for young offenders in the long term, funding them on a time-lagged "
         "formula with up-front money that can be clawed back, and devolving in stages to areas that bid. Move the "
         "levers: every number is recalculated at once; every input says whether it is sourced, derived or the "
         "project's assumption, and its range.")

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
    devolution = devolution_controls(baseline.area_codes, baseline.area_names, baseline.cohorts)
    levers = lever_controls()
    st.header("Keep this scenario")
    name_field()
scenario = Scenario(current_name(), levers, choice.kind, choice.layer, choice.own_name, choice.own_figures, choice.band,
                    devolution)
saved = saved_choices()
with controls:
    keep_controls(scenario, saved)
sync_link(scenario)
st.session_state[WHATIF_CURRENT] = dumps(scenario)  # the board pack's scenario slide shows this by default

# --- one call: what to show -----------------------------------------------------------------------------------
levers_key = what_if_view.lever_key(levers, devolution)
core = what_if_view.core_view(base.key, levers_key, presenting, choice.layer, baseline, levers, devolution)
compared = what_if_sections.compared(saved, levers, devolution)
comparison = what_if_view.comparison_view(base.key, levers_key, scenario.name, tuple(compared.others), presenting,
                                          core, tuple(compared.levers))
said = (notices if presenting else []) + list(base.notices)

# --- drawing ------------------------------------------------------------------------------------------------------
with results_area:
    what_if_sections.headline(core, said, presenting)
if presenting:
    with results_area:
        what_if_sections.presenting_charts(base.key, levers_key, scenario.name, compared, comparison, core)
    with details_area.expander("Details: caveats, what changed, drivers and assumptions"):
        what_if_sections.details(core, said)
        st.markdown(core.summary)
    st.stop()

with results_area:
    what_if_sections.working_page(base.key, levers_key, scenario, choice.layer, core, compared, comparison, saved)
