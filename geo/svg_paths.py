"""Browser map geometry as compact SVG path data on the British National Grid (100 m integer units)."""
from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
import shapely

SVG_UNIT_METRES = 100  # finer than the 750 m simplification, so rounding to it loses nothing visible


def svg_frame(geometry: shapely.Geometry, margin_units: int = 20) -> dict:
    """The drawing frame of a geometry: origin (easting, northing of the top-left corner) and size, in SVG units."""
    west, south, east, north = geometry.bounds
    origin_e = math.floor(west / SVG_UNIT_METRES) * SVG_UNIT_METRES - margin_units * SVG_UNIT_METRES
    origin_n = math.ceil(north / SVG_UNIT_METRES) * SVG_UNIT_METRES + margin_units * SVG_UNIT_METRES
    width = math.ceil((east - origin_e) / SVG_UNIT_METRES) + margin_units
    height = math.ceil((origin_n - south) / SVG_UNIT_METRES) + margin_units
    return {"origin_easting": origin_e, "origin_northing": origin_n, "width": width, "height": height,
            "unit_metres": SVG_UNIT_METRES}


def _units(coords: np.ndarray, frame: dict) -> np.ndarray:
    """Easting/northing (metres) to integer SVG units: x grows east, y grows south."""
    x = np.rint((coords[:, 0] - frame["origin_easting"]) / SVG_UNIT_METRES)
    y = np.rint((frame["origin_northing"] - coords[:, 1]) / SVG_UNIT_METRES)
    points = np.column_stack([x, y]).astype(np.int64)
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.any(points[1:] != points[:-1], axis=1)  # rounding makes neighbours coincide: draw each once
    return points[keep]


def _run(points: np.ndarray, close: bool) -> str:
    """One ring or line: an absolute move, then relative steps (short numbers)."""
    steps = np.diff(points, axis=0)
    body = " ".join(f"{dx} {dy}" for dx, dy in steps.tolist())
    return f"M{points[0, 0]} {points[0, 1]}" + (f"l{body}" if body else "") + ("z" if close else "")


def _parts(geometry: shapely.Geometry) -> Iterable[shapely.Geometry]:
    return shapely.get_parts(geometry) if shapely.get_num_geometries(geometry) > 1 else [geometry]


def polygon_path(geometry: shapely.Geometry, frame: dict) -> str:
    """SVG path data for a (multi)polygon: every ring closed; rings that round away to nothing are dropped."""
    pieces = []
    for polygon in _parts(geometry):
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        for ring in [polygon.exterior, *polygon.interiors]:
            points = _units(np.asarray(ring.coords), frame)
            if len(points) >= 4 or (len(points) == 3 and not np.array_equal(points[0], points[-1])):
                pieces.append(_run(points[:-1] if np.array_equal(points[0], points[-1]) else points, close=True))
    return "".join(pieces)


def line_path(geometry: shapely.Geometry, frame: dict) -> str:
    """SVG path data for a (multi)line: each part an open run; parts that round to a point are dropped."""
    pieces = []
    for line in _parts(geometry):
        if line.is_empty or line.geom_type not in ("LineString", "LinearRing"):
            continue
        points = _units(np.asarray(line.coords), frame)
        if len(points) >= 2:
            pieces.append(_run(points, close=False))
    return "".join(pieces)
