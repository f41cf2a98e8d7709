"""Coterminosity figures and tables: overlap matrix, split-area map, ranked bodies, downloadable tables."""
from __future__ import annotations

import textwrap

import pandas as pd
import plotly.graph_objects as go

from figures.layer_styles import OKABE_ITO
from figures.overlay_map import ENGLAND_AND_WALES_VIEW, OFFLINE_STYLE, coast_layer, outline_layer
from geo.atlas import Atlas
from geo.coterminosity import DEFINITIONS, plural, upper_first
from geo.registry import get_layer

MATRIX_MAX_ROWS = 60
MATRIX_MAX_TEXT_COLUMNS = 16
# Split-map categories: (label template, fill colour, outline width) so colour is never the only cue.
CATEGORIES = {
    "whole": ("Wholly inside one {b}", "#d9ecf7", 0.3),
    "union": ("Made up of whole {bs}", "#b9dfc9", 0.8),
    "split": ("Cut by {b} boundaries", OKABE_ITO["vermillion"], 2.5),
    "outside": ("Wholly or partly outside every {b}", OKABE_ITO["orange"], 1.5),
}


def _names(atlas: Atlas, layer_id: str, codes) -> list[str]:
    return [atlas.area_name(layer_id, code) or code for code in codes]


def category(bodies: pd.DataFrame) -> pd.Series:
    """Each A area's class on the split map: 'split', 'outside' (partly or wholly), 'union' of whole Bs, or 'whole'."""
    out = pd.Series("whole", index=bodies.index)
    out[bodies["union_of_whole"]] = "union"
    out[bodies["share_outside_layer_b"] > 1e-6] = "outside"
    out[bodies["split"]] = "split"
    return out


def intersection_table(atlas: Atlas, table: pd.DataFrame, layer_a: str, layer_b: str,
                       population: pd.DataFrame | None = None) -> pd.DataFrame:
    """The intersection table with names and readable column titles, ready to show or download."""
    out = table.copy()
    out.insert(1, "a_name", _names(atlas, layer_a, out["a_code"]))
    out.insert(3, "b_name", _names(atlas, layer_b, out["b_code"]))
    if population is not None:
        out = out.merge(population[["a_code", "b_code", "shared_population", "population_share_of_a",
                                    "population_share_of_b"]], on=["a_code", "b_code"], how="left")
    a, b = get_layer(layer_a).singular, get_layer(layer_b).singular
    renames = {"a_code": f"{a} code", "a_name": f"{a} name", "b_code": f"{b} code", "b_name": f"{b} name",
               "shared_km2": "Shared area (km²)", "a_km2": f"{a} area (km²)", "b_km2": f"{b} area (km²)",
               "share_of_a": f"Share of the {a} (area-weighted)", "share_of_b": f"Share of the {b} (area-weighted)",
               "shared_population": "Shared residents (mid-2022)",
               "population_share_of_a": f"Share of the {a} (population-weighted, mid-2022)",
               "population_share_of_b": f"Share of the {b} (population-weighted, mid-2022)"}
    out = out.rename(columns=renames)
    for column in out.columns:
        if column.startswith("Share of"):
            out[column] = out[column].round(4)
    return out


def ranked_bodies(atlas: Atlas, bodies: pd.DataFrame, layer_a: str, layer_b: str) -> pd.DataFrame:
    """A areas from most to least fragmented: partners, main partner, share outside it (area and residents)."""
    b_one = get_layer(layer_b).singular
    out = pd.DataFrame({
        get_layer(layer_a).singular: _names(atlas, layer_a, bodies["a_code"]),
        "Code": bodies["a_code"],
        f"Number of {plural(layer_b)}": bodies["partners"],
        f"Main {b_one}": _names(atlas, layer_b, bodies["main_partner"]),
        "% outside the main one (area-weighted)": (100 * bodies["share_not_in_main"]).round(1),
        f"% outside every {b_one} (area-weighted)": (100 * bodies["share_outside_layer_b"]).round(1),
    })
    if "population_share_not_in_main" in bodies:
        out["% outside the main one (population-weighted, mid-2022)"] = (
            100 * bodies["population_share_not_in_main"]).round(1)
    out[f"All {plural(layer_b)}"] = ["; ".join(_names(atlas, layer_b, codes.split(";"))) if codes else "—"
                                     for codes in bodies["partner_codes"]]
    order = out.sort_values([f"Number of {plural(layer_b)}", "% outside the main one (area-weighted)"],
                            ascending=False, kind="stable")
    return order.reset_index(drop=True)


def matrix_rows(bodies: pd.DataFrame, limit: int = MATRIX_MAX_ROWS) -> list[str]:
    """Which A areas the matrix shows: all of them, or (for big layers) the split ones first, up to the limit."""
    if len(bodies) <= limit:
        return list(bodies["a_code"])
    ranked = bodies.sort_values(["partners", "share_not_in_main"], ascending=False, kind="stable")
    return list(ranked["a_code"].head(limit))


def matrix_figure(atlas: Atlas, table: pd.DataFrame, layer_a: str, layer_b: str, rows: list[str],
                  value: str = "share_of_a") -> go.Figure:
    """Heat map: each row an A area, each column a B area, cell = the share of the A area lying in the B area."""
    chosen = table[table["a_code"].isin(rows)]
    present = chosen.pivot(index="a_code", columns="b_code", values="shared_km2").reindex(index=rows).notna()
    present = present.loc[:, present.any()]
    values = chosen.pivot(index="a_code", columns="b_code", values=value).reindex(index=rows, columns=present.columns)
    matrix = values.where(present, 0.0)  # no overlap = 0; an overlap whose share is unknown stays missing
    percent = (100 * matrix).round(0)
    text = percent.map(lambda v: "missing" if pd.isna(v) else (f"{v:.0f}%" if v > 0 else ""))
    if matrix.shape[1] > MATRIX_MAX_TEXT_COLUMNS:  # too narrow to write in: hover and the table carry the values
        text = text.map(lambda t: "")
    a_names, b_names = _names(atlas, layer_a, matrix.index), _names(atlas, layer_b, matrix.columns)
    weighting = "population-weighted, mid-2022" if value.startswith("population") else "area-weighted"
    figure = go.Figure(go.Heatmap(
        z=percent.to_numpy(), x=b_names, y=a_names, text=text.to_numpy(), texttemplate="%{text}",
        textfont={"size": 9}, zmin=0, zmax=100, colorscale=[[0, "#ffffff"], [0.01, "#deebf7"], [1, "#08519c"]],
        colorbar={"title": {"text": "% of row"}}, xgap=1, ygap=1,
        hovertemplate=f"%{{y}}<br>%{{x}}<br>%{{z:.1f}}% of the {get_layer(layer_a).singular} ({weighting})"
                      "<extra></extra>"))
    figure.update_layout(
        height=max(320, 22 * len(rows) + 180), margin={"l": 10, "r": 10, "t": 40, "b": 10},
        title={"text": f"Share of each {get_layer(layer_a).singular} lying in each {get_layer(layer_b).singular}"
                       f" ({weighting})", "font": {"size": 14}},
        xaxis={"side": "top", "tickangle": -45, "automargin": True},
        yaxis={"autorange": "reversed", "automargin": True}, plot_bgcolor="#ffffff")
    return figure


def split_map(atlas: Atlas, bodies: pd.DataFrame, layer_a: str, layer_b: str, height: int = 600) -> go.Figure:
    """Layer A filled by class (whole / split / outside), with both layers' outlines drawn in their own styles."""
    classes = category(bodies)
    b_one, b_many = get_layer(layer_b).singular, plural(layer_b)
    names = dict(zip(bodies["a_code"], _names(atlas, layer_a, bodies["a_code"])))
    figure = go.Figure()
    for key, (label, colour, width) in CATEGORIES.items():
        chosen = bodies[classes == key]
        if chosen.empty:
            continue
        label = label.format(b=b_one, bs=b_many)
        hover = [f"<b>{names[c]}</b><br>{label}<br>{n} {b_many if n != 1 else b_one}; "
                 f"{100 * s:.1f}% outside the largest (area-weighted)"
                 for c, n, s in zip(chosen["a_code"], chosen["partners"], chosen["share_not_in_main"])]
        figure.add_trace(go.Choroplethmap(
            geojson=atlas.map_geojson(layer_a, "fill"), locations=list(chosen["a_code"]), z=[1] * len(chosen),
            colorscale=[[0, colour], [1, colour]], showscale=False, showlegend=True,
            name=f"{label} ({len(chosen)})", marker={"opacity": 0.75, "line": {"width": width, "color": "#000000"}},
            text=hover, hovertemplate="%{text}<extra></extra>"))
    figure.update_layout(
        map={"style": OFFLINE_STYLE, **ENGLAND_AND_WALES_VIEW,
             "layers": [coast_layer(atlas), outline_layer(atlas, layer_b)]},
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=height, uirevision=f"split-{layer_a}-{layer_b}",
        legend={"x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)", "title": {
            "text": f"{upper_first(plural(layer_a))} against {b_many}"}})
    return figure


def measures_table(result: dict, layer_a: str, layer_b: str) -> pd.DataFrame:
    """The measures in words: what, value, how weighted."""
    m = result["measures"]
    a_many, b_many, b_one = plural(layer_a), plural(layer_b), get_layer(layer_b).singular
    rows = [
        (f"{upper_first(a_many)} wholly inside one {b_one}", f"{m['a_wholly_inside_one_b']} of {m['n_a']}",
         "count", DEFINITIONS["wholly_inside"]),
        (f"{upper_first(a_many)} made up of two or more whole {b_many}", f"{m['a_union_of_whole_b']} of {m['n_a']}",
         "count", DEFINITIONS["union_of_whole"]),
        (f"{upper_first(a_many)} cut by {b_one} boundaries", f"{m['a_split_between_several_b']} of {m['n_a']}",
         "count", DEFINITIONS["split"]),
        (f"{upper_first(a_many)} wholly or partly outside every {b_one}",
         f"{m['a_wholly_outside_b'] + m['a_partly_outside_b']} of {m['n_a']}", "count", DEFINITIONS["outside"]),
        (f"{upper_first(b_many)} made up of whole {a_many}", f"{m['b_made_of_whole_a']} of {m['n_b']}", "count",
         DEFINITIONS["made_of_whole"]),
        (f"{upper_first(b_many)} per {get_layer(layer_a).singular}: mean (max)",
         f"{m['mean_b_partners_per_a']:.2f} ({m['max_b_partners_per_a']})", "count", DEFINITIONS["partners"]),
        (f"{upper_first(a_many)} per {b_one}: mean (max)",
         f"{m['mean_a_partners_per_b']:.2f} ({m['max_a_partners_per_b']})", "count", DEFINITIONS["partners"]),
        (f"Share of all {a_many} lying in ones wholly inside one {b_one}",
         f"{100 * m['area_share_of_a_wholly_inside_one_b']:.1f}%", "area-weighted", DEFINITIONS["wholly_inside"]),
        (f"Share of all {a_many} lying outside their main {b_one}",
         f"{100 * m['area_share_of_a_not_in_main_b']:.1f}%", "area-weighted", DEFINITIONS["share_not_in_main"]),
    ]
    if m.get("population_share_of_a_wholly_inside_one_b") is not None:
        missing = m["population_areas_missing"]
        note = f" ({missing} {a_many} missing: see note)" if missing else ""
        rows += [
            (f"Share of residents living in {a_many} wholly inside one {b_one}",
             f"{100 * m['population_share_of_a_wholly_inside_one_b']:.1f}%{note}", "population-weighted (mid-2022)",
             DEFINITIONS["wholly_inside"]),
            (f"Share of residents living outside their {get_layer(layer_a).singular}'s main {b_one}",
             f"{100 * m['population_share_of_a_not_in_main_b']:.1f}%{note}", "population-weighted (mid-2022)",
             DEFINITIONS["share_not_in_main"]),
        ]
    return pd.DataFrame(rows, columns=["Measure", "Value", "Weighting", "In plain words"])


def partners_table(atlas: Atlas, counts: pd.DataFrame, layer_id: str, columns: list[str]) -> pd.DataFrame:
    """For each body of one layer: the number of bodies of every other layer it deals with."""
    out = counts[columns].copy()
    out.columns = [upper_first(plural(c)) for c in columns]
    out.insert(0, get_layer(layer_id).singular, _names(atlas, layer_id, out.index))
    return out.reset_index().rename(columns={"area_code": "Code"})


TIMELINE_MEASURES = {  # column -> (panel title, against)
    "mean_partners_per_body": ("Police force areas (PCCs)<br>per probation body (mean count)", "police_force_area"),
    "mean_councils_incl_counties": ("Councils per probation body<br>(mean count, incl. county councils)", "district"),
    "pct_residents_in_shared_bodies": ("% of residents whose probation body spans<br>several PCCs "
                                       "(population-weighted, mid-2022)", "police_force_area"),
}


def timeline_chart(timeline: pd.DataFrame) -> go.Figure:
    """One small bar chart per measure, eras in time order along the x axis, values written on the bars."""
    from plotly.subplots import make_subplots

    panels = [(column, title, against) for column, (title, against) in TIMELINE_MEASURES.items()
              if column in timeline and timeline.loc[timeline["against"] == against, column].notna().any()]
    figure = make_subplots(rows=1, cols=len(panels), subplot_titles=[p[1] for p in panels], horizontal_spacing=0.08)
    colours = [OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["green"]]
    for i, (column, _title, against) in enumerate(panels, start=1):
        rows = timeline[timeline["against"] == against]
        values = rows[column]
        figure.add_trace(go.Bar(x=rows["label"], y=values,
                                marker={"color": colours[i - 1]},
                                text=[("missing" if pd.isna(v) else f"{v:,.1f}".removesuffix(".0")) for v in values],
                                textposition="outside", showlegend=False, name=_title,
                                cliponaxis=False, hovertemplate="%{x}<br>%{y}<extra></extra>"), row=1, col=i)
        figure.update_yaxes(rangemode="tozero", row=1, col=i, range=[0, float(values.max()) * 1.2])
        figure.update_xaxes(tickmode="array", tickvals=list(rows["label"]),
                            ticktext=[era_label(label) for label in rows["label"]], row=1, col=i)
    figure.update_annotations(font={"size": 14})
    figure.update_layout(height=440, margin={"l": 10, "r": 10, "t": 80, "b": 10}, plot_bgcolor="#ffffff",
                         bargap=0.35)
    # Era names across, wrapped on a few lines under each bar: a board reads them level; automargin keeps them in.
    figure.update_xaxes(tickangle=0, automargin=True)
    figure.update_yaxes(automargin=True)
    return figure


def era_label(label: str, width: int = 12) -> str:
    """'Regional offender managers (2005-08)' -> 'Regional<br>offender<br>managers<br>(2005-08)': an era's bar label
    wrapped to a few short lines, its years on a line of their own."""
    name, _, years = label.partition(" (")
    lines = textwrap.wrap(name, width) + ([f"({years}"] if years else [])
    return "<br>".join(lines)


def era_map(atlas: Atlas, layer_id: str, counts: pd.Series, height: int = 380) -> go.Figure:
    """One era's bodies filled by how many police force areas each spans, force boundaries drawn on top."""
    names = _names(atlas, layer_id, counts.index)
    steps = [1, 2, 3, 4, 5]  # 5 = five or more
    palette = ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
    z = [min(int(n), 5) for n in counts]
    figure = go.Figure(go.Choroplethmap(
        geojson=atlas.map_geojson(layer_id, "fill"), locations=list(counts.index), z=z, zmin=1, zmax=5,
        colorscale=[[(s - 1) / 4, c] for s, c in zip(steps, palette)],
        colorbar={"title": {"text": "PCCs"}, "tickvals": steps, "ticktext": ["1", "2", "3", "4", "5+"],
                  "thickness": 10, "len": 0.6},
        marker={"opacity": 0.8, "line": {"width": 1.2, "color": "#444444"}},
        text=[f"<b>{n}</b><br>{int(c)} police force area{'s' if c != 1 else ''}" for n, c in zip(names, counts)],
        hovertemplate="%{text}<extra></extra>", name=get_layer(layer_id).name))
    figure.update_layout(
        map={"style": OFFLINE_STYLE, "center": {"lon": -2.3, "lat": 52.7}, "zoom": 4.3,
             "layers": [coast_layer(atlas), {**outline_layer(atlas, "police_force_area"), "line": {"width": 0.8}}]},
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=height, uirevision=f"era-{layer_id}")
    return figure


def lens_heatmap(atlas: Atlas, summary: pd.DataFrame, partner_rows: pd.DataFrame) -> go.Figure:
    """Combined authorities by partner layer: cell text = bodies, shade = mean share of them lying outside."""
    outside = partner_rows.groupby(["combined_authority", "layer"])["share_of_body_outside"].mean().mul(100)
    counts = summary.set_index(["combined_authority", "layer"])["bodies"]
    authorities = sorted(summary["combined_authority"].unique())
    layers = list(dict.fromkeys(summary["layer"]))
    z = [[round(float(outside.get((a, lay), float("nan"))), 1) for lay in layers] for a in authorities]
    text = [[f"{int(counts.get((a, lay), 0))} · {outside.get((a, lay), float('nan')):.0f}% out" for lay in layers]
            for a in authorities]
    figure = go.Figure(go.Heatmap(
        z=z, x=[upper_first(plural(lay)) for lay in layers], y=authorities, text=text, texttemplate="%{text}",
        textfont={"size": 11}, zmin=0, zmax=100, colorscale=[[0, "#ffffff"], [1, OKABE_ITO["vermillion"]]],
        colorbar={"title": {"text": "% outside"}}, xgap=2, ygap=2,
        hovertemplate="%{y}<br>%{x}: %{text}<br>mean share of these bodies' area lying outside the authority: "
                      "%{z:.1f}% (area-weighted)<extra></extra>"))
    figure.update_layout(height=460, margin={"l": 10, "r": 10, "t": 30, "b": 10}, plot_bgcolor="#ffffff",
                         xaxis={"side": "top", "automargin": True},
                         yaxis={"autorange": "reversed", "automargin": True})
    return figure


def lens_bars(rows: pd.DataFrame, weighting: str = "area") -> go.Figure:
    """For one combined authority: each partner body, and how much of it lies outside the authority."""
    column = "population_share_of_body_outside" if weighting == "population" else "share_of_body_outside"
    label = "population-weighted, mid-2022" if weighting == "population" else "area-weighted"
    ordered = rows.assign(value=100 * rows[column]).sort_values(["layer", "value"])
    names = [f"{b} ({plural(lay)[:-1] if plural(lay).endswith('s') else plural(lay)})"
             for b, lay in zip(ordered["body"], ordered["layer"])]
    figure = go.Figure(go.Bar(
        y=names, x=ordered["value"], orientation="h", marker={"color": OKABE_ITO["blue"]},
        text=[("missing" if pd.isna(v) else f"{v:.0f}% outside") for v in ordered["value"]],
        textposition="outside", cliponaxis=False,  # "100% outside" stays whole at the axis end on a narrow screen
        hovertemplate="%{y}<br>%{x:.1f}% lies outside<extra></extra>"))
    figure.update_layout(height=max(260, 34 * len(ordered) + 80), margin={"l": 10, "r": 90, "t": 60, "b": 10},
                         title={"text": f"How much of each partner body lies outside the authority<br>({label})",
                                "font": {"size": 14}},
                         xaxis={"range": [0, 115], "title": "% of the body outside"},
                         yaxis={"automargin": True}, plot_bgcolor="#ffffff")
    return figure


SENTENCE_PARTNERS = ("police_force_area", "crc", "district", "county", "mayoral_combined_authority", "cps_area", "hmcts_region")


def partners_sentence(counts: pd.DataFrame, layer_id: str) -> str:
    """'On average a CRC deals with 2.0 police force areas, 16.6 district or unitary councils, …' (unweighted)."""
    parts = [f"{counts[other].mean():.1f} {plural(other)}" for other in SENTENCE_PARTNERS
             if other != layer_id and other in counts]
    listed = ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else "".join(parts)
    return f"On average a {get_layer(layer_id).singular} deals with {listed} (unweighted counts)."
