"""The board pack as one PDF (fpdf2): per slide a title, one-line takeaway, figure, source notes, OGL and date."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from fpdf import FPDF

OGL = ("Contains public sector information licensed under the Open Government Licence v3.0 "
       "(nationalarchives.gov.uk/doc/open-government-licence/version/3/).")
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class LegendEntry:
    """One line of a printed map legend: drawn in its colour, width and dash, and named with its style in words."""

    label: str
    colour: str
    width: float
    dash: tuple[float, ...] | None
    dash_label: str


@dataclass(frozen=True)
class Slide:
    """One view of the board pack, ready to print."""

    title: str
    takeaway: str
    image_png: bytes | None
    sources: str
    alt_text: str = ""
    notes: list[str] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    table: list[list[str]] | None = None  # header row first; printed beside the figure


def board_pack_pdf(slides: list[Slide], title: str = "Patchwork board pack",
                   date: dt.date | None = None) -> bytes:
    """A landscape A4 PDF: a cover listing the views, then one page per slide."""
    if not slides:
        raise ValueError("a board pack needs at least one view")
    date = date or dt.date.today()
    pdf = _Pack(title, date)
    pdf.cover(slides)
    for slide in slides:
        pdf.slide(slide)
    return bytes(pdf.output())


def _headings(family: str):
    from fpdf.fonts import FontFace

    return FontFace(family=family, emphasis="BOLD", fill_color=(230, 230, 230))


class _Pack(FPDF):
    def __init__(self, title: str, date: dt.date):
        super().__init__(orientation="landscape", unit="mm", format="A4")
        self.pack_title, self.date = title, date
        self.set_title(title)
        self.set_author("Patchwork")
        self.set_creation_date(dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC))
        self.set_auto_page_break(auto=False)
        self.unicode = (FONT_DIR / "DejaVuSans.ttf").exists() and (FONT_DIR / "DejaVuSans-Bold.ttf").exists()
        if self.unicode:
            self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
            self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.family = "DejaVu" if self.unicode else "helvetica"

    def text_of(self, text: str) -> str:
        """Text the font can draw (core fonts are Latin-1 only: swap the usual typographic marks)."""
        if self.unicode:
            return text
        swaps = {"—": "-", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "²": "2"}
        for old, new in swaps.items():
            text = text.replace(old, new)
        return text.encode("latin-1", "replace").decode("latin-1")

    def para(self, height: float, text: str) -> None:
        """A paragraph across the page, leaving the cursor at the left margin below it."""
        self.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align="L")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 7)
        self.set_text_color(80, 80, 80)
        self.para(3.2, self.text_of(f"{OGL} Patchwork, {self.date:%d %B %Y}. Page {self.page_no()}."))

    def cover(self, slides: list[Slide]) -> None:
        self.add_page()
        self.set_font(self.family, "B", 28)
        self.set_y(40)
        self.para(12, self.text_of(self.pack_title))
        self.set_font(self.family, "", 14)
        self.para(8, self.text_of(f"Offender management in England and Wales. {self.date:%d %B %Y}."))
        self.ln(6)
        for number, slide in enumerate(slides, start=2):
            self.para(8, self.text_of(f"{number - 1}. {slide.title} (page {number})"))

    def slide(self, slide: Slide) -> None:
        self.add_page()
        self.set_font(self.family, "B", 20)
        self.para(9, self.text_of(slide.title))
        self.set_font(self.family, "", 13)
        self.para(7, self.text_of(slide.takeaway))
        top = self.get_y() + 2
        notes_height = 26
        bottom = self.h - 14 - notes_height
        side_w = 0.0
        if slide.table:
            side_w = (self.w - 2 * self.l_margin) * 0.55
            self._table(slide.table, self.w - self.r_margin - side_w + 4, top, side_w - 4)
        elif slide.legend:
            side_w = 70.0
        if slide.image_png:
            self._image(slide, top, bottom, side_w)
        else:
            self.set_xy(self.l_margin, top + 10)
            self.multi_cell(self.w - 2 * self.l_margin - side_w, 7, self.text_of("(No figure: see the table in the app.)"),
                            align="L")
        self.set_y(bottom + 2)
        self.set_font(self.family, "", 8)
        self.set_text_color(40, 40, 40)
        for note in slide.notes:
            self.para(3.8, self.text_of(note))
        self.para(3.8, self.text_of(f"Source: {slide.sources}"))
        self.set_text_color(0, 0, 0)

    def _image(self, slide: Slide, top: float, bottom: float, side_w: float) -> None:
        from PIL import Image

        with Image.open(io.BytesIO(slide.image_png)) as picture:
            ratio = picture.width / picture.height
        box_w, box_h = self.w - 2 * self.l_margin - side_w, bottom - top
        width = min(box_w, box_h * ratio)
        height = width / ratio
        x = self.l_margin + (box_w - width) / 2
        self.image(io.BytesIO(slide.image_png), x=x, y=top, w=width, h=height,
                   alt_text=self.text_of(slide.alt_text or slide.title))
        if slide.legend and not slide.table:
            self._legend(slide.legend, x + width + 6, top + 10)

    def _table(self, rows: list[list[str]], x: float, y: float, width: float) -> None:
        margin = self.l_margin
        self.set_xy(x, y)
        self.set_left_margin(x)
        self.set_font(self.family, "", 7.5)
        with self.table(width=width, align="LEFT", text_align="LEFT", line_height=3.6, first_row_as_headings=True,
                        headings_style=_headings(self.family)) as table:
            for row in rows:
                cells = table.row()
                for value in row:
                    cells.cell(self.text_of(str(value)))
        self.set_left_margin(margin)

    def _legend(self, entries: list[LegendEntry], x: float, y: float) -> None:
        self.set_font(self.family, "B", 10)
        self.text(x, y, self.text_of("Lines on the map"))
        self.set_font(self.family, "", 9)
        for entry in entries:
            y += 9
            colour = entry.colour.lstrip("#")
            self.set_draw_color(*(int(colour[i:i + 2], 16) for i in (0, 2, 4)))
            self.set_line_width(max(entry.width * 0.3, 0.2))
            if entry.dash:
                self.set_dash_pattern(dash=entry.dash[0] * entry.width * 0.3, gap=entry.dash[1] * entry.width * 0.3)
            self.line(x, y - 1.2, x + 14, y - 1.2)
            self.set_dash_pattern()
            self.set_xy(x + 16, y - 3.5)
            self.multi_cell(self.w - self.r_margin - x - 16, 4, self.text_of(f"{entry.label} ({entry.dash_label})"),
                            new_x="LMARGIN", new_y="NEXT", align="L")
            y = max(y, self.get_y() - 2)
        self.set_draw_color(0, 0, 0)
        self.set_line_width(0.2)
