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
from scenario.persistence import ScenarioFileError, dumps, loads
from scenario.presets import opening_scenario
from ui import resources
from ui.figure_view import maybe_frozen
from ui.indicator_store import current, saved_stamp
from ui.state_keys import PACK_SCENARIO, WHATIF_CURRENT
from ui.what_if_library import load_saved, saved_choices

CONTENTS_KEPT = 32
CURRENT = "current"  # the scenario slide shows the What if page's scenario
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


def scenario_choices() -> dict[str, str]:
    """The scenarios the pack's scenario slide can show: the one open on the What if page, then saved ones."""
    current = st.session_state.get(WHATIF_CURRENT)
    name = loads(current).name if current else opening_scenario().name
    return {CURRENT: f"The scenario on the What if page: {name}",
            **{f"saved:{key}": f"Saved: {label}" for key, label in saved_choices().items()}}


def scenario_picker() -> None:
    """Which scenario the scenario slide shows (the page's current one unless another is chosen)."""
    choices = scenario_choices()
    if st.session_state.get(PACK_SCENARIO) not in choices:
        st.session_state[PACK_SCENARIO] = CURRENT
    st.selectbox("Scenario on the what-if slide", list(choices), key=PACK_SCENARIO, format_func=choices.get,
                 help="The slide runs the scenario exactly as the What if page does, so its numbers are the page's.")


def chosen_scenario() -> str | None:
    """The chosen scenario as a scenario file's text (None: the What if page's opening scenario)."""
    choice = st.session_state.get(PACK_SCENARIO, CURRENT)
    if choice.startswith("saved:"):
        try:
            return dumps(load_saved(choice[6:]))
        except (KeyError, ScenarioFileError):
            st.session_state[PACK_SCENARIO] = CURRENT
    return st.session_state.get(WHATIF_CURRENT)


def _options(view_id: str, place: str) -> dict:
    """What a view is built from: the place and, for the scenario slide, the scenario and this session's figures."""
    if view_id != "scenario":
        return {"place": place}
    return {"place": place, "scenario": chosen_scenario(), "store": current().store}


@st.cache_resource(show_spinner=False, max_entries=CONTENTS_KEPT)
def _content(view_id: str, place_key: str | None, presenting: bool, saved: tuple, scenario_key: tuple,
             _options: dict) -> Shown:
    """One view built once per place (where it reads one), presentation mode, version of the saved store and, for
    the scenario slide, the scenario and the figures it runs on."""
    view = offered().by_id[view_id]
    try:
        content = view.build(resources.atlas(), _options)
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
    options = _options(view_id, place)
    scenario_key = (options.get("scenario"), current().key) if view_id == "scenario" else ()
    return _content(view_id, None if view_id in PLACE_FREE else place, presenting, saved_stamp(), scenario_key, options)


def pack_pdf(chosen: list[str], place: str) -> bytes:
    """Every chosen view rendered for print, as one PDF (run only when the download is clicked)."""
    slides = []
    for view_id in chosen:
        # Built afresh: the print enlargement changes a figure in place, and the cached ones are shared.
        item = offered().by_id[view_id].build(resources.atlas(), _options(view_id, place))
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
        item = offered().by_id[view_id].build(resources.atlas(), _options(view_id, place))
        image = None
        if item.figure is not None and needs_image(item):
            try:
                image = figure_to_png(projector_figure(item.figure, 1.4), width=IMAGE_SIZE[0], height=IMAGE_SIZE[1],
                                      scale=1.5)
            except ExportError:
                image = None  # the slide keeps its title, takeaway, sources and notes
        views.append(pptx_view_from(item, image, CAVEATS.get(view_id, "")))
    return board_pack_pptx(views, date=dt.date.today())
