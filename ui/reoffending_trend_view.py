"""The reoffending page's trend tab: one area against England and Wales, rerun alone when the area changes."""
from __future__ import annotations

import streamlit as st

from indicators.store import IndicatorStore
from ui import reoffending_view, resources
from ui.per_area_views import source_caption
from ui.state_keys import REO_AREA
from ui.tables import display_table

ALL_AREAS, ALL_AREAS_LABEL = "__all__", "Every area shown"
FEW_AREAS = 12


@st.fragment
def trend_tab(key: tuple, indicator_id: str, layer: str, breakdown: str, area_choices: list[str],
              store: IndicatorStore) -> None:
    """The area picker and its trend; a fragment, since picking an area changes nothing else (3 ms, not 35 ms)."""
    # A few areas (the nine regions): every one of them drawn first; many (43 force areas): one at a time.
    offered = ([ALL_AREAS] if 1 < len(area_choices) <= FEW_AREAS else []) + area_choices
    if st.session_state.get(REO_AREA) not in offered:
        st.session_state.pop(REO_AREA, None)
    atlas = resources.atlas()
    area = (st.selectbox("Area", offered, key=REO_AREA, format_func=lambda c: ALL_AREAS_LABEL if c == ALL_AREAS
                         else atlas.area_name(layer, c) or c) if offered else None)
    chosen = tuple(area_choices) if area == ALL_AREAS else area
    shown = reoffending_view.trend_view(key, indicator_id, layer, breakdown, chosen, store)
    if shown.figure is None:
        st.info("Only one period has figures for this indicator and breakdown, so there is no trend to draw yet. "
                "Load more periods of the MoJ tables to see one.")
    else:
        st.plotly_chart(shown.figure, key="reo_trend", theme=None, width="stretch")
        source_caption(store, shown.source_ids, " ".join(f"⚑ {p}: {r}." for p, r in shown.flags.items()))
    if not shown.lines["series"].astype(str).str.startswith("England and Wales").any():
        st.caption("No England and Wales line: the store has no England and Wales figure from the same source and "
                   "measure (areas are never added up into one).")
    with st.expander("Trend as a table"):
        display_table(shown.table)
    st.caption("Cohorts from before and after the October 2017 change of method are separate lines, never joined.")
