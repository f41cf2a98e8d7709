"""A Plotly bar or line figure read back into chart data (categories, series, titles, format) for a native chart."""
from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass, field
from typing import Literal

import plotly.graph_objects as go

from formatting.numbers import money_number_format

Value = float | None  # None is a missing figure: drawn as a gap, never as 0


@dataclass(frozen=True)
class SeriesStyle:
    """How one series is drawn, taken from the figure so colour is never the only cue."""

    colour: str | None = None  # "#RRGGBB"
    dash: str | None = None  # Plotly's names: solid, dot, dash, longdash, dashdot, longdashdot
    marker: str | None = None  # Plotly's symbol names; "none" for a line without markers


@dataclass(frozen=True)
class NativeChart:
    """One bar or line chart as data: what PowerPoint needs to draw it as an editable chart."""

    kind: Literal["bar", "line"]
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[Value, ...]], ...]  # (name, one value per category)
    number_format: str = "General"  # an Excel number format, e.g. '£#,##0' or '0.0"%"'
    category_title: str = ""
    value_title: str = ""
    title: str = ""  # the panel's own title when a slide holds several charts
    styles: tuple[SeriesStyle, ...] = ()  # parallel to series; empty: PowerPoint's defaults
    data_labels: bool = False  # the figure writes its values on the bars or points
    from_zero: bool = False  # the value axis starts at 0
    blanks: Literal["gap", "span"] = "gap"  # "span": lines join across categories a series has no figure for

    def __post_init__(self) -> None:
        if self.kind not in ("bar", "line"):
            raise ValueError(f"a native chart is a bar or line chart, not {self.kind!r}")
        if not self.series:
            raise ValueError("a native chart needs at least one series")
        for name, values in self.series:
            if len(values) != len(self.categories):
                raise ValueError(f"series {name!r} has {len(values)} values for {len(self.categories)} categories")
        if self.styles and len(self.styles) != len(self.series):
            raise ValueError("give one style per series, or none")


@dataclass
class _Panel:
    """The traces drawn on one pair of axes (one subplot)."""

    xaxis: str
    yaxis: str
    traces: list = field(default_factory=list)


def native_charts(figure: go.Figure | None) -> tuple[NativeChart, ...]:
    """One chart per subplot when every trace is a vertical bar or a line; () when the figure must stay a picture."""
    if figure is None:
        return ()
    panels: dict[tuple[str, str], _Panel] = {}
    for trace in figure.data:
        if not isinstance(trace, go.Bar | go.Scatter):
            return ()  # a map, heatmap or the like: the picture is the figure
        if trace.visible is False:
            continue
        key = (trace.xaxis or "x", trace.yaxis or "y")
        panels.setdefault(key, _Panel(*key)).traces.append(trace)
    charts = []
    for panel in panels.values():
        chart = _panel_chart(figure, panel, single=len(panels) == 1)
        if chart is None:
            return ()  # one panel that cannot be native: the whole figure goes as a picture, never half of it
        charts.append(chart)
    return tuple(charts)


def _panel_chart(figure: go.Figure, panel: _Panel, single: bool) -> NativeChart | None:
    kind = _kind(figure, panel.traces)
    if kind is None:
        return None
    xaxis, yaxis = figure.layout[_layout_key(panel.xaxis)], figure.layout[_layout_key(panel.yaxis)]
    points: list[tuple[str, dict]] = []
    for trace in panel.traces:
        read = _points(trace)
        if read is None:
            return None
        points.append((plain(trace.name or ""), read))
    categories = _categories([list(p) for _, p in points], xaxis)
    series = tuple((name, tuple(p.get(c) for c in categories)) for name, p in points)
    # A time axis places its points by date (2015.25 for 2015/16); the figure's meta names them as a reader does.
    named = (figure.layout.meta or {}).get("category_labels", {}) if isinstance(figure.layout.meta, dict) else {}
    labels = tuple(named.get(str(c), _label(c)) for c in categories)
    value_title = plain(_title(yaxis)) or (plain(_title(figure.layout)) if single else "")
    title = "" if single or len(series) > 1 else series[0][0]  # a panel's own name, as its subplot title says
    values = [v for _, vs in series for v in vs if v is not None]
    own_gaps = any(v is None for p in points for v in p[1].values())
    return NativeChart(
        kind=kind, categories=labels, series=series,
        number_format=number_format(values, yaxis, " ".join([value_title, title] + [n for n, _ in series])),
        category_title=plain(_title(xaxis)), value_title=value_title, title=title,
        styles=tuple(_style(trace, kind) for trace in panel.traces),
        data_labels=any(_has_text(trace) for trace in panel.traces),
        from_zero=bool(values) and min(values) >= 0 and (kind == "bar" or _starts_at_zero(yaxis)),
        # Plotly joins a trace's own points across categories only other traces have; a None it holds is a gap.
        blanks="span" if kind == "line" and not own_gaps else "gap")


def _kind(figure: go.Figure, traces: list) -> Literal["bar", "line"] | None:
    if all(isinstance(t, go.Bar) and (t.orientation or "v") == "v" for t in traces):
        # Stacked or overlaid bars would be drawn side by side: keep those as a picture.
        return "bar" if (figure.layout.barmode or "group") == "group" else None
    if all(isinstance(t, go.Scatter) and "lines" in (t.mode or "lines") and not t.fill for t in traces):
        return "line"
    return None


def _layout_key(axis: str) -> str:
    """'x2' -> 'xaxis2' (a trace names its axes the short way, the layout the long way)."""
    return f"{axis[0]}axis{axis[1:]}"


def _points(trace) -> dict | None:
    """{x: value} of one trace in its own order; None when x repeats or a value is not a number."""
    xs = [] if trace.x is None else list(trace.x)
    ys = [] if trace.y is None else list(trace.y)
    if len(xs) != len(ys) or len(set(map(_key, xs))) != len(xs):
        return None
    read: dict = {}
    for x, y in zip(xs, ys):
        value = _number(y)
        if value is _NOT_A_NUMBER:
            return None
        read[_key(x)] = value
    return read


_NOT_A_NUMBER = object()


def _number(value) -> Value | object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return _NOT_A_NUMBER
    try:
        number = float(value)
    except (TypeError, ValueError):
        return _NOT_A_NUMBER
    return None if math.isnan(number) else number


def _key(x):
    """A hashable category key (numpy scalars become Python numbers so 2020 and np.int64(2020) match)."""
    if isinstance(x, numbers.Number) and not isinstance(x, bool):
        return float(x) if not float(x).is_integer() else int(x)
    return x if isinstance(x, str) else str(x)


def _categories(per_trace: list[list], axis) -> list:
    """All categories in the order the figure's axis shows them."""
    seen = list(dict.fromkeys(x for xs in per_trace for x in xs))
    order = axis.categoryorder or "trace"
    if order == "array" and axis.categoryarray is not None:
        wanted = [_key(c) for c in axis.categoryarray]
        return [c for c in wanted if c in seen] + [c for c in seen if c not in wanted]
    if all(isinstance(x, int | float) for x in seen) and axis.type != "category":
        return sorted(seen)  # a numeric axis runs low to high whatever order the traces list them in
    if order in ("category ascending", "category descending"):
        return sorted(seen, key=str, reverse=order == "category descending")
    return seen


def _label(category) -> str:
    return plain(str(category))


def _title(axis_or_layout) -> str:
    title = axis_or_layout.title
    return (title.text or "") if title is not None else ""


def plain(text: str) -> str:
    """Plotly's HTML-ish label as plain text: line breaks become spaces, tags go."""
    text = re.sub(r"<br\s*/?>", " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip()


def number_format(values: list[float], axis, words: str) -> str:
    """The Excel format the figure's axis implies: money, a percentage, a count or a decimal."""
    prefix, suffix = axis.tickprefix or "", axis.ticksuffix or ""
    if "£" in prefix or "£" in words:
        return money_number_format(max((abs(float(v)) for v in values if v is not None), default=0.0))
    if "%" in suffix or "%" in words:
        return '0.0"%"'
    return "#,##0" if all(float(v).is_integer() for v in values) else "#,##0.0#"


def _starts_at_zero(axis) -> bool:
    return axis.rangemode == "tozero" or (axis.range is not None and axis.range[0] == 0)


def _has_text(trace) -> bool:
    if isinstance(trace, go.Scatter):
        return "text" in (trace.mode or "")
    return trace.text is not None and trace.textposition != "none"


def _style(trace, kind: str) -> SeriesStyle:
    if kind == "bar":
        return SeriesStyle(colour=_hex(trace.marker.color))
    marker = "none" if "markers" not in (trace.mode or "lines+markers") else trace.marker.symbol
    return SeriesStyle(colour=_hex(trace.line.color) or _hex(trace.marker.color), dash=trace.line.dash,
                       marker=marker if isinstance(marker, str) else None)


def _hex(colour) -> str | None:
    """'#RRGGBB' of a single colour given in hex; None for per-point colours or names (PowerPoint picks)."""
    if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        return colour.upper()
    if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{3}", colour):
        return "#" + "".join(c * 2 for c in colour[1:]).upper()
    return None
