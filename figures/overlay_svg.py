"""The overlay map as data for the browser's SVG drawing: district shapes, every layer's outline, styles, stacks."""
from __future__ import annotations

from figures.layer_styles import style_for
from figures.overlay_map import DISTRICT_TYPES, body_label, council_type
from geo.atlas import Atlas
from geo.registry import LAYERS, get_layer

STACK_LAYERS = tuple(layer for layer in LAYERS if layer.id != "council")  # today's council heads the hover

PRESENTATION_LINE_FACTOR = 1.6  # the same enlargement projector figures get
UNFILLED = "#ffffff"
FOCUS_SHARE = 0.55
FOCUS_MAX_ZOOM = 12.0  # beyond this the 750 m simplification shows


def layer_entries(atlas: Atlas, presenting: bool = False) -> list[dict]:
    """Every registry layer in display order with its outline path, name and line style (dash in pixels)."""
    drawing = atlas.svg_map()
    factor = PRESENTATION_LINE_FACTOR if presenting else 1.0
    entries = []
    for layer in LAYERS:
        style = style_for(layer.id)
        width = round(style.width * factor, 2)
        entries.append({"id": layer.id, "name": layer.name, "colour": style.colour,
                        "width": width, "dash": None if style.dash is None else [round(d * width, 2) for d in style.dash],
                        "dash_label": style.dash_label, "d": drawing["outlines"][layer.id], "history": not layer.today})
    return entries


def district_entries(atlas: Atlas) -> list[dict]:
    """The 348 blocks: code, today's council (name, code), fill by its type, shape, and the area per stack layer."""
    drawing = atlas.svg_map()
    today = atlas.block_table["council"]
    table = atlas.block_table
    stack_ids = [layer.id for layer in STACK_LAYERS]
    return [{"code": code, "name": atlas.area_name("council", today[code]), "open": today[code],
             "colour": DISTRICT_TYPES[council_type(today[code])][1], "d": path,
             "areas": table.loc[code, stack_ids].tolist() if code in table.index else [""] * len(stack_ids)}
            for code, path in drawing["districts"].items()]


def stack_layers(atlas: Atlas) -> list[dict]:
    """The layers a hover lists, each with the words for one of its bodies and the name of every area."""
    names = atlas.areas[["layer", "area_code", "area_name"]]
    return [{"id": layer.id, "label": body_label(layer), "history": not layer.today,
             "names": dict(names.loc[names["layer"] == layer.id, ["area_code", "area_name"]].itertuples(index=False))}
            for layer in STACK_LAYERS]


def drawing_base(atlas: Atlas) -> dict:
    """The part of the map data that is the same for every view: shapes, coast, stacks and keys (cache it)."""
    drawing = atlas.svg_map()
    return {"version": atlas.manifest.get("built_at", ""), "frame": drawing["frame"], "coast": drawing["coast"],
            "districts": district_entries(atlas), "stack_layers": stack_layers(atlas), "fill_legend": fill_legend(),
            "unfilled": UNFILLED}


def fill_legend() -> list[list[str]]:
    """(label, colour) of each council type, once each."""
    return [[label, colour] for label, colour in dict(DISTRICT_TYPES.values()).items()]


def place_focus(atlas: Atlas, key: str, district_codes: list[str], point_bng: tuple[float, float] | None = None,
                max_zoom: float = FOCUS_MAX_ZOOM) -> dict:
    """A place to show: its districts highlighted, an optional point (a postcode), and a view that frames it."""
    frame = atlas.svg_map()["frame"]
    unit = frame["unit_metres"]
    shapes = atlas.blocks[atlas.blocks["district_code"].isin(district_codes)]
    west, south, east, north = shapes.total_bounds
    x0, x1 = (west - frame["origin_easting"]) / unit, (east - frame["origin_easting"]) / unit
    y0, y1 = (frame["origin_northing"] - north) / unit, (frame["origin_northing"] - south) / unit
    # The place takes about half the map, so its neighbours show around it.
    zoom = min(frame["width"] / max(x1 - x0, 1), frame["height"] / max(y1 - y0, 1)) * FOCUS_SHARE
    zoom = round(min(max(zoom, 1.0), max_zoom), 3)
    centre_x, centre_y = (x0 + x1) / 2, (y0 + y1) / 2
    view = [round(frame["width"] / 2 - centre_x * zoom), round(frame["height"] / 2 - centre_y * zoom), zoom]
    point = None
    if point_bng is not None:
        point = [round((point_bng[0] - frame["origin_easting"]) / unit, 1),
                 round((frame["origin_northing"] - point_bng[1]) / unit, 1)]
    return {"key": key, "highlight": list(district_codes), "point": point, "view": view}


def overlay_map_data(atlas: Atlas, layer_ids: list[str], fill_councils: bool = True, presenting: bool = False,
                     view: list[float] | None = None, base: dict | None = None,
                     focus: dict | None = None, legend_below: bool = False, height: int = 660,
                     open_label: str = "Open in the place explorer") -> dict:
    """Everything the browser needs to draw, toggle and hover the overlay map without asking the server again.

    Every layer's outline is sent, so switching one on or off repaints in the browser at once; `chosen`
    says which are on when the map first opens. Pass `base` (drawing_base, cached) to skip rebuilding the
    parts that never change, and `focus` (from place_focus) to highlight and frame a place: a new focus key
    moves the map even after it opened.
    `open_label` names the button of a council's pinned stack (the page decides what it does)."""
    for layer_id in layer_ids:
        get_layer(layer_id)
    return {**(base if base is not None else drawing_base(atlas)),
            "layers": layer_entries(atlas, presenting), "chosen": list(layer_ids), "fill": bool(fill_councils),
            "presenting": bool(presenting), "view": view, "focus": focus, "legend_below": bool(legend_below),
            "height": int(height), "open_label": open_label}
