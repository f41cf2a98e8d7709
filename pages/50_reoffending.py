"""Reoffending by area: published figures on any layer and breakdown, a funnel plot and England and Wales."""
from __future__ import annotations

import streamlit as st

from figures import per_area
from figures.indicators import format_value, funnel, trend
from figures.per_area import area_figure, breakdown_label, trend_lines
from geo.registry import get_layer, layer_ids
from indicators.catalogue import IndicatorDef, get_indicator
from indicators.csv_safety import safe_csv_bytes
from ui import resources
from ui.indicator_store import current_store
from ui.per_area_views import area_map, ranked, seed_choice, source_caption, trend_chart

atlas = resources.atlas()
store, store_warnings = current_store()
st.title("Reoffending by area")
resources.show_notices(store_warnings)
if per_area.has_area_figures(store, per_area.PROVEN_REOFFENDING):
    st.caption("Figures for areas as published or pooled from their counts. Areas without a figure stay grey with a "
               "dashed edge and read 'no data' — nothing is filled in.")
else:
    st.info(per_area.proven_reoffending_pointer(), icon="ℹ️")

indicators = per_area.reoffending_indicators(store)
opening = store.latest_area_figure(indicators)  # the most recent figure for an area, proven reoffending first
if opening is None:
    st.warning("No reoffending figure for any area is in the store.")
    st.stop()

notices = seed_choice("reo_indicator", "indicator", indicators, opening[0], "indicator")
indicator_id = st.session_state["reo_indicator"]
breakdowns = store.breakdowns(indicator_id)
notices += seed_choice("reo_breakdown", "breakdown", breakdowns,
                       opening[1] if indicator_id == opening[0] and opening[1] in breakdowns else breakdowns[0],
                       "breakdown", encode=breakdown_label)
breakdown = st.session_state["reo_breakdown"]
periods = store.periods(indicator_id, breakdown=breakdown)
notices += seed_choice("reo_period", "period", periods,
                       opening[2] if (indicator_id, breakdown) == opening[:2] else periods[-1], "period")
opening_layer = per_area.default_layer(store, opening[0], opening[2], opening[1], layer_ids())
notices += seed_choice("reo_layer", "layer", layer_ids(), opening_layer, "layer")
resources.show_notices(notices)

controls = st.columns([3, 2, 2, 2])
controls[0].selectbox("Indicator", indicators, key="reo_indicator", format_func=lambda i: get_indicator(i).label)
controls[1].selectbox("Breakdown", breakdowns, key="reo_breakdown", format_func=breakdown_label)
period = controls[2].selectbox("Period", periods, key="reo_period")
layer = controls[3].selectbox("Layer", layer_ids(), key="reo_layer", format_func=lambda i: get_layer(i).name)
st.query_params.update({"indicator": indicator_id, "breakdown": breakdown_label(breakdown), "period": period,
                        "layer": layer})

figure = area_figure(store, atlas, indicator_id, period, layer, breakdown)
indicator, shown, national = figure.indicator, figure.shown, figure.national
group = f", {breakdown}" if breakdown else ""

st.header(f"{indicator.label}{group}, {period}, by {get_layer(layer).singular}")
if figure.view.message:
    st.info(figure.view.message, icon="ℹ️")
if shown.empty:
    st.warning(f"No {get_layer(layer).singular} has a figure for this indicator, breakdown and period: every area "
               "shows as 'no data'.")
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

area_map(atlas, figure, "reo_map", store)

tabs = st.tabs(["Ranked table", "Funnel plot", "Trend"])
with tabs[0]:
    ranked(figure, store, f"{indicator_id}_{period}_{layer}.csv", "reo_table_csv")
with tabs[1]:
    p0 = figure.p0
    if len(shown) < 2:
        st.info("A funnel plot compares areas: fewer than two areas have a figure here.")
    elif figure.has_denominators and p0 is not None and 0 <= p0 <= 1 and indicator.unit == "%":
        st.plotly_chart(funnel(figure.table, indicator, p0, figure.reference), key="reo_funnel", theme=None,
                        width="stretch")
        source_caption(store, figure.used_sources,
                       f"Reference line: {figure.reference} = {format_value(p0 * indicator.scale, indicator)}. "
                       "Control limits at 95% (dashed) and 99.8% (dotted): p ± z·√(p(1−p)/n), the normal "
                       "approximation used by public-health dashboards. Smaller markers: cohorts under 100")
        with st.expander("Funnel plot as a table"):
            columns = ["Area", "Value", figure.ranked.columns[5], "Against the funnel limits", "Small cohort"]
            st.dataframe(figure.ranked[columns], hide_index=True, width="stretch")
    else:
        st.info("A funnel plot needs a percentage with a cohort size (denominator) for each area; this indicator "
                "and layer have none.")
with tabs[2]:
    area_choices = shown["area_code"].tolist()
    if st.session_state.get("reo_area") not in area_choices:
        st.session_state.pop("reo_area", None)
    area = (st.selectbox("Area", area_choices, format_func=lambda c: atlas.area_name(layer, c) or c, key="reo_area")
            if area_choices else None)
    lines = trend_lines(store, atlas, indicator_id, layer, breakdown, area)
    trend_chart(lines, figure, store, "reo_trend",
                "Only one period has figures for this indicator and breakdown, so there is no trend to draw yet. "
                "Load more periods of the MoJ tables to see one.")
    st.caption("Cohorts from before and after the October 2017 change of method are separate lines, never joined.")

st.header("England and Wales: national headlines")
st.caption("England and Wales figures as published. The MoJ changed the measure in October 2017 (3-month cohorts "
           "instead of 12-month ones), so cohorts from each side are drawn as separate lines, not joined: the break "
           "is a change of method, not a trend. Adults and juveniles are separate lines too.")
headlines = per_area.national_headlines(store)
dated = headlines[headlines["method"] != ""]
if dated.empty:
    st.info("No England and Wales headline with a cohort period is in the store.")
else:
    headline_axis = IndicatorDef("headline", "Proven reoffending rate", "%", "rate", True, 100.0)
    st.plotly_chart(trend(dated[["series", "period", "value"]], headline_axis), key="national_trend", theme=None,
                    width="stretch")
    source_caption(store, dated["source_id"])
with st.expander("Table: every national figure, including those without a cohort period"):
    national_table = headlines[["measure", "period", "method", "value", "numerator", "denominator", "source_id",
                                "note"]]
    st.dataframe(national_table, hide_index=True, width="stretch")
    st.download_button("Download national figures (CSV)", safe_csv_bytes(national_table),
                       file_name="national_reoffending_headlines.csv", mime="text/csv")
