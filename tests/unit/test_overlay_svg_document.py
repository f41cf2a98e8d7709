"""The overlay map exported as a standalone vector SVG: what is on screen, in map units, well-formed."""
from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from figures.layer_styles import style_for
from figures.overlay_map import ATTRIBUTION
from figures.overlay_svg import overlay_map_data
from figures.overlay_svg_document import overlay_svg_document


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _outline(root: ET.Element, colour: str) -> ET.Element:
    return next(e for e in root.iter() if e.tag.endswith("path") and e.get("stroke") == colour)


def test_only_the_chosen_layers_are_drawn_with_their_dashes(atlas):
    data = overlay_map_data(atlas, ["crc", "nps_division"], fill_councils=False)
    root = _parse(overlay_svg_document(data, "Title", ATTRIBUTION))
    strokes = [e.get("stroke") for e in root.iter() if e.tag.endswith("path") and e.get("fill") == "none"]
    assert strokes == ["#555555", style_for("crc").colour, style_for("nps_division").colour]  # coast first
    assert _outline(root, style_for("crc").colour).get("stroke-dasharray")
    fills = {e.get("fill") for e in root.iter() if e.tag.endswith("path") and e.get("fill") != "none"}
    assert fills == {"#ffffff"}  # unfilled councils
    text = " ".join(root.itertext())
    assert "National Probation Service divisions (2014-21) (dotted)" in text and "Open Government Licence" in text
    assert "Councils filled by type" not in text


def test_line_widths_follow_the_zoom_so_they_look_as_on_screen(atlas):
    whole = _parse(overlay_svg_document(overlay_map_data(atlas, ["crc"]), "T", ATTRIBUTION))
    zoomed = _parse(overlay_svg_document(overlay_map_data(atlas, ["crc"], view=[-100, -200, 4]), "T", ATTRIBUTION))
    colour = style_for("crc").colour
    assert float(_outline(whole, colour).get("stroke-width")) == pytest.approx(
        4 * float(_outline(zoomed, colour).get("stroke-width")), rel=0.01)
    assert any(e.get("transform") == "translate(-100 -200) scale(4)" for e in zoomed.iter())
    assert "Councils filled by type" in " ".join(whole.itertext())


def test_text_is_escaped_and_no_layer_says_so(atlas):
    svg = overlay_svg_document(overlay_map_data(atlas, []), "Cost & <reoffending>", ATTRIBUTION)
    root = _parse(svg)  # well-formed despite the markup characters
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Cost & <reoffending>"
    assert "No layers chosen" in " ".join(root.itertext())
