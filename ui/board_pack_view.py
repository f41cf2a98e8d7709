"""The board pack page's view: the views on offer and each view's content, built once per view, place and mode."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from exports.board_pack import board_pack_pdf
from exports.board_pack_pptx import board_pack_pptx
from exports.board_views import BUILT_IN, CAVEATS, IMAGE_SIZE, BoardView, ViewContent, available_views, to_slide
from exports.images import ExportError, figure_to_png
from exports.pptx_view import needs_image, pptx_view_from
from exports.projector import projector_figure
from ui import resources
from ui.figure_view import maybe_frozen
from ui.indicator_store import saved_stamp

CONTENTS_KEPT = 32
# Built-in views that ignore the place: one entry serves every place (a view a figure module offers may read it).
PLACE_FREE = frozenset(view.id for view in BUILT_IN if view.id != "place")


@dataclass(frozen=True)
class Offered:
    """The views a pack can hold, by id, and why any could not be offered."""

    views: list[BoardView]
    by_id: dict[str, BoardView]
    problems: list[str]


@dataclass(frozen=True)
class Shown:
    """One view's content as shown now, or the message saying why it cannot be built."""

    content: ViewContent | None
    error: str | None


@st.cache_resource(show_spinner=False)
def offered() -> Offered:
    """The built-in views and those figure modules offer (looked for once per process)."""
    views, problems = available_views()
    return Offered(views, {view.id: view for view in views}, problems)


@st.cache_resource(show_spinner=False, max_entries=CONTENTS_KEPT)
def _content(view_id: str, place_key: str | None, presenting: bool, saved: tuple, _place: str) -> Shown:
    """One view built once per place (where it reads one), presentation mode and version of the saved store."""
    view = offered().by_id[view_id]
    try:
        content = view.build(resources.atlas(), {"place": _place})
    except (LookupError, ValueError) as error:
        return Shown(None, f"{view.title}: {error}")
    if presenting and content.figure is not None:
        projector_figure(content.figure)  # in place, on a figure built just now for this cache entry alone
        legend = content.figure.layout.legend
        if legend.y is not None and legend.y < 0:  # under the plot: keep it clear of the axis title at any height
            content.figure.update_layout(legend={"yref": "container", "y": 0, "yanchor": "bottom", "orientation": "h"},
                                         margin={"b": max(content.figure.layout.margin.b or 0, 125)})
    maybe_frozen(content.figure)
    return Shown(content, None)


def content(view_id: str, place: str, presenting: bool) -> Shown:
    """A view's content as the page shows it; views read only the atlas, the bundled and saved figures and the place."""
    return _content(view_id, None if view_id in PLACE_FREE else place, presenting, saved_stamp(), place)


def pack_pdf(chosen: list[str], place: str) -> bytes:
    """Every chosen view rendered for print, as one PDF (run only when the download is clicked)."""
    slides = []
    for view_id in chosen:
        # Built afresh: the print enlargement changes a figure in place, and the cached ones are shared.
        item = offered().by_id[view_id].build(resources.atlas(), {"place": place})
        image = None
        if item.figure is not None:
            try:
                image = figure_to_png(projector_figure(item.figure, 1.4), width=IMAGE_SIZE[0], height=IMAGE_SIZE[1],
                                      scale=1.5)
            except ExportError:
                image = None  # the slide says so; the titles, takeaways and tables still print
        slides.append(to_slide(item, image))
    return board_pack_pdf(slides, date=dt.date.today())


def pack_pptx(chosen: list[str], place: str) -> bytes:
    """Every chosen view as PowerPoint: bar and line charts native and editable, maps as pictures (on click)."""
    views = []
    for view_id in chosen:
        item = offered().by_id[view_id].build(resources.atlas(), {"place": place})
        image = None
        if item.figure is not None and needs_image(item):
            try:
                image = figure_to_png(projector_figure(item.figure, 1.4), width=IMAGE_SIZE[0], height=IMAGE_SIZE[1],
                                      scale=1.5)
            except ExportError:
                image = None  # the slide keeps its title, takeaway, sources and notes
        views.append(pptx_view_from(item, image, CAVEATS.get(view_id, "")))
    return board_pack_pptx(views, date=dt.date.today())
