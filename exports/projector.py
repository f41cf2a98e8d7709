"""Projector styling: a copy of a figure with larger type and thicker lines, for presentation mode and the board pack."""
from __future__ import annotations

import copy

import plotly.graph_objects as go

BASE_FONT = 12


def projector_figure(figure: go.Figure, factor: float = 1.6) -> go.Figure:
    """A copy with fonts, line widths and marker sizes scaled by `factor` (the original is left untouched)."""
    big = go.Figure(copy.deepcopy(figure.to_dict()))
    font_size = (big.layout.font.size or BASE_FONT) * factor
    big.update_layout(font={"size": font_size}, hoverlabel={"font": {"size": font_size}})
    for trace in big.data:
        line = getattr(trace, "line", None)
        if line is not None and getattr(line, "width", None):
            line.width = line.width * factor
        marker = getattr(trace, "marker", None)
        if marker is not None:
            if getattr(marker, "size", None) and not isinstance(marker.size, (list, tuple)):
                marker.size = marker.size * factor
            marker_line = getattr(marker, "line", None)
            if marker_line is not None and getattr(marker_line, "width", None):
                marker_line.width = marker_line.width * factor
    map_layout = big.layout.map
    if map_layout is not None and map_layout.layers:
        layers = []
        for layer in map_layout.layers:
            layer_dict = layer.to_plotly_json()
            if "line" in layer_dict and layer_dict["line"].get("width"):
                layer_dict["line"] = {**layer_dict["line"], "width": layer_dict["line"]["width"] * factor}
            layers.append(layer_dict)
        big.update_layout(map={"layers": layers})
    return big
