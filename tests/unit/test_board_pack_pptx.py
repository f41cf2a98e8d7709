"""The board pack as PowerPoint: reopened from its bytes, its slides, native charts, pictures, text and notes."""
from __future__ import annotations

import datetime as dt
import io
import math

import openpyxl
import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image
from plotly.subplots import make_subplots
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from exports.board_pack import OGL
from exports.board_pack_pptx import board_pack_pptx
from exports.board_views import CAVEATS, ViewContent, available_views
from exports.native_chart import NativeChart, native_charts
from exports.pptx_view import GAPS_NOTE, PptxView, needs_image, pptx_view_from
from formatting.numbers import money_number_format

DATE = dt.date(2026, 11, 23)
EMU_PER_INCH = 914400


def _png(width: int = 40, height: int = 30) -> bytes:
    """A tiny PNG standing in for a rendered map (rendering through Chromium takes seconds)."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (0, 114, 178)).save(out, format="PNG")
    return out.getvalue()


def _plain(name: str) -> str:
    return " ".join(name.replace("<br>", " ").split())


def _number(y) -> float | None:
    return None if y is None or (isinstance(y, float) and math.isnan(y)) else float(y)


def _reopen(data: bytes):
    return Presentation(io.BytesIO(data))


def _charts(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def _text(slide, name: str) -> str:
    return next(shape.text_frame.text for shape in slide.shapes if shape.name == name)


@pytest.fixture(scope="module")
def contents(atlas) -> dict[str, ViewContent]:
    views = {view.id: view for view in available_views()[0]}
    return {view_id: views[view_id].build(atlas, {}) for view_id in ("reform_timeline", "custody_cost", "landscape")}


@pytest.fixture(scope="module")
def pack(contents):
    png = _png(200, 152)
    views = [pptx_view_from(content, png if needs_image(content) else None, CAVEATS[view_id])
             for view_id, content in contents.items()]
    data = board_pack_pptx(views, date=DATE)
    assert data[:2] == b"PK"  # a .pptx is a zip
    return _reopen(data), png


def test_one_slide_per_view_after_a_cover_that_lists_them(pack, contents):
    deck, _ = pack
    slides = list(deck.slides)
    assert len(slides) == len(contents) + 1
    assert (deck.slide_width, deck.slide_height) == (int(13.333 * EMU_PER_INCH), int(7.5 * EMU_PER_INCH))
    cover = " ".join(shape.text_frame.text for shape in slides[0].shapes if shape.has_text_frame)
    assert slides[0].shapes.title.text == "Patchwork board pack" and "23 November 2026" in cover
    for number, content in enumerate(contents.values(), start=1):
        assert f"{number}. {content.title} (slide {number + 1})" in cover


def test_each_slide_has_its_title_takeaway_source_line_footer_and_notes(pack, contents):
    deck, _ = pack
    for slide, content in zip(list(deck.slides)[1:], contents.values()):
        assert slide.shapes.title.text == content.title
        assert _text(slide, "Takeaway") == content.takeaway
        assert _text(slide, "Source") == f"Source: {content.sources}"
        assert OGL in _text(slide, "Footer") and "23 November 2026" in _text(slide, "Footer")
        notes = slide.notes_slide.notes_text_frame.text
        assert content.alt_text in notes and content.sources in notes
        # talking points, in the order a presenter needs them: what it shows, the one thing to say, the caveat
        shows, say, caveat = (notes.index(f"What it shows: {content.alt_text}"), notes.index(f"Say: {content.takeaway}"),
                              notes.index("Caveat: "))
        assert shows < say < caveat
    custody_notes = list(deck.slides)[2].notes_slide.notes_text_frame.text
    assert "Not adjusted for inflation" in custody_notes and "conflict" in custody_notes
    assert GAPS_NOTE in custody_notes  # its measures cover different years: blanks, said to be missing figures
    assert "Caveat: Cash terms, not adjusted for inflation" in custody_notes
    cover_notes = list(deck.slides)[0].notes_slide.notes_text_frame.text
    assert cover_notes.startswith(f"What it shows: {len(contents)} views") and "Say: " in cover_notes
    assert all(content.title in cover_notes for content in contents.values()) and "Caveat: " in cover_notes
    landscape_notes = list(deck.slides)[3].notes_slide.notes_text_frame.text
    assert "Lines on the map:" in landscape_notes and "dash-dot" in landscape_notes


def test_reform_timeline_is_one_native_bar_chart_per_panel_holding_the_figures_data(pack, contents):
    deck, _ = pack
    figure = contents["reform_timeline"].figure
    charts = _charts(list(deck.slides)[1])
    assert len(charts) == len(figure.data) >= 2
    for chart, trace in zip(charts, figure.data):
        assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
        assert list(chart.plots[0].categories) == [str(x) for x in trace.x]
        (series,) = chart.plots[0].series
        assert series.name == _plain(trace.name) and chart.chart_title.text_frame.text == _plain(trace.name)
        assert list(series.values) == [_number(y) for y in trace.y]
        assert not chart.has_legend and chart.value_axis.minimum_scale == 0


def test_custody_cost_is_a_native_line_chart_with_gaps_where_a_measure_has_no_year(pack, contents):
    deck, _ = pack
    figure = contents["custody_cost"].figure
    (frame,) = [shape for shape in list(deck.slides)[2].shapes if shape.has_chart]
    chart = frame.chart
    assert chart.chart_type == XL_CHART_TYPE.LINE_MARKERS
    assert frame._element.nvGraphicFramePr.cNvPr.get("descr") == contents["custody_cost"].alt_text
    # the figure places years by time (2015.25 for 2015/16); the slide's categories are the years as worded, in order
    named = figure.layout.meta["category_labels"]
    years = [named[str(x)] for x in sorted({float(x) for trace in figure.data for x in trace.x})]
    assert list(chart.plots[0].categories) == years == ["1998-99", "2007-08", "2015/16", "2016/17"]
    drawn = {series.name: dict(zip(years, series.values)) for series in chart.plots[0].series}
    assert list(drawn) == [trace.name for trace in figure.data]
    for trace in figure.data:
        own = {named[str(float(x))]: float(y) for x, y in zip(trace.x, trace.y)}
        assert {year: value for year, value in drawn[trace.name].items() if value is not None} == own
        assert all(drawn[trace.name][year] is None for year in years if year not in own)  # gaps, never 0
    largest = max(abs(float(y)) for trace in figure.data for y in trace.y if y is not None)
    assert chart.has_legend and chart.value_axis.tick_labels.number_format == money_number_format(largest)
    assert largest < 1e9 or chart.value_axis.tick_labels.number_format == '£#,##0.0,,,"bn"'  # £2.9bn, never £2,862,000,000
    assert chart.value_axis.axis_title.text_frame.text == figure.layout.yaxis.title.text
    assert chart.category_axis.axis_title.text_frame.text == figure.layout.xaxis.title.text
    # Plotly joins each measure's own points, so PowerPoint spans the years only other measures have.
    assert chart._chartSpace.chart.find(qn("c:dispBlanksAs")).get("val") == "span"
    workbook = openpyxl.load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
    cells = [[cell.value for cell in row] for row in workbook.active.iter_rows(min_row=2)]
    assert len(cells) == len(years) and any(value is None for row in cells for value in row[1:])
    assert 0 not in [value for row in cells for value in row[1:]]


def test_the_map_is_a_picture_at_its_own_shape_with_alt_text_and_a_drawn_legend(pack, contents):
    deck, png = pack
    slide = list(deck.slides)[3]
    assert _charts(slide) == []
    (picture,) = [shape for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert picture.image.blob == png
    assert picture.width / picture.height == pytest.approx(200 / 152, rel=0.01)  # fitted, not stretched
    assert picture._element.nvPicPr.cNvPr.get("descr") == contents["landscape"].alt_text
    lines = {shape.name.removeprefix("Legend line: "): shape.line.dash_style
             for shape in slide.shapes if shape.name.startswith("Legend line: ")}
    assert lines == {entry.label: style for entry, style in zip(
        contents["landscape"].legend,
        (MSO_LINE_DASH_STYLE.SOLID, MSO_LINE_DASH_STYLE.DASH_DOT, MSO_LINE_DASH_STYLE.ROUND_DOT,
         MSO_LINE_DASH_STYLE.SQUARE_DOT, MSO_LINE_DASH_STYLE.SOLID))}


def test_every_shape_sits_on_the_slide_and_the_figure_clears_the_text(pack):
    deck, _ = pack
    width, height = deck.slide_width, deck.slide_height
    for slide in list(deck.slides)[1:]:
        shapes = list(slide.shapes)
        for shape in shapes:
            assert 0 <= shape.left and shape.left + shape.width <= width, shape.name
            assert 0 <= shape.top and shape.top + shape.height <= height, shape.name
        figure = [s for s in shapes if s.has_chart or s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        takeaway = next(s for s in shapes if s.name == "Takeaway")
        source = next(s for s in shapes if s.name == "Source")
        assert figure and all(takeaway.top + takeaway.height < s.top and s.top + s.height < source.top for s in figure)
        assert slide.shapes.title.top + slide.shapes.title.height <= takeaway.top


def _content(figure: go.Figure | None, **extra) -> ViewContent:
    return ViewContent(title="A test view", takeaway="One line.", figure=figure, table=pd.DataFrame(),
                       sources="Made up for this test.", alt_text="A chart made up for this test.", **extra)


def test_missing_values_stay_gaps_in_a_bar_chart_never_zeros():
    figure = go.Figure(go.Bar(x=["2019", "2020", "2021"], y=[1.5, float("nan"), 3], name="Rate"))
    figure.update_layout(yaxis={"ticksuffix": "%", "title": "Rate"})
    view = pptx_view_from(_content(figure), None)
    assert GAPS_NOTE in view.notes and view.chart.number_format == '0.0"%"'
    (chart,) = _charts(list(_reopen(board_pack_pptx([view])).slides)[1])
    assert list(chart.plots[0].series[0].values) == [1.5, None, 3.0]
    assert chart._chartSpace.chart.find(qn("c:dispBlanksAs")).get("val") == "gap"
    assert chart.value_axis.tick_labels.number_format == '0.0"%"'


def test_a_line_with_its_own_missing_value_breaks_rather_than_joins():
    figure = go.Figure([go.Scatter(x=[2020, 2021, 2022], y=[10, None, 12], mode="lines", name="A"),
                        go.Scatter(x=[2022, 2020], y=[7, 5], mode="lines+markers", name="B")])
    (chart,) = native_charts(figure)
    assert chart.kind == "line" and chart.blanks == "gap"
    assert chart.categories == ("2020", "2021", "2022")  # a numeric axis: low to high, whatever the trace order
    assert chart.series == (("A", (10.0, None, 12.0)), ("B", (5.0, None, 7.0)))
    assert [style.marker for style in chart.styles] == ["none", None]


@pytest.mark.parametrize("figure", [
    go.Figure(go.Bar(x=[1, 2], y=["a", "b"], orientation="h")),
    go.Figure([go.Bar(x=["a"], y=[1]), go.Bar(x=["a"], y=[2])], layout={"barmode": "stack"}),
    go.Figure(go.Scatter(x=[1, 2], y=[3, 4], mode="markers")),
    go.Figure([go.Bar(x=["a"], y=[1]), go.Scatter(x=["a"], y=[2], mode="lines")]),
    go.Figure(go.Bar(x=["a", "a"], y=[1, 2])),
    go.Figure(go.Choroplethmap(locations=["E1"], z=[1])),
], ids=["horizontal", "stacked", "markers only", "bars and lines", "repeated category", "map"])
def test_figures_a_native_chart_would_misdraw_stay_pictures(figure):
    content = _content(figure)
    assert native_charts(figure) == () and needs_image(content)
    view = pptx_view_from(content, _png())
    assert view.charts == () and view.image_png == _png()


def test_a_figure_with_one_panel_that_cannot_be_native_goes_whole_as_a_picture():
    figure = make_subplots(rows=1, cols=2)
    figure.add_trace(go.Bar(x=["a"], y=[1]), row=1, col=1)
    figure.add_trace(go.Scatter(x=["a"], y=[1], mode="markers"), row=1, col=2)
    assert native_charts(figure) == ()


def test_number_formats_follow_the_figures_axis():
    def one(**layout) -> str:
        figure = go.Figure(go.Scatter(x=["a", "b"], y=layout.pop("y", [1, 2]), mode="lines"))
        figure.update_layout(**layout)
        return native_charts(figure)[0].number_format

    assert one(yaxis={"tickprefix": "£"}) == "£#,##0"
    assert one(title="Custody spend (£)", y=[2.4e9, 2.86e9]) == '£#,##0.0,,,"bn"'
    assert one(title="Custody spend (£)", y=[120e6, 430e6]) == '£#,##0,,"m"'
    assert one(title="Cost (£)", y=[4_200, 39_000]) == "£#,##0"
    assert one(yaxis={"title": "% of residents"}) == '0.0"%"'
    assert one() == "#,##0" and one(y=[1.25, 2]) == "#,##0.0#"


def test_a_view_with_no_figure_says_so_and_a_short_table_is_printed_beside_the_map(atlas):
    from exports.board_views import place_view

    place = place_view(atlas, {"place": "E23000013"})
    views = [pptx_view_from(_content(None), None), pptx_view_from(place, _png(100, 76))]
    slides = list(_reopen(board_pack_pptx(views, title="Test pack", date=DATE)).slides)
    assert slides[0].shapes.title.text == "Test pack"
    assert "No figure" in _text(slides[1], "No figure") and not _charts(slides[1])
    (table,) = [shape.table for shape in slides[2].shapes if shape.has_table]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == list(place.table.columns) and len(rows) == len(place.table) + 1
    assert rows[1] == [str(value) for value in place.table.iloc[0]]


def test_a_pack_needs_a_view_and_a_chart_its_data_lined_up():
    with pytest.raises(ValueError):
        board_pack_pptx([])
    with pytest.raises(ValueError):
        NativeChart("bar", ("a", "b"), (("s", (1.0,)),))
    with pytest.raises(ValueError):
        NativeChart("pie", ("a",), (("s", (1.0,)),))
    view = PptxView("t", "k", "s", charts=(NativeChart("bar", ("a",), (("s", (1.0,)),)),))
    assert view.chart is view.charts[0]
