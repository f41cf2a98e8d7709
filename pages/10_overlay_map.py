"""Overlay map: every layer of offender management on one map."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from figures.overlay_map import ATTRIBUTION
from figures.overlay_svg import overlay_map_data
from figures.overlay_svg_document import DOCUMENT_SIZE, overlay_svg_document
from geo.registry import get_layer
from ui import resources
from ui.exports import export_buttons
from ui.layer_picker import overlay_choices_from_link, write_overlay_link
from ui.overlay_map_widget import OVERLAY_SHOWN, PLACE_SHOWN, overlay_map
from ui.presentation import is_presenting

OPEN_PLACE_KEY = "overlay_map_open_place"
PLACE_EXPLORER = str(Path(__file__).parent / "20_place_explorer.py")


def _open_in_place_explorer(code: str) -> None:
    """A council's pinned stack asked for the place explorer: go there with that council."""
    st.session_state["place_query"] = code
    if OVERLAY_SHOWN in st.session_state:  # the place explorer's map opens with the layers chosen here
        st.session_state[PLACE_SHOWN] = {**st.session_state[OVERLAY_SHOWN], "view": None}
    st.session_state[OPEN_PLACE_KEY] = True


atlas = resources.atlas()
st.title("Who covers where: the overlay map")
st.caption("Tick any layers in the legend: each is drawn as an outline with its own colour, width and dash. "
           "Hover anywhere to see every body that serves that council area, click to pin it and open it in the "
           "place explorer; scroll or use + and − to zoom, drag to move.")

layers, fill, view, notices = overlay_choices_from_link()
resources.show_notices(notices)
# The browser holds the latest choices; if the drawing must be rebuilt (presentation mode), start from them.
latest = st.session_state.get(OVERLAY_SHOWN, {"layers": layers, "fill": fill, "view": view})
data = overlay_map_data(atlas, latest["layers"], fill_councils=latest["fill"], presenting=is_presenting(),
                        view=latest["view"], base=resources.overlay_base())
shown = st.session_state[OVERLAY_SHOWN] = overlay_map(data, on_open_place=_open_in_place_explorer)
if st.session_state.pop(OPEN_PLACE_KEY, False):
    st.switch_page(PLACE_EXPLORER)
write_overlay_link(shown["layers"], shown["fill"], shown["view"])
st.caption(ATTRIBUTION)

layer_ids = shown["layers"]
tables = [atlas.layer_areas(i)[["area_code", "area_name", "n_districts", "area_km2"]].assign(layer=get_layer(i).name)
          for i in layer_ids]


def _drawing() -> tuple[str, int, int]:
    """The map as on screen now, as a standalone SVG (made only when a download is asked for)."""
    now = overlay_map_data(atlas, layer_ids, fill_councils=shown["fill"], presenting=is_presenting(),
                           view=shown["view"], base=resources.overlay_base())
    return overlay_svg_document(now, "Who covers where in England and Wales", ATTRIBUTION), *DOCUMENT_SIZE


export_buttons(None,
               pd.concat(tables, ignore_index=True) if tables else None, "overlay_map",
               alt_text="Map of England and Wales with the outlines of " +
               (", ".join(get_layer(i).name for i in layer_ids) or "no layers") +
               "; each layer has its own line style, listed in the legend and in the table below.",
               drawing=_drawing)

with st.expander("Table: the areas of each shown layer"):
    for layer_id in layer_ids:
        areas = atlas.layer_areas(layer_id)[["area_code", "area_name", "n_districts", "area_km2"]]
        st.markdown(f"**{get_layer(layer_id).name}: {len(areas)} areas**")
        st.dataframe(areas.rename(columns={"area_code": "Code", "area_name": "Name",
                                           "n_districts": "Districts", "area_km2": "Area (km²)"}),
                     hide_index=True, width="stretch")
