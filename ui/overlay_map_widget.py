"""The overlay map widget: an SVG map drawn in the browser whose legend is also the layer picker."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from geo.registry import layer_ids
from ui.params import clean_map_state

ASSETS = Path(__file__).parent / "assets"
KEY = "overlay_map"

_component = st.components.v2.component(
    "patchwork_overlay_map",
    js=(ASSETS / "overlay_map.js").read_text(),
    css=(ASSETS / "overlay_map.css").read_text(),
    isolate_styles=False,  # the page's own font and the tests' selectors reach into it
)


def _ignore() -> None:
    """State changes only need the rerun Streamlit makes anyway."""


def overlay_map(data: dict, key: str = KEY) -> dict:
    """Mount the map; returns the browser's current choices: layers, fill and view.

    Until the browser says otherwise (and again whenever the map is mounted afresh, e.g. after a bad place
    hid it), the choices are the ones `data` opens with."""
    layers, fill, view = data["chosen"], data["fill"], data["view"]
    result = _component(data=data, key=key, default={"layers": layers, "fill": fill, "view": view},
                        on_layers_change=_ignore, on_fill_change=_ignore, on_view_change=_ignore)
    return clean_map_state(result, layer_ids(), layers, fill, view)
