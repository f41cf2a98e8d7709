"""End to end: the reoffending and custody-cost pages paint offline, switch layer and indicator, hover, cite sources."""
from __future__ import annotations

import pytest

from tests.browser import add_upload_and_map_force_areas, choose_option, wait_for_map

pytestmark = pytest.mark.browser

MAP_TRACES = ("() => Array.from(document.querySelector('.js-plotly-plot')?.data || [])"
              ".map(t => t.locations ? t.locations.length : 0)")



PROJECT = ("([lon, lat]) => { const p = document.querySelector('.js-plotly-plot')._fullLayout.map._subplot.map"
           ".project([lon, lat]); return [p.x, p.y]; }")


def _hover_at(page, lon: float, lat: float, wanted: str) -> str:
    """Move the mouse over a place (projected by the map itself) until the hover label names what is wanted."""
    canvas = page.locator(".js-plotly-plot .maplibregl-canvas").first
    canvas.scroll_into_view_if_needed()
    text = ""
    for nudge in (0, 4, -4, 8):
        box = canvas.bounding_box()
        x, y = page.evaluate(PROJECT, [lon, lat])
        page.mouse.move(box["x"] + x + nudge, box["y"] + y + nudge, steps=6)
        page.wait_for_timeout(400)
        text = page.locator(".hoverlayer").first.text_content() or ""
        if wanted in text:
            break
    return text




def test_reoffending_page_switches_layer_and_indicator_hovers_and_cites(page, app_url, artifacts):
    page.goto(app_url + "/reoffending?indicator=reconviction_rate_1yr_custody&period=1992&layer=police_force_area")
    wait_for_map(page)
    page.get_by_text("Source: Re-convictions (written answer)").first.wait_for()
    assert page.get_by_text("Grey with a dashed edge: no data").first.is_visible()
    choose_option(page, 0, "within 2 years: released")
    page.wait_for_function("() => window.location.search.includes('indicator=reconviction_rate_2yr_custody')")
    choose_option(page, 3, "Community Rehab")
    page.wait_for_function("() => window.location.search.includes('layer=crc')")
    page.get_by_text("by CRC").first.wait_for()
    wait_for_map(page)
    page.wait_for_function(f"() => ({MAP_TRACES})().reduce((a, b) => a + b, 0) === 21")
    hover = _hover_at(page, -0.12, 51.5, "London CRC")  # central London
    assert "London CRC" in hover and "Source:" in hover and "%" in hover
    assert page.get_by_text("Source: Re-convictions (written answer)").first.is_visible()
    page.screenshot(path=str(artifacts / "reoffending_crc.png"), full_page=True)
    assert page.external_requests == []


def test_custody_cost_page_shows_costs_with_their_sources(page, app_url, artifacts):
    page.goto(app_url + "/custody_cost")
    page.get_by_text("England and Wales: cost per place and per prisoner").wait_for()
    page.locator(".js-plotly-plot").first.wait_for()
    note = page.get_by_text("HMPPS annual report and accounts 2016-17").first
    note.wait_for()
    assert note.is_visible()
    assert page.get_by_text("Conflicting year labels").first.is_visible()
    assert page.get_by_text("Sentenced to immediate custody, by force area").first.is_visible()
    assert page.get_by_text("sentencing court").first.is_visible()
    assert page.get_by_text("Traceback").count() == 0
    page.screenshot(path=str(artifacts / "custody_cost.png"), full_page=True)
    assert page.external_requests == []


def test_an_uploaded_proven_reoffending_file_fills_the_force_areas_on_the_map(page, app_url, atlas, tmp_path, artifacts):
    from tests.official_fixtures.proven_reoffending import COHORTS, geographic_rows, write_geographic_csv

    path = write_geographic_csv(tmp_path / "PRSQ_Geographic_data_test.csv", geographic_rows(atlas, force_rows=False))
    page.goto(app_url + "/bring_your_own_figures")
    page.get_by_text("No uploaded figures in this session yet.").wait_for()
    page.set_input_files('[data-testid="stFileUploader"] input[type="file"]',
                         files=[{"name": path.name, "mimeType": "text/csv", "buffer": path.read_bytes()}])
    page.get_by_text("Recognised as the MoJ proven reoffending statistics").wait_for()
    add_upload_and_map_force_areas(page, COHORTS[1])  # the page opens on the bundled regions
    assert page.get_by_text("Proven reoffending rate").first.is_visible()
    assert page.get_by_text("Traceback").count() == 0
    page.screenshot(path=str(artifacts / "reoffending_from_upload.png"), full_page=True)
    assert page.external_requests == []
