"""The overlay map widget: an SVG map drawn in the browser whose legend is also the layer picker."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from geo.registry import layer_ids
from ui import resources
from ui.params import clean_map_state

ASSETS = Path(__file__).parent / "assets"
KEY = "overlay_map"
# Where each map page keeps what its map last showed (layers, fill, view), so another page can hand over.
OVERLAY_SHOWN = "overlay_map_shown"
PLACE_SHOWN = "place_map_shown"

_component = st.components.v2.component(
    "patchwork_overlay_map",
    js=(ASSETS / "overlay_map.js").read_text(),
    css=(ASSETS / "overlay_map.css").read_text(),
    isolate_styles=False,  # the page's own font and the tests' selectors reach into it
)


def _ignore() -> None:
    """State changes only need the rerun Streamlit makes anyway."""


def overlay_map(data: dict, key: str = KEY, on_open_place: Callable[[str], None] | None = None) -> dict:
    """Mount the map; returns the browser's current choices: layers, fill and view.

    Until the browser says otherwise (and again whenever the map is mounted afresh, e.g. after a bad place
    hid it), the choices are the ones `data` opens with. `on_open_place` gets the GSS code of a council whose
    pinned stack the user asked to open; it runs before the page does, so it may set widget state."""
    layers, fill, view = data["chosen"], data["fill"], data["view"]

    def opened() -> None:
        code = (st.session_state.get(key) or {}).get("open_place")
        if on_open_place and isinstance(code, str) and code in known_districts():
            on_open_place(code)

    result = _component(data=data, key=key, default={"layers": layers, "fill": fill, "view": view},
                        on_layers_change=_ignore, on_fill_change=_ignore, on_view_change=_ignore,
                        on_open_place_change=opened)
    return clean_map_state(result, layer_ids(), layers, fill, view)


def known_districts() -> set[str]:
    """GSS codes a pinned stack may ask for (the browser's word is not taken on trust)."""
    return set(resources.atlas().block_table.index)
