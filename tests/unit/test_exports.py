"""Exports: figures to PNG/SVG through the persistent kaleido renderer, projector styling, the board-pack PDF."""
from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET

import plotly.graph_objects as go
import pytest
from PIL import Image
from pypdf import PdfReader

from exports.board_pack import OGL, LegendEntry, Slide, board_pack_pdf
from exports.images import can_render, figure_to_png, figure_to_svg, svg_to_png
from exports.projector import projector_figure

needs_chromium = pytest.mark.skipif(not can_render(), reason="image export needs Chromium")


def _bar() -> go.Figure:
    figure = go.Figure(go.Bar(x=["Durham Tees Valley CRC", "Dorset, Devon and Cornwall CRC"], y=[3, 5],
                              marker={"color": "#0072B2", "line": {"width": 1}}))
    figure.update_layout(title="Two CRCs", width=640, height=400)
    return figure


@needs_chromium
def test_a_standalone_svg_is_painted_to_png_at_twice_its_size():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="200"><rect width="300" height="200" '
           'fill="#ffffff"/><rect x="0" y="0" width="150" height="200" fill="#D55E00"/></svg>')
    with Image.open(io.BytesIO(svg_to_png(svg, 300, 200))) as image:
        rgb = image.convert("RGB")
        assert image.size == (600, 400)
        assert rgb.getpixel((100, 200)) == (0xD5, 0x5E, 0x00) and rgb.getpixel((500, 200)) == (255, 255, 255)


@needs_chromium
def test_png_has_the_asked_size_and_real_pixels():
    png = figure_to_png(_bar(), scale=2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1280, 800)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    blue = sum(count for count, (r, g, b) in colours if abs(r - 0x00) < 30 and abs(g - 0x72) < 30 and abs(b - 0xB2) < 30)
    assert blue > 1000  # the bars are painted, not a blank page


@needs_chromium
def test_svg_is_well_formed_and_keeps_text_as_text():
    svg = figure_to_svg(_bar())
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    texts = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    assert "Two CRCs" in texts and "Durham Tees Valley CRC" in texts


@needs_chromium
def test_renderer_is_kept_between_exports():
    from kaleido._sync_server import GlobalKaleidoServer

    figure_to_png(_bar(), scale=1)
    assert GlobalKaleidoServer().is_running()
    figure_to_svg(_bar())
    assert GlobalKaleidoServer().is_running()


def test_projector_figure_scales_type_and_lines(atlas):
    from figures.overlay_map import overlay_figure

    original = overlay_figure(atlas, ["crc"])
    widths = [layer.line.width for layer in original.layout.map.layers]
    assert original.layout.font.size is None
    big = projector_figure(original, factor=2)
    assert [layer.line.width for layer in big.layout.map.layers] == [width * 2 for width in widths]
    assert big.layout.font.size == 24 and big.layout.hoverlabel.font.size == 24
    bar = projector_figure(_bar(), factor=1.5)
    assert bar.data[0].marker.line.width == 1.5


def _slide(title: str, png: bytes | None = None, table=None) -> Slide:
    return Slide(title=title, takeaway=f"Takeaway for {title}.", image_png=png, sources="Source notes here.",
                 alt_text=f"Picture of {title}", table=table,
                 legend=[LegendEntry("Police force areas", "#000000", 2.2, None, "solid"),
                         LegendEntry("CRCs", "#D55E00", 3.0, (2, 1.5), "long dash")])


def test_board_pack_pdf_has_a_cover_and_one_page_per_slide_with_notes_ogl_and_date():
    picture = io.BytesIO()
    Image.new("RGB", (400, 300), (0, 114, 178)).save(picture, format="PNG")
    slides = [_slide("The landscape", picture.getvalue()),
              _slide("The place stack: Cleveland", None, [["Layer", "Body"], ["CRC", "=HYPERLINK(\"x\")"]])]
    pdf = board_pack_pdf(slides, date=dt.date(2026, 11, 23))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 3
    cover = reader.pages[0].extract_text()
    assert "Patchwork board pack" in cover and "23 November 2026" in cover and "The place stack: Cleveland" in cover
    first = reader.pages[1].extract_text()
    for expected in ("The landscape", "Takeaway for The landscape.", "Source notes here.", "Open Government Licence v3.0",
                     "23 November 2026", "Police force areas", "long dash"):
        assert expected in first.replace("\n", " ")
    assert len(reader.pages[1].images) == 1
    second = reader.pages[2].extract_text()
    assert "Body" in second and "No figure" in second


def test_board_pack_refuses_an_empty_pack():
    with pytest.raises(ValueError):
        board_pack_pdf([])


def test_ogl_attribution_names_the_licence():
    assert "Open Government Licence v3.0" in OGL
