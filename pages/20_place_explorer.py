"""Place explorer: every body that serves a place, layer by layer."""
from __future__ import annotations

import json

import streamlit as st

from figures.overlay_map import ATTRIBUTION, overlay_figure, zoom_to_bounds
from figures.place_stack import stack_table
from geo.stack import PlaceNotFoundError, resolve, stack
from ui import resources
from ui.exports import csv_bytes, export_buttons
from ui.layer_picker import legend_html, pick_layers
from ui.params import parse_text
from ui.presentation import present_figure

atlas = resources.atlas()
st.title("Place explorer: the full stack of bodies")
st.caption("Type a council name, a GSS code (e.g. E06000028) or a postcode (e.g. BH1 1AA). "
           "The table generalises IPPR (2016) Table 3.1, which did this by hand for Bournemouth.")

if "place_query" not in st.session_state:
    initial, notices = parse_text(st.query_params.get("place"), "place")
    st.session_state["place_query"] = initial or "Bournemouth"
    resources.show_notices(notices)
query = st.text_input("Council, GSS code or postcode", key="place_query", max_chars=100)
st.query_params["place"] = query

try:
    place = resolve(atlas, query)
except PlaceNotFoundError as error:
    st.error(str(error))
    st.stop()

rows = stack(atlas, place)
if place.kind == "postcode":
    st.header(f"{place.label}, in {atlas.area_name('district', place.district_codes[0])}")
    st.caption("A postcode (ONS Postcode Directory, Nov 2025), placed in its 2013-19 district by its grid reference.")
else:
    layer_name = next(layer.name for layer in atlas.layers() if layer.id == place.layer_id)
    st.header(place.label)
    st.caption(f"{layer_name}: {place.area_code}; covers {len(place.district_codes)} district(s) of 2013-19.")
table, chart = st.columns([1, 1])
with table:
    st.table(stack_table(rows).set_index("Layer"))
    st.download_button("Download the stack (CSV)", csv_bytes(stack_table(rows)),
                       file_name=f"stack_{place.area_code or 'place'}.csv", mime="text/csv")
with chart:
    layer_ids, fill, notices = pick_layers("place_layers")
    resources.show_notices(notices)
    boxes = atlas.areas[(atlas.areas["layer"] == "district") & atlas.areas["area_code"].isin(place.district_codes)]
    bounds = [json.loads(b) for b in boxes["bounds"]]
    view = zoom_to_bounds([min(b[0] for b in bounds), min(b[1] for b in bounds),
                           max(b[2] for b in bounds), max(b[3] for b in bounds)], height_px=520)
    figure = overlay_figure(atlas, layer_ids, fill_councils=fill, highlight_codes=place.district_codes,
                            point_bng=place.point, view=view, hover=resources.hover_text(), height=520)
    figure.update_layout(uirevision=f"place-{place.label}")
    figure = present_figure(figure)
    st.plotly_chart(figure, key="place_map", config={"scrollZoom": True, "displaylogo": False},
                    width="stretch")
    st.markdown(legend_html(layer_ids), unsafe_allow_html=True)
    st.caption(ATTRIBUTION)
    export_buttons(figure, None, f"place_map_{place.area_code or 'place'}",
                   alt_text=f"Map zoomed on {place.label}, highlighted, with the chosen layers' outlines; "
                   "the table beside it lists every body.")
