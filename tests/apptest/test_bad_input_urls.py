"""Tampered links on every page: unknown ids and script tags give a clear notice, never a traceback or live markup."""
from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptest.overlay_map_state import map_data

PAGES = Path(__file__).resolve().parents[2] / "pages"
SCRIPT = "<script>alert(1)</script>"
# Every parameter name a page of the atlas reads, each given an unknown id or markup.
TAMPERED = {"layers": f"crc,{SCRIPT}", "place": SCRIPT, "views": "landscape,<b>bogus</b>", "step": "999",
            "present": SCRIPT, "fill": SCRIPT, "layer": "not_a_layer", "indicator": SCRIPT, "measure": "bogus",
            "area": "E99999999", "scenario": SCRIPT, "baseline": "bogus", "year": "99999", "prison": SCRIPT,
            "era": SCRIPT, "compare": "<img src=x onerror=alert(1)>", "sort": SCRIPT, "view": SCRIPT}


def _run(page: Path, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(page), default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _live_markup(at: AppTest) -> list[str]:
    """Markdown rendered with HTML allowed that carries the tampered markup."""
    return [m.value for m in at.markdown if m.proto.allow_html and ("<script" in m.value or "onerror" in m.value)]


@pytest.mark.parametrize("page", sorted(PAGES.glob("[0-9]*_*.py")), ids=lambda p: p.stem)
def test_every_page_survives_a_tampered_link(page):
    at = _run(page, TAMPERED)
    assert not at.exception, f"{page.name} raised: {[e.value for e in at.exception]}"
    assert _live_markup(at) == []
    shown = " ".join(str(e.value) for e in [*at.warning, *at.error, *at.info, *at.markdown, *at.caption])
    assert "Traceback" not in shown


def test_overlay_map_says_what_it_ignored_and_keeps_the_known_layer():
    at = _run(PAGES / "10_overlay_map.py", {"layers": f"crc,{SCRIPT}", "view": SCRIPT})
    assert map_data(at)["chosen"] == ["crc"] and map_data(at)["view"] is None
    assert any("unknown layers" in w.value and "<script>" not in w.value for w in at.warning)
    assert any("map view" in w.value and "<script>" not in w.value for w in at.warning)


def test_place_explorer_refuses_markup_and_shows_the_default_place():
    at = _run(PAGES / "20_place_explorer.py", {"place": SCRIPT})
    assert at.text_input[0].value == "Bournemouth, Christchurch and Poole"  # the default: today's council
    assert any("not allowed" in w.value for w in at.warning)
    assert "Dorset, Devon and Cornwall CRC" in at.table[0].value.to_string()


def test_board_pack_falls_back_with_notices_for_unknown_views_step_and_place():
    at = _run(PAGES / "90_board_pack.py", {"views": "bogus,<b>x</b>", "step": "999", "place": SCRIPT})
    notices = " ".join(w.value for w in at.warning)
    assert "unknown views" in notices and "unknown step" in notices and "not allowed" in notices
    assert at.multiselect[0].value[:2] == ["landscape", "place"]
    assert at.query_params["step"] == "1" and at.query_params["place"] == "Bournemouth, Christchurch and Poole"
    assert at.header[0].value == "The landscape: who covers where"


def test_board_pack_reports_an_unknown_place_on_its_view_and_keeps_the_others():
    at = _run(PAGES / "90_board_pack.py", {"views": "landscape,place", "step": "2", "place": "Nowhereshire"})
    assert not at.exception
    assert any("place stack" in e.value.lower() for e in at.error)
    at.button(key="pack_previous").click().run()
    assert not at.error and at.header[0].value == "The landscape: who covers where"
