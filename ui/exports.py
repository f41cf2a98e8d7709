"""Export buttons for any chart: PNG, SVG (rendered offline only when clicked) and formula-safe CSV."""
from __future__ import annotations

import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from exports.images import ExportError, can_render, figure_to_png, figure_to_svg, svg_to_png
from indicators.csv_safety import safe_csv_bytes  # the one neutraliser every CSV download in the app uses

UNAVAILABLE = "Image export needs Chromium on the server (see docs/deployment.md)."


def file_stem(name: str) -> str:
    """A safe file name stem: letters, digits, dash and underscore only."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_")
    return stem[:80] or "patchwork"


def export_buttons(figure: go.Figure | None, table: pd.DataFrame | None, name: str, *,
                   alt_text: str | None = None, drawing: Callable[[], tuple[str, int, int]] | None = None) -> None:
    """PNG, SVG and CSV downloads for one chart in a row; images are rendered only when clicked.

    `drawing`, instead of a figure, is a function giving a standalone SVG and its size: the SVG download is that
    vector drawing itself and the PNG is painted from it.
    `name` becomes the file name (made safe) and the widget keys, so give each chart on a page its own name.
    `alt_text`, when given, is shown as a caption describing the chart for anyone who cannot see it."""
    stem = file_stem(name)
    if alt_text:
        st.caption(f"Chart description: {alt_text}")
    # One row of buttons each as wide as its label (fixed columns squeezed them to 'P' and 'S' in a half-page chart);
    # where the row is too narrow they wrap.
    row = st.container(horizontal=True, gap="small")
    if figure is not None or drawing is not None:
        no_browser = not can_render()
        png = _deferred(figure_to_png, figure, stem, "png") if drawing is None else _deferred(
            lambda made: svg_to_png(*made), drawing, stem, "png")
        svg = _deferred(figure_to_svg, figure, stem, "svg") if drawing is None else _deferred(
            lambda made: made[0].encode(), drawing, stem, "svg")
        with row:
            st.download_button("PNG", png, file_name=f"{stem}.png",
                               mime="image/png", key=f"export_{stem}_png", on_click="ignore", icon=":material/image:",
                               disabled=no_browser,
                               help=UNAVAILABLE if no_browser else
                               "The chart as a picture (for slides and papers); takes a few seconds for a map.")
        with row:
            st.download_button("SVG", svg, file_name=f"{stem}.svg",
                               mime="image/svg+xml", key=f"export_{stem}_svg", on_click="ignore",
                               icon=":material/draw:", disabled=no_browser and drawing is None,
                               help=UNAVAILABLE if no_browser and drawing is None else "The chart as a scalable vector drawing.")
    if table is not None:
        with row:
            # Made on click, like the images: neutralising and writing every table on every rerun cost each
            # click about 7% of the server's time under the load test (py-spy).
            st.download_button("CSV", lambda: safe_csv_bytes(table), file_name=f"{stem}.csv", mime="text/csv",
                               key=f"export_{stem}_csv", on_click="ignore", icon=":material/table:",
                               help="The chart's data; cells that a spreadsheet would run as a formula start with '.")


def _deferred(render, figure, stem: str, fmt: str):
    """A callable Streamlit runs on click: rendering a map takes seconds, so never on every rerun."""
    def make() -> bytes:
        try:
            return render(figure() if callable(figure) else figure)  # a figure, or a function making the drawing
        except ExportError as error:
            # The download cannot show a message; an SVG/PNG-sized note would be worse than a text file
            # the user can read, so hand back the reason as plain text under the same name.
            return f"Patchwork could not export {stem}.{fmt}: {error}\n".encode()
    return make
