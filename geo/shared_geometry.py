"""Map geometry shared by every figure that draws it: read once, never copied, never changed."""
from __future__ import annotations


class SharedGeometry(dict):
    """A GeoJSON document that copies as itself.

    Plotly deep-copies a trace's properties when a figure is made and again for every `to_dict`; for a layer's
    GeoJSON that was most of the cost of building a map (about 60 ms a map, over and over for the same shapes).
    Nothing in Patchwork changes a layer's geometry after reading it, so every figure may hold the one copy."""

    def __copy__(self) -> SharedGeometry:
        return self

    def __deepcopy__(self, memo: dict) -> SharedGeometry:
        return self
