"""The reoffending page's trend tab: one area against England and Wales, rerun alone when the area changes."""
from __future__ import annotations

import streamlit as st

from indicators.store import IndicatorStore
from ui import reoffending_view, resources
from ui.per_area_views import source_caption
from ui.state_keys import REO_AREA
from ui.tables import display_table


@st.fragment
def trend_tab(key: tuple, indicator_id: str, layer: str, breakdown: str, area_choices: list[str],
              store: IndicatorStore) -> None:
    """The area picker and its trend; a fragment, since picking an area changes nothing else (3 ms, not 35 ms)."""
    if st.session_state.get(REO_AREA) not in area_choices:
        st.session_state.pop(REO_AREA, None)
    atlas = resources.atlas()
    area = (st.selectbox("Area", area_choices, format_func=lambda c: atlas.area_name(layer, c) or c, key=REO_AREA)
            if area_choices else None)
    shown = reoffending_view.trend_view(key, indicator_id, layer, breakdown, area, store)
    if shown.figure is None:
        st.info("Only one period has figures for this indicator and breakdown, so there is no trend to draw yet. "
                "Load more periods of the MoJ tables to see one.")
    else:
        st.plotly_chart(shown.figure, key="reo_trend", theme=None, width="stretch")
        source_caption(store, shown.source_ids, " ".join(f"⚑ {p}: {r}." for p, r in shown.flags.items()))
    with st.expander("Trend as a table"):
        display_table(shown.table)
    st.caption("Cohorts from before and after the October 2017 change of method are separate lines, never joined.")
