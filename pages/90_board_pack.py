"""Board pack: a saved sequence of views to step through on a projector and download as one PDF."""
from __future__ import annotations

import datetime as dt
from contextlib import nullcontext

import streamlit as st

from exports.images import can_render
from formatting.user_text import plain
from ui import board_pack_view, resources
from ui.board_pack import legend_html, stepper, view_state
from ui.exports import export_buttons
from ui.presentation import is_presenting, present_map
from ui.state_keys import PACK_PLACE, PACK_VIEWS
from ui.tables import display_table

offered = board_pack_view.offered()
for problem in offered.problems:
    st.warning(plain(f"A view could not be offered: {problem}"), icon=":material/warning:")

chosen, step, place, notices = view_state(offered.views)
resources.show_notices(notices)
presenting = is_presenting()

if not presenting:
    st.title("Board pack")
    st.caption("A saved sequence of views, each with a title and a one-line takeaway. The link keeps the sequence, "
               "the place and the step; switch on Presentation mode in the sidebar to show it on a projector.")
    with st.container(border=True):
        st.multiselect("Views in the pack, in order", list(offered.by_id), key=PACK_VIEWS,
                       format_func=lambda i: offered.by_id[i].title)
        if "place" in chosen:
            st.text_input("Place for the place stack (council, GSS code or postcode)", key=PACK_PLACE, max_chars=100)
        if "scenario" in chosen:
            board_pack_view.scenario_picker()

if not chosen:
    st.info("Choose at least one view for the pack.")
    st.stop()

stepper(step, len(chosen))

view_id = chosen[step - 1]
shown = board_pack_view.content(view_id, place, presenting)
if shown.error:
    st.error(plain(shown.error))
    st.stop()
content = shown.content

# titles, takeaways and source lines quote places typed or linked and uploads' titles: shown as text
st.header(plain(content.title))
st.markdown(f"**{plain(content.takeaway)}**")
# Presenting, a map's legend and source line sit beside it so the map keeps the screen's height.
figure_area, side = (st.columns([3, 1], gap="medium") if presenting and content.figure is not None and content.legend
                     else (nullcontext(), nullcontext()))
with figure_area:
    if content.figure is not None:
        st.plotly_chart(present_map(content.figure), key=f"pack_figure_{view_id}", theme=None, config={"displaylogo": False},
                        width="stretch")
with side:
    if content.legend:
        st.markdown(legend_html(content.legend), unsafe_allow_html=True)
    st.caption(plain(f"Source: {content.sources}"))
with st.expander(plain(f"Table: {content.title}")):
    display_table(content.table)
    export_buttons(content.figure, content.table, f"board_{view_id}", alt_text=content.alt_text)

if not presenting:
    st.download_button("Download board pack (PDF)", lambda: board_pack_view.pack_pdf(chosen, place),
                       file_name=f"patchwork_board_pack_{dt.date.today()}.pdf",
                       mime="application/pdf", key="pack_pdf", on_click="ignore", icon=":material/picture_as_pdf:",
                       type="primary", help="Every view above as one PDF with titles, takeaways, source notes, "
                       "OGL attribution and today's date (about 5 seconds a map)." +
                       ("" if can_render() else " Without Chromium on the server the PDF has no figures."))
    st.download_button("Download board pack (PowerPoint)", lambda: board_pack_view.pack_pptx(chosen, place),
                       file_name=f"patchwork_board_pack_{dt.date.today()}.pptx",
                       mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       key="pack_pptx", on_click="ignore", icon=":material/slideshow:",
                       help="One slide per view: charts as native, editable PowerPoint charts, maps as pictures, "
                       "the method and caveats in the speaker notes.")
