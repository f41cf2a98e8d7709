"""In headless Chromium: the map, the landscape slide, coterminosity and the place explorer open on today's bodies."""
from __future__ import annotations

import re

import pytest

from tests.browser import OVERLAY_LAYERS, wait_for_map, wait_for_overlay_map, wait_until_settled
from tests.e2e.test_coterminosity_browser import MAP_PAINTED
from ui.layer_picker import DEFAULT_LAYERS

pytestmark = pytest.mark.browser

HISTORY_ROWS = ("() => { const rows = [...document.querySelectorAll('.pw-layers li')];"
                " const at = rows.findIndex(li => li.classList.contains('pw-era'));"
                " return at < 0 ? null : [rows[at].textContent, rows.slice(at + 1).map(li => li.dataset.layer)]; }")


def test_the_overlay_map_opens_on_todays_bodies_with_earlier_eras_one_click_away(page, app_url, artifacts):
    page.goto(app_url + "/")
    wait_for_overlay_map(page)
    assert page.evaluate(OVERLAY_LAYERS) == DEFAULT_LAYERS  # today's councils, PCCs, probation, LCJB, CPS, mayors
    legend = page.locator(".pw-legend")
    for name in ("Local Criminal Justice Board areas", "Combined authorities and the GLA (2025)", "CPS areas"):
        assert legend.get_by_label(name).is_checked()
    heading, history = page.evaluate(HISTORY_ROWS)
    assert heading == "Earlier eras (history)"
    assert {"district", "county", "crc", "nps_division", "probation_trust"} <= set(history)
    assert "council" not in history and "lcjb_area" not in history
    assert not legend.get_by_label("Community Rehabilitation Companies (2014-21)").is_checked()
    box = page.locator(".pw-canvas svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.6, steps=8)  # inland England
    tooltip = page.locator(".pw-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert re.match(r".+ \([EW]\d{8}\)", text.splitlines()[0])  # headed by today's council
    assert "Local Criminal Justice Board area:" in text and "Combined authority:" in text
    page.screenshot(path=str(artifacts / "today_overlay_map.png"))
    assert page.external_requests == []


def test_coterminosity_opens_on_the_least_coterminous_pair_of_todays_layers(page, app_url, artifacts):
    page.goto(app_url + "/coterminosity")
    why = page.get_by_text("Opens on probation regions against CPS areas", exact=False).first
    why.wait_for()
    assert "the least coterminous" in why.inner_text() and "Measure: the share of the land" in why.inner_text()
    headline = page.get_by_text("Of 12 probation regions", exact=False).first
    headline.wait_for()
    assert "cut by CPS area boundaries" in headline.inner_text() and "split" not in headline.inner_text()
    assert "a=probation_region" in page.url and "b=cps_area" in page.url
    page.wait_for_function(MAP_PAINTED, timeout=30000)
    page.screenshot(path=str(artifacts / "today_coterminosity.png"), full_page=True)
    assert page.external_requests == []


def test_the_landscape_slide_shows_todays_bodies(page, app_url, artifacts):
    page.goto(app_url + "/board_pack?views=landscape&step=1")
    page.get_by_role("heading", name="The landscape: who covers where").wait_for()
    takeaway = page.get_by_text("Today 43 police force areas", exact=False).first
    takeaway.wait_for()
    assert "40 Local Criminal Justice Board areas" in takeaway.inner_text()
    assert "combined authorities and the GLA overlay 318 councils" in takeaway.inner_text()
    wait_for_map(page)
    wait_until_settled(page)
    page.screenshot(path=str(artifacts / "today_landscape_slide.png"), full_page=True)
    assert page.get_by_text("Community Rehabilitation Companies").count() == 0  # abolished in 2021: not today's map


def test_an_old_link_naming_a_2013_19_council_opens_with_a_notice(page, app_url, artifacts):
    page.goto(app_url + "/place_explorer?place=Bournemouth")
    page.get_by_role("heading", name="Bournemouth", exact=True).wait_for()
    page.get_by_text("since 1 April 2019 its area is now part of Bournemouth, Christchurch and Poole").wait_for()
    box = page.get_by_label("Council, GSS code or postcode")
    box.fill("BCP")
    box.press("Enter")
    page.get_by_role("heading", name="Bournemouth, Christchurch and Poole", exact=True).wait_for()
    page.get_by_text("It replaced: Bournemouth (2013-2019)", exact=False).wait_for()
    wait_for_overlay_map(page)
    page.screenshot(path=str(artifacts / "today_place_explorer.png"), full_page=True)
