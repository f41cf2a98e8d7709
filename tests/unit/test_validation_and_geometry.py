"""Validation fails loudly on broken inputs; browser geometry keeps shared edges once; the built cache is sound."""
from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from geo import simplify, validate
from geo.build import is_built


def _table(rows):
    return pd.DataFrame(rows, columns=["layer", "district_code", "area_code"])


def test_a_district_in_two_areas_fails():
    rows = [("crc", "D1", "A"), ("crc", "D1", "B"), ("crc", "D2", "B")]
    checks = {c.name: c for c in validate.check_one_area_per_block(_table(rows), {"D1", "D2"})}
    assert not checks["one_area_per_block:crc"].passed
    assert "in two areas" in checks["one_area_per_block:crc"].detail


def test_a_district_in_no_area_of_a_full_layer_fails_but_partial_layers_may_skip_it():
    rows = [("police_force_area", "D1", "P"), ("county", "D1", "C")]
    checks = {c.name: c for c in validate.check_one_area_per_block(_table(rows), {"D1", "D2"})}
    assert not checks["one_area_per_block:police_force_area"].passed
    assert checks["one_area_per_block:county"].passed


def test_wrong_counts_fail_and_raise_listing_every_failure():
    checks = validate.check_counts(_table([("crc", "D1", "A")]))
    failed = [c for c in checks if not c.passed]
    assert any(c.name == "count:crc" for c in failed)
    with pytest.raises(validate.ValidationError, match="count:crc"):
        validate.raise_on_failure(checks)


def _squares():
    return gpd.GeoDataFrame({"district_code": ["W", "E"]},
                            geometry=[shapely.box(0, 0, 1000, 1000), shapely.box(1000, 0, 2000, 1000)], crs=27700)


def test_overlapping_blocks_fail_the_tiling_check():
    blocks = gpd.GeoDataFrame({"district_code": ["A", "B"]},
                              geometry=[shapely.box(0, 0, 1000, 1000), shapely.box(500, 0, 1500, 1000)], crs=27700)
    areas = gpd.GeoDataFrame({"layer": ["district"] * 2, "area_code": ["A", "B"]}, geometry=blocks.geometry.values,
                             crs=27700)
    checks = {c.name: c for c in validate.check_tiling(blocks, areas)}
    assert not checks["tiling:district_overlaps"].passed


def test_outline_draws_a_shared_edge_once_and_drops_the_coast():
    areas = simplify.dissolve_blocks(_squares(), {"W": "west", "E": "east"})
    lines = simplify.outline_lines(areas)
    assert lines.length == pytest.approx(7000)  # two squares' perimeters 8000 minus the shared 1000
    coast = simplify.coastline(_squares())
    inner = gpd.GeoSeries([lines.difference(coast.buffer(5))], crs=27700)
    assert inner.iloc[0].length == pytest.approx(1000, rel=0.02)


def test_dissolve_skips_uncovered_blocks():
    areas = simplify.dissolve_blocks(_squares(), {"W": "only"})
    assert list(areas.index) == ["only"] and areas.iloc[0].area == pytest.approx(1e6)


def test_coverage_simplify_keeps_neighbours_touching(atlas):
    light = simplify.simplify_coverage(atlas.blocks)
    assert shapely.get_num_coordinates(light.geometry.values).sum() < \
        shapely.get_num_coordinates(atlas.blocks.geometry.values).sum()
    union = shapely.union_all(light.geometry.values).area
    assert abs(light.geometry.area.sum() - union) / union < 1e-4  # no overlaps opened


def test_built_cache_passed_every_check_and_is_light(atlas):
    assert is_built(atlas.folder)
    assert all(c["passed"] for c in atlas.manifest["checks"])
    assert atlas.manifest["payload_bytes"]["district.fill"] < 800_000
    pfa = next(c for c in atlas.manifest["checks"] if c["name"] == "pfa_agreement")
    assert "43 force areas" in pfa["detail"]


def test_areas_have_positive_size_and_england_and_wales_is_about_151000_km2(atlas):
    districts = atlas.layer_areas("district")
    assert (districts["area_km2"] > 0).all()
    assert 150_000 < districts["area_km2"].sum() < 152_500
