"""Reoffending by area: published figures on any layer, a funnel plot and England and Wales for comparison."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from figures.indicators import choropleth, format_value, funnel, ranked_table, trend
from figures.overlay_map import ATTRIBUTION
from geo.registry import get_layer, layer_ids
from indicators.catalogue import IndicatorDef, get_indicator
from ui import resources
from ui.indicator_store import about_link, current_store
from ui.params import parse_choice

atlas = resources.atlas()
store, store_warnings = current_store()
st.title("Reoffending by area")
st.caption("No complete official per-area reoffending table could be found offline: the bundled figures are Hansard "
           "fragments (1992 reconviction rates for 12 police authorities; Cambridgeshire 2008) and national headlines. "
           "Load the current MoJ proven reoffending tables on the upload page to fill the map. Areas without a figure "
           "stay grey with a dashed edge and read 'no data' — nothing is filled in.")
resources.show_notices(store_warnings)

indicators = [i for i in store.indicators() if get_indicator(i).kind in ("rate", "count")]
notices: list[str] = []
if "reo_indicator" not in st.session_state:
    st.session_state["reo_indicator"], n = parse_choice(st.query_params.get("indicator"), indicators, indicators[0],
                                                        "indicator")
    notices += n
    st.session_state["reo_layer"], n = parse_choice(st.query_params.get("layer"), layer_ids(), "police_force_area",
                                                    "layer")
    notices += n
resources.show_notices(notices)

controls = st.columns([3, 1, 2])
indicator_id = controls[0].selectbox("Indicator", indicators, key="reo_indicator",
                                     format_func=lambda i: get_indicator(i).label)
indicator = get_indicator(indicator_id)
periods = store.periods(indicator_id)
wanted, period_notices = parse_choice(st.query_params.get("period"), periods, periods[-1], "period")
if st.session_state.get("reo_period") not in periods:
    st.session_state["reo_period"] = wanted
    resources.show_notices(period_notices)
period = controls[1].selectbox("Period", periods, key="reo_period")
layer = controls[2].selectbox("Layer", layer_ids(), key="reo_layer", format_func=lambda i: get_layer(i).name)
st.query_params.update({"indicator": indicator_id, "period": period, "layer": layer})

view = store.layer_view(atlas, indicator_id, period, layer)
table = view.table
titles = dict(zip(store.catalogue["source_id"], store.catalogue["title"]))
used_sources = sorted({s.strip() for ids in table["source_ids"] for s in ids.split(",") if s.strip()})
note = store.source_note(used_sources)
links = "Source entries: " + ", ".join(about_link(s) for s in used_sources) if used_sources else ""
national = store.national(indicator_id, period)
shown = table[table["value"].notna()]

st.header(f"{indicator.label}, {period}, by {get_layer(layer).singular}")
if view.message:
    st.info(view.message, icon="ℹ️")
if shown.empty:
    st.warning(f"No {get_layer(layer).singular} has a figure for this indicator and period: every area shows as "
               "'no data'.")
summary = st.columns(3)
summary[0].metric("Areas with a figure", f"{len(shown)} of {len(table)}")
if not national.empty:
    row = national.iloc[0]
    summary[1].metric("England and Wales", format_value(row["value"], indicator))
    summary[1].caption(store.source_note([row["source_id"]]))
else:
    summary[1].metric("England and Wales", "no data")
    summary[1].caption("No England and Wales figure for this indicator and period in the store.")
if view.source_layer and view.source_layer != layer:
    summary[2].metric("Built from", get_layer(view.source_layer).singular + "s")
    summary[2].caption("Rates pooled from numerators and denominators, never averaged.")

st.plotly_chart(choropleth(atlas, table, layer, indicator, titles), key="reo_map", theme=None,
                config={"scrollZoom": True, "displaylogo": False}, width="stretch")
st.caption(f"{note}. Grey with a dashed edge: no data. Dotted vermillion edge: estimate. {ATTRIBUTION}")
if links:
    st.caption(links)

tabs = st.tabs(["Ranked table", "Funnel plot", "Trend"])
has_denominators = indicator.kind == "rate" and shown["denominator"].notna().any()
if not national.empty and not pd.isna(national.iloc[0]["value"]):
    p0, reference = national.iloc[0]["value"] / indicator.scale, f"England and Wales ({period})"
elif has_denominators:
    p0 = shown["numerator"].sum() / shown["denominator"].sum()
    reference = f"Pooled rate of the {len(shown)} areas shown (no England and Wales figure)"
else:
    p0, reference = None, ""
ranked = ranked_table(table, indicator, p0 if has_denominators else None, titles)
with tabs[0]:
    st.dataframe(ranked, hide_index=True, width="stretch", height=420)
    st.download_button("Download the table (CSV)", ranked.to_csv(index=False).encode("utf-8"),
                       file_name=f"{indicator_id}_{period}_{layer}.csv", mime="text/csv")
    st.caption(f"{note}. {links}")
with tabs[1]:
    if has_denominators and p0 is not None and 0 <= p0 <= 1 and indicator.unit == "%":
        st.plotly_chart(funnel(table, indicator, p0, reference), key="reo_funnel", theme=None, width="stretch")
        st.caption(f"Reference line: {reference} = {format_value(p0 * indicator.scale, indicator)}. Control limits "
                   "at 95% (dashed) and 99.8% (dotted): p ± z·√(p(1−p)/n), the normal approximation used by "
                   "public-health dashboards. Smaller markers: cohorts under 100. " + note + ". " + links)
        with st.expander("Funnel plot as a table"):
            st.dataframe(ranked[["Area", "Value", ranked.columns[5], "Against the funnel limits", "Small cohort"]],
                         hide_index=True, width="stretch")
    else:
        st.info("A funnel plot needs a percentage with a cohort size (denominator) for each area; this indicator "
                "and layer have none.")
with tabs[2]:
    series = store.national(indicator_id)
    lines = [pd.DataFrame({"series": "England and Wales", "period": series["period"], "value": series["value"]})]
    area_choices = shown["area_code"].tolist()
    if area_choices:
        area = st.selectbox("Area", area_choices, format_func=lambda c: atlas.area_name(layer, c) or c, key="reo_area")
        values = [(p, store.layer_view(atlas, indicator_id, p, layer).table.set_index("area_code")["value"].get(area))
                  for p in store.periods(indicator_id)]
        lines.append(pd.DataFrame({"series": atlas.area_name(layer, area), "period": [p for p, _ in values],
                                   "value": [v for _, v in values]}))
    trend_data = pd.concat(lines, ignore_index=True).dropna(subset=["value"])
    if trend_data["period"].nunique() < 2:
        st.info("Only one period has figures for this indicator, so there is no trend to draw yet. Upload more "
                "periods of the MoJ tables to see one.")
    else:
        st.plotly_chart(trend(trend_data, indicator), key="reo_trend", theme=None, width="stretch")
        st.caption(store.source_note(series["source_id"].tolist() + used_sources))
    with st.expander("Trend as a table"):
        st.dataframe(trend_data, hide_index=True, width="stretch")

st.header("England and Wales: national headlines")
st.caption("National figures only (no area breakdown was in the stored pages). The MoJ changed the measure in "
           "October 2017 (3-month cohorts instead of 12-month ones), so the two parts are drawn as separate lines, "
           "not joined: the break is a change of method, not a trend.")
headline_ids = ["all_proven_reoffending_rate", "proven_reoffending_rate", "juvenile_proven_reoffending_rate",
                "short_sentence_reoffending_rate"]
headlines = pd.concat([store.national(i).assign(measure=get_indicator(i).label) for i in headline_ids])
dated = headlines[~headlines["period"].str.contains("not stated|PRT|NAO")]
dated = dated.assign(series=[f"{m} ({'3-month cohorts, 2017 method' if ' Q' in p else '12-month cohorts'})"
                             for m, p in zip(dated["measure"], dated["period"])])
headline_axis = IndicatorDef("headline", "Proven reoffending rate", "%", "rate", True, 100.0)
st.plotly_chart(trend(dated[["series", "period", "value"]], headline_axis),
                key="national_trend", theme=None, width="stretch")
st.caption(store.source_note(dated["source_id"]) + ". Entries: " +
           ", ".join(about_link(s) for s in dict.fromkeys(dated["source_id"])))
with st.expander("Table: every national figure, including those without a cohort year"):
    national_table = headlines[["measure", "period", "value", "numerator", "denominator", "source_id", "note"]]
    st.dataframe(national_table, hide_index=True, width="stretch")
    st.download_button("Download national figures (CSV)", national_table.to_csv(index=False).encode("utf-8"),
                       file_name="national_reoffending_headlines.csv", mime="text/csv")
