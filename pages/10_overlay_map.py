"""Overlay map: every layer of offender management on one map."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from figures.overlay_map import ATTRIBUTION, DISTRICT_TYPES, overlay_figure
from geo.registry import get_layer
from ui import resources
from ui.exports import export_buttons
from ui.layer_picker import legend_html, pick_layers
from ui.presentation import present_figure

atlas = resources.atlas()
st.title("Who covers where: the overlay map")
st.caption("Pick any layers: each is drawn as an outline with its own colour, width and dash. "
           "Hover anywhere to see every body that serves that council area.")

controls, chart = st.columns([1, 3])
with controls:
    layer_ids, fill, notices = pick_layers()
    resources.show_notices(notices)
    st.markdown(legend_html(layer_ids), unsafe_allow_html=True)
    if fill:
        seen = dict(DISTRICT_TYPES.values())
        st.markdown("".join(
            f'<div><span style="display:inline-block;width:14px;height:14px;background:{colour};'
            f'border:1px solid #999;margin-right:6px"></span>{label}</div>' for label, colour in seen.items()),
            unsafe_allow_html=True)
with chart:
    figure = present_figure(overlay_figure(atlas, layer_ids, fill_councils=fill, hover=resources.hover_text()))
    st.plotly_chart(figure, key="overlay_map", theme=None, config={"scrollZoom": True, "displaylogo": False},
                    width="stretch")
    st.caption(ATTRIBUTION)
    shown = [atlas.layer_areas(i)[["area_code", "area_name", "n_districts", "area_km2"]].assign(layer=get_layer(i).name)
             for i in layer_ids]
    export_buttons(figure, pd.concat(shown, ignore_index=True) if shown else None, "overlay_map",
                   alt_text="Map of England and Wales with the outlines of " +
                   (", ".join(get_layer(i).name for i in layer_ids) or "no layers") +
                   "; each layer has its own line style, listed in the legend and in the table below.")

with st.expander("Table: the areas of each shown layer"):
    for layer_id in layer_ids:
        areas = atlas.layer_areas(layer_id)[["area_code", "area_name", "n_districts", "area_km2"]]
        st.markdown(f"**{get_layer(layer_id).name}: {len(areas)} areas**")
        st.dataframe(areas.rename(columns={"area_code": "Code", "area_name": "Name",
                                           "n_districts": "Districts", "area_km2": "Area (km²)"}),
                     hide_index=True, width="stretch")
