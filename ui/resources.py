"""Cached, shared resources for every page: the atlas and the stack hover text."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from figures.overlay_map import stack_hover_text
from figures.overlay_svg import drawing_base
from formatting.user_text import plain
from geo.atlas import Atlas, load_atlas


@st.cache_resource(show_spinner="Building the boundary layers (first start only, about 10 seconds)…")
def atlas() -> Atlas:
    """The atlas, built into the cache on first start; loaded once per server process."""
    loaded = load_atlas(progress=None)
    _ = loaded.assignments, loaded.areas, loaded.blocks, loaded.block_table  # warm the lazy tables
    return loaded


@st.cache_resource
def hover_text() -> pd.Series:
    """The stack hover text of every district (same for every view)."""
    return stack_hover_text(atlas())


@st.cache_resource
def overlay_base() -> dict:
    """The map data every view shares: council shapes, coast, stacks and keys (built once per process)."""
    return drawing_base(atlas())


def show_notices(notices: list[str]) -> None:
    """Visible warnings for anything in the link that was ignored."""
    for notice in notices:  # notices quote the link's parameters and uploaded text: shown as text
        st.warning(plain(notice), icon=":material/warning:")
