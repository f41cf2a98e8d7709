"""Place explorer: every body that serves a place, layer by layer."""
from __future__ import annotations

import streamlit as st

from figures.overlay_map import ATTRIBUTION
from figures.overlay_svg import overlay_map_data, place_focus
from figures.overlay_svg_document import DOCUMENT_SIZE, overlay_svg_document
from figures.place_stack import stack_table
from geo.stack import PlaceNotFoundError, resolve, stack
from ui import resources
from ui.exports import csv_bytes, export_buttons
from ui.layer_picker import overlay_choices_from_link, write_overlay_link
from ui.overlay_map_widget import PLACE_SHOWN, overlay_map
from ui.params import parse_text
from ui.presentation import is_presenting


def _show_place(code: str) -> None:
    """A council picked on the map becomes the place shown (set before the text box is drawn)."""
    st.session_state["place_query"] = code


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
    layers, fill, _, notices = overlay_choices_from_link("place_link")
    resources.show_notices(notices)
    latest = st.session_state.get(PLACE_SHOWN, {"layers": layers, "fill": fill})
    focus = place_focus(atlas, place.label, place.district_codes, place.point)
    data = overlay_map_data(atlas, latest["layers"], fill_councils=latest["fill"], presenting=is_presenting(),
                            base=resources.overlay_base(), focus=focus, legend_below=True, height=520,
                            open_label="Show this council's stack")
    shown = st.session_state[PLACE_SHOWN] = overlay_map(data, key="place_map", on_open_place=_show_place)
    write_overlay_link(shown["layers"], shown["fill"], None)
    st.caption(ATTRIBUTION)

    def _drawing() -> tuple[str, int, int]:
        """The map as on screen now (the place framed and highlighted), as a standalone SVG."""
        now = overlay_map_data(atlas, shown["layers"], fill_councils=shown["fill"], presenting=is_presenting(),
                               view=focus["view"], base=resources.overlay_base(), focus=focus)
        return overlay_svg_document(now, f"The place stack: {place.label}", ATTRIBUTION), *DOCUMENT_SIZE

    export_buttons(None, None, f"place_map_{place.area_code or 'place'}", drawing=_drawing,
                   alt_text=f"Map zoomed on {place.label}, highlighted, with the chosen layers' outlines; "
                   "the table beside it lists every body.")
