"""Indicator figures: choropleth with missing areas marked, funnel plot, ranked table and trend (no Streamlit)."""
from __future__ import annotations

import math
import re
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from figures.layer_styles import OKABE_ITO
from figures.overlay_map import ENGLAND_AND_WALES_VIEW, OFFLINE_STYLE, coast_layer
from formatting.numbers import money, money_ticks
from geo.atlas import Atlas
from indicators.catalogue import IndicatorDef
from indicators.funnel import SMALL_COHORT, classify, funnel_lines, is_small
from indicators.periods import period_midpoint, sort_periods

MISSING_FILL = "#c8c8c8"
SERIES_PART = " — "  # "England and Wales — 3-month cohorts (October 2017 method)": one line of a split series
VALUE_SCALE = [[0.0, "#e9f3fb"], [0.5, OKABE_ITO["sky_blue"]], [1.0, OKABE_ITO["blue"]]]
FUNNEL_SYMBOLS = {"above 99.8% limit": ("triangle-up", OKABE_ITO["vermillion"]),
                  "above 95% limit": ("triangle-up-open", OKABE_ITO["orange"]),
                  "within limits": ("circle", OKABE_ITO["grey"]),
                  "below 95% limit": ("triangle-down-open", OKABE_ITO["sky_blue"]),
                  "below 99.8% limit": ("triangle-down", OKABE_ITO["blue"])}


def format_value(value: float, indicator: IndicatorDef) -> str:
    """A value in the indicator's unit, or 'no data'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "no data"
    if indicator.unit == "%":
        return f"{value:.1f}%"
    if indicator.kind == "money":
        return f"£{value:,.2f}" if value < 1000 else f"£{value:,.0f}"
    if indicator.kind == "count":
        return f"{value:,.0f}"
    return f"{value:,.1f} {indicator.unit}"


def hover_lines(table: pd.DataFrame, indicator: IndicatorDef, sources: dict[str, str],
                value_text: Callable[[float], str] | None = None) -> list[str]:
    """Hover HTML per area: name, value (in value_text's words if given), cohort, status, note and source title."""
    lines = []
    text = value_text or (lambda value: format_value(value, indicator))
    for _, r in table.iterrows():
        parts = [f"<b>{r['area_name']}</b> ({r['area_code']})", f"{indicator.label}: {text(r['value'])}"
                 + (" (ESTIMATE)" if r["is_estimate"] else "")]
        if not math.isnan(r["denominator"]):
            parts.append(f"{indicator.denominator_label or 'denominator'}: {r['denominator']:,.0f}"
                         + (f" (small: under {SMALL_COHORT})" if is_small(r["denominator"]) else ""))
        if r["status"] == "pooled":
            parts.append("pooled from smaller areas' numerators and denominators")
        if r["note"]:
            parts.append(_wrap(str(r["note"])))
        if r["source_ids"]:
            parts.append("Source: " + "; ".join(sources.get(s.strip(), s.strip()) for s in r["source_ids"].split(",")))
        lines.append("<br>".join(parts))
    return lines


def _wrap(text: str, width: int = 70) -> str:
    words, out, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) > width:
            out.append(line)
            line = ""
        line = f"{line} {word}".strip()
    return "<br>".join(out + [line])


def _subset(geojson: dict, codes: set[str]) -> dict:
    return {"type": "FeatureCollection", "features": [f for f in geojson["features"] if f["id"] in codes]}


def choropleth(atlas: Atlas, table: pd.DataFrame, layer: str, indicator: IndicatorDef, sources: dict[str, str],
               height: int = 560, value_text: Callable[[float], str] | None = None,
               highlight: tuple[str, ...] = ()) -> go.Figure:
    """Areas filled by value; areas without data grey with a dashed edge, estimates with a dotted edge; areas in
    `highlight` (an area first, then its similar areas) outlined thick black, the first thickest."""
    fill = atlas.map_geojson(layer, "fill")
    hover = pd.Series(hover_lines(table, indicator, sources, value_text), index=table.index)
    has = table["value"].notna()
    figure = go.Figure()
    if (~has).any():
        figure.add_trace(go.Choroplethmap(
            geojson=fill, locations=table.loc[~has, "area_code"].tolist(), z=[0] * int((~has).sum()),
            colorscale=[[0, MISSING_FILL], [1, MISSING_FILL]], showscale=False, name="no data",
            marker={"opacity": 0.75, "line": {"width": 0.5, "color": "#ffffff"}},
            text=hover[~has].tolist(), hovertemplate="%{text}<extra>no data</extra>"))
    if has.any():
        figure.add_trace(go.Choroplethmap(
            geojson=fill, locations=table.loc[has, "area_code"].tolist(), z=table.loc[has, "value"].tolist(),
            colorscale=VALUE_SCALE, name=indicator.label, marker={"opacity": 0.9, "line": {"width": 0.5, "color": "#ffffff"}},
            colorbar={"title": {"text": indicator.unit}, "thickness": 14, "len": 0.6},
            text=hover[has].tolist(), hovertemplate="%{text}<extra></extra>"))
    missing_codes = set(table.loc[~has, "area_code"])
    estimate_codes = set(table.loc[has & table["is_estimate"], "area_code"])
    layers = [coast_layer(atlas),
              {"sourcetype": "geojson", "source": atlas.map_geojson(layer, "outline"), "type": "line",
               "color": "#333333", "line": {"width": 1.0}, "name": "outline"}]
    if missing_codes:
        layers.append({"sourcetype": "geojson", "source": _subset(fill, missing_codes), "type": "line",
                       "color": OKABE_ITO["grey"], "line": {"width": 1.6, "dash": [2, 2]}, "name": "no data"})
    if estimate_codes:
        layers.append({"sourcetype": "geojson", "source": _subset(fill, estimate_codes), "type": "line",
                       "color": OKABE_ITO["vermillion"], "line": {"width": 2.4, "dash": [0.5, 1.5]}, "name": "estimate"})
    if highlight:
        layers.append({"sourcetype": "geojson", "source": _subset(fill, set(highlight[1:])), "type": "line",
                       "color": OKABE_ITO["black"], "line": {"width": 2.5}, "name": "similar areas"})
        layers.append({"sourcetype": "geojson", "source": _subset(fill, {highlight[0]}), "type": "line",
                       "color": OKABE_ITO["black"], "line": {"width": 4.5}, "name": "chosen area"})
    figure.update_layout(map={"style": OFFLINE_STYLE, **ENGLAND_AND_WALES_VIEW, "layers": layers},
                         margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=height, showlegend=False,
                         uirevision=f"indicator-map-{layer}", hoverlabel={"bgcolor": "white", "font": {"size": 12}})
    return figure


def money_choropleth(atlas: Atlas, table: pd.DataFrame, layer: str, indicator: IndicatorDef, sources: dict[str, str],
                     height: int = 560) -> go.Figure:
    """choropleth() of values in £: hover and colour bar in board style (£430m, £2.9bn; never £2.86G)."""
    figure = choropleth(atlas, table, layer, indicator, sources, height, value_text=money)
    valued = table["value"].dropna()
    if len(valued):
        ticks, labels = board_ticks(float(valued.min()), float(valued.max()))
        figure.update_traces(colorbar={"tickvals": ticks, "ticktext": labels}, selector={"name": indicator.label})
    return figure


def funnel(table: pd.DataFrame, indicator: IndicatorDef, p0: float, reference_label: str, height: int = 460,
           tau2: float = 0.0, highlight: frozenset[str] = frozenset()) -> go.Figure:
    """Rate against cohort size with 95% (dashed) and 99.8% (dotted) limits around the reference line (widened by
    tau2 when overdispersion is allowed for); areas in `highlight` (codes) ringed and named, the rest faded."""
    points = table[table["value"].notna() & table["denominator"].notna()].copy()
    figure = go.Figure()
    if points.empty:
        return figure
    lines = funnel_lines(p0, points["denominator"].min(), points["denominator"].max(), indicator.scale, tau2=tau2)
    for column, dash, label in (("upper_998", "dot", "99.8% limits"), ("lower_998", "dot", None),
                                ("upper_95", "dash", "95% limits"), ("lower_95", "dash", None)):
        figure.add_trace(go.Scatter(x=lines["n"], y=lines[column], mode="lines", name=label or column,
                                    showlegend=label is not None, legendgroup=column[-3:], hoverinfo="skip",
                                    line={"color": OKABE_ITO["black"], "dash": dash, "width": 1.2}))
    figure.add_trace(go.Scatter(x=lines["n"], y=[p0 * indicator.scale] * len(lines), mode="lines",
                                name=reference_label, hoverinfo="skip",
                                line={"color": OKABE_ITO["green"], "width": 2}))
    points["position"] = [classify(v, n, p0, indicator.scale, tau2)
                          for v, n in zip(points["value"], points["denominator"])]
    # Named on the chart: the chosen areas, else only those outside the 99.8% limits (forty names on top of each
    # other read as none; every area is in the hover and the table). Neighbours along the axis alternate above and
    # below their marker so that two close names do not sit on one line.
    named = (points["area_code"].isin(highlight) if highlight
             else points["position"].isin(["above 99.8% limit", "below 99.8% limit"]))
    along = points[named].sort_values("denominator").index
    points["label_at"] = "top center"
    points.loc[along[1::2], "label_at"] = "bottom center"
    for position, (symbol, colour) in FUNNEL_SYMBOLS.items():
        group = points[points["position"] == position]
        if group.empty:
            continue
        small = group["denominator"].map(is_small)
        text = [f"<b>{name}</b><br>{format_value(v, indicator)} of {n:,.0f}<br>{position}"
                + (f"<br>SMALL COHORT (under {SMALL_COHORT}): read with care" if s else "")
                for name, v, n, s in zip(group["area_name"], group["value"], group["denominator"], small)]
        chosen = group["area_code"].isin(highlight) if highlight else pd.Series(True, index=group.index)
        figure.add_trace(go.Scatter(
            x=group["denominator"], y=group["value"], mode="markers+text", name=position,
            text=[name if n else "" for name, n in zip(group["area_name"], named[group.index])],
            textposition=group["label_at"].tolist(), cliponaxis=False,
            textfont={"size": 10}, hovertext=text, hovertemplate="%{hovertext}<extra></extra>",
            marker={"symbol": symbol, "size": [9 if s else 12 for s in small], "color": colour,
                    "opacity": [1.0 if c else 0.3 for c in chosen],
                    "line": {"width": [3 if highlight and c else 1.5 for c in chosen],
                             "color": [OKABE_ITO["black"] if highlight and c else colour for c in chosen]}}))
    figure.update_layout(height=height, margin={"l": 10, "r": 10, "t": 30, "b": 40}, template="plotly_white",
                         xaxis={"title": f"Cohort size ({indicator.denominator_label or 'denominator'}, log scale)",
                                "type": "log"},
                         yaxis={"title": f"{indicator.label} ({indicator.unit})"},
                         legend={"orientation": "h", "y": -0.32})
    return figure


def ranked_table(table: pd.DataFrame, indicator: IndicatorDef, p0: float | None, sources: dict[str, str]) -> pd.DataFrame:
    """Areas ranked worst first (by the indicator's direction); areas without data last, marked 'no data'."""
    out = table.copy()
    ascending = not indicator.higher_is_worse
    out = pd.concat([out[out["value"].notna()].sort_values("value", ascending=ascending), out[out["value"].isna()]])
    ranks = out["value"].rank(ascending=ascending, method="min")
    result = pd.DataFrame({
        "Rank": ranks.map(lambda r: "" if math.isnan(r) else str(int(r))),
        "Area": out["area_name"], "Code": out["area_code"],
        "Value": [format_value(v, indicator) for v in out["value"]],
        indicator.numerator_label or "Numerator": out["numerator"],
        indicator.denominator_label or "Denominator": out["denominator"],
        "Status": [("ESTIMATE; " if e else "") + s for s, e in zip(out["status"], out["is_estimate"])],
        "Small cohort": [f"yes (under {SMALL_COHORT})" if is_small(n) else "" for n in out["denominator"]],
    })
    if p0 is not None and indicator.kind == "rate":
        result["Against the funnel limits"] = [classify(v, n, p0, indicator.scale) for v, n in
                                               zip(out["value"], out["denominator"])]
    result["Source"] = [", ".join(sources.get(s.strip(), s.strip()) for s in ids.split(",")) if ids else ""
                        for ids in out["source_ids"]]
    result["Note"] = out["note"].values
    return result.reset_index(drop=True)


def trend(series: pd.DataFrame, indicator: IndicatorDef, height: int = 360,
          flags: dict[str, str] | None = None) -> go.Figure:
    """Value by period in time order, one line per series (columns series, period, value). A series named
    "what — part" (e.g. one side of the 2017 change) keeps the colour and marker of "what" and changes its dash.
    Periods in `flags` (period -> reason) carry a ⚑ on the point and the reason in its hover."""
    figure = go.Figure()
    flags = flags or {}
    dashes = ["solid", "dash", "dot", "dashdot"]
    colours = [OKABE_ITO[c] for c in ("blue", "vermillion", "green", "purple", "orange", "sky_blue", "black")]
    symbols = ["circle", "square", "diamond", "triangle-up", "x", "star", "triangle-down"]
    # Periods are text ("Oct 2018 to Dec 2018"): sorted as time, not alphabetically, on one shared axis.
    order = sort_periods(series["period"])
    position = {period: n for n, period in enumerate(order)}
    # On a time axis when every period names its time: a 3-month cohort then sits a quarter from the next, an annual
    # one a year (categories would space them alike). Each point is at the middle of the time it covers.
    when = {period: period_midpoint(period) for period in order}
    timed = all(when.values())
    names = list(dict.fromkeys(series["series"]))
    whats = list(dict.fromkeys(name.partition(SERIES_PART)[0] for name in names))
    parts = list(dict.fromkeys(name.partition(SERIES_PART)[2] for name in names if SERIES_PART in name))
    for name, group in series.groupby("series", sort=False):
        what, _, part = name.partition(SERIES_PART)
        w, k = whats.index(what), (parts.index(part) if part else 0)
        group = group.sort_values("period", key=lambda s: s.map(position))
        marked = [p in flags for p in group["period"]]
        figure.add_trace(go.Scatter(
            x=[when[p] for p in group["period"]] if timed else group["period"], y=group["value"],
            mode="lines+markers+text" if any(marked) else "lines+markers", customdata=group["period"].tolist(),
            name=name, line={"dash": dashes[(w + k) % 4], "color": colours[w % 7]},
            marker={"symbol": symbols[w % 7], "size": 9}, text=["⚑" if m else "" for m in marked],
            textposition="top center",
            hovertext=[f"{name}, {p}: {format_value(v, indicator)}" + (f"<br>⚑ {_wrap(flags[p])}" if m else "")
                       for p, v, m in zip(group["period"], group["value"], marked)],
            hovertemplate="%{hovertext}<extra></extra>"))
    figure.update_layout(height=height, template="plotly_white", margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         xaxis={"title": "Period (each point at the middle of its period)", "type": "date"}
                         if timed else {"title": "Period", "type": "category", "categoryorder": "array",
                                        "categoryarray": order},
                         # counts and rates from zero: a cut axis makes a small change look large
                         yaxis={"title": f"{indicator.label} ({indicator.unit})", "rangemode": "tozero"},
                         legend={"orientation": "h", "y": -0.25})
    return figure


def breakdown_heatmap(table: pd.DataFrame, indicator: IndicatorDef, height: int = 420) -> go.Figure:
    """Areas (rows) by groups (columns, e.g. age bands), each cell the figure with its value written in it;
    missing cells blank (never filled)."""
    values = table.to_numpy(dtype=float)
    text = [[format_value(v, indicator) if not math.isnan(v) else "no data" for v in row] for row in values]
    figure = go.Figure(go.Heatmap(
        z=values, x=list(table.columns), y=list(table.index), text=text, texttemplate="%{text}",
        colorscale="Blues", colorbar={"title": indicator.unit}, hoverongaps=False,
        hovertemplate="%{y}, %{x}: %{text}<extra></extra>"))
    figure.update_layout(height=height, template="plotly_white", margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         yaxis={"autorange": "reversed"}, xaxis={"side": "top"})
    return figure


def financial_year_start(label: str) -> float:
    """Where a financial year sits on a time axis: '2015/16' and '2015-16' -> 2015.25 (April 2015), so years the
    sources skip leave their gap on the chart."""
    return int(re.search(r"\d{4}", str(label)).group()) + 0.25


# Source wording too long for a legend line, in the words a board reads.
SHORT_MEASURES = {"Prison Service cost per place Key Performance Indicator (provisional)":
                  "Cost per place, Prison Service KPI (provisional)"}


def national_costs_figure(per_unit: pd.DataFrame, height: int = 420) -> go.Figure:
    """Cost per place and per prisoner, England and Wales, one line per measure (marker, colour and dash differ).

    Years sit where they fall in time; each line's latest value is in its legend entry rather than on the points,
    where the close 2015-17 figures would print on top of each other."""
    figure = go.Figure()
    styles = {"Overall cost per prisoner": ("circle", OKABE_ITO["blue"], "solid"),
              "Overall cost per prison place": ("square", OKABE_ITO["vermillion"], "dash"),
              "Direct cost per prisoner": ("diamond", OKABE_ITO["green"], "dot"),
              "Direct cost per prison place": ("triangle-up", OKABE_ITO["purple"], "dashdot"),
              "Overall average resource cost per prisoner": ("star", OKABE_ITO["blue"], "solid"),
              "Prison Service cost per place Key Performance Indicator (provisional)": ("x", OKABE_ITO["vermillion"], "solid")}
    for measure, group in per_unit.groupby("measure", sort=False):
        symbol, colour, dash = styles.get(measure, ("x", OKABE_ITO["black"], "solid"))
        group = group.assign(when=group["period"].map(financial_year_start)).sort_values("when")
        last = group.iloc[-1]
        name = (f"{SHORT_MEASURES.get(measure, measure)}: {money(last['value_gbp'])} in {last['period']}"
                + (" ⚑" if str(last["year_flag"]) else ""))
        figure.add_trace(go.Scatter(
            x=group["when"], y=group["value_gbp"], mode="lines+markers", name=name, legendgroup=measure,
            customdata=group["period"].astype(str).tolist(),
            line={"color": colour, "dash": dash}, marker={"symbol": symbol, "size": 10},
            hovertext=[f"{measure}, {p}: {money(v)}<br>as worded: {w}<br>{f}" for p, v, w, f in
                       zip(group["period"], group["value_gbp"], group["period_as_worded"], group["year_flag"])],
            hovertemplate="%{hovertext}<extra></extra>"))
    figure.update_layout(template="plotly_white", height=height,
                         xaxis={"title": "Financial year (starting April)", "tickformat": "d", "automargin": True},
                         yaxis={"title": "£ a year", "rangemode": "tozero", "automargin": True,
                                **money_axis(per_unit["value_gbp"])},
                         legend={"orientation": "v", "y": -0.25, "yanchor": "top", "x": 0},
                         margin={"l": 10, "r": 10, "t": 30, "b": 10},
                         # the years as the sources word them, for a chart that lists categories (PowerPoint's)
                         meta={"category_labels": {str(financial_year_start(p)): str(p)
                                                   for p in per_unit["period"].unique()}})
    return figure


def money_axis(values: pd.Series) -> dict:
    """Axis ticks from £0 to just past the largest value at round steps, labelled by formatting.numbers (never '£2.86G')."""
    top = float(values.max()) if len(values) and values.notna().any() else 0.0
    ticks, labels = board_ticks(0.0, top)
    if len(ticks) > 1 and ticks[-1] < top:  # one more round step, so the axis's labels reach past the largest value
        ticks, labels = board_ticks(0.0, ticks[-1] + ticks[1] - ticks[0])
    return {"tickmode": "array", "tickvals": ticks, "ticktext": labels}


def board_ticks(low: float, high: float) -> tuple[list[float], list[str]]:
    """formatting.numbers.money_ticks, with nothing written as '£0' (money_ticks gives the step's unit: '£0k')."""
    ticks, labels = money_ticks(low, high)
    return ticks, ["£0" if tick == 0 else label for tick, label in zip(ticks, labels)]


ESTABLISHMENT_GROUP_B = "Male category B"


def establishment_costs_figure(establishments: pd.DataFrame, national_yearly: float, height: int = 720) -> go.Figure:
    """Cost per prisoner per day by establishment (category B hatched vermillion, C plain blue), and the national
    average a year divided by 365 as a dashed line."""
    national_daily = national_yearly / 365
    category_b = establishments["group"].str.startswith(ESTABLISHMENT_GROUP_B)
    figure = go.Figure(go.Bar(
        y=establishments["establishment"] + establishments["footnote"].map(lambda f: " *" if f else ""),
        x=establishments["cost_per_prisoner_per_day"], orientation="h",
        marker={"color": [OKABE_ITO["vermillion"] if b else OKABE_ITO["sky_blue"] for b in category_b],
                "pattern": {"shape": ["/" if b else "" for b in category_b]}},
        text=[f"{money(v)} ({g.split(' (')[0]})" for v, g in zip(establishments["cost_per_prisoner_per_day"],
                                                                establishments["group"])],
        textposition="outside", hovertemplate="%{y}: £%{x:,.0f} a day<extra></extra>"))
    figure.add_vline(x=national_daily, line={"dash": "dash", "color": OKABE_ITO["black"]},
                     annotation_text=f"England and Wales average ≈ {money(national_daily)} a day "
                                     f"(derived: {money(national_yearly)} ÷ 365)")
    figure.update_layout(template="plotly_white", height=height,
                         xaxis={"title": "£ per prisoner per day, 2007-08",
                                **money_axis(establishments["cost_per_prisoner_per_day"])},
                         margin={"l": 10, "r": 10, "t": 40, "b": 10}, showlegend=False)
    return figure
