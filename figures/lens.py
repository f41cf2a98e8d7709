"""Combined authority lens tables, sentence and partner map (the heatmap and bars stay in figures.coterminosity)."""
from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go

from figures.overlay_map import overlay_figure, zoom_to_bounds
from geo.atlas import Atlas
from geo.combined_authority_lens import COMBINED_AUTHORITY, PARTNERS
from geo.coterminosity import plural, upper_first
from geo.registry import get_layer

OUTSIDE = 1e-6  # a share of a body beyond the authority's edge above this counts as reaching outside
MAP_SIZE = (520, 480)  # the map column's width and height in pixels


def bodies_per_authority(summary: pd.DataFrame, authority_layer: str = COMBINED_AUTHORITY) -> pd.DataFrame:
    """Authorities by partner layer: the number of bodies of each layer it overlaps (columns in the lens's order)."""
    wide = summary.pivot(index="combined_authority", columns="layer", values="bodies")
    wide = wide[[layer for layer in PARTNERS[authority_layer] if layer in wide.columns]].fillna(0).astype(int)
    wide.columns = [upper_first(plural(c)) for c in wide.columns]
    return wide


def _bodies(n: int, singular: str, many: str) -> str:
    return f"{n} {singular if n == 1 else many}"


def authority_sentence(name: str, mine: pd.DataFrame, mayor: dict | None = None) -> str:
    """'X works with 2 police force areas (A, B) and 4 other justice bodies (…); 5 of its 6 partner bodies …'."""
    forces = mine[mine["layer"] == "police_force_area"]
    others = mine[mine["layer"] != "police_force_area"]
    kinds = ", ".join(dict.fromkeys(get_layer(layer).singular for layer in others["layer"]))
    reaching = int((mine["share_of_body_outside"] > OUTSIDE).sum())
    sentence = (f"{name} works with {_bodies(len(forces), 'police force area', 'police force areas')} "
                f"({', '.join(forces['body'])}) and {_bodies(len(others), 'other justice body', 'other justice bodies')}"
                f"{f' ({kinds})' if kinds else ''}; {reaching} of its {len(mine)} partner bodies reach beyond its "
                "edge (area-weighted).")
    if mayor:
        sentence += (f" Its mayor holds the police and crime commissioner's functions for {mayor['police_force_area_name']}"
                     f" (since {_when(mayor['since'])}).")
    return sentence


def _when(since: str) -> str:
    """'2017-05-08' -> '8 May 2017'; a bare year stays as it is."""
    if len(since) != 10:
        return since
    day = pd.Timestamp(since)
    return f"{day.day} {day:%B %Y}"


def authority_table(mine: pd.DataFrame, has_population: bool) -> pd.DataFrame:
    """One authority's partner bodies: layer, body, code, shared km² and the shares inside and outside, in %."""
    detail = mine.assign(
        **{"Layer": mine["layer"].map(lambda i: get_layer(i).name),
           "% of the authority in this body (area-weighted)": (100 * mine["share_of_authority_in_body"]).round(1),
           "% of the body outside the authority (area-weighted)": (100 * mine["share_of_body_outside"]).round(1)})
    if has_population:
        detail["% of the body outside the authority (population-weighted, mid-2022)"] = (
            100 * mine["population_share_of_body_outside"]).round(1)
    detail = detail.rename(columns={"body": "Body", "body_code": "Code", "shared_km2": "Shared area (km²)"})
    return detail[["Layer", "Body", "Code", "Shared area (km²)"] + [c for c in detail.columns if c.startswith("%")]]


def every_partner_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Every authority's partners for the download, the weighting named in each share's column."""
    return rows.rename(columns={"share_of_body_outside": "share_of_body_outside_area_weighted",
                                "population_share_of_body_outside": "share_of_body_outside_population_weighted"})


def partner_view(atlas: Atlas, bodies: list[str], layer_id: str) -> dict:
    """Centre and zoom framing every partner body of one layer, with room round them for the narrow column."""
    boxes = [json.loads(b) for b in
             atlas.areas[(atlas.areas["layer"] == layer_id) & atlas.areas["area_code"].isin(bodies)]["bounds"]]
    view = zoom_to_bounds([min(b[0] for b in boxes), min(b[1] for b in boxes),
                           max(b[2] for b in boxes), max(b[3] for b in boxes)], *MAP_SIZE)
    view["zoom"] = round(max(view["zoom"] - 1.0, 4.5), 2)
    return view


def partner_map(atlas: Atlas, code: str, layer_id: str, bodies: list[str], hover: pd.Series,
                authority_layer: str = COMBINED_AUTHORITY) -> go.Figure:
    """The authority's councils highlighted over the combined authorities and one partner layer, framed on its bodies."""
    districts = atlas.block_table.index[atlas.block_table[authority_layer] == code].tolist()
    figure = overlay_figure(atlas, [authority_layer, layer_id], fill_councils=False, highlight_codes=districts,
                            view=partner_view(atlas, bodies, layer_id), hover=hover, height=MAP_SIZE[1])
    # The overlay map carries every layer's outline for its toggles; this map never toggles, so send only two.
    figure.layout.map.layers = [layer for layer in figure.layout.map.layers if layer.visible is not False]
    figure.update_layout(uirevision=f"lens-{code}-{layer_id}")
    return figure
