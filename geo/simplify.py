"""Light browser geometry: shared-edge simplification, dissolved fills and de-duplicated outlines."""
from __future__ import annotations

import json

import geopandas as gpd
import numpy as np
import shapely

WGS84 = 4326
BROWSER_TOLERANCE_METRES = 750  # measured: all councils 337 KB at 750 m against 459 KB at 500 m
COORDINATE_DECIMALS = 3  # ~100 m: finer than the 500 m simplification, so no visible loss


def simplify_coverage(districts: gpd.GeoDataFrame, tolerance: float = BROWSER_TOLERANCE_METRES) -> gpd.GeoDataFrame:
    """Simplify every district together so that neighbours keep one shared edge (no gaps open)."""
    simplified = districts.copy()
    simplified["geometry"] = shapely.coverage_simplify(districts.geometry.values, tolerance)
    return simplified


def dissolve_blocks(blocks: gpd.GeoDataFrame, mapping: dict[str, str]) -> gpd.GeoSeries:
    """Union the district blocks of each area (area code -> geometry), skipping uncovered blocks."""
    codes = blocks["district_code"].map(mapping)
    covered = blocks[codes.notna()].assign(area_code=codes[codes.notna()])
    groups = covered.groupby("area_code").geometry
    return gpd.GeoSeries({code: shapely.union_all(geoms.values) for code, geoms in groups},
                         crs=blocks.crs)


SLIVER_M2 = 1.0  # coverage union leaves specks of a millionth of a square metre where LSOA edges meet


def dissolve_coverage(blocks: gpd.GeoDataFrame, mapping: dict[str, str]) -> gpd.GeoSeries:
    """dissolve_blocks for blocks that tile without gaps (the full-detail districts): ten times faster, same areas.

    Measured on the 2013 districts: areas equal to 1e-15 of the general union's; the specks it leaves are dropped."""
    codes = blocks["district_code"].map(mapping)
    covered = blocks[codes.notna()].assign(area_code=codes[codes.notna()])

    def union(geoms) -> shapely.Geometry:
        parts = shapely.get_parts(shapely.coverage_union_all(geoms.values))
        kept = parts[shapely.area(parts) >= SLIVER_M2]
        return kept[0] if len(kept) == 1 else shapely.multipolygons(kept)

    return gpd.GeoSeries({code: union(geoms) for code, geoms in covered.groupby("area_code").geometry}, crs=blocks.crs)


def outline_lines(areas: gpd.GeoSeries) -> shapely.Geometry:
    """Every area edge once: a shared border between two areas is drawn as a single line."""
    return shapely.line_merge(shapely.union_all(shapely.boundary(areas.values)))


def _rounded(geometry: shapely.Geometry) -> dict:
    rounded = shapely.set_precision(geometry, 10 ** -COORDINATE_DECIMALS, mode="pointwise")
    return json.loads(shapely.to_geojson(rounded))


def fill_geojson(areas: gpd.GeoSeries) -> dict:
    """A GeoJSON FeatureCollection of area polygons in WGS84, id = area code, coordinates rounded."""
    in_wgs84 = areas.to_crs(WGS84)
    features = [{"type": "Feature", "id": code, "properties": {}, "geometry": _rounded(geom)}
                for code, geom in in_wgs84.items()]
    return {"type": "FeatureCollection", "features": features}


def coastline(blocks: gpd.GeoDataFrame) -> shapely.Geometry:
    """The outer edge of England and Wales (coast and the Scottish border), drawn once for every layer."""
    return shapely.boundary(shapely.union_all(blocks.geometry.values))


def inner_outline(areas: gpd.GeoSeries, coast: shapely.Geometry | None = None) -> shapely.Geometry:
    """A layer's outline in the areas' own projection; edges on the coast are left to the coast layer."""
    lines = outline_lines(areas)
    if coast is not None:
        lines = shapely.line_merge(lines.difference(coast.buffer(5)))
    return lines


def outer_coast(land: shapely.Geometry) -> shapely.Geometry:
    """The outer edges of a (multi)polygon only: the pinholes simplification leaves between districts are not coast."""
    return shapely.multilinestrings([polygon.exterior for polygon in shapely.get_parts(land)])


def lines_geojson(lines: shapely.Geometry, crs: object) -> dict:
    """Lines in the given projection as one rounded WGS84 multi-line feature."""
    lines = gpd.GeoSeries([lines], crs=crs).to_crs(WGS84).iloc[0]
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {}, "geometry": _rounded(lines)}]}


def centroid_lonlat(areas: gpd.GeoSeries) -> dict[str, tuple[float, float]]:
    """A label point (longitude, latitude) inside each area."""
    points = areas.representative_point().to_crs(WGS84)
    return {code: (round(float(p.x), 4), round(float(p.y), 4)) for code, p in points.items()}


def bounds_lonlat(areas: gpd.GeoSeries) -> dict[str, list[float]]:
    """Each area's bounding box in WGS84 as [west, south, east, north]."""
    boxes = areas.to_crs(WGS84).bounds
    return {code: np.round(row.values, 4).tolist() for code, row in boxes.iterrows()}
