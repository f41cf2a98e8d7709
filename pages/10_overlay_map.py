"""Overlay map: every layer of offender management on one map."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from figures.overlay_map import ATTRIBUTION
from ui import overlay_map_view, resources
from ui.exports import export_buttons
from ui.layer_picker import overlay_choices_from_link, write_overlay_link
from ui.overlay_map_widget import OVERLAY_SHOWN, overlay_map
from ui.presentation import is_presenting
from ui.state_keys import OVERLAY_LINK, OVERLAY_OPEN_PLACE
from ui.tables import display_table

PLACE_EXPLORER = str(Path(__file__).parent / "20_place_explorer.py")

st.title("Who covers where: the overlay map")
st.caption("Tick any layers in the legend: each is drawn as an outline with its own colour, width and dash. "
           "Hover anywhere to see every body that serves that council area, click to pin it and open it in the "
           "place explorer; scroll or use + and − to zoom, drag to move.")

layers, fill, view, notices = overlay_choices_from_link(OVERLAY_LINK)
resources.show_notices(notices)
presenting = is_presenting()
# The browser holds the latest choices; if the drawing must be rebuilt (presentation mode), start from them.
latest = st.session_state.get(OVERLAY_SHOWN, {"layers": layers, "fill": fill, "view": view})
data = overlay_map_view.map_data(latest["layers"], latest["fill"], presenting, latest["view"])
shown = st.session_state[OVERLAY_SHOWN] = overlay_map(data, on_open_place=overlay_map_view.open_in_place_explorer)
if st.session_state.pop(OVERLAY_OPEN_PLACE, False):
    st.switch_page(PLACE_EXPLORER)
write_overlay_link(shown["layers"], shown["fill"], shown["view"])
st.caption(ATTRIBUTION)

tables = overlay_map_view.tables(tuple(shown["layers"]))
export_buttons(None, tables.combined, "overlay_map", alt_text=tables.alt_text,
               drawing=lambda: overlay_map_view.drawing(shown["layers"], shown["fill"], presenting, shown["view"]))

with st.expander("Table: the areas of each shown layer"):
    for layer in tables.layers:
        st.markdown(f"**{layer.name}: {len(layer.areas)} areas**")
        display_table(layer.areas)
