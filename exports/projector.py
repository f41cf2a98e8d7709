"""Projector styling: larger type and thicker lines on a figure, for presentation mode and the board pack."""
from __future__ import annotations

import plotly.graph_objects as go

BASE_FONT = 12


def projector_figure(figure: go.Figure, factor: float = 1.6) -> go.Figure:
    """The same figure with fonts, line widths and marker sizes scaled by `factor`, changed in place.

    In place on purpose: copying a map figure re-validates megabytes of GeoJSON (seconds a rerun);
    callers pass a figure they have just built."""
    with figure.batch_update():
        font_size = (figure.layout.font.size or BASE_FONT) * factor
        figure.layout.font.size = font_size
        figure.layout.hoverlabel.font.size = font_size
        for trace in figure.data:
            line = getattr(trace, "line", None)
            if line is not None and getattr(line, "width", None):
                line.width = line.width * factor
            marker = getattr(trace, "marker", None)
            if marker is not None:
                size = getattr(marker, "size", None)
                if size and not isinstance(size, (list, tuple)):
                    marker.size = size * factor
                marker_line = getattr(marker, "line", None)
                if marker_line is not None and getattr(marker_line, "width", None):
                    marker_line.width = marker_line.width * factor
        map_layout = getattr(figure.layout, "map", None)
        for layer in (map_layout.layers if map_layout is not None else ()):
            if layer.line.width:
                layer.line.width = layer.line.width * factor
    return figure
