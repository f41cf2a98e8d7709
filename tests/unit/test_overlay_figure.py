"""The overlay map figure: offline style, one styled line layer per chosen layer, stack hover on districts."""
from __future__ import annotations

import pytest

from figures.layer_styles import LAYER_STYLES, legend_svg
from figures.overlay_map import OFFLINE_STYLE, overlay_figure, stack_hover_text, zoom_to_bounds
from geo.registry import UnknownLayerError, layer_ids


def test_figure_is_offline_and_draws_each_layer_in_its_style(atlas):
    figure = overlay_figure(atlas, ["police_force_area", "crc"])
    assert figure.layout.map.style == OFFLINE_STYLE == "white-bg"  # background only: nothing fetched
    layers = {layer.name: layer for layer in figure.layout.map.layers[1:]}  # the coast first, then every layer
    assert list(layers) == layer_ids()
    assert [name for name, layer in layers.items() if layer.visible] == ["police_force_area", "crc"]
    assert layers["crc"].color == LAYER_STYLES["crc"].colour
    assert list(layers["crc"].line.dash) == list(LAYER_STYLES["crc"].dash)
    assert len(figure.data[0].locations) == 348


def test_no_two_layers_share_both_colour_and_dash():
    looks = [(s.colour, s.dash, s.width) for s in LAYER_STYLES.values()]
    assert len(set(looks)) == len(looks)
    assert set(LAYER_STYLES) == set(layer_ids())


def test_hover_gives_the_full_stack(atlas):
    text = stack_hover_text(atlas)["E06000028"]
    assert "Bournemouth" in text and "Dorset" in text and "CRC: Dorset, Devon and Cornwall CRC" in text


def test_unknown_layer_is_refused(atlas):
    with pytest.raises(UnknownLayerError):
        overlay_figure(atlas, ["nope"])


def test_zoom_to_bounds_zooms_in_for_small_places():
    wide = zoom_to_bounds([-5.7, 49.9, 1.8, 55.8])
    small = zoom_to_bounds([-1.95, 50.7, -1.75, 50.78])
    assert small["zoom"] > wide["zoom"]
    assert small["center"]["lon"] == pytest.approx(-1.85)


def test_legend_svg_carries_the_dash_pattern():
    assert "stroke-dasharray" in legend_svg("crc") and "stroke-dasharray" not in legend_svg("police_force_area")
