"""The browser drawing: SVG path data on the British National Grid, decoded back and checked against the shapes."""
from __future__ import annotations

import json
import re

import pytest
import shapely

from figures.overlay_svg import PRESENTATION_LINE_FACTOR, overlay_map_data, stack_layers
from geo import simplify
from geo.registry import LAYERS, UnknownLayerError
from geo.svg_paths import SVG_UNIT_METRES, line_path, polygon_path, svg_frame

FRAME = {"origin_easting": 0, "origin_northing": 1000, "width": 10, "height": 10, "unit_metres": 100}


def decode(d: str) -> list[list[tuple[int, int]]]:
    """Absolute points of every run in path data made of 'M x y', 'l dx dy ...' and 'z'."""
    runs = []
    for move, steps in re.findall(r"M(-?\d+ -?\d+)(?:l([-\d ]+))?z?", d):
        x, y = map(int, move.split())
        points = [(x, y)]
        numbers = list(map(int, steps.split())) if steps else []
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        runs.append(points)
    return runs


def test_a_square_round_trips_with_y_growing_south():
    d = polygon_path(shapely.box(100, 100, 300, 300), FRAME)
    assert d.endswith("z") and d.count("M") == 1
    assert set(decode(d)[0]) == {(1, 9), (3, 9), (3, 7), (1, 7)}


def test_holes_are_kept_and_points_that_round_together_are_drawn_once():
    square = shapely.Polygon([(0, 0), (900, 0), (900, 900), (0, 900)], [[(300, 300), (600, 300), (600, 600), (300, 600)]])
    runs = decode(polygon_path(square, FRAME))
    assert len(runs) == 2 and all(len(run) == 4 for run in runs)
    wobbly = shapely.LineString([(0, 0), (20, 10), (40, -10), (510, 0)])  # the first three are within 50 m
    assert decode(line_path(wobbly, FRAME)) == [[(0, 10), (5, 10)]]


def test_shapes_that_round_to_nothing_are_dropped():
    assert polygon_path(shapely.box(0, 0, 30, 30), FRAME) == ""
    assert line_path(shapely.LineString([(0, 0), (40, 0)]), FRAME) == ""
    assert line_path(shapely.MultiLineString([[(0, 0), (40, 0)], [(0, 0), (500, 0)]]), FRAME) == "M0 10l5 0"


def test_the_frame_holds_the_shape_with_a_margin():
    frame = svg_frame(shapely.box(80_650, 7_010, 655_600, 657_500))
    assert frame["origin_easting"] <= 80_650 - 20 * SVG_UNIT_METRES
    assert frame["origin_northing"] >= 657_500 + 20 * SVG_UNIT_METRES
    assert frame["width"] * SVG_UNIT_METRES >= 655_600 - frame["origin_easting"]
    assert frame["height"] * SVG_UNIT_METRES >= frame["origin_northing"] - 7_010


def test_every_district_is_drawn_where_it_lies(atlas):
    drawing = atlas.svg_map()
    frame = drawing["frame"]
    assert len(drawing["districts"]) == 348
    blocks = atlas.blocks.set_index("district_code")
    for code in ("E06000028", "E09000001", "W06000001", "E07000234"):  # Bournemouth, City of London, Anglesey, Bromsgrove
        points = [p for run in decode(drawing["districts"][code]) for p in run]
        eastings = [frame["origin_easting"] + x * SVG_UNIT_METRES for x, _ in points]
        northings = [frame["origin_northing"] - y * SVG_UNIT_METRES for _, y in points]
        west, south, east, north = blocks.loc[code, "geometry"].bounds
        # 750 m simplification plus 100 m rounding: the drawing's box lies within 1 km of the true one.
        assert abs(min(eastings) - west) < 1000 and abs(max(eastings) - east) < 1000
        assert abs(min(northings) - south) < 1000 and abs(max(northings) - north) < 1000


def test_outlines_have_the_length_of_the_simplified_borders(atlas):
    drawing = atlas.svg_map()
    light = simplify.simplify_coverage(atlas.blocks)
    coast = simplify.coastline(light)
    table = atlas.block_table
    for layer_id in ("police_force_area", "nps_division"):
        areas = simplify.dissolve_blocks(light, dict(zip(table.index, table[layer_id])))
        expected = simplify.inner_outline(areas, coast).length / SVG_UNIT_METRES
        drawn = sum(shapely.LineString(run).length for run in decode(drawing["outlines"][layer_id]) if len(run) > 1)
        assert drawn == pytest.approx(expected, rel=0.03)
    assert set(drawing["outlines"]) == {layer.id for layer in LAYERS}


def test_map_data_sends_every_layer_with_its_style_and_the_stack(atlas):
    data = overlay_map_data(atlas, ["crc", "police_force_area"], fill_councils=False)
    assert data["chosen"] == ["crc", "police_force_area"] and data["fill"] is False
    assert [layer["id"] for layer in data["layers"]] == [layer.id for layer in LAYERS]
    crc = next(layer for layer in data["layers"] if layer["id"] == "crc")
    assert crc["colour"] == "#D55E00" and crc["width"] == 3.0 and crc["dash"] == [6.0, 4.5]
    bournemouth = next(d for d in data["districts"] if d["code"] == "E06000028")
    stack = {layer["label"]: layer["names"].get(code) for layer, code in zip(data["stack_layers"], bournemouth["areas"],
                                                                              strict=True)}
    assert stack["CRC"] == "Dorset, Devon and Cornwall CRC" and stack["Police force area"] == "Dorset"
    assert {d["colour"] for d in data["districts"]} >= {"#cfe3f3", "#d5ecd4", "#e8e1f3"}
    # the whole drawing, every layer included, stays well inside the 0.8 MB map budget
    assert len(json.dumps(data, separators=(",", ":"))) < 800_000


def test_presentation_widens_every_line_and_its_dashes(atlas):
    plain = {layer["id"]: layer for layer in overlay_map_data(atlas, [])["layers"]}
    wide = {layer["id"]: layer for layer in overlay_map_data(atlas, [], presenting=True)["layers"]}
    for layer_id, layer in plain.items():
        assert wide[layer_id]["width"] == pytest.approx(layer["width"] * PRESENTATION_LINE_FACTOR, abs=0.01)
        if layer["dash"]:
            assert wide[layer_id]["dash"] == pytest.approx([d * PRESENTATION_LINE_FACTOR for d in layer["dash"]], abs=0.02)


def test_unknown_layer_is_refused_and_every_area_has_a_name(atlas):
    with pytest.raises(UnknownLayerError):
        overlay_map_data(atlas, ["crc", "bogus"])
    for layer in stack_layers(atlas):
        assert layer["names"] and all(layer["names"].values())


def test_the_coast_is_the_outer_edge_only():
    land = shapely.MultiPolygon([shapely.Polygon([(0, 0), (900, 0), (900, 900), (0, 900)],
                                                 [[(300, 300), (310, 300), (310, 310)]]), shapely.box(1000, 0, 1100, 100)])
    coast = simplify.outer_coast(land)
    assert shapely.get_num_geometries(coast) == 2  # two islands' shores; the pinhole inside the first is not coast
    assert coast.length == pytest.approx(3600 + 400)
