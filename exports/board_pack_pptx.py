"""The board pack as a 16:9 PowerPoint deck: a cover, then per view a title, takeaway, figure, source line and notes."""
from __future__ import annotations

import datetime as dt
import io
import math

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from exports.board_pack import OGL, LegendEntry
from exports.pptx_chart import add_native_chart
from exports.pptx_view import PptxView

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
GAP = Inches(0.12)
NO_FIGURE = "(No figure: see the table in the app.)"
GREY = RGBColor(0x40, 0x40, 0x40)
LEGEND_WIDTH = Inches(3.2)
TABLE_SHARE = 0.55  # of the figure row, as in the PDF
# Legend dash names (figures.layer_styles) as PowerPoint's preset dashes.
DASHES = {"solid": MSO_LINE_DASH_STYLE.SOLID, "thin solid": MSO_LINE_DASH_STYLE.SOLID,
          "dashed": MSO_LINE_DASH_STYLE.DASH, "long dash": MSO_LINE_DASH_STYLE.LONG_DASH,
          "dotted": MSO_LINE_DASH_STYLE.ROUND_DOT, "dash-dot": MSO_LINE_DASH_STYLE.DASH_DOT,
          "short dash": MSO_LINE_DASH_STYLE.SQUARE_DOT, "dash-dot-dot": MSO_LINE_DASH_STYLE.DASH_DOT_DOT,
          "wide dash": MSO_LINE_DASH_STYLE.LONG_DASH, "dot-dash": MSO_LINE_DASH_STYLE.LONG_DASH_DOT}


def board_pack_pptx(views: list[PptxView], title: str = "Patchwork board pack", date: dt.date | None = None) -> bytes:
    """The deck as .pptx bytes: a cover listing the views, then one slide per view."""
    if not views:
        raise ValueError("a board pack needs at least one view")
    date = date or dt.date.today()
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title, deck.core_properties.author = title, "Patchwork"
    deck.core_properties.created = deck.core_properties.modified = dt.datetime.combine(date, dt.time())
    total = len(views) + 1
    _cover(deck, title, date, views, total)
    for number, view in enumerate(views, start=2):
        _view_slide(deck, view, date, number, total)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def estimate_lines(text: str, width: int, size_pt: float) -> int:
    """Lines the text wraps to in a box (EMU wide) at a size: an average glyph is about half an em."""
    per_line = max(int(width / 12700 / (size_pt * 0.5)), 1)
    return sum(max(math.ceil(len(part) / per_line), 1) for part in text.split("\n"))


def fit_size(text: str, width: int, most_height: int, sizes: tuple[float, ...]) -> tuple[float, int]:
    """The largest size whose wrapped text fits the height, and that height (EMU); the smallest size if none fits."""
    for size in sizes:
        height = _text_height(estimate_lines(text, width, size), size)
        if height <= most_height:
            return size, height
    return sizes[-1], min(_text_height(estimate_lines(text, width, sizes[-1]), sizes[-1]), most_height)


def _text_height(lines: int, size_pt: float) -> int:
    return int(Pt(size_pt * 1.2 * lines) + Inches(0.1))  # line spacing 1.2 and the box's own insets


def _cover(deck, title: str, date: dt.date, views: list[PptxView], total: int) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[0])  # "Title Slide": a real title and subtitle
    width = WIDTH - 2 * MARGIN
    _place(slide.shapes.title, MARGIN, Inches(0.9), width, Inches(1.1))
    _write(slide.shapes.title.text_frame, title, 40, bold=True)
    subtitle = slide.placeholders[1]
    _place(subtitle, MARGIN, Inches(2.0), width, Inches(0.6))
    _write(subtitle.text_frame, f"Offender management in England and Wales. {date:%d %B %Y}.", 20)
    listing = "\n".join(f"{n}. {view.title} (slide {n + 1})" for n, view in enumerate(views, start=1))
    size, height = fit_size(listing, width, Inches(3.8), (18, 16, 14, 12, 10))
    box = slide.shapes.add_textbox(MARGIN, Inches(2.9), width, height)
    _write(box.text_frame, listing, size)
    box.name = "Views"
    _footer(slide, date, 1, total)
    slide.notes_slide.notes_text_frame.text = cover_notes(views)


def _view_slide(deck, view: PptxView, date: dt.date, number: int, total: int) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only": the title stays a title for screen readers
    width = WIDTH - 2 * MARGIN
    title_size, title_height = fit_size(view.title, width, Inches(1.0), (30, 26, 22, 20))
    _place(slide.shapes.title, MARGIN, Inches(0.3), width, title_height)
    _write(slide.shapes.title.text_frame, view.title, title_size, bold=True)
    top = Inches(0.3) + title_height
    size, height = fit_size(view.takeaway, width, Inches(1.1), (20, 18, 16, 14))
    takeaway = slide.shapes.add_textbox(MARGIN, top, width, height)
    takeaway.name = "Takeaway"
    _write(takeaway.text_frame, view.takeaway, size)
    source_text = f"Source: {view.sources}"
    source_size, source_height = fit_size(source_text, width, Inches(1.3), (12, 11, 10, 9, 8))
    source_top = _footer(slide, date, number, total) - source_height
    source = slide.shapes.add_textbox(MARGIN, source_top, width, source_height)
    source.name = "Source"
    _write(source.text_frame, source_text, source_size, colour=GREY)
    figure_top = top + height + GAP
    _figure_row(slide, view, MARGIN, figure_top, width, source_top - GAP - figure_top)
    slide.notes_slide.notes_text_frame.text = speaker_notes(view)


def speaker_notes(view: PptxView) -> str:
    """Talking points for the presenter: what the slide shows, the one thing to say (its takeaway and number), the
    caveat, then the source and the method notes."""
    parts = [f"What it shows: {view.alt_text}" if view.alt_text else "", f"Say: {view.takeaway}",
             f"Caveat: {view.caveat}" if view.caveat else "", f"Source: {view.sources}", *view.notes]
    return "\n\n".join(part for part in parts if part)


def cover_notes(views: list[PptxView]) -> str:
    """Talking points for the cover: what the pack covers, the one thing to say, and how to read its figures."""
    return "\n\n".join([
        f"What it shows: {len(views)} view{'s' if len(views) != 1 else ''} of offender management in England and "
        "Wales, in this order: " + "; ".join(view.title for view in views) + ".",
        "Say: prison, probation, police, courts and councils each work to their own boundaries, and those boundaries "
        "do not line up; every area works with a patchwork of partners.",
        "Caveat: every figure names its source and vintage on its slide; derived or modelled figures say so, and "
        "earlier eras are labelled history."])


def _figure_row(slide, view: PptxView, left: int, top: int, width: int, height: int) -> None:
    """The figure (charts or picture), with the table or the map's legend beside it."""
    side = 0
    if view.table:
        side = int(width * TABLE_SHARE)
        _table(slide, view.table, left + width - side + int(GAP), top, side - int(GAP), height)
    elif view.legend and not view.charts:
        side = int(LEGEND_WIDTH)
    box_width = width - side
    if view.charts:
        each = (box_width - int(GAP) * (len(view.charts) - 1)) // len(view.charts)
        for i, chart in enumerate(view.charts):
            add_native_chart(slide.shapes, chart, left + i * (each + int(GAP)), top, each, height,
                             alt_text=view.alt_text if len(view.charts) == 1 else f"{chart.title}. {view.alt_text}")
    elif view.image_png:
        picture_left, picture_width = _picture(slide, view, left, top, box_width, height)
        if view.legend and not view.table:
            _legend(slide, view.legend, picture_left + picture_width + int(GAP) * 2, top + Inches(0.3),
                    left + width - (picture_left + picture_width + int(GAP) * 2))
    else:
        box = slide.shapes.add_textbox(left, top + Inches(0.5), box_width, Inches(0.6))
        box.name = "No figure"
        _write(box.text_frame, NO_FIGURE, 16, colour=GREY)


def _picture(slide, view: PptxView, left: int, top: int, width: int, height: int) -> tuple[int, int]:
    """The picture fitted inside the box at its own aspect ratio, centred across it; returns its left and width."""
    from PIL import Image

    with Image.open(io.BytesIO(view.image_png)) as image:
        ratio = image.width / image.height
    fitted_w = min(width, int(height * ratio))
    fitted_h = int(fitted_w / ratio)
    x = left + (width - fitted_w) // 2
    picture = slide.shapes.add_picture(io.BytesIO(view.image_png), x, top, fitted_w, fitted_h)
    picture._element.nvPicPr.cNvPr.set("descr", view.alt_text or view.title)  # alt text, not the file name
    return x, fitted_w


def _legend(slide, entries: tuple[LegendEntry, ...], left: int, top: int, width: int) -> None:
    """Each map line drawn in its colour, width and dash, named with its style in words."""
    heading = slide.shapes.add_textbox(left, top, width, Inches(0.4))
    _write(heading.text_frame, "Lines on the map", 14, bold=True)
    y = top + Inches(0.5)
    for entry in entries:
        sample = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, left, y + Inches(0.17), left + Inches(0.6), y + Inches(0.17))
        sample.line.color.rgb = RGBColor.from_string(entry.colour.lstrip("#").upper())
        sample.line.width = Pt(max(entry.width, 0.75))
        sample.line.dash_style = DASHES.get(entry.dash_label,
                                            MSO_LINE_DASH_STYLE.SOLID if entry.dash is None else MSO_LINE_DASH_STYLE.DASH)
        sample.name = f"Legend line: {entry.label}"
        label = f"{entry.label} ({entry.dash_label})"
        size, height = fit_size(label, width - Inches(0.7), Inches(0.8), (12, 11, 10))
        text = slide.shapes.add_textbox(left + Inches(0.7), y, width - Inches(0.7), height)
        _write(text.text_frame, label, size)
        y += max(height, Inches(0.4)) + Inches(0.08)


def _table(slide, rows: tuple[tuple[str, ...], ...], left: int, top: int, width: int, height: int) -> None:
    """A native table, its type as large as the box allows, columns as wide as their longest cell wants."""
    columns = len(rows[0])
    wants = [max(min(max(len(row[c]) for row in rows), 60), 6) for c in range(columns)]
    widths = [int(width * w / sum(wants)) for w in wants]
    size = next((s for s in (12, 11, 10, 9, 8) if _table_height(rows, widths, s) <= height), 7)
    shape = slide.shapes.add_table(len(rows), columns, left, top, width, _table_height(rows, widths, size))
    shape.name = "Table"
    table = shape.table
    for c, column_width in enumerate(widths):
        table.columns[c].width = Emu(column_width)
    for r, row in enumerate(rows):
        table.rows[r].height = Emu(_row_height(row, widths, size))
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.margin_left = cell.margin_right = Inches(0.05)
            _write(cell.text_frame, value, size, bold=r == 0)


def _row_height(row: tuple[str, ...], widths: list[int], size: float) -> int:
    lines = max(estimate_lines(value, width - int(Inches(0.1)), size) for value, width in zip(row, widths))
    return int(Pt(size * 1.2 * lines) + Inches(0.06))


def _table_height(rows, widths: list[int], size: float) -> int:
    return sum(_row_height(row, widths, size) for row in rows)


def _footer(slide, date: dt.date, number: int, total: int) -> int:
    """The OGL attribution, date and slide number along the foot; returns the top of the footer."""
    text = f"{OGL} Patchwork, {date:%d %B %Y}. Slide {number} of {total}."
    width = WIDTH - 2 * MARGIN
    size, height = fit_size(text, width, Inches(0.5), (9, 8, 7))
    top = HEIGHT - Inches(0.15) - height
    box = slide.shapes.add_textbox(MARGIN, top, width, height)
    box.name = "Footer"
    _write(box.text_frame, text, size, colour=GREY)
    return int(top)


def _place(shape, left: int, top: int, width: int, height: int) -> None:
    shape.left, shape.top, shape.width, shape.height = Emu(int(left)), Emu(int(top)), Emu(int(width)), Emu(int(height))


def _write(frame, text: str, size: float, bold: bool = False, colour: RGBColor | None = None) -> None:
    """Left-aligned wrapped text at one size, top-anchored (one paragraph a line of the text)."""
    frame.word_wrap = True
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.text = text
    for paragraph in frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT
        for run in paragraph.runs:
            run.font.size, run.font.bold = Pt(size), bold
            if colour is not None:
                run.font.color.rgb = colour
