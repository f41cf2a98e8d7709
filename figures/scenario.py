"""Scenario figures and tables: trajectories against the baseline, a map of the result by area, side-by-side totals."""
from __future__ import annotations

import json
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import get_colorscale

from figures.figure_spec import figure_from_spec
from figures.layer_styles import OKABE_ITO
from figures.overlay_map import ENGLAND_AND_WALES_VIEW, OFFLINE_STYLE, coast_layer
from formatting.numbers import count, money, money_ticks
from geo.atlas import Atlas
from scenario.assumptions import entry
from scenario.model import METRIC_LABELS, OUTPUT_STATUS, Result
from scenario.sensitivity import HEADLINES, swing

TRAJECTORY_METRICS = ("places_in_use", "custody_spend", "charge", "budget", "savings", "reinvested", "local_net",
                      "centre_net", "system_saving", "clawback", "receptions", "diverted", "places", "backfilled_places",
                      "commissioned_places")
MAP_METRICS = {
    "local_net": ("Local net position over the horizon (£)", True),
    "centre_net": ("Centre net position over the horizon (£)", True),
    "custody_spend_change": ("Change in custody spend over the horizon (£)", True),
    "places_change": ("Change in custody places in use in the last year", False),
    "reinvested": ("Reinvested over the horizon (£)", True),
}
# Scenario lines: colour AND dash AND marker differ, so no scenario is told apart by colour alone.
LINE_STYLES = [(OKABE_ITO["blue"], "solid", "circle"), (OKABE_ITO["vermillion"], "dash", "square"),
               (OKABE_ITO["green"], "dashdot", "diamond"), (OKABE_ITO["purple"], "longdash", "triangle-up"),
               (OKABE_ITO["orange"], "dot", "x")]
BASELINE_STYLE = (OKABE_ITO["black"], "dot", "line-ew")
BASELINE_METRIC = {"places": "baseline_places", "places_in_use": "baseline_places",
                   "custody_spend": "baseline_custody_spend"}
# Counts of people or places: no zero line (the baseline for them is a level, not zero).
LEVEL_METRICS = ("receptions", "diverted", "backfilled_places", "commissioned_places", "charge", "budget")
# An axis spans at least this share of its largest value (and at least the floor), so a line that does not move
# is drawn flat instead of magnifying the model's rounding into a slope (7.3325k-7.334k).
MIN_RELATIVE_SPAN = 0.1
MIN_SPAN = {"money": 1e6, "count": 10.0}
LABEL_WIDTH = 40  # characters a line in the sensitivity strip's row labels
CLOSE_SHARE = 0.2  # settings closer than this share of the axis are summarised: their labels would overlap
ROW_HEIGHT = 70  # pixels a row of the sensitivity strip needs for a three-line label and its setting labels


def axis_range(values: list[float], floor: float) -> tuple[float, float]:
    """The axis range for these values: a little room either side, never narrower than the minimum span, and not
    below zero when every value is at or above it."""
    finite = [float(v) for v in values if v == v]
    if not finite:
        return 0.0, floor
    low, high = min(finite), max(finite)
    needed = max(MIN_RELATIVE_SPAN * max(abs(low), abs(high)), floor)
    if high - low >= needed:
        pad = 0.05 * (high - low)
        lower, upper = low - pad, high + pad
    else:
        middle = (low + high) / 2
        lower, upper = middle - needed / 2, middle + needed / 2
    if low >= 0 > lower:
        lower, upper = 0.0, upper - lower
    return lower, upper


def money_axis(low: float, high: float) -> dict:
    """Axis settings for money over [low, high]: round ticks labelled £2.9bn / £430m (never '£2.86G')."""
    ticks, labels = money_ticks(low, high)
    labels = ["£0" if tick == 0 else label for tick, label in zip(ticks, labels, strict=True)]  # not '£0m'
    return {"range": [low, high], "tickmode": "array", "tickvals": ticks, "ticktext": labels}


def count_axis(low: float, high: float) -> dict:
    """Axis settings for counts over [low, high]: whole numbers with thousands separators (7,333)."""
    return {"range": [low, high], "tickformat": ",.0f"}


def trajectory_figure(results: dict[str, Result], metric: str, height: int = 430) -> go.Figure:
    """One line per scenario over the years, with the baseline as a black dotted line where it is defined.

    Traces and layout are made as plain dicts and the figure once from them: Plotly's update_layout, add_hline
    and add_trace each re-walk the figure, which cost more than the model itself on every new lever value."""
    first = next(iter(results.values()))
    is_money = "(£)" in METRIC_LABELS[metric]
    shown = money if is_money else count
    plotted: list[float] = []
    traces: list[dict] = []
    shapes: list[dict] = []
    annotations: list[dict] = []
    if metric in BASELINE_METRIC:
        colour, dash, symbol = BASELINE_STYLE
        totals = first.totals()
        values = totals[BASELINE_METRIC[metric]].to_numpy()
        plotted += values.tolist()
        traces.append({"type": "scatter", "x": totals["year"].to_numpy(), "y": values, "name": "Baseline (no change)",
                       "mode": "lines", "line": {"color": colour, "dash": dash, "width": 2},
                       "customdata": [shown(v) for v in values],
                       "hovertemplate": "Baseline<br>year %{x}: %{customdata}<extra></extra>"})
    elif metric not in LEVEL_METRICS:
        plotted.append(0.0)
        shapes.append({"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": 0, "y1": 0,
                       "line": {"color": OKABE_ITO["black"], "dash": "dot", "width": 1}})
        # At the right-hand end, over a white box: at the left the lines start near zero and ran through it.
        annotations.append({"text": "0 = no change", "showarrow": False, "xref": "x domain", "x": 1,
                            "xanchor": "right", "yref": "y", "y": 0, "yanchor": "bottom",
                            "bgcolor": "rgba(255,255,255,0.85)"})
    for i, (name, result) in enumerate(results.items()):
        colour, dash, symbol = LINE_STYLES[i % len(LINE_STYLES)]
        totals = result.totals()
        values = totals[metric].to_numpy()
        plotted += values.tolist()
        traces.append({"type": "scatter", "x": totals["year"].to_numpy(), "y": values, "name": name,
                       "mode": "lines+markers", "line": {"color": colour, "dash": dash, "width": 3},
                       "marker": {"symbol": symbol, "size": 8}, "customdata": [shown(v) for v in values],
                       "hovertemplate": f"{name}<br>year %{{x}}: %{{customdata}}<extra></extra>"})
    low, high = axis_range(plotted, MIN_SPAN["money" if is_money else "count"])
    if (metric in BASELINE_METRIC or metric in LEVEL_METRICS) and low > 0:
        low = 0.0  # a level (spend, places) is drawn from zero: a cut axis would magnify a small change
    layout = {"height": height, "margin": {"l": 70, "r": 10, "t": 40, "b": 90},
              "title": {"text": METRIC_LABELS[metric], "font": {"size": 15}},
              "xaxis": {"title": {"text": "Year of the horizon"}, "dtick": 1},
              "yaxis": {"gridcolor": "#dddddd", "zerolinecolor": "#888888", "automargin": True,
                        **(money_axis(low, high) if is_money else count_axis(low, high))},
              "legend": {"orientation": "h", "yanchor": "top", "y": -0.2}, "plot_bgcolor": "white",
              "hovermode": "x unified", "shapes": shapes, "annotations": annotations}
    return figure_from_spec({"data": traces, "layout": layout})


def trajectory_table(results: dict[str, Result]) -> pd.DataFrame:
    """Every scenario's yearly totals in one long table (the chart's data), with the levers that produced them."""
    frames = []
    for name, result in results.items():
        totals = result.totals()
        totals.insert(0, "scenario", name)
        totals["baseline"] = result.baseline.label
        totals["baseline_is_estimate"] = result.baseline.is_estimate
        totals["baseline_method"] = result.baseline.method
        totals["levers"] = json.dumps(result.levers.to_dict(), sort_keys=True)
        totals["devolution"] = json.dumps(result.devolution.to_dict(), sort_keys=True)
        totals["status"] = OUTPUT_STATUS
        frames.append(totals)
    return pd.concat(frames, ignore_index=True)


def area_values(result: Result, metric: str) -> pd.DataFrame:
    """Per area: the map metric, with name, baseline label and estimate flag."""
    table = result.by_area(cumulative=True)
    last = result.by_area(cumulative=False)
    if metric == "custody_spend_change":
        values = table["custody_spend"] - table["baseline_custody_spend"]
    elif metric == "places_change":
        values = last["places_in_use"] - result.baseline.places.sum(axis=1)
    else:
        values = table[metric]
    return pd.DataFrame({"area_code": table["area_code"], "area_name": table["area_name"],
                         "value": values.to_numpy(float), "measure": MAP_METRICS[metric][0],
                         "baseline": table["baseline"], "is_estimate": table["is_estimate"],
                         "method": result.baseline.method, "status": OUTPUT_STATUS})


RED_BLUE = get_colorscale("RdBu")  # spelt out: Plotly.js has its own, different, scale by that name


def scenario_map(atlas: Atlas, layer: str, result: Result, metric: str, units: pd.Series | None = None,
                 height: int = 520) -> go.Figure:
    """Areas filled by the result (offline map style); hover gives name and value.

    units: for areas that are not an atlas layer (IPPR's devolution units), force area -> unit code; each force
    area is then drawn with its unit's value and the hover names the unit."""
    values = area_values(result, metric)
    is_money = MAP_METRICS[metric][1]
    geo_layer, locations = layer, list(values["area_code"])
    if units is not None:
        values = values.set_index("area_code").reindex(units.to_numpy()).reset_index()
        geo_layer, locations = "police_force_area", list(units.index)
    text = [f"<b>{n}</b><br>{MAP_METRICS[metric][0]}: {money(v) if is_money else count(v)}"
            + ("<br>ESTIMATE (population share)" if e else "")
            for n, v, e in zip(values["area_name"], values["value"], values["is_estimate"])]
    low, high = float(values["value"].min()), float(values["value"].max())
    # At least half the charts' smallest span either side of zero: an all-zero result gets a readable scale
    # (±£500,000, not ticks of £0 on a ±£1 scale) and a small one stays pale rather than fully saturated.
    bound = max(abs(low), abs(high), MIN_SPAN["money" if is_money else "count"] / 2)
    trace = {"type": "choroplethmap", "geojson": atlas.map_geojson(geo_layer, "fill"), "locations": locations,
             "z": values["value"].to_numpy(), "zmin": -bound, "zmax": bound, "colorscale": RED_BLUE,
             "marker": {"opacity": 0.85, "line": {"width": 0.6, "color": "#444"}},
             "colorbar": {"title": {"text": "£" if is_money else "places"}, "thickness": 12,
                          **({k: v for k, v in money_axis(-bound, bound).items() if k != "range"} if is_money
                             else {"tickformat": ",.0f"})},
             "text": text, "hovertemplate": "%{text}<extra></extra>", "name": MAP_METRICS[metric][0]}
    layout = {"map": {"style": OFFLINE_STYLE, **ENGLAND_AND_WALES_VIEW, "layers": [coast_layer(atlas)]},
              "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "height": height, "uirevision": "scenario-map"}
    return figure_from_spec({"data": [trace], "layout": layout})


def comparison_table(results: dict[str, Result]) -> pd.DataFrame:
    """Side by side: one row per scenario, headline totals over the horizon against the baseline."""
    rows = []
    for name, result in results.items():
        totals = result.totals()
        base_places = float(totals["baseline_places"].iloc[-1])
        end = float(totals["places_in_use"].iloc[-1])
        rows.append({"Scenario": name, "Years": int(result.levers.horizon_years),
                     "Places in use, last year": round(end),
                     "Change in places": f"{(end / base_places - 1):+.1%}" if base_places else "n/a",
                     "Custody spend": money(totals["custody_spend"].sum()),
                     "Baseline spend": money(totals["baseline_custody_spend"].sum()),
                     "Devolved budget": money(totals["budget"].sum()), "Charged": money(totals["charge"].sum()),
                     "Reinvested": money(totals["reinvested"].sum()), "Claw-back": money(totals["clawback"].sum()),
                     "Local net": money(totals["local_net"].sum()), "Centre net": money(totals["centre_net"].sum()),
                     "Saving to the public purse": money(totals["system_saving"].sum()),
                     "Devolved": "all" if result.devolution.is_full else "staged",
                     "Baseline used": result.baseline.label, "Status": OUTPUT_STATUS})
    return pd.DataFrame(rows)


def setting_words(value: float, unit: str) -> str:
    """An assumption's setting as a board reads it, in its unit: £1,400, 25%, x0.87 (a multiple), 0.5."""
    if unit.startswith("£"):
        return f"£{value:,.0f}"
    if unit.startswith("share") and 0 <= value <= 1:
        return f"{value:.0%}"
    if unit.startswith("multiple"):
        return f"x{value:g}"
    return f"{value:g}"


def sensitivity_figure(table: pd.DataFrame, headline: str = "local_net", height: int = 380) -> go.Figure:
    """The sensitivity strip: per main assumption, the headline at each setting on one line (low to high), largest
    swing at the top; the setting this scenario uses is a filled diamond, the others open circles (shape, not colour).
    An assumption that does not move this headline gets one marker saying so (e.g. backfill: the centre's places)."""
    ranked = swing(table, headline)
    order = ranked["assumption"].tolist()[::-1]  # Plotly draws the first category at the bottom
    span = max(float(table[headline].max() - table[headline].min()), 1.0)
    still = set(ranked.loc[ranked["range"] <= 0.005 * span, "assumption"])
    # Settings too close to label apart: the row says the spread instead of printing labels on top of each other.
    close = dict(zip(ranked["assumption"], ranked["range"]))
    low, high = axis_range([0.0, *table[headline].tolist()], MIN_SPAN["money"])
    close = {name: spread for name, spread in close.items()
             if name not in still and spread < CLOSE_SHARE * (high - low)}
    # Wrapped: unwrapped, the longest label took most of a half-page chart's width and left the strip a sliver.
    labels = {name: "<br>".join(textwrap.wrap(
                  label + f" ({status})" + (": no effect on this headline" if name in still else
                                            f": {money(close[name])} across its settings" if name in close else ""),
                  LABEL_WIDTH))
              for name, label, status in zip(table["assumption"], table["label"], table["status"])}
    traces: list[dict] = []
    for name in order:
        rows = table[table["assumption"] == name]
        if name in still:
            rows = rows[rows["is_this_scenario"]] if rows["is_this_scenario"].any() else rows.iloc[:1]
        else:
            traces.append({"type": "scatter", "x": rows[headline].to_numpy(), "y": [labels[name]] * len(rows),
                           "mode": "lines", "line": {"color": OKABE_ITO["sky_blue"], "width": 6}, "hoverinfo": "skip",
                           "showlegend": False})
        here, unit = rows["is_this_scenario"].tolist(), entry(name)["unit"]
        traces.append({
            "type": "scatter", "x": rows[headline].to_numpy(), "y": [labels[name]] * len(rows),
            "mode": "markers" if name in still or name in close else "markers+text",
            "showlegend": False, "text": [f"{s} {setting_words(v, unit)}" for s, v in zip(rows["setting"], rows["value"])],
            # the middle setting's label under its marker, the ends' above: three labels on a short line stay apart
            "textposition": ["bottom center" if s == "middle" else "top center" for s in rows["setting"]],
            "cliponaxis": False,  # a label at the axis's end stays whole ("low 1400" was cut to "low 140")
            "marker": {"symbol": ["diamond" if h else "circle-open" for h in here],
                       "size": [14 if h else 10 for h in here], "color": OKABE_ITO["blue"],
                       "line": {"width": 2, "color": OKABE_ITO["blue"]}},
            "customdata": [money(v) for v in rows[headline]],
            "hovertemplate": f"{labels[name]}<br>%{{text}}: %{{customdata}}<extra></extra>"})
    # Room for each row's wrapped label and its setting labels: at least ROW_HEIGHT pixels a row.
    layout = {"height": max(height, ROW_HEIGHT * len(order) + 90), "margin": {"l": 10, "r": 45, "t": 40, "b": 40},
              "plot_bgcolor": "white",
              "title": {"text": HEADLINES[headline] + ": low, middle and high settings", "font": {"size": 15}},
              "xaxis": {"title": {"text": "£ (dotted line: no change against today)"}, "gridcolor": "#dddddd",
                        **money_axis(low, high)},
              "yaxis": {"automargin": True},
              "shapes": [{"type": "line", "xref": "x", "x0": 0, "x1": 0, "yref": "y domain", "y0": 0, "y1": 1,
                          "line": {"color": OKABE_ITO["black"], "dash": "dot", "width": 1}}]}
    return figure_from_spec({"data": traces, "layout": layout})


def sensitivity_table(table: pd.DataFrame) -> pd.DataFrame:
    """The strip's numbers for the page and CSV: one row per assumption and setting, money formatted."""
    shown = table.copy()
    for name, label in HEADLINES.items():
        shown[label] = [money(v) for v in shown[name]]
    shown["this scenario"] = shown["is_this_scenario"].map({True: "◆ shown", False: ""})
    return shown[["label", "status", "setting", "value", "this scenario", *HEADLINES.values()]].rename(
        columns={"label": "Assumption", "status": "Status", "setting": "Setting", "value": "Value"})


def boundary_map(atlas: Atlas, proposed: pd.Series, today: pd.Series, names: dict[str, str],
                 colours: dict[str, int] | None = None, height: int = 600) -> go.Figure:
    """Force areas filled by proposed provider area (Okabe-Ito; colours: provider -> palette index, e.g. from
    scenario.boundary_whatif.colour_groups so neighbours differ); moved force areas get a thick black edge.

    Today's CRC boundaries are drawn as the CRC layer's long-dash outline, so change shows without colour."""
    from figures.overlay_map import outline_layer

    codes = list(proposed.index)
    providers = list(dict.fromkeys(proposed.tolist()))
    palette = [c for name, c in OKABE_ITO.items() if name != "black"]  # black fill would hide the edges
    index = colours or {p: i % len(palette) for i, p in enumerate(providers)}
    steps = len(palette) - 1
    colorscale = [[i / steps, colour] for i, colour in enumerate(palette)]
    text = [f"<b>{atlas.area_name('police_force_area', c)}</b><br>Proposed: {names.get(proposed[c], proposed[c])}"
            f"<br>Today: {names.get(today[c], today[c])}" + ("<br><b>MOVED</b>" if proposed[c] != today[c] else "")
            for c in codes]
    fills = atlas.map_geojson("police_force_area", "fill")
    traces = [{"type": "choroplethmap", "geojson": fills, "locations": codes,
               "z": [index[proposed[c]] for c in codes], "zmin": 0, "zmax": steps, "colorscale": colorscale,
               "showscale": False, "marker": {"opacity": 0.7, "line": {"width": 0.5}}, "text": text,
               "hovertemplate": "%{text}<extra></extra>", "name": "Proposed provider areas"}]
    moved = [c for c in codes if proposed[c] != today[c]]
    if moved:
        traces.append({"type": "choroplethmap", "geojson": fills, "locations": moved, "z": [0] * len(moved),
                       "colorscale": [[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]], "showscale": False,
                       "marker": {"opacity": 1, "line": {"width": 3.5, "color": "#000000"}}, "hoverinfo": "skip",
                       "name": "Moved"})
    layout = {"map": {"style": OFFLINE_STYLE, **ENGLAND_AND_WALES_VIEW,
                      "layers": [coast_layer(atlas), outline_layer(atlas, "crc")]},
              "margin": {"l": 0, "r": 0, "t": 0, "b": 0}, "height": height, "showlegend": False,
              "uirevision": "boundary-map"}
    return figure_from_spec({"data": traces, "layout": layout})


def fan_figure(result: Result, low: list[float], high: list[float], metric: str = "system_saving",
               height: int = 380) -> go.Figure:
    """This run's yearly line with the band holding 80% of the uncertainty draws shaded behind it."""
    years = result.totals()["year"].to_numpy()
    values = result.totals()[metric].to_numpy()
    colour = OKABE_ITO["blue"]
    traces = [
        {"type": "scatter", "x": years, "y": list(high), "mode": "lines", "line": {"width": 0, "color": colour},
         "name": "90th percentile of draws", "showlegend": False, "customdata": [money(v) for v in high],
         "hovertemplate": "90th percentile<br>year %{x}: %{customdata}<extra></extra>"},
        {"type": "scatter", "x": years, "y": list(low), "mode": "lines", "fill": "tonexty",
         "fillcolor": "rgba(0,114,178,0.18)", "line": {"width": 0, "color": colour},
         "name": "80% of uncertainty draws", "customdata": [money(v) for v in low],
         "hovertemplate": "10th percentile<br>year %{x}: %{customdata}<extra></extra>"},
        {"type": "scatter", "x": years, "y": values, "mode": "lines+markers", "name": "This scenario",
         "line": {"color": colour, "width": 3}, "marker": {"symbol": "circle", "size": 8},
         "customdata": [money(v) for v in values], "hovertemplate": "This scenario<br>year %{x}: %{customdata}<extra></extra>"}]
    span = axis_range([*low, *high, *values.tolist(), 0.0], MIN_SPAN["money"])
    layout = {"height": height, "margin": {"l": 70, "r": 10, "t": 40, "b": 90},
              "title": {"text": METRIC_LABELS[metric] + " each year, with the uncertainty band", "font": {"size": 15}},
              "xaxis": {"title": {"text": "Year of the horizon"}, "dtick": 1},
              "yaxis": {"gridcolor": "#dddddd", "zerolinecolor": "#888888", "automargin": True, **money_axis(*span)},
              "legend": {"orientation": "h", "yanchor": "top", "y": -0.2}, "plot_bgcolor": "white",
              "hovermode": "x unified",
              "shapes": [{"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y", "y0": 0, "y1": 0,
                          "line": {"color": OKABE_ITO["black"], "dash": "dot", "width": 1}}]}
    return figure_from_spec({"data": traces, "layout": layout})
