"""Place explorer: every body that serves a place, layer by layer."""
from __future__ import annotations

import streamlit as st

from figures.overlay_map import ATTRIBUTION
from formatting.user_text import plain
from ui import place_explorer_view, resources
from ui.exports import export_buttons
from ui.layer_picker import overlay_choices_from_link, write_overlay_link
from ui.overlay_map_widget import PLACE_SHOWN, overlay_map
from ui.params import parse_text
from ui.presentation import details, is_presenting
from ui.state_keys import PLACE_LINK, PLACE_QUERY
from ui.tables import display_table

st.title("Place explorer: the full stack of bodies")
st.caption("Type a council name of any year since 2013 (e.g. BCP, Cumberland), a GSS code old or new (e.g. "
           "E06000058) or a postcode (e.g. BH1 1AA). The table generalises IPPR (2016) Table 3.1, which did this by "
           "hand for Bournemouth: today's bodies first, earlier eras below, marked history.")

if PLACE_QUERY not in st.session_state:
    initial, notices = parse_text(st.query_params.get("place"), "place")
    st.session_state[PLACE_QUERY] = initial or "Bournemouth, Christchurch and Poole"
    resources.show_notices(notices)
query = st.text_input("Council, GSS code or postcode", key=PLACE_QUERY, max_chars=100)
st.query_params["place"] = query

shown = place_explorer_view.place(query)
if shown.error:
    st.error(plain(shown.error))  # it quotes what was typed: shown as text
    st.stop()

st.header(shown.heading)
if shown.notice:
    st.info(shown.notice)
presenting = is_presenting()
if not presenting:  # presenting: today's bodies only, on one screen; the lineage and history on demand
    st.caption(shown.caption)
    if shown.lineage:
        st.caption(shown.lineage)
table, chart = st.columns([3, 2] if presenting else [1, 1])  # presenting: the stack in fewer lines, the map beside
with table:
    display_table(shown.table[shown.table["Era"] == "today"] if presenting else shown.table, static=True)
    st.download_button("Download the stack (CSV)", shown.csv, file_name=f"stack_{shown.file_stem}.csv", mime="text/csv")
with chart:
    layers, fill, _, notices = overlay_choices_from_link(PLACE_LINK)
    resources.show_notices(notices)
    latest = st.session_state.get(PLACE_SHOWN, {"layers": layers, "fill": fill})
    data = place_explorer_view.map_data(latest["layers"], latest["fill"], presenting, shown.focus)
    drawn = st.session_state[PLACE_SHOWN] = overlay_map(data, key="place_map", on_open_place=place_explorer_view.show_place)
    write_overlay_link(drawn["layers"], drawn["fill"], None)
with table if presenting else chart:  # presenting, under the stack: the map keeps the column's height
    st.caption(ATTRIBUTION)
    with details("Chart description and downloads"):
        export_buttons(None, None, f"place_map_{shown.file_stem}",
                       drawing=lambda: place_explorer_view.drawing(shown, drawn["layers"], drawn["fill"], presenting),
                       alt_text=f"Map zoomed on {shown.label}, highlighted, with the chosen layers' outlines; "
                       "the table beside it lists every body.")
