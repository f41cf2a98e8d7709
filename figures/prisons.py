"""Prison points over the overlay map, the distance-to-resettlement choropleth, and their tables."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from figures.layer_styles import OKABE_ITO
from figures.overlay_map import OFFLINE_STYLE, outline_layers, overlay_figure
from geo.atlas import Atlas
from geo.registry import get_layer

RESETTLEMENT_LABEL = "Designated resettlement prison (large ringed dot)"
OTHER_LABEL = "Other establishment (small pale dot)"
# The offline map style cannot draw symbol glyphs, so kinds differ by size, ring and opacity as well as colour.
# Purple, not vermillion: the CRC outlines shown by default are vermillion.
RESETTLEMENT_STYLE = {"size": 9, "ring": 13, "colour": OKABE_ITO["purple"], "opacity": 1.0}
OTHER_STYLE = {"size": 7, "colour": OKABE_ITO["blue"], "opacity": 0.6}
METRICS: dict[str, tuple[str, str]] = {
    "men_crc_km": ("Men: mean km to the nearest resettlement prison of their own CRC",
                   "Population-weighted mean straight-line km from residents' postcodes to the nearest men's "
                   "resettlement prison designated for their CRC area."),
    "crc_penalty_km": ("Men: extra km because of the CRC boundary",
                       "Own-CRC distance minus distance to the nearest men's resettlement prison of ANY CRC: "
                       "what the CRC designation adds on average."),
    "men_far_share": ("Men: share of residents more than 50 km from their CRC's nearest resettlement prison",
                      "Share of the (estimated) population whose postcode is over 50 km in a straight line from "
                      "the nearest men's resettlement prison of their CRC."),
    "men_crc_km_max": ("Men: farthest postcode's km to its CRC's nearest resettlement prison",
                       "The largest straight-line distance from any postcode in the area."),
    "women_any_km": ("Women: mean km to the nearest women's prison (any)",
                     "Population-weighted mean straight-line km to the nearest women's prison in use (Feb 2017)."),
    "women_crc_km": ("Women: mean km to their CRC's women's resettlement prison (where one is named)",
                     "Only residents of CRCs for which the Feb 2017 list names a women's resettlement prison as "
                     "lead; elsewhere missing, not zero."),
}
PRISON_COLUMNS = {
    "prison": "Prison", "nomis_id": "NOMIS id", "postcode": "Postcode", "function": "Function",
    "designation": "Designation", "operator": "Operator", "prison_group": "Prison group (Feb 2017)",
    "resettlement_prison": "Resettlement prison", "resettlement_crc_names": "Resettlement for CRC(s)",
    "in_crc_name": "Sits in CRC area", "in_police_force_area_name": "Sits in police force area",
    "resettlement_provider": "Resettlement provider", "located_by": "Located by",
    "geocode_gap_km": "Gap to shared geocode (km)", "location_note": "Location note",
}


def _ring_trace(rows: pd.DataFrame) -> go.Scattermap:
    return go.Scattermap(lon=rows["lon"], lat=rows["lat"], mode="markers", hoverinfo="skip", showlegend=False,
                         marker={"size": RESETTLEMENT_STYLE["ring"], "color": OKABE_ITO["black"]},
                         name="ring")


def prison_hover(rows: pd.DataFrame, crc_names: dict[str, str]) -> list[str]:
    """Hover HTML for each prison: name, postcode, function, operator, group and resettlement role."""
    texts = []
    for _, row in rows.iterrows():
        serves = ", ".join(crc_names.get(code, code) for code in filter(None, row["resettlement_crc_codes"].split(";")))
        role = f"Resettlement prison for {serves}" if row["resettlement_prison"] else "Not a designated resettlement prison"
        texts.append(f"<b>HMP {row['prison']}</b> ({row['postcode'] or 'no postcode'})<br>{row['function']} · "
                     f"{row['operator']}<br>Group: {row['prison_group']}<br>{role}")
    return texts


def prison_traces(prisons: pd.DataFrame, crc_names: dict[str, str]) -> list[go.Scattermap]:
    """Other establishments (small, pale blue) under resettlement prisons (large, purple, black ring)."""
    other = prisons[~prisons["resettlement_prison"]]
    settle = prisons[prisons["resettlement_prison"]]
    return [
        go.Scattermap(lon=other["lon"], lat=other["lat"], mode="markers", name=OTHER_LABEL,
                      marker={"size": OTHER_STYLE["size"], "color": OTHER_STYLE["colour"],
                              "opacity": OTHER_STYLE["opacity"]},
                      text=prison_hover(other, crc_names), hovertemplate="%{text}<extra></extra>"),
        _ring_trace(settle),
        go.Scattermap(lon=settle["lon"], lat=settle["lat"], mode="markers", name=RESETTLEMENT_LABEL,
                      marker={"size": RESETTLEMENT_STYLE["size"], "color": RESETTLEMENT_STYLE["colour"]},
                      text=prison_hover(settle, crc_names), hovertemplate="%{text}<extra></extra>"),
    ]


def _legend_layout() -> dict:
    return {"showlegend": True, "legend": {"x": 0.01, "y": 0.99, "bgcolor": "rgba(255,255,255,0.85)",
                                           "bordercolor": "#999", "borderwidth": 1, "font": {"size": 12}}}


def prisons_map(atlas: Atlas, prisons: pd.DataFrame, layer_ids: list[str], fill_councils: bool = False,
                hover: pd.Series | None = None, height: int = 660) -> go.Figure:
    """The overlay map (councils and chosen outlines) with every prison as a point on top."""
    figure = overlay_figure(atlas, layer_ids, fill_councils=fill_councils, hover=hover, height=height)
    figure.data[0].showlegend = False
    for trace in prison_traces(prisons, crc_names(atlas)):
        figure.add_trace(trace)
    # The overlay map sends every layer's outline for the browser's toggles; here the server chooses them.
    figure.layout.map.layers = [layer for layer in figure.layout.map.layers if layer.visible is not False]
    figure.update_layout(**_legend_layout(), uirevision="prisons-map")
    return figure


def resettlement_summary(prisons: pd.DataFrame) -> str:
    """'**N of M resettlement prisons sit outside every CRC area they serve** (A, B): …' (markdown)."""
    settle = prisons[prisons["resettlement_prison"]]
    away = settle[~settle["serves_own_crc"]]
    return (f"**{len(away)} of {len(settle)} resettlement prisons sit outside every CRC area they serve** "
            f"({', '.join(away['prison'])}): the CRC of the place where each one stands is taken from the 2013 "
            "district its postcode falls in.")


def crc_names(atlas: Atlas) -> dict[str, str]:
    """CRC code -> CRC name from the atlas."""
    areas = atlas.layer_areas("crc")
    return dict(zip(areas["area_code"], areas["area_name"]))


def with_crc_names(prisons: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The prison table with the CRC names each resettlement prison serves."""
    out = prisons.copy()
    out["resettlement_crc_names"] = [
        "; ".join(names.get(code, code) for code in filter(None, codes.split(";")))
        for codes in out["resettlement_crc_codes"]]
    return out


def prison_table(prisons: pd.DataFrame) -> pd.DataFrame:
    """The prisons for display: readable column names, sorted by name."""
    return prisons.sort_values("prison")[list(PRISON_COLUMNS)].rename(columns=PRISON_COLUMNS).reset_index(drop=True)


def distance_table(atlas: Atlas, distances: pd.DataFrame, layer_id: str, metric: str) -> pd.DataFrame:
    """Areas ranked by a metric (largest first; missing last), with names and every measure rounded."""
    if metric not in METRICS:
        raise KeyError(f"unknown metric {metric!r}")
    table = distances.copy()
    table.insert(1, "area_name", [atlas.area_name(layer_id, code) for code in table["area_code"]])
    table = table.sort_values(metric, ascending=False, na_position="last").reset_index(drop=True)
    table.insert(0, "rank", range(1, len(table) + 1))
    table = table[["rank", "area_code", "area_name", metric] + [c for c in distances.columns
                                                                if c not in ("area_code", metric)]]
    for column in ("men_far_share", "women_crc_covered_share"):
        table[column] = (table[column] * 100).round(1)
    for column in ("men_crc_km", "men_any_km", "men_crc_km_max", "women_any_km", "women_crc_km", "crc_penalty_km"):
        table[column] = table[column].round(1)
    return table.rename(columns={
        "rank": "Rank", "area_code": "Code", "area_name": _title(get_layer(layer_id).singular),
        "population": "Residents (mid-2022, estimated for merged districts)",
        "men_crc_km": "Men: km to own CRC's nearest resettlement prison",
        "men_any_km": "Men: km to nearest resettlement prison (any CRC)",
        "crc_penalty_km": "Men: extra km from CRC boundary", "men_far_share": "Men: % over 50 km",
        "men_crc_km_max": "Men: farthest postcode (km)", "women_any_km": "Women: km to nearest women's prison",
        "women_crc_km": "Women: km to own CRC's women's resettlement prison",
        "women_crc_covered_share": "Women: % of residents whose CRC names one",
    })


def _value_text(metric: str, value: float) -> str:
    if value != value:  # NaN
        return "no value (see notes)"
    return f"{value * 100:.1f}%" if metric == "men_far_share" else f"{value:.1f} km"


ENGLAND_AND_WALES_BOUNDS = (-5.8, 49.9, 1.8, 55.85)  # west, south, east, north (WGS84)


def fit_view(bounds: tuple[float, float, float, float], width_px: int, height_px: int, margin: float = 0.92) -> dict:
    """Centre and zoom that fit the bounds in a map of this size (MapLibre's 512-pixel world at zoom 0)."""
    west, south, east, north = bounds
    def merc(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    zoom_x = math.log2(margin * width_px * 360 / (512 * (east - west)))
    zoom_y = math.log2(margin * height_px * 2 * math.pi / (512 * (merc(north) - merc(south))))
    centre_lat = math.degrees(math.atan(math.sinh((merc(north) + merc(south)) / 2)))
    return {"center": {"lon": (west + east) / 2, "lat": round(centre_lat, 3)}, "zoom": round(min(zoom_x, zoom_y), 2)}


def distance_map(atlas: Atlas, distances: pd.DataFrame, layer_id: str, metric: str, prisons: pd.DataFrame,
                 height: int = 620, width: int = 420) -> go.Figure:
    """Choropleth of one metric by area, with circles sized by the same value (so colour is not the only cue)."""
    label, _ = METRICS[metric]
    areas = atlas.layer_areas(layer_id).set_index("area_code")
    data = distances.set_index("area_code").reindex(areas.index)
    values = data[metric]
    names = [atlas.area_name(layer_id, code) for code in data.index]
    hover = [f"<b>{name}</b><br>{label}: {_value_text(metric, value)}" for name, value in zip(names, values)]
    shown = values.dropna()
    top = float(shown.max()) if len(shown) else 1.0
    figure = go.Figure(go.Choroplethmap(
        geojson=atlas.map_geojson(layer_id, "fill"), locations=list(data.index), z=values.tolist(),
        colorscale=[[0, "#f7fbff"], [0.5, OKABE_ITO["sky_blue"]], [1, OKABE_ITO["blue"]]],
        marker={"opacity": 0.8, "line": {"width": 0}}, text=hover, hovertemplate="%{text}<extra></extra>",
        colorbar={"title": {"text": "%" if metric == "men_far_share" else "km"}, "thickness": 14}, name=label,
        showlegend=False))
    size = [6 + 22 * math.sqrt(max(v, 0) / top) if top > 0 and v == v else 0 for v in values]
    figure.add_trace(go.Scattermap(
        lon=areas["label_lon"], lat=areas["label_lat"], mode="markers", name="Circle size = value",
        marker={"size": size, "color": OKABE_ITO["black"], "opacity": 0.35}, text=hover,
        hovertemplate="%{text}<extra></extra>"))
    settle = prisons[prisons["resettlement_prison"]]
    figure.add_trace(go.Scattermap(
        lon=settle["lon"], lat=settle["lat"], mode="markers", name="Resettlement prison (purple dot)",
        marker={"size": 9, "color": OKABE_ITO["purple"]}, text=prison_hover(settle, crc_names(atlas)),
        hovertemplate="%{text}<extra></extra>"))
    figure.update_layout(
        map={"style": OFFLINE_STYLE, **fit_view(ENGLAND_AND_WALES_BOUNDS, width, height),
             "layers": outline_layers(atlas, [layer_id])},
        margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=height, uirevision=f"distance-{layer_id}",
        hoverlabel={"bgcolor": "white", "font": {"size": 12}}, **_legend_layout())
    return figure


def _title(text: str) -> str:
    """'CRC' stays 'CRC', 'police force area' becomes 'Police force area'."""
    return text[:1].upper() + text[1:]
