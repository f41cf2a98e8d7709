"""Figures to PNG and SVG offline through kaleido and Debian's Chromium, one persistent renderer per process."""
from __future__ import annotations

import base64
import os
import threading

import kaleido
import plotly.graph_objects as go

CHROMIUM = os.environ.get("PATCHWORK_CHROMIUM", "/usr/bin/chromium")
DEFAULT_SIZE = (1200, 750)
_lock = threading.Lock()  # the kaleido server answers one caller at a time through shared queues


class ExportError(RuntimeError):
    """A figure could not be rendered (no Chromium, or the renderer failed)."""


def can_render() -> bool:
    """True when a Chromium is there for kaleido to drive."""
    return os.path.exists(os.environ.get("BROWSER_PATH", CHROMIUM))


def figure_to_png(figure: go.Figure, width: int | None = None, height: int | None = None, scale: float = 2) -> bytes:
    """The figure as a PNG (scale 2: sharp on a projector and in print)."""
    return _render(figure, "png", width, height, scale)


def figure_to_svg(figure: go.Figure, width: int | None = None, height: int | None = None) -> bytes:
    """The figure as an SVG (maps are raster layers inside it: MapLibre paints to a canvas)."""
    return _render(figure, "svg", width, height, 1)


def svg_to_png(svg: str, width: int, height: int, scale: float = 2) -> bytes:
    """A standalone SVG drawing as a PNG, painted by the same offline Chromium (as a full-page layout image)."""
    source = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    page = go.Figure()
    page.add_layout_image(source=source, xref="paper", yref="paper", x=0, y=1, sizex=1, sizey=1,
                          xanchor="left", yanchor="top", sizing="stretch", layer="above")
    page.update_layout(width=width, height=height, margin={"l": 0, "r": 0, "t": 0, "b": 0},
                       xaxis={"visible": False}, yaxis={"visible": False},
                       paper_bgcolor="#ffffff", plot_bgcolor="#ffffff")
    return _render(page, "png", width, height, scale)


def _render(figure: go.Figure, fmt: str, width: int | None, height: int | None, scale: float) -> bytes:
    width = width or int(figure.layout.width or DEFAULT_SIZE[0])
    height = height or int(figure.layout.height or DEFAULT_SIZE[1])
    if not can_render():
        raise ExportError(f"image export needs Chromium at {CHROMIUM} (set PATCHWORK_CHROMIUM)")
    os.environ.setdefault("BROWSER_PATH", CHROMIUM)
    with _lock:
        _ensure_server()
        try:
            return figure.to_image(format=fmt, width=width, height=height, scale=scale)
        except Exception as first:  # noqa: BLE001 - a dead renderer is restarted once, then reported
            _restart_server()
            try:
                return figure.to_image(format=fmt, width=width, height=height, scale=scale)
            except Exception as error:
                raise ExportError(f"could not render the figure as {fmt.upper()}: {error}") from first


def _ensure_server() -> None:
    """Start kaleido's persistent renderer once (about 0.3 s a chart afterwards, instead of 2-10 s)."""
    from kaleido._sync_server import GlobalKaleidoServer

    if not GlobalKaleidoServer().is_running():
        kaleido.start_sync_server(n=1, timeout=90, silence_warnings=True)


def _restart_server() -> None:
    kaleido.stop_sync_server(silence_warnings=True)
    kaleido.start_sync_server(n=1, timeout=90, silence_warnings=True)
