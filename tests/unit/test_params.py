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


def test_a_map_view_in_the_link_is_three_numbers_in_range():
    from ui.params import parse_view

    assert parse_view("-120,40.5,2") == ([-120.0, 40.5, 2.0], [])
    assert parse_view(None) == (None, [])
    for bad in ("1,2", "a,b,c", "0,0,99", "nan,0,2", "0,inf,2", "<script>,1,2"):
        view, notices = parse_view(bad)
        assert view is None and len(notices) == 1 and "<" not in notices[0]


def test_what_a_browser_map_sends_back_is_cleaned():
    from ui.params import clean_map_state

    known = ["crc", "police_force_area", "county"]
    assert clean_map_state({"layers": ["crc", "crc", "bogus", 3, ["x"]], "fill": False, "view": [1, 2, 3]},
                           known, ["county"], True, None) == {"layers": ["crc"], "fill": False, "view": [1.0, 2.0, 3.0]}
    assert clean_map_state({}, known, ["county"], True, [0, 0, 2]) == {"layers": ["county"], "fill": True,
                                                                        "view": [0.0, 0.0, 2.0]}
    assert clean_map_state({"layers": "crc", "fill": "no", "view": ["x", 1, 2]}, known, ["county"], False, None) == {
        "layers": ["county"], "fill": False, "view": None}
