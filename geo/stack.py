"""The place stack: for a council name, GSS code or postcode, every body that covers it, layer by layer."""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import shapely

from geo import postcodes
from geo.atlas import Atlas
from geo.councils import predecessors, successors_today
from geo.registry import LAYERS, get_layer


class PlaceNotFoundError(LookupError):
    """A place that cannot be resolved; the message says why and suggests close matches."""


@dataclass
class Place:
    """A resolved place: what was asked, what it is, and the districts (blocks) it covers."""

    query: str
    kind: str  # "postcode", "area" (a council or any body, by code or name)
    label: str
    district_codes: list[str]
    layer_id: str = "council"  # '' for a council of 2019-23 that has no layer of its own
    area_code: str = ""
    point: tuple[float, float] | None = None  # easting, northing for a postcode
    council: list[dict] = field(default_factory=list)  # today's council(s) covering the place
    predecessors: list[dict] = field(default_factory=list)  # councils abolished since 2013 that covered it
    notice: str = ""  # e.g. a council abolished since, or a code that changed
    description: str = ""  # what the place is, in words ('Police force areas (PCCs): E23000013')


def _long_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def resolve(atlas: Atlas, query: str) -> Place:
    """Turn a council name (of any vintage), a GSS code (old or new) or a postcode into a Place."""
    text = (query or "").strip()
    if not text:
        raise PlaceNotFoundError("Type a council name, a GSS code (such as E06000058) or a postcode.")
    if len(text) > 100:
        raise PlaceNotFoundError("That is too long to be a place name, code or postcode.")
    code = text.upper()
    notice = atlas.council_records["alias_notes"].get(code, "")
    code = atlas.council_records["aliases"].get(code, code)
    if code in atlas.names.layer_of:
        return _area_place(atlas, text, atlas.names.layer_of[code][1], code, notice)
    if postcodes.normalise(text):
        return _postcode_place(atlas, text)
    found = atlas.names.best(text)
    if found:
        return _area_place(atlas, text, found[0], found[1])
    if re.fullmatch(r"[EW]\d{8}", code):
        raise PlaceNotFoundError(f"No area has the code {code}: Patchwork knows the councils of 2013 to 2025 "
                                 "in England and Wales and the codes of each layer's areas.")
    if postcodes.looks_like_postcode(text):
        raise PlaceNotFoundError(f"'{text}' looks like a postcode but is not a complete, valid one "
                                 "(expected a form like 'BH1 1AA').")
    close = difflib.get_close_matches(text, atlas.names.display, n=3, cutoff=0.6)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise PlaceNotFoundError(f"No council, area or postcode matches '{text}'.{hint}")


def _council_word(kind: str) -> str:
    return "county council" if kind == "county" else "council"


def _area_place(atlas: Atlas, query: str, layer_id: str, code: str, notice: str = "") -> Place:
    council = atlas.councils.get(code)
    if layer_id:
        rows = atlas.assignments
        districts = sorted(rows[(rows["layer"] == layer_id) & (rows["area_code"] == code)]["district_code"])
        label = atlas.area_name(layer_id, code)
        description = f"{get_layer(layer_id).name}: {code}"
    else:  # a council of 2019-23 only (Somerset West and Taunton)
        districts, label = sorted(council.blocks), council.name
        description = f"Council {council.years()} (history): {code}"
    place = Place(query, "area", label, districts, layer_id, code, notice=notice, description=description)
    if council is None:
        return place
    place.predecessors = predecessors(atlas.councils, code)
    if council.in_being:
        place.council = [{"code": code, "name": council.name, "since": council.start}]
        return place
    today = successors_today(atlas.councils, code)
    place.council = [{"code": c.code, "name": c.name, "since": c.start} for c in today]
    if len(today) > 1:
        now = "is now covered by " + " and ".join(c.name for c in today)
    else:
        now = ("is now " if council.blocks == today[0].blocks else "is now part of ") + today[0].name
    since = date.fromisoformat(council.end) + timedelta(days=1)
    place.notice = (f"{council.name} was a {_council_word(council.kind)} until {_long_date(council.end)}; since "
                    f"{since.day} {since:%B %Y} its area {now}. Shown as it was (history); today's council is in the table.")
    return place


def _postcode_place(atlas: Atlas, query: str) -> Place:
    try:
        postcode, easting, northing, ons_council = postcodes.locate_with_council(query)
    except postcodes.PostcodeError as error:
        raise PlaceNotFoundError(str(error)) from None
    point = shapely.Point(easting, northing)
    blocks = atlas.blocks
    council_code = atlas.council_records["aliases"].get(ons_council, ons_council)
    council = atlas.councils.get(council_code)
    if council is not None and council.in_being:  # ONS says which council; the point says which 2013 block in it
        blocks = blocks[blocks["district_code"].isin(council.blocks)]
    hits = blocks[blocks.geometry.contains(point)]
    if hits.empty:  # coastal postcodes can fall just outside generalised boundaries
        distances = blocks.geometry.distance(point)
        if distances.min() > 2000:
            raise PlaceNotFoundError(f"{postcode} lies outside the England and Wales boundaries.")
        hits = blocks.loc[[distances.idxmin()]]
    block = hits.iloc[0]["district_code"]
    today = next(c for c in atlas.councils.values() if c.kind == "district" and c.in_being and block in c.blocks)
    place = Place(query, "postcode", postcode, [block], "council", today.code, (easting, northing),
                  description="A postcode (ONS Postcode Directory, Nov 2025), placed by its grid reference")
    place.council = [{"code": today.code, "name": today.name, "since": today.start}]
    place.predecessors = [p for p in predecessors(atlas.councils, today.code)
                          if block in atlas.councils[p["code"]].blocks]
    return place


def stack(atlas: Atlas, place: Place) -> list[dict]:
    """For each layer, the bodies covering the place (several when the place spans them), with block counts."""
    table = atlas.block_table.loc[place.district_codes]
    out = []
    for layer in LAYERS:
        counts = table[layer.id].value_counts()
        bodies = [{"code": code, "name": atlas.area_name(layer.id, code), "districts": int(n)}
                  for code, n in counts.items() if code]
        uncovered = int(counts.get("", 0))
        out.append({"layer": layer.id, "layer_name": layer.name, "eras": list(layer.eras), "today": layer.today,
                    "bodies": bodies, "districts_not_covered": uncovered})
    return out


def stack_for(atlas: Atlas, query: str) -> dict:
    """Resolve and stack in one go, as plain JSON-ready data."""
    place = resolve(atlas, query)
    return {"query": query, "place": place.label, "kind": place.kind, "layer": place.layer_id,
            "code": place.area_code, "districts": len(place.district_codes), "notice": place.notice,
            "council_today": place.council, "predecessors": place.predecessors,
            "stack": stack(atlas, place)}
