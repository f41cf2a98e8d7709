"""Custody cost: cost per place and per prisoner, by establishment, and spend attributable to an area's residents."""
from __future__ import annotations

import streamlit as st

from figures import per_area
from geo.registry import get_layer, layer_ids
from indicators import custody_cost
from indicators.catalogue import get_indicator
from ui import custody_cost_view, resources
from ui.indicator_store import about_link, current
from ui.params import parse_choice
from ui.per_area_views import area_map, seed_choice, source_caption
from ui.presentation import is_presenting, lead_and_details
from ui.state_keys import (
    COST_BASIS,
    COST_COHORT,
    COST_LAYER,
    COST_PERIOD,
    SENT_AREA,
    SENT_BREAKDOWN,
    SENT_INDICATOR,
    SENT_PERIOD,
)
from ui.tables import display_table

loaded = current()
store = loaded.store
st.title("Custody cost")
presenting = is_presenting()
lead, rest = lead_and_details()  # presenting: who is sent to custody where, on the map; costs on demand
with rest:
    st.caption("What a prison place and a prisoner cost, nationally and by establishment where a source gives it, and "
               "what custody for an area's residents costs for the cohorts IPPR (2016, ch.4) proposes to devolve: short "
               "sentences under 24 months (under 12 months shown too, MoJ's short-sentence line), women and young "
               "offenders (under 18). First, who is sent to custody where.")
resources.show_notices(list(loaded.warnings))


# 1. Who is sentenced to immediate custody, by the force area of the court
with rest:
    st.header("Sentenced to immediate custody, by force area")
offered = custody_cost_view.sentencing_choices(loaded.key, store)
opening = offered.opening
if opening is None:
    st.info(per_area.sentencing_pointer(), icon=":material/info:")
else:
    notices = seed_choice(SENT_INDICATOR, "sentencing", offered.indicators, opening[0], "sentencing figure")
    sent_id = st.session_state[SENT_INDICATOR]
    sent_breakdowns = offered.breakdowns[sent_id]
    notices += seed_choice(SENT_BREAKDOWN, "sentencing_group", sent_breakdowns,
                           opening[1] if opening[1] in sent_breakdowns else sent_breakdowns[0], "breakdown",
                           encode=per_area.breakdown_label)
    sent_breakdown = st.session_state[SENT_BREAKDOWN]
    sent_periods = offered.periods[(sent_id, sent_breakdown)]
    notices += seed_choice(SENT_PERIOD, "sentencing_year", sent_periods, sent_periods[-1], "year")
    resources.show_notices(notices)
    sent_flags = offered.flags[(sent_id, sent_breakdown)]
    pick = st.columns([3, 2, 1])
    pick[0].selectbox("Sentencing figure", offered.indicators, key=SENT_INDICATOR,
                      format_func=lambda i: get_indicator(i).label)
    pick[1].selectbox("Breakdown", sent_breakdowns, key=SENT_BREAKDOWN, format_func=per_area.breakdown_label)
    sent_period = pick[2].selectbox("Year", sent_periods, key=SENT_PERIOD,
                                    format_func=lambda p: f"{p} ⚑" if p in sent_flags else p)
    st.query_params.update({"sentencing": sent_id, "sentencing_group": per_area.breakdown_label(sent_breakdown),
                            "sentencing_year": sent_period})
    sentencing = custody_cost_view.sentencing_view(loaded.key, sent_id, sent_breakdown, sent_period, store)
    sentenced, numbers = sentencing.figure, sentencing.numbers
    group = f" ({sent_breakdown})" if sent_breakdown else ""
    heading = f"{sentenced.indicator.label}{group}, {sent_period}"
    with lead:
        if presenting:  # the takeaway: the figure mapped, its coverage, total and highest area
            said = [f"{numbers['areas']} of {numbers['of']} force areas with a figure"]
            if sentencing.total is not None:
                said.append(f"{sentencing.total} in all (the force areas added up)")
            if numbers["highest"]:
                said.append(f"highest {numbers['highest'][0]}, {numbers['highest'][1]}")
            st.markdown(f"**{heading}**: " + "; ".join(said) + ".")
        if offered.bundled[(sent_id, sent_breakdown)]:
            st.info(per_area.WOMEN_CUSTODY_CAVEAT, icon=":material/warning:")
        else:
            st.caption("By the police force area of the sentencing court, not the home address of those sentenced.")
        if sent_period in sentenced.flags:
            st.warning(f"⚑ {sent_period}: {sentenced.flags[sent_period]}.", icon=":material/flag:")
    if not presenting:
        st.subheader(heading)
    with rest:
        metrics = st.columns(3)
    metrics[0].metric("Force areas with a figure", f"{numbers['areas']} of {numbers['of']}")
    if sentencing.total is not None:  # rates are never added up
        metrics[1].metric("Sum of the force areas", sentencing.total)
        metrics[1].caption("Derived here by adding the force areas' published counts.")
    if numbers["highest"]:
        metrics[2].metric("Highest", numbers["highest"][1])
        metrics[2].caption(numbers["highest"][0])
    with lead:
        area_map(sentencing.map, "sentencing_map", store, sentenced.used_sources)
    with rest:
        sent_tabs = st.tabs(["Ranked table", "Trend"])
    with sent_tabs[0]:
        display_table(sentenced.ranked, height=420)
        st.download_button("Download the table (CSV)", sentencing.ranked_csv,
                           file_name=f"{sent_id}_{sent_period}_police_force_area.csv", mime="text/csv",
                           key="sentencing_table_csv")
        source_caption(store, sentenced.used_sources)
    with sent_tabs[1]:
        if st.session_state.get(SENT_AREA) not in sentencing.areas:
            st.session_state.pop(SENT_AREA, None)
        sent_area = (st.selectbox("Force area", sentencing.areas, key=SENT_AREA,
                                  format_func=lambda c: resources.atlas().area_name(per_area.FORCE_AREAS, c) or c)
                     if sentencing.areas else None)
        shown_trend = custody_cost_view.sentencing_trend(loaded.key, sent_id, sent_breakdown, sent_area, store)
        if shown_trend.figure is None:
            st.info("Only one year has a figure for this area, so there is no trend to draw.")
        else:
            st.plotly_chart(shown_trend.figure, key="sentencing_trend", theme=None, width="stretch")
            source_caption(store, shown_trend.source_ids, shown_trend.flag_note)
        with st.expander("Trend as a table"):
            display_table(shown_trend.table)
    if not offered.beyond_bundled:
        with rest:
            st.caption(per_area.sentencing_pointer())

with rest:
    # 2. National cost per place and per prisoner
    st.header("England and Wales: cost per place and per prisoner")
    costs = custody_cost_view.national()
    st.plotly_chart(costs.figure, key="national_costs", theme=None, width="stretch")
    st.caption("⚑ = year label resolved or implied (see the table). Cash terms, not adjusted for inflation; the 1998-99 "
               "KPI and 2007-08 figures are defined differently from the 2015-17 HMPPS figures, so the line is not a "
               "like-for-like series.")
    source_caption(store, costs.source_ids)
    st.warning("Conflicting year labels: the 2015/16 and 2016/17 figures come from a secondary source (a blog quoting "
               "the HMPPS addendum) whose wording gives two per-prisoner figures contradictory years. They are assigned "
               "here by the direction of the rise the source states; recomputing the rises from the resolved years "
               "reproduces the stated 4.2% and 2.3%. Verify against the MoJ 'Costs per place and costs per prisoner' "
               "release before relying on them.", icon=":material/flag:")
    with st.expander("Table: national costs, year labels as worded and as resolved", expanded=False):
        display_table(costs.table)
        st.download_button("Download national costs (CSV)", costs.csv, file_name="national_prison_costs.csv",
                           mime="text/csv")
        st.markdown("**Check of the resolved years against the stated rises**")
        display_table(costs.checks)

    # 3. By establishment
    st.header("By establishment, 2007-08 (partial)")
    establishments = custody_cost_view.establishments()
    st.warning("PARTIAL: the stored copy of this Hansard answer stops after Littlehey. It holds all 9 male category B "
               "prisons and 21 of 38 male category C prisons; locals, open prisons, young offender institutions and "
               "women's prisons are missing, so no ranking of the whole estate is possible.", icon=":material/warning:")
    st.plotly_chart(establishments.figure, key="establishment_costs", theme=None, width="stretch")
    st.caption("Hatched vermillion: male category B; plain blue: male category C. * footnote marker in the source "
               "(text not visible; 1 is probably contracted-out prisons, not confirmed). The national average line is "
               "derived from the rounded annual figure.")
    source_caption(store, ["hansard_2008_cost_per_prisoner_by_establishment"])
    with st.expander("Table: cost per prisoner by establishment, and cost per place by function 1998-99"):
        display_table(establishments.table)
        st.download_button("Download establishment costs (CSV)", establishments.csv,
                           file_name="cost_per_prisoner_by_establishment_2007_08.csv", mime="text/csv")
        display_table(establishments.per_place)
        source_caption(store, ["hansard_1999_cost_per_place_1998_99"])

    # 4. Spend attributable to each area's residents
    st.header("Custody spend attributable to each area's residents")
    st.markdown(
        "**Cohorts.** IPPR's (2016, ch.4) devolved cohorts: short sentences under 24 months (under 12 months is MoJ's "
        "short-sentence line, a sub-view), women, and young offenders under 18, whose custody IPPR would have areas "
        "commission as secure-school places rather than pay per bed night (no per-area count of them is defined yet).  \n"
        "**Method.** For each cohort: *spend = residents of the area in custody in that cohort × cost per prisoner "
        "per year* (a cost per PRISONER, Hansard's 'overall average resource cost per prisoner': the count is of people "
        "held, so the multiplier is what one prisoner costs a year; a cost per place divides the same spending by places "
        "instead, e.g. 2016/17 £38,042 per place against £35,371 per prisoner, secondary); *per 100,000 residents "
        "= spend ÷ population × 100,000*; per prisoner it is the cost per prisoner. Areas on coarser layers are built "
        "by adding whole areas (counts add; populations add).  \n"
        "**Assumptions.** (1) every prisoner costs the national average, whatever the establishment (category B "
        "places cost more than category C); (2) a snapshot count stands for the year's average population; "
        "(3) the count and the cost should be for the same year, or the result mixes years; (4) a prisoner is "
        "attributed to the area of their home address (or, in MoJ court-based tables, the sentencing court — "
        "a different thing: the MoJ re-mapped courts to force areas in 2023).")
    cohorts = custody_cost_view.cohorts(store)
    reoffending = custody_cost_view.reoffending(loaded.key, store)
    if not cohorts:
        st.info("No per-area counts of residents in custody are bundled: no official table of prisoners by home area "
                "for these cohorts could be found offline. Per-area inputs must come from uploaded data — map your "
                "columns to: " + ", ".join(f"**{get_indicator(c).label}** (`{c}`)" for c in custody_cost.IPPR_COHORT_INDICATORS)
                + ". Until then, the national figures below show the scale.", icon=":material/info:")
        display_table(reoffending.short_sentence)
        st.caption("National short-sentence figures (under 12 months), NAO 2010: the £300m a year is SOURCED from the NAO's "
                   "own summary of its report ('around £300 million'; it replaces the £286m a blog gave); the receptions "
                   "and the reoffending cost are as reported by a blog (secondary; verify against NAO HC 431). Source "
                   "entry: " + about_link("cost_of_reoffending_compilation"))
        for line in reoffending.receptions:
            st.caption(line)
    else:
        if COST_COHORT not in st.session_state:
            st.session_state[COST_COHORT], n = parse_choice(st.query_params.get("cohort"), cohorts, cohorts[0], "cohort")
            resources.show_notices(n)
        pick = st.columns(3)
        cohort = pick[0].selectbox("Cohort", cohorts, key=COST_COHORT, format_func=lambda c: get_indicator(c).label)
        cohort_periods = store.periods(cohort)
        period = pick[1].selectbox("Period of the counts", cohort_periods, index=len(cohort_periods) - 1, key=COST_PERIOD)
        cost_choice = pick[2].selectbox("Cost per prisoner", range(len(costs.cost_labels)),
                                        format_func=lambda i: costs.cost_labels[i], index=costs.default_cost,
                                        key=COST_BASIS)
        opening_layer = custody_cost_view.spend_layer(loaded.key, cohort, period, store)
        layer = st.selectbox("Layer", layer_ids(), key=COST_LAYER, format_func=lambda i: get_layer(i).name,
                             index=layer_ids().index(opening_layer))
        st.query_params.update({"cohort": cohort})
        spend = custody_cost_view.spend_view(loaded.key, cohort, period, cost_choice, layer, store)
        if spend.message:
            st.info(spend.message, icon=":material/info:")
        if spend.mixed_years:
            st.warning(spend.mixed_years)
        st.plotly_chart(spend.map, key="spend_map", theme=None, width="stretch", config={"displaylogo": False})
        st.caption(spend.caption)
        display_table(spend.table)
        st.download_button("Download attributable spend (CSV)", spend.csv,
                           file_name=f"attributable_spend_{cohort}_{layer}.csv", mime="text/csv")

    st.header("What reoffending costs (national only)")
    st.caption("The cost of reoffending cannot be broken down by area (Written question 137323, March 2022): any per-area "
               "figure would be modelled. National estimates:")
    display_table(reoffending.costs)  # the NAO short-sentence range included
    if reoffending.ippr_quote:
        st.caption(reoffending.ippr_quote)
    source_caption(store, ["cost_of_reoffending_compilation", "ippr_2016_whole_system"])
