"""How each layer is drawn: colour-blind-safe colour, line width and dash, so colour is never the only cue."""
from __future__ import annotations

from dataclasses import dataclass

# Okabe-Ito palette (colour-blind safe), darkened yellow left out for contrast on a light background.
OKABE_ITO = {"black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "green": "#009E73",
             "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "grey": "#666666"}


@dataclass(frozen=True)
class LineStyle:
    """A layer's outline: colour, width in pixels, dash pattern (MapLibre units: multiples of width)."""

    colour: str
    width: float
    dash: tuple[float, ...] | None  # None = solid
    dash_label: str


LAYER_STYLES: dict[str, LineStyle] = {
    "council": LineStyle(OKABE_ITO["grey"], 0.8, None, "thin solid"),
    "upper_tier_council": LineStyle(OKABE_ITO["sky_blue"], 2.0, (3, 2), "dashed"),
    "lcjb_area": LineStyle(OKABE_ITO["vermillion"], 2.4, (0.5, 1.2), "dotted"),
    "combined_authority": LineStyle(OKABE_ITO["blue"], 2.6, None, "solid"),
    "combined_authority_2019": LineStyle(OKABE_ITO["green"], 2.2, (3, 1.5), "dashed"),
    "combined_authority_2015": LineStyle(OKABE_ITO["green"], 2.0, (1, 1.5), "dotted"),
    "district": LineStyle(OKABE_ITO["grey"], 0.6, None, "thin solid"),
    "county": LineStyle(OKABE_ITO["sky_blue"], 1.6, (3, 2), "dashed"),
    "police_force_area": LineStyle(OKABE_ITO["black"], 2.2, None, "solid"),
    "crc": LineStyle(OKABE_ITO["vermillion"], 3.0, (2, 1.5), "long dash"),
    "nps_division": LineStyle(OKABE_ITO["blue"], 4.0, (0.5, 1.5), "dotted"),
    "probation_region": LineStyle(OKABE_ITO["green"], 3.2, (4, 1.5, 1, 1.5), "dash-dot"),
    "cps_area": LineStyle(OKABE_ITO["purple"], 2.6, (1, 1), "short dash"),
    "hmcts_region": LineStyle(OKABE_ITO["orange"], 3.6, (3, 1, 1, 1, 1, 1), "dash-dot-dot"),
    "region": LineStyle(OKABE_ITO["grey"], 4.5, (6, 2), "wide dash"),
    "mayoral_combined_authority": LineStyle(OKABE_ITO["green"], 2.4, None, "solid"),
    "regional_offender_manager": LineStyle(OKABE_ITO["blue"], 3.0, (6, 2), "wide dash"),
    "probation_trust": LineStyle(OKABE_ITO["sky_blue"], 3.4, (1, 2, 4, 2), "dot-dash"),
}


def style_for(layer_id: str) -> LineStyle:
    """The style of a layer (a neutral dashed grey for any layer not listed)."""
    return LAYER_STYLES.get(layer_id, LineStyle(OKABE_ITO["grey"], 2.0, (2, 2), "dashed"))


def legend_svg(layer_id: str, width: int = 56, height: int = 14) -> str:
    """A small inline SVG line sample drawn with the layer's colour, width and dash."""
    style = style_for(layer_id)
    dash = "" if style.dash is None else ' stroke-dasharray="' + " ".join(
        f"{d * style.width:g}" for d in style.dash) + '"'
    y = height / 2
    return (f'<svg width="{width}" height="{height}" role="img" aria-label="{style.dash_label} line" '
            f'xmlns="http://www.w3.org/2000/svg"><line x1="2" y1="{y}" x2="{width - 2}" y2="{y}" '
            f'stroke="{style.colour}" stroke-width="{style.width}"{dash}/></svg>')
