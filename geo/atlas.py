"""The built atlas: areas, block assignments and map geometry read from the cache (built on first use)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.build import build, is_built
from geo.councils import Council
from geo.locations import cache_dir
from geo.place_names import NameIndex, councils_from_records
from geo.registry import LAYERS, Layer, get_layer
from geo.shared_geometry import SharedGeometry


@dataclass
class Atlas:
    """Every layer's areas and which area each district falls in; loads lazily from the cache."""

    folder: Path = field(default_factory=cache_dir)
    _geojson: dict = field(default_factory=dict, repr=False)

    @cached_property
    def assignments(self) -> pd.DataFrame:
        """One row per (layer, district): the area it belongs to, with source and note."""
        return pd.read_parquet(self.folder / "assignments.parquet")

    @cached_property
    def areas(self) -> gpd.GeoDataFrame:
        """Every area of every layer with full-detail geometry (British National Grid) and area in km2."""
        return gpd.read_parquet(self.folder / "areas.parquet")

    @cached_property
    def blocks(self) -> gpd.GeoDataFrame:
        """The 348 district building blocks with full-detail geometry (British National Grid)."""
        return gpd.read_parquet(self.folder / "blocks.parquet")

    @cached_property
    def manifest(self) -> dict:
        """What the build recorded: time, sources, payload sizes and checks."""
        return json.loads((self.folder / "manifest.json").read_text())

    @cached_property
    def block_table(self) -> pd.DataFrame:
        """One row per district, one column per layer holding its area code (blank where uncovered)."""
        wide = self.assignments.pivot(index="district_code", columns="layer", values="area_code")
        return wide.reindex(columns=[layer.id for layer in LAYERS]).fillna("")

    @cached_property
    def area_names(self) -> dict[tuple[str, str], str]:
        """(layer id, area code) -> area name."""
        return dict(zip(zip(self.areas["layer"], self.areas["area_code"]), self.areas["area_name"]))

    @cached_property
    def council_records(self) -> dict:
        """Councils of every vintage as the build stored them: lineage, codes that changed, every known name."""
        return json.loads((self.folder / "councils.json").read_text())

    @cached_property
    def councils(self) -> dict[str, Council]:
        """Every council of 2013-2025 by GSS code (geo.councils.Council), today's and those abolished since."""
        return councils_from_records(self.council_records)

    @cached_property
    def names(self) -> NameIndex:
        """Every name of every area and council, for the place resolver (today's bodies first)."""
        areas = self.areas[["layer", "area_code", "area_name"]]
        return NameIndex(areas, [layer.id for layer in LAYERS], self.councils, self.council_records["names"])

    def layers(self) -> list[Layer]:
        """The registry's layers in display order."""
        return list(LAYERS)

    def layer_areas(self, layer_id: str) -> pd.DataFrame:
        """Code, name, km2 and label point of every area of one layer (no geometry)."""
        get_layer(layer_id)
        rows = self.areas[self.areas["layer"] == layer_id]
        return pd.DataFrame(rows.drop(columns="geometry")).reset_index(drop=True)

    def area_name(self, layer_id: str, code: str) -> str:
        """The name of one area ('' when unknown)."""
        return self.area_names.get((layer_id, code), "")

    def map_geojson(self, layer_id: str, kind: str) -> SharedGeometry:
        """Light browser GeoJSON of one layer: kind 'fill' (polygons, id = area code) or 'outline' (inner lines).

        The layer id 'coast' with kind 'outline' gives the outer edge of England and Wales. The same document is
        handed to every caller and never copied (SharedGeometry): read it, never change it."""
        if layer_id != "coast":
            get_layer(layer_id)
        if kind not in ("fill", "outline"):
            raise ValueError(f"kind must be 'fill' or 'outline', not {kind!r}")
        key = (layer_id, kind)
        if key not in self._geojson:  # read once: the page reuses the same dict on every rerun
            self._geojson[key] = SharedGeometry(json.loads((self.folder / "map" / f"{layer_id}.{kind}.json").read_text()))
        return self._geojson[key]

    def svg_map(self) -> dict:
        """The browser drawing on the British National Grid: frame, coast, district shapes and layer outlines."""
        if "svg_map" not in self._geojson:
            self._geojson["svg_map"] = json.loads((self.folder / "map" / "svg_map.json").read_text())
        return self._geojson["svg_map"]


def load_atlas(folder: Path | None = None, progress=None) -> Atlas:
    """The atlas from the cache, building the cache first if it is missing or out of date."""
    folder = folder or cache_dir()
    if not is_built(folder):
        build(out=folder, progress=progress)
    return Atlas(folder)
