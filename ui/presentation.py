"""Presentation mode: a sidebar toggle kept in the URL (?present=1) that enlarges type and lines and hides controls."""
from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from exports.projector import projector_figure
from ui.params import parse_flag

PARAM = "present"
KEY = "presenting"

# Larger type for a projector; widgets that change the view are hidden so the screen shows only the story.
# Buttons stay (the board pack steps with them) and so does the sidebar's toggle, to leave the mode. Expanders
# stay as one closed line each: they hold each chart's table and the details a board may ask for.
PRESENTATION_CSS = """
<style>
  html { font-size: 20px; }
  [data-testid="stHeader"] { background: transparent; }
  [data-testid="stMainBlockContainer"] { padding-top: 1.5rem !important; padding-bottom: 1rem !important;
    display: flex; flex-direction: column; height: 100dvh; box-sizing: border-box; }
  [data-testid="stMainBlockContainer"] > [data-testid="stVerticalBlock"] { min-height: 0; }
  [data-testid="stMain"] [data-testid="stAlert"] p { font-size: 1rem; line-height: 1.35; }
  [data-testid="stMain"] h1 { font-size: 2.6rem; }
  [data-testid="stMain"] h2, [data-testid="stMain"] h3 { font-size: 1.9rem; }
  [data-testid="stMain"] [data-testid="stMarkdownContainer"] > p { font-size: 1.2rem; line-height: 1.5; }
  [data-testid="stMain"] [data-testid="stCaptionContainer"] p { font-size: 1rem; }
  [data-testid="stMain"] [data-testid="stMultiSelect"],
  [data-testid="stMain"] [data-testid="stSelectbox"],
  [data-testid="stMain"] [data-testid="stTextInput"],
  [data-testid="stMain"] [data-testid="stCheckbox"],
  [data-testid="stMain"] [data-testid="stRadio"],
  [data-testid="stMain"] [data-testid="stSlider"],
  [data-testid="stMain"] [data-testid="stNumberInput"],
  [data-testid="stMain"] [data-testid="stFileUploader"],
  [data-testid="stMain"] [data-testid="stDownloadButton"],
  [data-testid="stElementToolbar"],
  .modebar-container { display: none !important; }
</style>
"""


# Streamlit's caption grey fails WCAG AA contrast on white (axe: color-contrast, serious): darken it everywhere.
ACCESSIBLE_CSS = """
<style>
  [data-testid="stCaptionContainer"] { opacity: 1 !important; }
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
    return parse_flag(st.query_params.get(PARAM), False)


def presentation_toggle() -> bool:
    """The global toggle (app.py puts it in the sidebar), seeded from and written back to the URL."""
    if KEY not in st.session_state:
        st.session_state[KEY] = parse_flag(st.query_params.get(PARAM), False)
    on = st.toggle("Presentation mode", key=KEY,
                   help="For a projector: larger type and lines, controls hidden. The link keeps it (?present=1).")
    if on:
        st.query_params[PARAM] = "1"
        st.markdown(PRESENTATION_CSS, unsafe_allow_html=True)
    elif PARAM in st.query_params:
        del st.query_params[PARAM]
    return on


def present_figure(figure: go.Figure) -> go.Figure:
    """The figure as it should be shown now: enlarged type and lines in presentation mode, else unchanged."""
    return projector_figure(figure) if is_presenting() else figure
