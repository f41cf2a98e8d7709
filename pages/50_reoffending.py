"""Reoffending by area: published figures on any layer and breakdown, a funnel plot and England and Wales."""
from __future__ import annotations

import streamlit as st

from figures import per_area
from figures.indicators import format_value
from figures.per_area import breakdown_label
from formatting.user_text import plain
from geo.registry import get_layer, layer_ids
from ui import reoffending_sections, reoffending_trend_view, reoffending_view, resources
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

indicators, opening = offered.indicators, offered.opening  # the most recent figure covering most of its layer
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
layer_default = (offered.opening_layer if (indicator_id, breakdown) == opening[:2]
                 else per_area.default_layer(store, indicator_id, periods[-1], breakdown, layer_ids()))
notices += seed_choice(REO_LAYER, "layer", layer_ids(), layer_default, "layer")
resources.show_notices(notices)

controls = st.columns([3, 2, 2, 2])
controls[0].selectbox("Indicator", indicators, key=REO_INDICATOR, format_func=offered.labels.get)
controls[1].selectbox("Breakdown", breakdowns, key=REO_BREAKDOWN, format_func=breakdown_label)
period = controls[2].selectbox("Period", periods, key=REO_PERIOD)
layer = controls[3].selectbox("Layer", layer_ids(), key=REO_LAYER, format_func=lambda i: get_layer(i).name)
st.query_params.update({"indicator": indicator_id, "breakdown": breakdown_label(breakdown), "period": period,
                        "layer": layer})

with rest:
    peers = reoffending_sections.similar_areas(layer)
    adjusted = reoffending_sections.overdispersion_option()
shown_view = reoffending_view.figure_view(loaded.key, indicator_id, breakdown, period, layer, store, adjusted, peers)
figure = shown_view.figure
indicator, shown, national = figure.indicator, figure.shown, figure.national
group = f", {plain(breakdown)}" if breakdown else ""  # category values may come from an upload

heading = f"{indicator.label}{group}, {plain(period)}, by {get_layer(layer).singular}"
if presenting:  # the takeaway: what is mapped, how many areas have it, and the national figure
    england = format_value(national.iloc[0]["value"], indicator) if not national.empty else "no data"
    lead.markdown(f"**{heading}**: {len(shown)} of {len(figure.table)} areas with a figure; "
                  f"England and Wales{group} {england}.")
else:
    st.header(heading)
if figure.view.message:
    st.info(figure.view.message, icon=":material/info:")
reoffending_sections.fragment_label(figure)
if shown.empty:
    st.warning(f"No {get_layer(layer).singular} has a figure for this indicator, breakdown and period: every area "
               "shows as 'no data'.")
with rest:
    summary = st.columns(3)
summary[0].metric("Areas with a figure", f"{len(shown)} of {len(figure.table)}")
if not national.empty:
    row = national.iloc[0]
    summary[1].metric(f"England and Wales{group}", format_value(row["value"], indicator))
    summary[1].caption(plain(store.source_note([row["source_id"]])))
else:
    summary[1].metric(f"England and Wales{group}", "no data")
    summary[1].caption("No England and Wales figure for this indicator, breakdown and period in the store.")
if figure.view.source_layer and figure.view.source_layer != layer:
    summary[2].metric("Built from", get_layer(figure.view.source_layer).singular + "s")
    summary[2].caption("Rates pooled from numerators and denominators, never averaged.")

with lead:
    area_map(shown_view.map, "reo_map", store, figure.used_sources)

with rest:
    tabs = st.tabs(["Ranked table", "Funnel plot", "By age (groups within the breakdown)", "Trend"])
    with tabs[0]:
        display_table(shown_view.ranked, height=420)
        st.download_button("Download the table (CSV)", shown_view.ranked_csv, file_name=f"{indicator_id}_{period}_{layer}.csv",
                           mime="text/csv", key="reo_table_csv")
        source_caption(store, figure.used_sources)
    with tabs[1]:
        reoffending_sections.funnel_tab(shown_view, store)
    with tabs[2]:
        reoffending_sections.breakdown_tab(loaded.key, indicator_id, breakdown, period, layer, store)
    with tabs[3]:
        reoffending_trend_view.trend_tab(loaded.key, indicator_id, layer, breakdown, shown["area_code"].tolist(), store)
    reoffending_sections.national_headlines(loaded.key, store)
