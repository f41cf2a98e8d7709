"""The place explorer page's view: a place resolved, its stack and its map framing, once per place asked for."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from figures.overlay_map import ATTRIBUTION
from figures.overlay_svg import overlay_map_data, place_focus
from figures.overlay_svg_document import DOCUMENT_SIZE, overlay_svg_document
from figures.place_stack import stack_table
from geo.stack import PlaceNotFoundError, resolve, stack
from indicators.csv_safety import safe_csv_bytes
from ui import resources
from ui.state_keys import PLACE_QUERY

PLACES_KEPT = 256
MAP_HEIGHT = 520


@dataclass(frozen=True)
class PlaceView:
    """A place and every body serving it, or the message saying why the text is no place."""

    error: str | None
    label: str = ""
    heading: str = ""
    caption: str = ""
    table: pd.DataFrame | None = None  # the stack, one row per layer (indexed by layer for the page)
    csv: bytes = b""
    file_stem: str = "place"  # the area code, or 'place' for a postcode
    focus: dict | None = None  # the map's highlight and framing (figures.overlay_svg.place_focus)
    notice: str = ""  # e.g. a council abolished since 2013: shown as it was, with today's council named
    lineage: str = ""  # today's council and the councils it replaced, in words


@st.cache_resource(show_spinner=False, max_entries=PLACES_KEPT)
def place(query: str) -> PlaceView:
    """The place a council name, GSS code or postcode names, with its stack (looked up once per text)."""
    atlas = resources.atlas()
    try:
        found = resolve(atlas, query)
    except PlaceNotFoundError as error:
        return PlaceView(str(error))
    table = stack_table(stack(atlas, found))
    if found.kind == "postcode":
        heading = f"{found.label}, in {found.council[0]['name']}"
        caption = ("A postcode (ONS Postcode Directory, Nov 2025): its council is the directory's own; it is placed in "
                   "its 2013-19 district by its grid reference.")
    else:
        heading = found.label
        caption = f"{found.description}; covers {len(found.district_codes)} district(s) of 2013-19."
    return PlaceView(None, found.label, heading, caption, table.set_index("Layer"), safe_csv_bytes(table),
                     found.area_code or "place", place_focus(atlas, found.label, found.district_codes, found.point),
                     found.notice, lineage_words(found.council, found.predecessors))


def lineage_words(council: list[dict], predecessors: list[dict]) -> str:
    """'Council today: X (since 1 April 2019). Before: A (2013-2019), B (2013-2019, part).' ('' when nothing changed)."""
    if not predecessors:
        return ""
    today = "; ".join(c["name"] + (f" (since {c['since'][:4]})" if c["since"] else "") for c in council)
    before = ", ".join(f"{p['name']} ({p['years']}{'' if p['whole'] else ', part of its area'})" for p in predecessors)
    return f"Council today: {today}. It replaced: {before}."


def map_data(layers: list[str], fill: bool, presenting: bool, focus: dict) -> dict:
    """What the browser needs to draw the place's map (the shared base is built once per process)."""
    return overlay_map_data(resources.atlas(), layers, fill_councils=fill, presenting=presenting,
                            base=resources.overlay_base(), focus=focus, legend_below=True, height=MAP_HEIGHT,
                            open_label="Show this council's stack")


def drawing(shown: PlaceView, layers: list[str], fill: bool, presenting: bool) -> tuple[str, int, int]:
    """The map as on screen (the place framed and highlighted), as a standalone SVG and its size."""
    now = overlay_map_data(resources.atlas(), layers, fill_councils=fill, presenting=presenting,
                           view=shown.focus["view"], base=resources.overlay_base(), focus=shown.focus)
    return overlay_svg_document(now, f"The place stack: {shown.label}", ATTRIBUTION), *DOCUMENT_SIZE


def show_place(code: str) -> None:
    """A council picked on the map becomes the place shown (set before the text box is drawn)."""
    st.session_state[PLACE_QUERY] = code
