"""The custody cost page's first section: who is sentenced to immediate custody, by the force area of the court
(map, ranked table, funnel plot with the overdispersion option, trend against England and Wales)."""
from __future__ import annotations

import streamlit as st

from figures import per_area
from figures.indicators import format_value
from indicators import similar_areas
from indicators.catalogue import get_indicator
from indicators.store import IndicatorStore
from ui import custody_cost_view, resources
from ui.per_area_views import area_map, seed_choice, source_caption
from ui.state_keys import SENT_AREA, SENT_BREAKDOWN, SENT_INDICATOR, SENT_OVERDISPERSION, SENT_PERIOD
from ui.tables import display_table


def sentencing_funnel(sentenced: per_area.AreaFigure, store: IndicatorStore) -> None:
    """The funnel plot of a sentencing rate with cohort sizes (e.g. per 100,000 residents), or why there is none."""
    adjusted = st.checkbox("Allow for overdispersion (Spiegelhalter's random-effects limits)", key=SENT_OVERDISPERSION)
    parts = per_area.funnel_parts(sentenced, adjusted)
    if parts.figure is None:
        st.info("A funnel plot needs a rate with a population or cohort size for each area (such as custody per "
                "100,000 residents, or the custody share of everyone sentenced): choose one of those figures.")
        return
    note = per_area.dispersion_note(parts)
    if note:
        st.caption(note)
    st.plotly_chart(parts.figure, key="sentencing_funnel", theme=None, width="stretch")
    source_caption(store, sentenced.used_sources,
                   f"Reference line: {sentenced.reference} = "
                   f"{format_value(sentenced.p0 * sentenced.indicator.scale, sentenced.indicator)}. Control limits at "
                   "95% (dashed) and 99.8% (dotted)" + (", widened by the spread between areas" if adjusted else ""))
    with st.expander("Funnel plot as a table"):
        display_table(parts.table)
    st.caption(similar_areas.NONE_FOR_LAYER)


def sentencing_section(loaded_key: tuple, store: IndicatorStore, lead, rest, presenting: bool) -> None:
    """Section 1 of the page, drawn into the page's lead (map) and rest (details) containers."""
    # 1. Who is sentenced to immediate custody, by the force area of the court
    with rest:
        st.header("Sentenced to immediate custody, by force area")
    offered = custody_cost_view.sentencing_choices(loaded_key, store)
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
        sentencing = custody_cost_view.sentencing_view(loaded_key, sent_id, sent_breakdown, sent_period, store)
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
            sent_tabs = st.tabs(["Ranked table", "Funnel plot", "Trend"])
        with sent_tabs[0]:
            display_table(sentenced.ranked, height=420)
            st.download_button("Download the table (CSV)", sentencing.ranked_csv,
                               file_name=f"{sent_id}_{sent_period}_police_force_area.csv", mime="text/csv",
                               key="sentencing_table_csv")
            source_caption(store, sentenced.used_sources)
        with sent_tabs[1]:
            sentencing_funnel(sentenced, store)
        with sent_tabs[2]:
            if st.session_state.get(SENT_AREA) not in sentencing.areas:
                st.session_state.pop(SENT_AREA, None)
            sent_area = (st.selectbox("Force area", sentencing.areas, key=SENT_AREA,
                                      format_func=lambda c: resources.atlas().area_name(per_area.FORCE_AREAS, c) or c)
                         if sentencing.areas else None)
            shown_trend = custody_cost_view.sentencing_trend(loaded_key, sent_id, sent_breakdown, sent_area, store)
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

