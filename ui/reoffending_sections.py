"""The reoffending page's sections below the map: funnel, groups within the breakdown, national headlines."""
from __future__ import annotations

import streamlit as st

from figures.indicators import format_value
from figures.per_area import fragment_note, is_fragment
from indicators import similar_areas as similar_areas_source
from indicators.store import IndicatorStore
from ui import reoffending_view, resources
from ui.per_area_views import source_caption
from ui.state_keys import REO_OVERDISPERSION, REO_PEER_AREA, REO_PEER_KIND
from ui.tables import display_table


def fragment_label(figure) -> None:
    """Say a figure is a fragment (covering few areas; historical when old) where it is shown."""
    if is_fragment(figure) and len(figure.shown):
        st.info(fragment_note(figure), icon=":material/history:")


def overdispersion_option() -> bool:
    """The funnel's 'allow for overdispersion' tick box (drawn before the figure is built)."""
    return st.checkbox("Allow for overdispersion (Spiegelhalter's random-effects limits)", key=REO_OVERDISPERSION,
                       help="When areas differ by more than chance allows, nearly all fall outside the plain limits; "
                            "this widens them by the spread between areas, so the ones still outside stand out.")


def funnel_tab(shown_view: reoffending_view.FigureView, store: IndicatorStore) -> None:
    """The funnel plot of the figure shown, or why there is none."""
    figure = shown_view.figure
    if len(figure.shown) < 2:
        st.info("A funnel plot compares areas: fewer than two areas have a figure here.")
    elif shown_view.funnel is not None:
        if shown_view.dispersion_note:
            st.caption(shown_view.dispersion_note)
        st.plotly_chart(shown_view.funnel, key="reo_funnel", theme=None, width="stretch")
        source_caption(store, figure.used_sources,
                       f"Reference line: {figure.reference} = "
                       f"{format_value(figure.p0 * figure.indicator.scale, figure.indicator)}. Control limits at 95% "
                       "(dashed) and 99.8% (dotted): p ± z·√(p(1−p)/n), the normal approximation used by "
                       "public-health dashboards" + (", plus the between-area variance τ² when overdispersion is "
                       "allowed for" if st.session_state.get(REO_OVERDISPERSION) else "")
                       + ". Smaller markers: cohorts under 100")
        with st.expander("Funnel plot as a table"):
            display_table(shown_view.funnel_table)
    else:
        st.info("A funnel plot needs a percentage with a cohort size (denominator) for each area; this indicator "
                "and layer have none.")


def breakdown_tab(key: tuple, indicator_id: str, breakdown: str, period: str, layer: str,
                  store: IndicatorStore) -> None:
    """The groups within the breakdown (adults' or juveniles' age bands) by area, as published."""
    shown = reoffending_view.breakdown_view(key, indicator_id, breakdown, period, layer, store)
    if shown.figure is None:
        st.info("This breakdown has no groups within it (such as age bands) for these areas and this period.")
        return
    st.plotly_chart(shown.figure, key="reo_groups_chart", theme=None, width="stretch")
    source_caption(store, shown.source_ids, "Each cell is that group's own rate, pooled from its counts")
    with st.expander("As a table"):
        display_table(shown.table)


def national_headlines(key: tuple, store: IndicatorStore) -> None:
    """England and Wales headlines as published, each side of the October 2017 change a separate line."""
    st.header("England and Wales: national headlines")
    st.caption("England and Wales figures as published. The MoJ changed the measure in October 2017 (3-month cohorts "
               "instead of 12-month ones), so cohorts from each side are drawn as separate lines, not joined: the break "
               "is a change of method, not a trend. Adults and juveniles are separate lines too.")
    headlines = reoffending_view.headlines_view(key, store)
    if headlines.figure is None:
        st.info("No England and Wales headline with a cohort period is in the store.")
    else:
        st.plotly_chart(headlines.figure, key="national_trend", theme=None, width="stretch")
        source_caption(store, headlines.source_ids)
    with st.expander("Table: every national figure, including those without a cohort period"):
        display_table(headlines.table)
        st.download_button("Download national figures (CSV)", headlines.csv,
                           file_name="national_reoffending_headlines.csv", mime="text/csv")


def similar_areas(layer: str) -> tuple[str, ...]:
    """The 'compare with similar areas' control: the chosen area and its ONS nearest neighbours on this layer
    (empty when none is chosen); for layers without ONS neighbours, says no peer group is invented."""
    if not similar_areas_source.available(layer):
        st.caption(similar_areas_source.NONE_FOR_LAYER)
        return ()
    areas = resources.atlas().layer_areas(layer).sort_values("area_name")
    names = dict(zip(areas["area_code"], areas["area_name"]))
    pick = st.columns([3, 2])
    code = pick[0].selectbox("Compare with similar areas", ["", *names], key=REO_PEER_AREA,
                             format_func=lambda c: names.get(c, "(no area chosen)"))
    kind = pick[1].selectbox("Similar by", list(similar_areas_source.KINDS), key=REO_PEER_KIND,
                             format_func=similar_areas_source.KINDS.get)
    if not code:
        return ()
    peers = similar_areas_source.similar(code, set(names), kind)
    if peers is None:
        st.info(f"The ONS lists no similar areas for {names[code]} (its council has changed since 2019, so it "
                "carries another code); nothing is highlighted but the area itself.")
        return (code,)
    st.caption(f"{names[code]} and its {len(peers)} most similar areas ({similar_areas_source.KINDS[kind]} neighbours), "
               f"ringed on the map and the funnel and listed first in the table: {', '.join(names[p] for p in peers)}. "
               f"Source: {similar_areas_source.SOURCE}.")
    return (code, *peers)
