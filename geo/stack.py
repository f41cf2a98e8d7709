"""The place stack: for a council name, GSS code or postcode, every body that covers it, layer by layer."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import shapely

from geo import postcodes
from geo.atlas import Atlas
from geo.registry import LAYERS


class PlaceNotFoundError(LookupError):
    """A place that cannot be resolved; the message says why and suggests close matches."""


@dataclass
class Place:
    """A resolved place: what was asked, what it is, and the districts (blocks) it covers."""

    query: str
    kind: str  # "postcode", "area" (a council or any body, by code or name)
    label: str
    district_codes: list[str]
    layer_id: str = "district"
    area_code: str = ""
    point: tuple[float, float] | None = None  # easting, northing for a postcode


def _normalised_name(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and ")).strip()


def resolve(atlas: Atlas, query: str) -> Place:
    """Turn a council name, a GSS code (or any area code) or a postcode into a Place."""
    text = (query or "").strip()
    if not text:
        raise PlaceNotFoundError("Type a council name, a GSS code (such as E06000028) or a postcode.")
    if len(text) > 100:
        raise PlaceNotFoundError("That is too long to be a place name, code or postcode.")
    areas = atlas.areas
    by_code = areas[areas["area_code"].str.upper() == text.upper()]
    if len(by_code):
        return _area_place(atlas, text, by_code.iloc[0]["layer"], by_code.iloc[0]["area_code"])
    if postcodes.normalise(text):
        return _postcode_place(atlas, text)
    wanted = _normalised_name(text)
    names = areas.assign(key=areas["area_name"].map(_normalised_name))
    layer_rank = {layer.id: i for i, layer in enumerate(LAYERS)}
    exact = names[names["key"] == wanted].sort_values("layer", key=lambda s: s.map(layer_rank))
    if len(exact):
        return _area_place(atlas, text, exact.iloc[0]["layer"], exact.iloc[0]["area_code"])
    if re.fullmatch(r"[EW]\d{8}", text.upper()):
        raise PlaceNotFoundError(f"No area has the code {text.upper()}: Patchwork uses 2013-19 district codes "
                                 "and the codes of each layer's areas.")
    if postcodes.looks_like_postcode(text):
        raise PlaceNotFoundError(f"'{text}' looks like a postcode but is not a complete, valid one "
                                 "(expected a form like 'BH1 1AA').")
    council_names = sorted(set(names.loc[names["layer"].isin(["district", "county"]), "area_name"]))
    close = difflib.get_close_matches(text, council_names, n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise PlaceNotFoundError(f"No council, area or postcode matches '{text}'.{hint}")


def _area_place(atlas: Atlas, query: str, layer_id: str, code: str) -> Place:
    rows = atlas.assignments
    districts = rows[(rows["layer"] == layer_id) & (rows["area_code"] == code)]["district_code"].tolist()
    return Place(query, "area", atlas.area_name(layer_id, code), sorted(districts), layer_id, code)


def _postcode_place(atlas: Atlas, query: str) -> Place:
    try:
        postcode, easting, northing = postcodes.locate(query)
    except postcodes.PostcodeError as error:
        raise PlaceNotFoundError(str(error)) from None
    point = shapely.Point(easting, northing)
    blocks = atlas.blocks
    hits = blocks[blocks.geometry.contains(point)]
    if hits.empty:  # coastal postcodes can fall just outside generalised boundaries
        distances = blocks.geometry.distance(point)
        if distances.min() > 2000:
            raise PlaceNotFoundError(f"{postcode} lies outside the England and Wales boundaries.")
        hits = blocks.loc[[distances.idxmin()]]
    code = hits.iloc[0]["district_code"]
    return Place(query, "postcode", postcode, [code], "district", code, (easting, northing))


def stack(atlas: Atlas, place: Place) -> list[dict]:
    """For each layer, the bodies covering the place (several when the place spans them), with block counts."""
    table = atlas.block_table.loc[place.district_codes]
    out = []
    for layer in LAYERS:
        counts = table[layer.id].value_counts()
        bodies = [{"code": code, "name": atlas.area_name(layer.id, code), "districts": int(n)}
                  for code, n in counts.items() if code]
        uncovered = int(counts.get("", 0))
        out.append({"layer": layer.id, "layer_name": layer.name, "eras": list(layer.eras),
                    "bodies": bodies, "districts_not_covered": uncovered})
    return out


def stack_for(atlas: Atlas, query: str) -> dict:
    """Resolve and stack in one go, as plain JSON-ready data."""
    place = resolve(atlas, query)
    return {"query": query, "place": place.label, "kind": place.kind, "layer": place.layer_id,
            "code": place.area_code, "districts": len(place.district_codes),
            "stack": stack(atlas, place)}
