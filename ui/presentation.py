"""Presentation mode: a sidebar toggle kept in the URL (?present=1) that enlarges type and lines and hides controls."""
from __future__ import annotations

import math
from contextlib import AbstractContextManager, nullcontext

import plotly.graph_objects as go
import streamlit as st

from exports.projector import projector_figure
from ui.params import parse_flag

PARAM = "present"
KEY = "presenting"
# The toggle's value, kept outside the widget: Streamlit drops a widget's state when st.switch_page changes page,
# and a clicker stepping from page to page must stay in presentation mode.
KEPT = "presenting_kept"
# The least height a page's lead map is given while presenting (a 1280 x 720 screen, after the title, takeaway and
# source line): a map's zoom is lowered so that what it framed at its own height still shows whole at this one.
PRESENT_MAP_HEIGHT = 400
DETAILS = "Details: tables, method and more"

# Larger type for a projector; widgets that change the view are hidden so the screen shows only the story.
# Buttons stay (the board pack steps with them) and so does the sidebar's toggle, to leave the mode. Expanders
# stay as one closed line each: they hold each chart's table and the details a board may ask for.
# One 16:9 screen, no scrolling (1280 x 720 up): the main column is exactly as tall as the window and the figures
# take whatever height the title, takeaway and source line leave (Streamlit's Plotly chart draws at the height its
# box is given; the overlay map's drawing keeps its aspect). Notices shrink to one line (hover shows the rest).
PRESENTATION_CSS = """
<style>
  html { font-size: 20px; }
  [data-testid="stHeader"] { background: transparent; }
  /* The header spans the top of the screen over the board pack's Previous/Next: only its own buttons take a click. */
  [data-testid="stHeader"], [data-testid="stHeader"] * { pointer-events: none !important; }
  [data-testid="stHeader"] :is(button, a) { pointer-events: auto !important; }
  [data-testid="stMainBlockContainer"] { padding: 0.9rem 4rem 0.4rem !important; max-width: none;
    height: 100vh; height: 100dvh; box-sizing: border-box; display: flex; flex-direction: column; }
  [data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.4rem; min-height: 0; }
  [data-testid="stMain"] [data-testid="stVerticalBlock"] > * { flex-shrink: 0; }
  [data-testid="stMain"] [data-testid="stHorizontalBlock"] { gap: 1rem; }
  [data-testid="stMain"] h1 { font-size: 2rem; padding: 0; line-height: 1.2; }
  [data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 1.5rem; padding: 0; line-height: 1.25; }
  [data-testid="stMain"] :is(.stHeading, [data-testid="stAlert"]) [data-testid="stMarkdownContainer"] {
    margin-bottom: 0; }
  [data-testid="stMain"] [data-testid="stAlert"] [data-testid="stMarkdownContainer"] p { margin: 0; }
  [data-testid="stMain"] .stMarkdown [data-testid="stMarkdownContainer"] > p { font-size: 1.1rem; line-height: 1.4; }
  [data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 0.8rem; line-height: 1.35; }
  [data-testid="stMain"] [data-testid="stAlertContainer"] { padding: 0.3rem 0.75rem; }
  [data-testid="stMain"] [data-testid="stAlert"] [data-testid="stMarkdownContainer"] {
    max-height: 1.4em; overflow: hidden; }
  [data-testid="stMain"] [data-testid="stAlert"] [data-testid="stMarkdownContainer"] p {
    font-size: 0.9rem; line-height: 1.4; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  [data-testid="stMain"] [data-testid="stAlert"]:hover [data-testid="stMarkdownContainer"] { max-height: none; }
  [data-testid="stMain"] [data-testid="stAlert"]:hover [data-testid="stMarkdownContainer"] p { white-space: normal; }
  [data-testid="stMain"] [data-testid="stMetric"] > div { display: flex; flex-wrap: wrap; align-items: center;
    column-gap: 0.5rem; }
  [data-testid="stMain"] [data-testid="stMetricLabel"] { flex-basis: 100%; min-height: 0; }
  [data-testid="stMain"] [data-testid="stMetricLabel"] p { font-size: 0.85rem; line-height: 1.3; }
  [data-testid="stMain"] [data-testid="stMetricValue"] { font-size: 1.5rem; line-height: 1.25; }
  [data-testid="stMain"] [data-testid="stMetricDelta"] { font-size: 0.7rem; }
  [data-testid="stMain"] [data-testid="stTable"] :is(th, td) { font-size: clamp(12px, 1.9vh, 0.75rem);
    line-height: 1.2; padding: 0.1rem 0.4rem; }
  [data-testid="stMain"] [data-testid="stTable"] p { font-size: inherit; line-height: inherit; }
  [data-testid="stMain"] ul[aria-label="Map legend"] { font-size: 0.8rem; }
  [data-testid="stMain"] [data-testid="stExpander"] summary { padding-top: 0.3rem; padding-bottom: 0.3rem; }
  [data-testid="stMain"] [data-testid="stExpander"] summary p { font-size: 0.9rem; }
  [data-testid="stMain"] [data-testid="stElementContainer"]:has([data-testid="stMultiSelect"],
    [data-testid="stSelectbox"], [data-testid="stTextInput"], [data-testid="stCheckbox"], [data-testid="stRadio"],
    [data-testid="stSlider"], [data-testid="stNumberInput"], [data-testid="stFileUploader"],
    [data-testid="stDownloadButton"], [data-testid="stToggle"]),
  [data-testid="stElementToolbar"],
  .modebar-container { display: none !important; }
  [data-testid="stMain"] :is([data-testid="stElementContainer"], [data-testid="stLayoutWrapper"]):has(
    .stPlotlyChart, .pw-map):not(:has(> [data-testid="stExpander"])):not([data-testid="stExpander"] *) {
    flex: 1 1 0 !important; min-height: 9rem; }
  [data-testid="stMain"] [data-testid="stHorizontalBlock"]:has(.stPlotlyChart, .pw-map):not(
    [data-testid="stExpander"] *) { align-items: stretch; }
  [data-testid="stMain"] [data-testid="stColumn"]:has(.stPlotlyChart, .pw-map):not([data-testid="stExpander"] *) {
    display: flex; flex-direction: column; }
  [data-testid="stMain"] [data-testid="stElementContainer"]:has(.stPlotlyChart, .pw-map):not(
    [data-testid="stExpander"] *) > *,
  [data-testid="stMain"] [data-testid="stElementContainer"]:has(.pw-map) > * > * > *,
  [data-testid="stMain"] .stPlotlyChart:not([data-testid="stExpander"] *) { height: 100% !important; }
  .pw-map.pw-presenting { height: 100%; align-items: stretch; gap: 0.5rem; }
  .pw-map.pw-presenting .pw-legend { align-self: flex-start; flex-basis: 15rem; padding: 0.2rem 0.6rem; }
  .pw-map.pw-presenting .pw-legend li { margin: 0; }
  .pw-map.pw-presenting .pw-legend label { font-size: 0.8rem; }
  .pw-map.pw-presenting .pw-fill-key { font-size: 0.7rem; }
  .pw-map.pw-presenting .pw-canvas { height: auto !important; }
  .pw-map.pw-presenting.pw-below .pw-canvas { flex: 1 1 0; min-height: 0; }
  .pw-map.pw-presenting.pw-below .pw-legend { align-self: stretch; }
  .pw-map.pw-presenting.pw-below .pw-fill-key { columns: 2; }
</style>
"""


# Streamlit's caption grey, and the grey of a button's shortcut hint (the board pack's "PageDown"), fail WCAG AA
# contrast on white (axe: color-contrast, serious): darken them everywhere.
# A metric's label wraps rather than being cut with an ellipsis ("Mayoral combined authorities split…").
ACCESSIBLE_CSS = """
<style>
  [data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { white-space: normal !important;
    overflow: visible !important; text-overflow: clip !important; height: auto !important; }
  [data-testid="stCaptionContainer"] { opacity: 1 !important; }
  button:not(:disabled) kbd[aria-label^="Shortcut"], button:not(:disabled) kbd[aria-label^="Shortcut"] * {
    color: #4a4f57 !important; opacity: 1 !important; }
  [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #555a64 !important; }
</style>
"""


def apply_accessible_style() -> None:
    """Site-wide fixes for what the axe check finds in Streamlit's defaults (app.py calls it on every page)."""
    st.markdown(ACCESSIBLE_CSS, unsafe_allow_html=True)


def is_presenting() -> bool:
    """True while presentation mode is on (pages hide controls and enlarge their figures)."""
    if KEY in st.session_state:
        return bool(st.session_state[KEY])
    if KEPT in st.session_state:
        return bool(st.session_state[KEPT])
    return parse_flag(st.query_params.get(PARAM), False)


def presentation_toggle() -> bool:
    """The global toggle (app.py puts it in the sidebar), seeded from and written back to the URL."""
    if KEY not in st.session_state:
        st.session_state[KEY] = st.session_state.get(KEPT, parse_flag(st.query_params.get(PARAM), False))
    on = st.toggle("Presentation mode", key=KEY,
                   help="For a projector: larger type and lines, controls hidden. The link keeps it (?present=1).")
    st.session_state[KEPT] = on
    if on:
        st.query_params[PARAM] = "1"
        st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)
    elif PARAM in st.query_params:
        del st.query_params[PARAM]
    return on


# While presenting, a clicker (Page Down / Page Up) or the arrow keys step from page to page in the sidebar's order;
# the board pack uses the same keys for its own views, so it is left out. Streamlit gives a button one shortcut:
# one button per key, kept out of sight.
PAGE_KEYS = {"next": ("PageDown", "Right"), "previous": ("PageUp", "Left")}
PAGE_KEYS_CONTAINER = "pw_page_keys"


def page_keys(pages: list, current) -> None:
    """Hidden Next page / Previous page buttons answering a clicker's keys; switches page when one is pressed."""
    titles = [page.title for page in pages]
    where = titles.index(current.title)
    neighbours = {"next": pages[where + 1] if where + 1 < len(pages) else None,
                  "previous": pages[where - 1] if where > 0 else None}
    target = None
    with st.container(key=PAGE_KEYS_CONTAINER):
        st.markdown(f"<style>.st-key-{PAGE_KEYS_CONTAINER} {{ display: none !important; }}</style>",
                    unsafe_allow_html=True)
        for direction, page in neighbours.items():
            for key in PAGE_KEYS[direction] if page is not None else ():
                if st.button(f"{direction.title()} page: {page.title} ({key})", key=f"page_{direction}_{key}",
                             shortcut=key):
                    target = page
    if target is not None:
        st.switch_page(target)


def present_figure(figure: go.Figure) -> go.Figure:
    """The figure as it should be shown now: enlarged type and lines in presentation mode, else unchanged."""
    return projector_figure(figure) if is_presenting() else figure


def details(label: str = DETAILS) -> AbstractContextManager:
    """Where a page puts what follows its lead figure: one closed expander while presenting, else the page itself."""
    return st.expander(label) if is_presenting() else nullcontext()


def lead_and_details(label: str = DETAILS) -> tuple[AbstractContextManager, AbstractContextManager]:
    """(lead, details) for a page's sections: presenting, a container for the title's figure and one closed expander
    after it holding the rest, whatever order the page writes them in; on the working page both are the page itself."""
    if not is_presenting():
        return nullcontext(), nullcontext()
    return st.container(), st.expander(label)


def section(title: str) -> AbstractContextManager:
    """A page section: its header on the working page; presenting, one closed expander line named the same."""
    if is_presenting():
        return st.expander(title)
    st.header(title)
    return nullcontext()


def fit_map(figure: go.Figure, height: int = PRESENT_MAP_HEIGHT) -> go.Figure:
    """The figure to draw for `figure` on a screen that gives it only `height` pixels: a Plotly map's zoom lowered so
    what it framed at its own height still shows whole (a map's zoom does not follow its height by itself).

    `figure` is not changed (cached figures are shared by every session): the result is an empty figure whose
    dict is `figure`'s with the new zoom, sharing the traces (a frozen figure's GeoJSON is not copied again)."""
    spec = figure.to_dict()
    layout = spec.get("layout") or {}
    map_layout, drawn = layout.get("map"), layout.get("height")
    if not map_layout or map_layout.get("zoom") is None or not drawn or drawn <= height:
        return figure
    zoom = round(map_layout["zoom"] - math.log2(drawn / height), 2)
    fitted = {**spec, "layout": {**layout, "map": {**map_layout, "zoom": zoom}}}
    shown = go.Figure()
    shown.to_dict = lambda: fitted  # as ui.figure_view.frozen does: st.plotly_chart reads a figure through to_dict
    return shown


def present_map(figure: go.Figure) -> go.Figure:
    """A map as it should be drawn now: presenting, zoomed out to show whole at the screen's height; else unchanged."""
    return fit_map(figure) if is_presenting() else figure
