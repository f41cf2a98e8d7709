"""A NativeChart drawn on a slide as an editable PowerPoint chart (its data travels in an embedded workbook)."""
from __future__ import annotations

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from exports.native_chart import NativeChart, SeriesStyle

CHART_TYPES = {"bar": XL_CHART_TYPE.COLUMN_CLUSTERED, "line": XL_CHART_TYPE.LINE_MARKERS}
PLOTLY_DASHES = {"solid": MSO_LINE_DASH_STYLE.SOLID, "dot": MSO_LINE_DASH_STYLE.ROUND_DOT,
                 "dash": MSO_LINE_DASH_STYLE.DASH, "longdash": MSO_LINE_DASH_STYLE.LONG_DASH,
                 "dashdot": MSO_LINE_DASH_STYLE.DASH_DOT, "longdashdot": MSO_LINE_DASH_STYLE.LONG_DASH_DOT}
PLOTLY_MARKERS = {"circle": XL_MARKER_STYLE.CIRCLE, "square": XL_MARKER_STYLE.SQUARE,
                  "diamond": XL_MARKER_STYLE.DIAMOND, "triangle-up": XL_MARKER_STYLE.TRIANGLE,
                  "x": XL_MARKER_STYLE.X, "cross": XL_MARKER_STYLE.PLUS, "star": XL_MARKER_STYLE.STAR,
                  "none": XL_MARKER_STYLE.NONE}
TEXT_PT = 12  # tick labels and legend: readable from the back of a board room


def add_native_chart(shapes, chart: NativeChart, left: int, top: int, width: int, height: int, alt_text: str = ""):
    """Draw the chart in the box (EMU) and return its graphic frame."""
    data = CategoryChartData(number_format=chart.number_format)
    data.categories = list(chart.categories)
    for name, values in chart.series:
        data.add_series(name, list(values))  # None stays None: an empty cell, not 0
    frame = shapes.add_chart(CHART_TYPES[chart.kind], Emu(left), Emu(top), Emu(width), Emu(height), data)
    if alt_text:
        frame._element.nvGraphicFramePr.cNvPr.set("descr", alt_text)  # screen readers read the chart's description
    drawn = frame.chart
    drawn.font.size = Pt(TEXT_PT)
    _title(drawn, chart.title)
    _axes(drawn, chart)
    drawn.has_legend = len(chart.series) > 1
    if drawn.has_legend:
        drawn.legend.position = XL_LEGEND_POSITION.BOTTOM
        drawn.legend.include_in_layout = False
    plot = drawn.plots[0]
    plot.vary_by_categories = False  # one colour per series, as in the figure
    if chart.data_labels:
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format, labels.number_format_is_linked = chart.number_format, False
        labels.show_value = True
        labels.font.size = Pt(TEXT_PT - 1)
        labels.position = XL_LABEL_POSITION.OUTSIDE_END if chart.kind == "bar" else XL_LABEL_POSITION.ABOVE
    for series, style in zip(plot.series, chart.styles):
        _style(series, style, chart.kind)
    _blanks(drawn, chart.blanks)
    return frame


def _title(drawn, title: str) -> None:
    # Without an explicit "no title" PowerPoint titles a one-series chart with the series name.
    drawn.has_title = bool(title)
    if title:
        drawn.chart_title.text_frame.text = title
        font = drawn.chart_title.text_frame.paragraphs[0].font
        font.size, font.bold = Pt(TEXT_PT + 1), True


def _axes(drawn, chart: NativeChart) -> None:
    values = drawn.value_axis
    values.tick_labels.number_format, values.tick_labels.number_format_is_linked = chart.number_format, False
    values.has_major_gridlines = True
    values.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)
    if chart.from_zero:
        values.minimum_scale = 0
    for axis, text in ((values, chart.value_title), (drawn.category_axis, chart.category_title)):
        axis.has_title = bool(text)
        if text:
            axis.axis_title.text_frame.text = text
            axis.axis_title.text_frame.paragraphs[0].font.size = Pt(TEXT_PT)


def _style(series, style: SeriesStyle, kind: str) -> None:
    colour = RGBColor.from_string(style.colour[1:]) if style.colour else None
    if kind == "bar":
        if colour is not None:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = colour
        return
    line = series.format.line
    line.width = Pt(2.5)
    if colour is not None:
        line.color.rgb = colour
    if style.dash in PLOTLY_DASHES:
        line.dash_style = PLOTLY_DASHES[style.dash]
    series.smooth = False
    if style.marker in PLOTLY_MARKERS:
        series.marker.style = PLOTLY_MARKERS[style.marker]
    if style.marker != "none":
        series.marker.size = 8
        if colour is not None:
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = colour
            series.marker.format.line.color.rgb = colour


def _blanks(drawn, blanks: str) -> None:
    """How empty cells are drawn: 'gap' or 'span' (the bar chart's template says 'zero', which would invent figures)."""
    chart = drawn._chartSpace.chart
    element = chart.find(qn("c:dispBlanksAs"))
    if element is None:
        element = chart.makeelement(qn("c:dispBlanksAs"), {})
        # The schema's order: ... plotArea, legend, plotVisOnly, dispBlanksAs ...
        before = next(e for e in (chart.find(qn(f"c:{n}")) for n in ("plotVisOnly", "legend", "plotArea"))
                      if e is not None)
        before.addnext(element)
    element.set("val", blanks)
