"""The overlay map page's view: the map's data, the shown layers' tables, the standalone drawing and the handover."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from figures.overlay_map import ATTRIBUTION
from figures.overlay_svg import overlay_map_data
from figures.overlay_svg_document import DOCUMENT_SIZE, overlay_svg_document
from geo.registry import get_layer
from ui import resources
from ui.overlay_map_widget import OVERLAY_SHOWN, PLACE_SHOWN
from ui.state_keys import OVERLAY_OPEN_PLACE, PLACE_QUERY

COLUMNS = ["area_code", "area_name", "n_districts", "area_km2"]
TITLES = {"area_code": "Code", "area_name": "Name", "n_districts": "Districts", "area_km2": "Area (km²)"}


@dataclass(frozen=True)
class LayerTable:
    """One shown layer's areas, as listed under the map."""

    name: str
    areas: pd.DataFrame  # with readable column titles


@dataclass(frozen=True)
class TablesView:
    """The areas of every shown layer: one table each, all of them together for the download, and the alt text."""

    layers: list[LayerTable]
    combined: pd.DataFrame | None  # None when no layer is shown
    alt_text: str


def map_data(layers: list[str], fill: bool, presenting: bool, view: list[float] | None) -> dict:
    """What the browser needs to draw the map (the shared base is built once per process)."""
    return overlay_map_data(resources.atlas(), layers, fill_councils=fill, presenting=presenting, view=view,
                            base=resources.overlay_base())


@st.cache_resource(show_spinner=False, max_entries=64)
def tables(layer_ids: tuple[str, ...]) -> TablesView:
    """The tables of the shown layers, made once per choice of layers."""
    atlas = resources.atlas()
    parts = [atlas.layer_areas(i)[COLUMNS] for i in layer_ids]
    combined = (pd.concat([part.assign(layer=get_layer(i).name) for i, part in zip(layer_ids, parts)], ignore_index=True)
                if parts else None)
    alt_text = ("Map of England and Wales with the outlines of " + (", ".join(get_layer(i).name for i in layer_ids)
                                                                    or "no layers")
                + "; each layer has its own line style, listed in the legend and in the table below.")
    return TablesView([LayerTable(get_layer(i).name, part.rename(columns=TITLES)) for i, part in zip(layer_ids, parts)],
                      combined, alt_text)


def drawing(layers: list[str], fill: bool, presenting: bool, view: list[float] | None) -> tuple[str, int, int]:
    """The map as on screen, as a standalone SVG and its size (made only when a download asks for it)."""
    document = overlay_svg_document(map_data(layers, fill, presenting, view), "Who covers where in England and Wales",
                                    ATTRIBUTION)
    return document, *DOCUMENT_SIZE


def open_in_place_explorer(code: str) -> None:
    """A council's pinned stack asked for the place explorer: hand it that council and the layers shown here."""
    st.session_state[PLACE_QUERY] = code
    if OVERLAY_SHOWN in st.session_state:  # the place explorer's map opens with the layers chosen here
        st.session_state[PLACE_SHOWN] = {**st.session_state[OVERLAY_SHOWN], "view": None}
    st.session_state[OVERLAY_OPEN_PLACE] = True
