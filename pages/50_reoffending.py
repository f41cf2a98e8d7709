"""Reoffending by area: published figures on any layer and breakdown, a funnel plot and England and Wales."""
from __future__ import annotations

import streamlit as st

from figures import per_area
from figures.indicators import format_value
from figures.per_area import breakdown_label
from geo.registry import get_layer, layer_ids
from indicators.catalogue import get_indicator
from ui import reoffending_trend_view, reoffending_view, resources
from ui.indicator_store import current
from ui.per_area_views import area_map, seed_choice, source_caption
from ui.presentation import is_presenting, lead_and_details
from ui.state_keys import REO_BREAKDOWN, REO_INDICATOR, REO_LAYER, REO_PERIOD
from ui.tables import display_table

atlas = resources.atlas()
loaded = current()
store = loaded.store
st.title("Reoffending by area")
presenting = is_presenting()
lead, rest = lead_and_details()  # presenting: the map with its one-line summary, the rest on demand
resources.show_notices(list(loaded.warnings))
offered = reoffending_view.choices(loaded.key, store)
if offered.has_proven_reoffending:
    with rest:
        st.caption("Figures for areas as published or pooled from their counts. Areas without a figure stay grey "
                   "with a dashed edge and read 'no data' — nothing is filled in.")
else:
    st.info(per_area.proven_reoffending_pointer(), icon=":material/info:")

indicators, opening = offered.indicators, offered.opening  # opening: the most recent area figure, proven first
if opening is None:
    st.warning("No reoffending figure for any area is in the store.")
    st.stop()

notices = seed_choice(REO_INDICATOR, "indicator", indicators, opening[0], "indicator")
indicator_id = st.session_state[REO_INDICATOR]
breakdowns = offered.breakdowns[indicator_id]
notices += seed_choice(REO_BREAKDOWN, "breakdown", breakdowns,
                       opening[1] if indicator_id == opening[0] and opening[1] in breakdowns else breakdowns[0],
                       "breakdown", encode=breakdown_label)
breakdown = st.session_state[REO_BREAKDOWN]
periods = offered.periods[(indicator_id, breakdown)]
notices += seed_choice(REO_PERIOD, "period", periods,
                       opening[2] if (indicator_id, breakdown) == opening[:2] else periods[-1], "period")
notices += seed_choice(REO_LAYER, "layer", layer_ids(), offered.opening_layer, "layer")
resources.show_notices(notices)

controls = st.columns([3, 2, 2, 2])
controls[0].selectbox("Indicator", indicators, key=REO_INDICATOR, format_func=lambda i: get_indicator(i).label)
controls[1].selectbox("Breakdown", breakdowns, key=REO_BREAKDOWN, format_func=breakdown_label)
period = controls[2].selectbox("Period", periods, key=REO_PERIOD)
layer = controls[3].selectbox("Layer", layer_ids(), key=REO_LAYER, format_func=lambda i: get_layer(i).name)
st.query_params.update({"indicator": indicator_id, "breakdown": breakdown_label(breakdown), "period": period,
                        "layer": layer})

shown_view = reoffending_view.figure_view(loaded.key, indicator_id, breakdown, period, layer, store)
figure = shown_view.figure
indicator, shown, national = figure.indicator, figure.shown, figure.national
group = f", {breakdown}" if breakdown else ""

heading = f"{indicator.label}{group}, {period}, by {get_layer(layer).singular}"
if presenting:  # the takeaway: what is mapped, how many areas have it, and the national figure
    england = format_value(national.iloc[0]["value"], indicator) if not national.empty else "no data"
    lead.markdown(f"**{heading}**: {len(shown)} of {len(figure.table)} areas with a figure; "
                  f"England and Wales{group} {england}.")
else:
    st.header(heading)
if figure.view.message:
    st.info(figure.view.message, icon=":material/info:")
if shown.empty:
    st.warning(f"No {get_layer(layer).singular} has a figure for this indicator, breakdown and period: every area "
               "shows as 'no data'.")
with rest:
    summary = st.columns(3)
summary[0].metric("Areas with a figure", f"{len(shown)} of {len(figure.table)}")
if not national.empty:
    row = national.iloc[0]
    summary[1].metric(f"England and Wales{group}", format_value(row["value"], indicator))
    summary[1].caption(store.source_note([row["source_id"]]))
else:
    summary[1].metric(f"England and Wales{group}", "no data")
    summary[1].caption("No England and Wales figure for this indicator, breakdown and period in the store.")
if figure.view.source_layer and figure.view.source_layer != layer:
    summary[2].metric("Built from", get_layer(figure.view.source_layer).singular + "s")
    summary[2].caption("Rates pooled from numerators and denominators, never averaged.")

with lead:
    area_map(shown_view.map, "reo_map", store, figure.used_sources)

with rest:
    tabs = st.tabs(["Ranked table", "Funnel plot", "Trend"])
    with tabs[0]:
        display_table(figure.ranked, height=420)
        st.download_button("Download the table (CSV)", shown_view.ranked_csv, file_name=f"{indicator_id}_{period}_{layer}.csv",
                           mime="text/csv", key="reo_table_csv")
        source_caption(store, figure.used_sources)
    with tabs[1]:
        if len(shown) < 2:
            st.info("A funnel plot compares areas: fewer than two areas have a figure here.")
        elif shown_view.funnel is not None:
            st.plotly_chart(shown_view.funnel, key="reo_funnel", theme=None, width="stretch")
            source_caption(store, figure.used_sources,
                           f"Reference line: {figure.reference} = {format_value(figure.p0 * indicator.scale, indicator)}. "
                           "Control limits at 95% (dashed) and 99.8% (dotted): p ± z·√(p(1−p)/n), the normal "
                           "approximation used by public-health dashboards. Smaller markers: cohorts under 100")
            with st.expander("Funnel plot as a table"):
                display_table(shown_view.funnel_table)
        else:
            st.info("A funnel plot needs a percentage with a cohort size (denominator) for each area; this indicator "
                    "and layer have none.")
    with tabs[2]:
        reoffending_trend_view.trend_tab(loaded.key, indicator_id, layer, breakdown, shown["area_code"].tolist(), store)

    st.header("England and Wales: national headlines")
    st.caption("England and Wales figures as published. The MoJ changed the measure in October 2017 (3-month cohorts "
               "instead of 12-month ones), so cohorts from each side are drawn as separate lines, not joined: the break "
               "is a change of method, not a trend. Adults and juveniles are separate lines too.")
    headlines = reoffending_view.headlines_view(loaded.key, store)
    if headlines.figure is None:
        st.info("No England and Wales headline with a cohort period is in the store.")
    else:
        st.plotly_chart(headlines.figure, key="national_trend", theme=None, width="stretch")
        source_caption(store, headlines.source_ids)
    with st.expander("Table: every national figure, including those without a cohort period"):
        display_table(headlines.table)
        st.download_button("Download national figures (CSV)", headlines.csv,
                           file_name="national_reoffending_headlines.csv", mime="text/csv")
