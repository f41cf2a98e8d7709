"""One board-pack view as a PowerPoint slide's content: native charts for bars and lines, a picture otherwise."""
from __future__ import annotations

from dataclasses import dataclass

from exports.board_pack import LegendEntry
from exports.board_views import CELL_LIMIT, ViewContent
from exports.native_chart import NativeChart, native_charts
from formatting.tables import format_table

GAPS_NOTE = "Blank points in the chart are missing figures, not zeros."


@dataclass(frozen=True)
class PptxView:
    """What one slide holds: title, takeaway, source line, speaker notes and the figure as charts or a picture."""

    title: str
    takeaway: str
    sources: str
    notes: tuple[str, ...] = ()  # method and caveats, for the speaker notes
    image_png: bytes | None = None  # the map or drawing, used when there is no native chart
    charts: tuple[NativeChart, ...] = ()  # one per panel: a figure's subplots can measure different things
    table: tuple[tuple[str, ...], ...] | None = None  # header row first; shown beside the figure
    legend: tuple[LegendEntry, ...] = ()  # lines on a map, drawn beside the picture
    alt_text: str = ""
    caveat: str = ""  # the one thing a board must not misread, said with the slide

    @property
    def chart(self) -> NativeChart | None:
        """The first (usually only) native chart, or None."""
        return self.charts[0] if self.charts else None


def needs_image(content: ViewContent) -> bool:
    """True when the view's figure must be rendered to PNG for PowerPoint (it is not a bar or line chart)."""
    return content.figure is not None and not native_charts(content.figure)


def pptx_view_from(content: ViewContent, image_png: bytes | None, caveat: str = "") -> PptxView:
    """The slide of a view: its bar or line figure as native charts, any other figure as the given picture."""
    charts = native_charts(content.figure)
    notes = []
    if content.legend:
        notes.append("Lines on the map: " + "; ".join(f"{e.label}: {e.dash_label}" for e in content.legend) + ".")
    if any(v is None for chart in charts for _, values in chart.series for v in values):
        notes.append(GAPS_NOTE)
    return PptxView(title=content.title, takeaway=content.takeaway, sources=content.sources, notes=tuple(notes),
                    image_png=None if charts else image_png, charts=charts, table=_table(content),
                    legend=tuple(content.legend), alt_text=content.alt_text, caveat=caveat)


def _table(content: ViewContent) -> tuple[tuple[str, ...], ...] | None:
    """The printed table (short tables only, as in the PDF), long cells cut so a list of districts fits."""
    if not content.print_table or content.table.empty:
        return None
    shown = format_table(content.table)  # the same words and numbers as the table on screen
    cells = shown.astype(str).map(lambda v: v if len(v) <= CELL_LIMIT else v[:CELL_LIMIT - 1] + "…")
    return (tuple(map(str, shown.columns)),) + tuple(tuple(row) for row in cells.values.tolist())
