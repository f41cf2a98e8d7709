"""Board pack: a saved sequence of views to step through on a projector and download as one PDF."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from exports.board_pack import board_pack_pdf
from exports.board_views import IMAGE_SIZE, available_views, to_slide
from exports.images import ExportError, can_render, figure_to_png
from exports.projector import projector_figure
from ui import resources
from ui.board_pack import legend_html, view_state
from ui.exports import export_buttons
from ui.presentation import is_presenting, present_figure

atlas = resources.atlas()
views, problems = available_views()
by_id = {view.id: view for view in views}
for problem in problems:
    st.warning(f"A view could not be offered: {problem}", icon="⚠️")

chosen, step, place, notices = view_state(views)
resources.show_notices(notices)

if not is_presenting():
    st.title("Board pack")
    st.caption("A saved sequence of views, each with a title and a one-line takeaway. The link keeps the sequence, "
               "the place and the step; switch on Presentation mode in the sidebar to show it on a projector.")
    with st.container(border=True):
        st.multiselect("Views in the pack, in order", list(by_id), key="pack_views",
                       format_func=lambda i: by_id[i].title)
        if "place" in chosen:
            st.text_input("Place for the place stack (council, GSS code or postcode)", key="pack_place", max_chars=100)

if not chosen:
    st.info("Choose at least one view for the pack.")
    st.stop()

previous, counter, following = st.columns([1, 2, 1])
with previous:
    st.button("◀ Previous view", key="pack_previous", disabled=step <= 1, width="stretch",
              on_click=lambda: st.session_state.update(pack_step=step - 1))
with counter:
    st.markdown(f"<p style='text-align:center;margin:0.4rem 0'>View {step} of {len(chosen)}</p>",
                unsafe_allow_html=True)
with following:
    st.button("Next view ▶", key="pack_next", disabled=step >= len(chosen), width="stretch",
              on_click=lambda: st.session_state.update(pack_step=step + 1))

view = by_id[chosen[step - 1]]
try:
    content = view.build(atlas, {"place": place})
except (LookupError, ValueError) as error:
    st.error(f"{view.title}: {error}")
    st.stop()

st.header(content.title)
st.markdown(f"**{content.takeaway}**")
if content.figure is not None:
    st.plotly_chart(present_figure(content.figure), key=f"pack_figure_{view.id}", theme=None,
                    config={"displaylogo": False}, width="stretch")
if content.legend:
    st.markdown(legend_html(content.legend), unsafe_allow_html=True)
st.caption(f"Source: {content.sources}")
with st.expander(f"Table: {content.title}"):
    st.dataframe(content.table, hide_index=True, width="stretch")
    export_buttons(content.figure, content.table, f"board_{view.id}", alt_text=content.alt_text)


def pack_pdf() -> bytes:
    """Every chosen view rendered for print, as one PDF (run only when the download is clicked)."""
    slides = []
    for view_id in chosen:
        item = by_id[view_id].build(atlas, {"place": place})
        image = None
        if item.figure is not None:
            try:
                image = figure_to_png(projector_figure(item.figure, 1.4), width=IMAGE_SIZE[0], height=IMAGE_SIZE[1],
                                      scale=1.5)
            except ExportError:
                image = None  # the slide says so; the titles, takeaways and tables still print
        slides.append(to_slide(item, image))
    return board_pack_pdf(slides, date=dt.date.today())


if not is_presenting():
    st.download_button("Download board pack (PDF)", pack_pdf, file_name=f"patchwork_board_pack_{dt.date.today()}.pdf",
                       mime="application/pdf", key="pack_pdf", on_click="ignore", icon=":material/picture_as_pdf:",
                       type="primary", help="Every view above as one PDF with titles, takeaways, source notes, "
                       "OGL attribution and today's date (about 5 seconds a map)." +
                       ("" if can_render() else " Without Chromium on the server the PDF has no figures."))
