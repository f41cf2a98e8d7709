"""End to end in headless Chromium: the overlay map paints offline, layers switch, a postcode search works."""
from __future__ import annotations

import pytest

from tests.browser import wait_for_map

pytestmark = pytest.mark.browser


VISIBLE_LAYERS = ("() => (document.querySelector('.js-plotly-plot')?.layout?.map?.layers || [])"
                  ".filter(l => l.visible !== false).length")


def _map_layer_count(page) -> int:
    return page.evaluate(VISIBLE_LAYERS)


def test_overlay_map_paints_offline_and_switches_layers(page, app_url, artifacts):
    page.goto(app_url + "/?layers=police_force_area,crc")
    wait_for_map(page)
    assert _map_layer_count(page) == 3
    legend = page.get_by_label("Map legend")
    assert "Community Rehabilitation Companies" in legend.inner_text()
    page.screenshot(path=str(artifacts / "overlay_map.png"))
    page.locator('[data-testid="stMultiSelect"] input').first.click()
    page.keyboard.type("National Probation")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => ({VISIBLE_LAYERS})() === 4")
    assert "National Probation Service divisions" in page.get_by_label("Map legend").inner_text()
    assert "layers=police_force_area%2Ccrc%2Cnps_division" in page.url
    page.screenshot(path=str(artifacts / "overlay_map_with_nps.png"))
    assert page.external_requests == []


def test_hover_shows_the_full_stack(page, app_url):
    page.goto(app_url + "/")
    wait_for_map(page)
    box = page.locator(".js-plotly-plot .maplibregl-canvas").bounding_box()
    hover = ""
    for fx in (0.5, 0.52, 0.54):  # the middle of the map is inland England
        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * 0.6, steps=8)
        page.wait_for_timeout(500)
        hover = page.locator(".hoverlayer").first.text_content() or ""
        if "Police force area:" in hover:
            break
    assert "Police force area:" in hover and "CRC:" in hover and "NPS division:" in hover


def test_place_explorer_finds_a_postcode_and_refuses_a_bad_one(page, app_url, artifacts):
    page.goto(app_url + "/place_explorer")
    box = page.get_by_label("Council, GSS code or postcode")
    box.fill("BH1 1AA")
    box.press("Enter")
    page.get_by_text("BH1 1AA, in Bournemouth").wait_for()
    wait_for_map(page)
    assert page.get_by_text("Dorset, Devon and Cornwall CRC").count() >= 1
    page.screenshot(path=str(artifacts / "place_explorer.png"), full_page=True)
    box.fill("BH1 1A")
    box.press("Enter")
    page.get_by_text("not a complete, valid one").wait_for()
    assert page.get_by_text("Traceback").count() == 0
