"""The ONS multi-vintage TopoJSON (councils, counties, combined authorities 2013-2025), decoded to polygons."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from geo.locations import sources_dir

ONS_TOPOLOGY = "boundaries/ons_els_uk_ltla_utla_cty_cauth_rgn_2013_2025.topo.json"
ONS_TOPOLOGY_SOURCE = ("ONS Explore local statistics boundaries 2013-2025 (ltla, utla, cty, cauth), "
                       "github ONSdigital/explore-local-statistics-app @ ca9faecc (OGL v3)")
LAST_YEAR = 2025  # the latest vintage in the file; an area without 'end' is in being then


def _arcs(topology: dict) -> list[np.ndarray]:
    scale, translate = np.array(topology["transform"]["scale"]), np.array(topology["transform"]["translate"])
    return [np.cumsum(np.array(arc, dtype=float), axis=0) * scale + translate for arc in topology["arcs"]]


def _ring(arcs: list[np.ndarray], indexes: list[int]) -> np.ndarray:
    points = []
    for index in indexes:  # a negative index is the arc reversed (~index)
        line = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.append(line if not points else line[1:])
    return np.concatenate(points)


def _geometry(arcs: list[np.ndarray], item: dict):
    polygons = item["arcs"] if item["type"] == "MultiPolygon" else [item["arcs"]]
    parts = [shapely.Polygon(_ring(arcs, rings[0]), [_ring(arcs, r) for r in rings[1:]]) for rings in polygons]
    return shapely.make_valid(shapely.MultiPolygon(parts) if len(parts) > 1 else parts[0])


@lru_cache(maxsize=4)
def _read(path: Path) -> dict:
    return json.loads(path.read_text())


def ons_areas(kind: str, sources: str | Path | None = None) -> gpd.GeoDataFrame:
    """One object of the ONS file ('ltla', 'utla', 'cty', 'cauth'): code, name, first and last year, polygon.

    Years are inclusive: a council abolished on 1 April 2019 has last_year 2018. Coordinates are WGS84 as
    stored (heavily simplified); reproject before measuring."""
    return _decoded(kind, sources_dir(sources) / ONS_TOPOLOGY).copy()


@lru_cache(maxsize=8)
def _decoded(kind: str, path: Path) -> gpd.GeoDataFrame:
    if not path.exists():
        raise FileNotFoundError(f"ONS boundaries not found at {path}")
    topology = _read(path)
    arcs = _arcs(topology)
    rows = topology["objects"][kind]["geometries"]
    return gpd.GeoDataFrame({
        "code": [g["properties"]["areacd"] for g in rows],
        "name": [g["properties"]["areanm"] for g in rows],
        "first_year": [int(g["properties"].get("start", 0)) for g in rows],
        "last_year": [int(g["properties"].get("end", LAST_YEAR)) for g in rows],
    }, geometry=[_geometry(arcs, g) for g in rows], crs=4326)


def in_year(areas: gpd.GeoDataFrame, year: int, england_and_wales: bool = True) -> gpd.GeoDataFrame:
    """The areas in being in a year (optionally only England and Wales: codes starting E or W)."""
    alive = areas[(areas["first_year"] <= year) & (areas["last_year"] >= year)]
    if england_and_wales:
        alive = alive[alive["code"].str[0].isin(["E", "W"])]
    return alive


def code_changes(areas: gpd.GeoDataFrame) -> dict[str, str]:
    """New code -> old code where an area kept its name but took a new code (Barnsley E08000016 -> E08000038)."""
    ended = areas[areas["last_year"] < LAST_YEAR]
    started = areas[areas["first_year"] > 0]
    out = {}
    for _, new in started.iterrows():
        old = ended[(ended["name"] == new["name"]) & (ended["last_year"] == new["first_year"] - 1)]
        if len(old) == 1:
            out[new["code"]] = old.iloc[0]["code"]
    return out
