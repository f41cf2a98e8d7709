"""Custody cost: cost per place and per prisoner, by establishment, and spend attributable to an area's residents."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from figures import per_area
from figures.indicators import choropleth, format_value, national_costs_figure
from figures.layer_styles import OKABE_ITO
from figures.overlay_map import ATTRIBUTION
from geo.registry import get_layer, layer_ids
from indicators import bundled_custody, custody_cost
from indicators.catalogue import get_indicator
from indicators.csv_safety import safe_csv_bytes
from indicators.population import VINTAGE, population_for_layer
from ui import resources
from ui.indicator_store import about_link, current_store
from ui.params import parse_choice
from ui.per_area_views import area_map, ranked, seed_choice, trend_chart

atlas = resources.atlas()
store, store_warnings = current_store()
st.title("Custody cost")
st.caption("What a prison place and a prisoner cost, nationally and by establishment where a source gives it, and "
           "what custody for an area's residents costs for the cohorts IPPR (2016, ch.4) proposes to devolve: short "
           "sentences under 24 months (under 12 months shown too, MoJ's short-sentence line), women and young "
           "offenders (under 18). First, who is sent to custody where.")
resources.show_notices(store_warnings)


def source_caption(source_ids: list[str]) -> None:
    """The source line under a figure, with links to the About the data entries."""
    ids = list(dict.fromkeys(s for s in source_ids if s))
    st.caption(store.source_note(ids) + ". Entries: " + ", ".join(about_link(s) for s in ids))


def _default_cost(rows) -> int:
    """The latest overall cost per prisoner (position in rows)."""
    overall = rows.reset_index(drop=True)
    overall = overall[overall["measure"].str.startswith("Overall")].sort_values("period")
    return int(overall.index[-1]) if len(overall) else 0


# 1. Who is sentenced to immediate custody, by the force area of the court
st.header("Sentenced to immediate custody, by force area")
sentencing = per_area.sentencing_indicators(store)
opening = per_area.sentencing_default(store, sentencing)
if opening is None:
    st.info(per_area.sentencing_pointer(), icon="ℹ️")
else:
    notices = seed_choice("sent_indicator", "sentencing", sentencing, opening[0], "sentencing figure")
    sent_id = st.session_state["sent_indicator"]
    sent_breakdowns = store.breakdowns(sent_id)
    notices += seed_choice("sent_breakdown", "sentencing_group", sent_breakdowns,
                           opening[1] if opening[1] in sent_breakdowns else sent_breakdowns[0], "breakdown",
                           encode=per_area.breakdown_label)
    sent_breakdown = st.session_state["sent_breakdown"]
    sent_periods = store.periods(sent_id, breakdown=sent_breakdown)
    notices += seed_choice("sent_period", "sentencing_year", sent_periods, sent_periods[-1], "year")
    resources.show_notices(notices)
    sent_flags = per_area.flagged_periods(store, sent_id, sent_breakdown)
    pick = st.columns([3, 2, 1])
    pick[0].selectbox("Sentencing figure", sentencing, key="sent_indicator", format_func=lambda i: get_indicator(i).label)
    pick[1].selectbox("Breakdown", sent_breakdowns, key="sent_breakdown", format_func=per_area.breakdown_label)
    sent_period = pick[2].selectbox("Year", sent_periods, key="sent_period",
                                    format_func=lambda p: f"{p} ⚑" if p in sent_flags else p)
    st.query_params.update({"sentencing": sent_id, "sentencing_group": per_area.breakdown_label(sent_breakdown),
                            "sentencing_year": sent_period})
    sentenced = per_area.area_figure(store, atlas, sent_id, sent_period, per_area.FORCE_AREAS, sent_breakdown)
    if bundled_custody.SOURCE_ID in set(store.select(sent_id, None, sent_breakdown)["source_id"]):
        st.info(per_area.WOMEN_CUSTODY_CAVEAT, icon="⚠️")
    else:
        st.caption("By the police force area of the sentencing court, not the home address of those sentenced.")
    if sent_period in sentenced.flags:
        st.warning(f"⚑ {sent_period}: {sentenced.flags[sent_period]}.", icon="🚩")
    numbers = per_area.area_summary(sentenced)
    group = f" ({sent_breakdown})" if sent_breakdown else ""
    st.subheader(f"{sentenced.indicator.label}{group}, {sent_period}")
    metrics = st.columns(3)
    metrics[0].metric("Force areas with a figure", f"{numbers['areas']} of {numbers['of']}")
    if numbers["total"] == numbers["total"]:  # NaN for rates: rates are never added up
        metrics[1].metric("Sum of the force areas", format_value(numbers["total"], sentenced.indicator))
        metrics[1].caption("Derived here by adding the force areas' published counts.")
    if numbers["highest"]:
        metrics[2].metric("Highest", numbers["highest"][1])
        metrics[2].caption(numbers["highest"][0])
    area_map(atlas, sentenced, "sentencing_map", store)
    sent_tabs = st.tabs(["Ranked table", "Trend"])
    with sent_tabs[0]:
        ranked(sentenced, store, f"{sent_id}_{sent_period}_police_force_area.csv", "sentencing_table_csv")
    with sent_tabs[1]:
        sent_areas = sentenced.ranked.loc[sentenced.ranked["Rank"] != "", "Code"].tolist()
        if st.session_state.get("sent_area") not in sent_areas:
            st.session_state.pop("sent_area", None)
        sent_area = (st.selectbox("Force area", sent_areas, key="sent_area",
                                  format_func=lambda c: atlas.area_name(per_area.FORCE_AREAS, c) or c)
                     if sent_areas else None)
        sent_lines = per_area.trend_lines(store, atlas, sent_id, per_area.FORCE_AREAS, sent_breakdown, sent_area,
                                          split_sources=True)
        trend_chart(sent_lines, sentenced, store, "sentencing_trend",
                    "Only one year has a figure for this area, so there is no trend to draw.")
    if not per_area.has_sentencing_beyond_bundled(store):
        st.caption(per_area.sentencing_pointer())

# 2. National cost per place and per prisoner
st.header("England and Wales: cost per place and per prisoner")
costs = custody_cost.national_costs()
per_unit = custody_cost.per_unit_costs(costs)
figure = national_costs_figure(per_unit)
st.plotly_chart(figure, key="national_costs", theme=None, width="stretch")
st.caption("⚑ = year label resolved or implied (see the table). Cash terms, not adjusted for inflation; the 1998-99 "
           "KPI and 2007-08 figures are defined differently from the 2015-17 HMPPS figures, so the line is not a "
           "like-for-like series.")
source_caption(per_unit["source_id"].tolist())
st.warning("Conflicting year labels: the 2015/16 and 2016/17 figures come from a secondary source (a blog quoting "
           "the HMPPS addendum) whose wording gives two per-prisoner figures contradictory years. They are assigned "
           "here by the direction of the rise the source states; recomputing the rises from the resolved years "
           "reproduces the stated 4.2% and 2.3%. Verify against the MoJ 'Costs per place and costs per prisoner' "
           "release before relying on them.", icon="🚩")
checks = custody_cost.check_rises(costs)
with st.expander("Table: national costs, year labels as worded and as resolved", expanded=False):
    shown = costs.rename(columns={"value_gbp": "£", "period": "Year used", "period_as_worded": "Year as worded",
                                  "year_flag": "Year flag", "status": "Rounding/status"})
    st.dataframe(shown.drop(columns=["address"]), hide_index=True, width="stretch")
    st.download_button("Download national costs (CSV)", safe_csv_bytes(costs),
                       file_name="national_prison_costs.csv", mime="text/csv")
    st.markdown("**Check of the resolved years against the stated rises**")
    st.dataframe(checks, hide_index=True)

# 3. By establishment
st.header("By establishment, 2007-08 (partial)")
establishments = custody_cost.establishment_costs().sort_values("cost_per_prisoner_per_day")
st.warning("PARTIAL: the stored copy of this Hansard answer stops after Littlehey. It holds all 9 male category B "
           "prisons and 21 of 38 male category C prisons; locals, open prisons, young offender institutions and "
           "women's prisons are missing, so no ranking of the whole estate is possible.", icon="⚠️")
national_daily = costs[costs["measure"] == "Overall average resource cost per prisoner"]["value_gbp"].iloc[0] / 365
bars = go.Figure(go.Bar(
    y=establishments["establishment"] + establishments["footnote"].map(lambda f: " *" if f else ""),
    x=establishments["cost_per_prisoner_per_day"], orientation="h",
    marker={"color": [OKABE_ITO["vermillion"] if g.startswith("Male category B") else OKABE_ITO["sky_blue"]
                      for g in establishments["group"]],
            "pattern": {"shape": ["/" if g.startswith("Male category B") else "" for g in establishments["group"]]}},
    text=[f"£{v:,.0f} ({g.split(' (')[0]})" for v, g in zip(establishments["cost_per_prisoner_per_day"],
                                                           establishments["group"])],
    textposition="outside", hovertemplate="%{y}: £%{x:,.0f} a day<extra></extra>"))
bars.add_vline(x=national_daily, line={"dash": "dash", "color": OKABE_ITO["black"]},
               annotation_text=f"England and Wales average ≈ £{national_daily:,.0f} a day (derived: £39,000 ÷ 365)")
bars.update_layout(template="plotly_white", height=720, xaxis={"title": "£ per prisoner per day, 2007-08"},
                   margin={"l": 10, "r": 10, "t": 40, "b": 10}, showlegend=False)
st.plotly_chart(bars, key="establishment_costs", theme=None, width="stretch")
st.caption("Hatched vermillion: male category B; plain blue: male category C. * footnote marker in the source "
           "(text not visible; 1 is probably contracted-out prisons, not confirmed). The national average line is "
           "derived from the rounded annual figure.")
source_caption(["hansard_2008_cost_per_prisoner_by_establishment"])
with st.expander("Table: cost per prisoner by establishment, and cost per place by function 1998-99"):
    st.dataframe(establishments, hide_index=True, width="stretch")
    st.download_button("Download establishment costs (CSV)", safe_csv_bytes(establishments),
                       file_name="cost_per_prisoner_by_establishment_2007_08.csv", mime="text/csv")
    st.dataframe(custody_cost.cost_per_place_by_function(), hide_index=True, width="stretch")
    source_caption(["hansard_1999_cost_per_place_1998_99"])

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
cohorts = [c for c in custody_cost.IPPR_COHORT_INDICATORS if c in store.indicators()]
per_prisoner = costs[costs["measure"].str.contains("cost per prisoner$", regex=True)]
if not cohorts:
    st.info("No per-area counts of residents in custody are bundled: no official table of prisoners by home area "
            "for these cohorts could be found offline. Per-area inputs must come from uploaded data — map your "
            "columns to: " + ", ".join(f"**{get_indicator(c).label}** (`{c}`)" for c in custody_cost.IPPR_COHORT_INDICATORS)
            + ". Until then, the national figures below show the scale.", icon="ℹ️")
    reoffending = custody_cost.reoffending_costs()
    national_rows = reoffending[reoffending["measure"].str.startswith("short_sentence")]
    st.dataframe(national_rows, hide_index=True, width="stretch")
    st.caption("National short-sentence figures (under 12 months), NAO 2010: the £300m a year is SOURCED from the NAO's "
               "own summary of its report ('around £300 million'; it replaces the £286m a blog gave); the receptions "
               "and the reoffending cost are as reported by a blog (secondary; verify against NAO HC 431). Source "
               "entry: " + about_link("cost_of_reoffending_compilation"))
    seed = store.national("short_sentence_receptions")
    for _, row in seed.iterrows():
        st.caption(f"{get_indicator('short_sentence_receptions').label}: {row['value']:,.0f} ({row['period']}; "
                   f"{row['note']}). {store.source_note([row['source_id']])}")
else:
    if "cost_cohort" not in st.session_state:
        st.session_state["cost_cohort"], n = parse_choice(st.query_params.get("cohort"), cohorts, cohorts[0], "cohort")
        resources.show_notices(n)
    pick = st.columns(3)
    cohort = pick[0].selectbox("Cohort", cohorts, key="cost_cohort", format_func=lambda c: get_indicator(c).label)
    cohort_periods = store.periods(cohort)
    period = pick[1].selectbox("Period of the counts", cohort_periods, index=len(cohort_periods) - 1, key="cost_period")
    cost_labels = [f"{m}, {p}: £{v:,.0f}" for m, p, v in zip(per_prisoner["measure"], per_prisoner["period"],
                                                              per_prisoner["value_gbp"])]
    cost_choice = pick[2].selectbox("Cost per prisoner", range(len(cost_labels)), format_func=lambda i: cost_labels[i],
                                    index=_default_cost(per_prisoner), key="cost_basis")
    cost_row = per_prisoner.iloc[cost_choice]
    published_layers = sorted(set(store.select(cohort, period)["layer"]) - {"national"})
    layer = st.selectbox("Layer", layer_ids(), key="cost_layer", format_func=lambda i: get_layer(i).name,
                         index=layer_ids().index(published_layers[0]) if published_layers and
                         published_layers[0] in layer_ids() else 2)
    st.query_params.update({"cohort": cohort})
    view = store.layer_view(atlas, cohort, period, layer)
    if view.message:
        st.info(view.message, icon="ℹ️")
    population = population_for_layer(atlas, layer)
    spend = custody_cost.attributable_spend(view.table, float(cost_row["value_gbp"]), population)
    spend["is_estimate"] = True  # a modelled figure: count x national average cost
    cost_id = cost_row["source_id"]
    if str(cost_row["period"]) not in period:
        st.warning(f"The counts are for {period} but the cost is for {cost_row['period']}: the result mixes years.")
    money = get_indicator("cost_of_reoffending_low")
    map_table = view.table.assign(value=spend["spend_gbp"].values / 1e6, is_estimate=True,
                                  note="ESTIMATE: count × national cost per prisoner")
    spend_def = type(money)("attributable_spend", f"Custody spend on {get_indicator(cohort).label.lower()}",
                            "£ million a year", "money", True)
    st.plotly_chart(choropleth(atlas, map_table, layer, spend_def, dict(zip(store.catalogue["source_id"],
                                                                            store.catalogue["title"]))),
                    key="spend_map", theme=None, width="stretch", config={"displaylogo": False})
    st.caption(f"ESTIMATE (method above). Counts: {store.source_note(set(view.table['source_ids']) - {''})}. "
               f"Cost: {store.source_note([cost_id])}. Population: {VINTAGE}. {ATTRIBUTION}")
    out = spend.assign(source=", ".join(sorted(set(view.table["source_ids"]) - {""})), cost_source=cost_id,
                       cost_per_prisoner_gbp=float(cost_row["value_gbp"]),
                       method="count x national cost per prisoner (ESTIMATE)",
                       status="derived: a sourced count x a sourced national cost per prisoner")
    st.dataframe(out.assign(spend_display=[format_value(v, spend_def) for v in spend["spend_gbp"]]),
                 hide_index=True, width="stretch")
    st.download_button("Download attributable spend (CSV)", safe_csv_bytes(out),
                       file_name=f"attributable_spend_{cohort}_{layer}.csv", mime="text/csv")

st.header("What reoffending costs (national only)")
st.caption("The cost of reoffending cannot be broken down by area (Written question 137323, March 2022): any per-area "
           "figure would be modelled. National estimates:")
reoffending = custody_cost.reoffending_costs()
st.dataframe(reoffending, hide_index=True, width="stretch")  # the NAO short-sentence range included
seed_rows = pd.concat([store.national("cost_of_reoffending_low"), store.national("cost_of_reoffending_high")])
if not seed_rows.empty:
    st.caption(f"IPPR (2016) quotes the NAO (2016): £{seed_rows['value'].min():g}bn to £{seed_rows['value'].max():g}bn "
               "a year (not found in the stored NAO material). " + store.source_note(seed_rows["source_id"]))
source_caption(["cost_of_reoffending_compilation", "ippr_2016_whole_system"])
