"""Build every layer into the git-ignored cache: full geometry for analysis, light GeoJSON for the map."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo import ons_topology, simplify, svg_paths, validate
from geo.base_geometry import LSOA_SOURCE, district_boundaries
from geo.combined_authorities import ERA_YEARS, authorities_in_ons
from geo.councils import council_lineage
from geo.facts import assignments as build_assignments
from geo.facts import districts_2013, lcjb_by_force_area
from geo.locations import cache_dir, sources_dir
from geo.place_names import council_records
from geo.registry import LAYERS

BUILD_VERSION = 7
PFA_OFFICIAL_FILE = "boundaries/pfa_dec2016_ugc.geojson"


def _say(progress: Callable[[str], None] | None, step: int, total: int, message: str, started: float) -> None:
    if progress:
        progress(f"[{step}/{total}] {message} ({time.perf_counter() - started:.1f} s)")


def build(sources: str | Path | None = None, out: Path | None = None,
          progress: Callable[[str], None] | None = print) -> dict:
    """Build all layers, validate them (raising on failure) and write the cache; returns the manifest.

    The build is written to a temporary folder inside the cache and each file renamed into place once all are
    written (the manifest last): a process loading the cache meanwhile reads whole files, old or new, never one
    half-written (35 of 2,056 loads failed while the cache was rewritten in place)."""
    final = out or cache_dir()
    final.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=final, prefix=".build-"))
    try:
        manifest = _build_into(sources, staging, progress)
        files = sorted((path for path in staging.rglob("*") if path.is_file()), key=lambda p: p.name == "manifest.json")
        for path in files:
            target = final / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if progress:
        progress(f"built {len(LAYERS)} layers in {manifest['seconds']} s into {final}")
    return manifest


def _build_into(sources: str | Path | None, out: Path, progress: Callable[[str], None] | None) -> dict:
    """The whole build, written into `out`; returns the manifest."""
    started = time.perf_counter()
    (out / "map").mkdir(parents=True, exist_ok=True)
    steps = 6
    _say(progress, 1, steps, "reading the district lookup and fact tables", started)
    districts = districts_2013(sources)
    table = build_assignments(sources)

    _say(progress, 2, steps, "dissolving 34,753 LSOAs into 348 districts", started)
    blocks = district_boundaries(districts)

    _say(progress, 3, steps, "dissolving districts into every layer", started)
    area_rows = []
    for layer in LAYERS:
        rows = table[table["layer"] == layer.id]
        mapping = dict(zip(rows["district_code"], rows["area_code"]))
        names = rows.drop_duplicates("area_code").set_index("area_code")["area_name"]
        geoms = simplify.dissolve_coverage(blocks, mapping)
        counts = rows.groupby("area_code").size()
        area_rows.append(gpd.GeoDataFrame({
            "layer": layer.id, "area_code": geoms.index, "area_name": names.reindex(geoms.index).values,
            "n_districts": counts.reindex(geoms.index).values, "geometry": geoms.values}, crs=blocks.crs))
    areas = pd.concat(area_rows, ignore_index=True)
    areas["area_km2"] = (areas.geometry.area / 1e6).round(2)

    _say(progress, 4, steps, "validating counts, blocks, tiling, force areas, councils and combined authorities", started)
    checks = (validate.check_counts(table)
              + validate.check_one_area_per_block(table, set(districts["district_code"]))
              + validate.check_tiling(blocks, areas)
              + validate.check_police_force_areas(areas, sources_dir(sources) / PFA_OFFICIAL_FILE))
    checks += _today_checks(table, areas, districts, sources)
    validate.raise_on_failure(checks)

    _say(progress, 5, steps, "simplifying shared edges for the browser", started)
    light_blocks = simplify.simplify_coverage(blocks)
    coast = simplify.coastline(light_blocks)
    england_and_wales = gpd.GeoSeries({"england_and_wales": shapely.union_all(light_blocks.geometry.values)},
                                      crs=light_blocks.crs)
    outer = simplify.outer_coast(england_and_wales.iloc[0])
    coast_geojson = simplify.lines_geojson(outer, light_blocks.crs)
    (out / "map" / "coast.outline.json").write_text(json.dumps(coast_geojson, separators=(",", ":")))
    payload = {"coast.outline": (out / "map" / "coast.outline.json").stat().st_size}
    frame = svg_paths.svg_frame(england_and_wales.iloc[0])
    drawing = {"frame": frame, "coast": svg_paths.line_path(outer, frame),
               "districts": {code: svg_paths.polygon_path(geom, frame)
                             for code, geom in zip(light_blocks["district_code"], light_blocks.geometry)},
               "outlines": {}}
    label_points, boxes = {}, {}
    for layer in LAYERS:
        rows = table[table["layer"] == layer.id]
        light = simplify.dissolve_blocks(light_blocks, dict(zip(rows["district_code"], rows["area_code"])))
        inner = simplify.inner_outline(light, coast)
        drawing["outlines"][layer.id] = svg_paths.line_path(inner, frame)
        for kind, geojson in (("fill", simplify.fill_geojson(light)), ("outline", simplify.lines_geojson(inner, light.crs))):
            path = out / "map" / f"{layer.id}.{kind}.json"
            path.write_text(json.dumps(geojson, separators=(",", ":")))
            payload[f"{layer.id}.{kind}"] = path.stat().st_size
        full = areas[areas["layer"] == layer.id].set_index("area_code").geometry
        label_points.update({(layer.id, k): v for k, v in simplify.centroid_lonlat(full).items()})
        boxes.update({(layer.id, k): v for k, v in simplify.bounds_lonlat(full).items()})
    (out / "map" / "svg_map.json").write_text(json.dumps(drawing, separators=(",", ":")))
    payload["svg_map"] = (out / "map" / "svg_map.json").stat().st_size
    areas["label_lon"] = [label_points[(lay, c)][0] for lay, c in zip(areas["layer"], areas["area_code"])]
    areas["label_lat"] = [label_points[(lay, c)][1] for lay, c in zip(areas["layer"], areas["area_code"])]
    areas["bounds"] = [json.dumps(boxes[(lay, c)]) for lay, c in zip(areas["layer"], areas["area_code"])]

    _say(progress, 6, steps, "writing the cache", started)
    blocks.to_parquet(out / "blocks.parquet")
    areas.to_parquet(out / "areas.parquet")
    table.to_parquet(out / "assignments.parquet")
    (out / "councils.json").write_text(json.dumps(council_records(sources), separators=(",", ":")))
    manifest = {
        "build_version": BUILD_VERSION,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 2),
        "sources_dir": str(sources_dir(sources)),
        "base_geometry": LSOA_SOURCE,
        "browser_tolerance_metres": simplify.BROWSER_TOLERANCE_METRES,
        "payload_bytes": payload,
        "checks": [{"name": c.name, "passed": bool(c.passed), "detail": c.detail} for c in checks],
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return manifest


def _today_checks(table: pd.DataFrame, areas: gpd.GeoDataFrame, districts: pd.DataFrame, sources) -> list:
    """Today's councils and combined authorities against the ONS boundaries; CPS areas against the MoJ lookup."""
    ltla, utla, cauth = (ons_topology.ons_areas(kind, sources) for kind in ("ltla", "utla", "cauth"))
    renamed = ons_topology.code_changes(ltla)
    now = ons_topology.LAST_YEAR
    counts = {"council": len(ons_topology.in_year(ltla, now)), "upper_tier_council": len(ons_topology.in_year(utla, now))}
    counts.update({layer: authorities_in_ons(year, sources) + 1 for layer, year in ERA_YEARS.items()})  # + the GLA
    return (validate.check_council_vintages(council_lineage(sources), ltla)
            + validate.check_today_counts(table, counts)
            + [validate.check_against_ons(areas, "council", ons_topology.in_year(ltla, now), renamed),
               validate.check_against_ons(areas, "upper_tier_council", ons_topology.in_year(utla, now), renamed),
               validate.check_against_ons(areas, "combined_authority", ons_topology.in_year(cauth, now), {}),
               validate.check_cps_against_moj(table, lcjb_by_force_area(districts, sources))])


def is_built(out: Path | None = None) -> bool:
    """Whether the cache holds a build of the current version."""
    path = (out or cache_dir()) / "manifest.json"
    try:
        return json.loads(path.read_text()).get("build_version") == BUILD_VERSION
    except (OSError, ValueError):
        return False
