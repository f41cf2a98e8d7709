"""The overlay map as one standalone vector SVG for board papers: the view on screen, its legend and attribution."""
from __future__ import annotations

import textwrap
from xml.sax.saxutils import escape

FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
DOCUMENT_SIZE = (1200, 860)  # pixels of an exported map (its PNG is painted at twice this)
LEGEND_WRAP = 34  # characters a legend line holds beside its 56 px sample


def _text(x: float, y: float, text: str, size: int, wrap: int | None = None, weight: str = "normal",
          colour: str = "#262730", line_height: float = 1.25) -> tuple[str, float]:
    """A text block (wrapped into lines when asked) and the y just below it."""
    lines = textwrap.wrap(text, wrap) if wrap else [text]
    spans = "".join(f'<tspan x="{x}" dy="{0 if i == 0 else size * line_height:.1f}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    block = (f'<text x="{x}" y="{y}" font-family="{FONT}" font-size="{size}" font-weight="{weight}" '
             f'fill="{colour}">{spans}</text>')
    return block, y + size * line_height * len(lines)


def _dash(values: list[float] | None, per_pixel: float) -> str:
    return "" if not values else ' stroke-dasharray="' + " ".join(f"{v * per_pixel:.2f}" for v in values) + '"'


def overlay_svg_document(data: dict, title: str, attribution: str, width: int = DOCUMENT_SIZE[0],
                         height: int = DOCUMENT_SIZE[1]) -> str:
    """The map as drawn on screen (`data` from figures.overlay_svg, its chosen layers, fill and view) as an SVG file.

    Line widths are converted to map units, so every renderer draws them as on screen (no vector-effect needed)."""
    frame = data["frame"]
    view = data.get("view") or [0, 0, 1]
    x_shift, y_shift, zoom = view
    map_x, map_y, map_w, map_h = 20, 60, 780, height - 60 - 80
    pixels_per_unit = min(map_w / frame["width"], map_h / frame["height"]) * zoom
    per_pixel = 1 / pixels_per_unit  # map units that make one pixel on the page
    chosen = [layer for layer in data["layers"] if layer["id"] in set(data["chosen"])]

    districts = "".join(
        f'<path d="{d["d"]}" fill="{d["colour"] if data["fill"] else data.get("unfilled", "#ffffff")}"/>'
        for d in data["districts"])
    outlines = "".join(
        f'<path d="{layer["d"]}" fill="none" stroke="{layer["colour"]}" stroke-width="{layer["width"] * per_pixel:.2f}"'
        f' stroke-linejoin="round"{_dash(layer["dash"], per_pixel)}/>' for layer in chosen)
    drawing = (f'<svg x="{map_x}" y="{map_y}" width="{map_w}" height="{map_h}" viewBox="0 0 {frame["width"]} '
               f'{frame["height"]}" preserveAspectRatio="xMidYMid meet">'
               f'<g transform="translate({x_shift} {y_shift}) scale({zoom})">'
               f'<g fill-opacity="0.85">{districts}</g>'
               f'<path d="{data["coast"]}" fill="none" stroke="#555555" stroke-width="{0.8 * per_pixel:.2f}"/>'
               f'{outlines}</g></svg>')

    parts = [f'<rect width="{width}" height="{height}" fill="#ffffff"/>', _text(20, 36, title, 22, weight="bold")[0],
             f'<rect x="{map_x}" y="{map_y}" width="{map_w}" height="{map_h}" fill="none" stroke="#d6d6d9"/>', drawing]
    legend_x, y = map_x + map_w + 24, map_y + 16
    block, y = _text(legend_x, y, "Layers" if chosen else "No layers chosen", 16, weight="bold")
    parts.append(block)
    for layer in chosen:
        sample_y = y + 4
        parts.append(f'<line x1="{legend_x}" y1="{sample_y}" x2="{legend_x + 52}" y2="{sample_y}" '
                     f'stroke="{layer["colour"]}" stroke-width="{layer["width"]}"{_dash(layer["dash"], 1)}/>')
        block, y = _text(legend_x + 64, y + 9, f'{layer["name"]} ({layer["dash_label"]})', 13, wrap=LEGEND_WRAP)
        parts.append(block)
        y += 8
    if data["fill"]:
        block, y = _text(legend_x, y + 12, "Councils filled by type", 14, weight="bold")
        parts.append(block)
        for label, colour in data["fill_legend"]:
            parts.append(f'<rect x="{legend_x}" y="{y}" width="14" height="14" fill="{colour}" stroke="#999999"/>')
            block, y = _text(legend_x + 22, y + 12, label, 12, wrap=LEGEND_WRAP + 6)
            parts.append(block)
            y += 6
    parts.append(_text(20, height - 58, attribution, 11, wrap=170, colour="#555a64")[0])
    body = "".join(parts)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" role="img"><title>{escape(title)}</title>{body}</svg>')
