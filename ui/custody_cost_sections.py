"""The custody cost page's cost sections: national cost per place and per prisoner, by establishment, spend
attributable to an area's residents, and what reoffending costs (national only)."""
from __future__ import annotations

import streamlit as st

from geo.registry import get_layer, layer_ids
from indicators import custody_cost
from indicators.catalogue import get_indicator
from indicators.store import IndicatorStore
from ui import custody_cost_view, resources
from ui.indicator_store import about_link
from ui.params import parse_choice
from ui.per_area_views import source_caption
from ui.state_keys import COST_BASIS, COST_COHORT, COST_LAYER, COST_PERIOD
from ui.tables import display_table


def cost_sections(loaded_key: tuple, store: IndicatorStore) -> None:
    """Sections 2 to 5 of the page."""
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
    reoffending = custody_cost_view.reoffending(loaded_key, store)
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
        opening_layer = custody_cost_view.spend_layer(loaded_key, cohort, period, store)
        layer = st.selectbox("Layer", layer_ids(), key=COST_LAYER, format_func=lambda i: get_layer(i).name,
                             index=layer_ids().index(opening_layer))
        st.query_params.update({"cohort": cohort})
        spend = custody_cost_view.spend_view(loaded_key, cohort, period, cost_choice, layer, store)
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

