"""The overlay map: councils (optionally filled) with any set of layer outlines, offline, with stack hover."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from pyproj import Transformer

from figures.layer_styles import style_for
from geo.atlas import Atlas
from geo.registry import LAYERS, Layer, get_layer

# Plotly's built-in background-only style: no tiles or sprites, and no glyphs are fetched while no
# text layer is drawn. A style given as a dict is re-applied (and fails) on every Streamlit re-render.
OFFLINE_STYLE = "white-bg"
ENGLAND_AND_WALES_VIEW = {"center": {"lon": -2.6, "lat": 52.75}, "zoom": 5.15}
ATTRIBUTION = ("Boundaries: ONS LSOA (Dec 2011) super-generalised, dissolved to 2013 districts; contains OS data "
               "© Crown copyright and database right 2011; Office for National Statistics, Open Government Licence v3.0. "
               "Body-to-area facts: see 'About the data'.")
DISTRICT_TYPES = {  # ONS local authority type -> (label, soft fill colour)
    "UA": ("Unitary authority", "#cfe3f3"), "MD": ("Metropolitan district", "#f7d9b5"),
    "LBO": ("London borough", "#f3cde0"), "CC": ("City of London", "#f3cde0"),
    "NMD": ("Two-tier district (with a county council)", "#d5ecd4"), "WPA": ("Welsh principal area", "#e8e1f3"),
}
_TO_LONLAT = Transformer.from_crs(27700, 4326, always_xy=True)


# The GSS entity code says a council's type: E06 unitary, E07 two-tier district, E08 metropolitan, E09 London, W06 Wales.
TYPE_BY_ENTITY = {"E06": "UA", "E07": "NMD", "E08": "MD", "E09": "LBO", "W06": "WPA"}


def council_type(code: str) -> str:
    """The ONS type of today's council from its code ('CC' for the City of London)."""
    return "CC" if code == "E09000001" else TYPE_BY_ENTITY.get(code[:3], "UA")


def body_label(layer: Layer) -> str:
    """The words for one body of a layer, capitalised, as a stack lists it ("CRC", "Police force area")."""
    return layer.singular[0].upper() + layer.singular[1:]


def stack_hover_text(atlas: Atlas) -> pd.Series:
    """For each 2013 district block, the full stack of bodies there as hover HTML, headed by today's council."""
    table = atlas.block_table
    lines = []
    for _code, row in table.iterrows():
        parts = [f"<b>{atlas.area_name('council', row['council'])}</b> ({row['council']})"]
        for layer in LAYERS:
            if layer.id == "council":
                continue
            name = atlas.area_name(layer.id, row[layer.id]) if row[layer.id] else "—"
            parts.append(f"{body_label(layer)}: {name}")
        lines.append("<br>".join(parts))
    return pd.Series(lines, index=table.index)


def outline_layer(atlas: Atlas, layer_id: str, visible: bool = True) -> dict:
    """A MapLibre line layer drawing one layer's outline in its colour, width and dash."""
    style = style_for(layer_id)
    line = {"width": style.width}
    if style.dash is not None:
        line["dash"] = list(style.dash)
    return {"sourcetype": "geojson", "source": atlas.map_geojson(layer_id, "outline"), "type": "line",
            "color": style.colour, "line": line, "visible": visible, "name": layer_id}


def outline_layers(atlas: Atlas, layer_ids: list[str]) -> list[dict]:
    """The coast, then every registry layer in a fixed order, shown only if chosen.

    A fixed order means a toggle changes one layer's visibility and nothing else, so the browser
    keeps every parsed source instead of re-reading the shifted ones."""
    chosen = set(layer_ids)
    return [coast_layer(atlas)] + [outline_layer(atlas, layer.id, layer.id in chosen) for layer in LAYERS]


def coast_layer(atlas: Atlas) -> dict:
    """The outer edge of England and Wales, drawn once under every layer."""
    return {"sourcetype": "geojson", "source": atlas.map_geojson("coast", "outline"), "type": "line",
            "color": "#555555", "line": {"width": 0.8}}


def zoom_to_bounds(bounds: list[float], width_px: int = 900, height_px: int = 640) -> dict:
    """Centre and zoom (Web Mercator) that fit [west, south, east, north] in a map of the given size."""
    west, south, east, north = bounds
    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    lon_span = max(east - west, 0.01)
    lat_span = max(merc(north) - merc(south), 0.0002)
    zoom_x = math.log2(width_px * 360 / (256 * lon_span))
    zoom_y = math.log2(height_px * 2 * math.pi / (256 * lat_span))
    zoom = max(min(zoom_x, zoom_y) - 0.6, 4.5)
    # Beyond zoom 9 the 750 m simplification shows: stop there.
    return {"center": {"lon": (west + east) / 2, "lat": (south + north) / 2}, "zoom": round(min(zoom, 9.0), 2)}


def overlay_figure(atlas: Atlas, layer_ids: list[str], fill_councils: bool = True,
                   highlight_codes: list[str] | None = None, point_bng: tuple[float, float] | None = None,
                   view: dict | None = None, hover: pd.Series | None = None, height: int = 660) -> go.Figure:
    """Districts as the hover surface (filled by today's council type or transparent) plus each chosen layer's outline."""
    for layer_id in layer_ids:
        get_layer(layer_id)
    districts = atlas.layer_areas("district").set_index("area_code")
    today = atlas.block_table["council"].reindex(districts.index)
    types = [council_type(code) for code in today]  # blocks of one council share its colour: today's map
    hover = hover if hover is not None else stack_hover_text(atlas)
    codes = list(districts.index)
    type_order = list(DISTRICT_TYPES)
    z = [type_order.index(t) if t in type_order else 0 for t in types]
    steps = len(type_order) - 1
    colorscale = [[i / steps, DISTRICT_TYPES[t][1]] for i, t in enumerate(type_order)]
    figure = go.Figure(go.Choroplethmap(
        geojson=atlas.map_geojson("district", "fill"), locations=codes, z=z, zmin=0, zmax=steps,
        colorscale=colorscale, showscale=False, marker={"opacity": 0.85 if fill_councils else 0.02,
                                                        "line": {"width": 0}},
        text=hover.reindex(codes).tolist(), hovertemplate="%{text}<extra></extra>", name="Councils"))
    if highlight_codes:
        figure.add_trace(go.Choroplethmap(
            geojson=atlas.map_geojson("district", "fill"), locations=list(highlight_codes),
            z=[1] * len(highlight_codes), colorscale=[[0, "#ffd54f"], [1, "#ffd54f"]], showscale=False,
            marker={"opacity": 0.55, "line": {"width": 2.5, "color": "#000000"}},
            text=hover.reindex(highlight_codes).tolist(), hovertemplate="%{text}<extra></extra>",
            name="Selected place"))
    if point_bng is not None:
        lon, lat = _TO_LONLAT.transform(*point_bng)
        figure.add_trace(go.Scattermap(lon=[lon], lat=[lat], mode="markers", name="Postcode",
                                       marker={"size": 14, "color": "#D55E00"}, hoverinfo="skip"))
    figure.update_layout(
        map={"style": OFFLINE_STYLE, **(view or ENGLAND_AND_WALES_VIEW),
             "layers": outline_layers(atlas, layer_ids)},
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=height, showlegend=False,
        uirevision="overlay-map", hoverlabel={"bgcolor": "white", "font": {"size": 12}},
    )
    return figure
