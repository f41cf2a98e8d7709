"""The shared layer picker: which layers to overlay, kept in the URL so a link reopens the view."""
from __future__ import annotations

import streamlit as st

from figures.layer_styles import legend_svg, style_for
from geo.registry import LAYERS, get_layer
from ui.params import parse_choices, parse_flag, parse_view

# Today's bodies: councils (upper tier; the fill shows every council), PCCs, probation, justice boards, CPS, mayors.
DEFAULT_LAYERS = ["upper_tier_council", "police_force_area", "probation_region", "lcjb_area", "cps_area",
                  "combined_authority"]
LAYER_PARAM = "layers"


def pick_layers(key: str = "layers") -> tuple[list[str], bool, list[str]]:
    """Layer multiselect and 'fill councils' toggle, seeded from and written back to the URL."""
    ids = [layer.id for layer in LAYERS]
    notices: list[str] = []
    if key not in st.session_state:
        chosen, notices = parse_choices(st.query_params.get(LAYER_PARAM), ids, DEFAULT_LAYERS, "layers")
        st.session_state[key] = chosen
        st.session_state[key + "_fill"] = parse_flag(st.query_params.get("fill"), True)
    chosen = st.multiselect("Layers to overlay", ids, key=key, format_func=lambda i: get_layer(i).name,
                            help="Each layer is drawn with its own colour, width and dash pattern.")
    fill = st.toggle("Fill councils by type", key=key + "_fill")
    st.query_params[LAYER_PARAM] = ",".join(chosen)
    st.query_params["fill"] = "1" if fill else "0"
    return chosen, fill, notices


def legend_html(layer_ids: list[str]) -> str:
    """An accessible legend: line sample, layer name and line style in words."""
    rows = "".join(
        f'<li style="list-style:none;margin:2px 0">{legend_svg(i)} <span>{get_layer(i).name}</span> '
        f'<span style="color:#555">({style_for(i).dash_label})</span></li>' for i in layer_ids)
    return f'<ul aria-label="Map legend" style="padding-left:0;margin:0">{rows}</ul>'


NO_LAYERS = "none"  # in the link, so that "no layers" reopens as no layers rather than the defaults


def overlay_choices_from_link(key: str = "overlay_link") -> tuple[list[str], bool, list[float] | None, list[str]]:
    """Layers, fill and view the overlay map opens with, read from the URL once per session; plus notices."""
    if key not in st.session_state:
        raw = st.query_params.get(LAYER_PARAM)
        if raw == NO_LAYERS:
            chosen, notices = [], []
        else:
            chosen, notices = parse_choices(raw, [layer.id for layer in LAYERS], DEFAULT_LAYERS, "layers")
        view, view_notices = parse_view(st.query_params.get("view"))
        st.session_state[key] = (chosen, parse_flag(st.query_params.get("fill"), True), view, notices + view_notices)
        return st.session_state[key]
    chosen, fill, view, _ = st.session_state[key]
    return chosen, fill, view, []


def write_overlay_link(layers: list[str], fill: bool, view: list[float] | None) -> None:
    """Keep the URL in step with what the map shows, so the link reopens the same view."""
    st.query_params[LAYER_PARAM] = ",".join(layers) or NO_LAYERS
    st.query_params["fill"] = "1" if fill else "0"
    if view and list(view) != [0, 0, 1]:
        st.query_params["view"] = ",".join(f"{v:g}" for v in view)
    elif "view" in st.query_params:
        del st.query_params["view"]
