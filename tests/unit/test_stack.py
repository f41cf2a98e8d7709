"""The place stack: council names, GSS codes and postcodes, and clear messages for bad places."""
from __future__ import annotations

import pytest

from geo.postcodes import normalise
from geo.stack import PlaceNotFoundError, resolve, stack, stack_for


def _bodies(result, layer):
    return [b["name"] for b in next(r for r in result["stack"] if r["layer"] == layer)["bodies"]]


def test_bournemouth_stack_matches_ippr_table_3_1(atlas):
    result = stack_for(atlas, "Bournemouth")
    assert result["code"] == "E06000028"
    assert _bodies(result, "police_force_area") == ["Dorset"]
    assert _bodies(result, "crc") == ["Dorset, Devon and Cornwall CRC"]
    assert _bodies(result, "nps_division") == ["NPS South West and South Central"]
    assert _bodies(result, "county") == []  # a unitary: no county council


def test_postcode_is_placed_by_point_in_polygon(atlas):
    place = resolve(atlas, "bh1 1aa")
    assert place.kind == "postcode" and place.label == "BH1 1AA"
    assert place.district_codes == ["E06000028"]
    westminster = resolve(atlas, "SW1A 1AA")
    assert westminster.district_codes == ["E09000033"]


def test_gss_code_of_a_force_area_gives_every_body_it_spans(atlas):
    place = resolve(atlas, "E23000013")
    assert place.label == "Cleveland" and len(place.district_codes) == 4
    rows = {r["layer"]: r for r in stack(atlas, place)}
    assert [b["name"] for b in rows["crc"]["bodies"]] == ["Durham Tees Valley CRC"]
    assert len(rows["district"]["bodies"]) == 4


def test_county_spans_many_districts(atlas):
    place = resolve(atlas, "Surrey")
    assert place.layer_id in ("upper_tier_council", "county", "police_force_area") and len(place.district_codes) == 11


@pytest.mark.parametrize("query,message", [
    ("", "Type a council"),
    ("Bornemouth", "Did you mean Bournemouth"),
    ("E99999999", "No area has the code"),
    ("ZZ9 9ZZ", "is not in the ONS Postcode Directory"),
    ("EH1 1AA", "outside England and Wales"),
    ("BH1 1A", "not a complete, valid one"),
    ("<script>alert(1)</script>", "No council, area or postcode matches"),
])
def test_bad_places_get_clear_messages(atlas, query, message):
    with pytest.raises(PlaceNotFoundError, match=message):
        resolve(atlas, query)


def test_postcode_normalisation():
    assert normalise(" sw1a1aa") == "SW1A 1AA"
    assert normalise("M1 1AE") == "M1 1AE"
    assert normalise("not a postcode") is None
