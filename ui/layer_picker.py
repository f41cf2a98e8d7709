"""The shared layer picker: which layers to overlay, kept in the URL so a link reopens the view."""
from __future__ import annotations

import streamlit as st

from figures.layer_styles import legend_svg, style_for
from geo.registry import LAYERS, get_layer
from ui.params import parse_choices, parse_flag

DEFAULT_LAYERS = ["county", "police_force_area", "crc"]
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
