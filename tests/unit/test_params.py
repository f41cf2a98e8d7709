"""URL view state: unknown or tampered values fall back to defaults with a visible notice."""
from __future__ import annotations

from ui.params import parse_choice, parse_choices, parse_flag, parse_text

ALLOWED = ["crc", "police_force_area", "county"]


def test_known_layers_are_kept_in_order_without_duplicates():
    values, notices = parse_choices("crc,county,crc", ALLOWED, ["county"], "layers")
    assert values == ["crc", "county"] and notices == []


def test_unknown_layers_are_dropped_with_a_notice_that_escapes_markup():
    values, notices = parse_choices("crc,<script>x</script>", ALLOWED, ["county"], "layers")
    assert values == ["crc"]
    assert "unknown layers" in notices[0] and "<script>" not in notices[0]


def test_only_unknown_layers_fall_back_to_defaults():
    values, notices = parse_choices("nonsense", ALLOWED, ["county"], "layers")
    assert values == ["county"] and len(notices) == 2


def test_single_choice_flag_and_text():
    assert parse_choice("crc", ALLOWED, "county", "layer") == ("crc", [])
    value, notices = parse_choice("bogus", ALLOWED, "county", "layer")
    assert value == "county" and notices
    assert parse_flag("0", True) is False and parse_flag("maybe", True) is True
    assert parse_text("BH1 1AA", "place") == ("BH1 1AA", [])
    text, notices = parse_text("<img src=x onerror=alert(1)>", "place")
    assert text == "" and notices
