"""End to end in headless Chromium: the overlay map paints offline, layers switch, a postcode search works."""
from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import Image

from figures.layer_styles import style_for
from tests.browser import OVERLAY_LAYERS, colour_share, toggle_overlay_layer, wait_for_overlay_map, wait_until_settled

pytestmark = pytest.mark.browser


def _outline_styles(page) -> dict:
    return page.evaluate("() => Object.fromEntries([...document.querySelectorAll('.pw-outlines path')]"
                         ".filter(p => p.getAttribute('display') !== 'none')"
                         ".map(p => [p.dataset.layer, [p.getAttribute('stroke'), p.getAttribute('stroke-dasharray')]]))")


def test_overlay_map_paints_offline_and_switches_layers(page, app_url, artifacts):
    page.goto(app_url + "/?layers=police_force_area,crc")
    wait_for_overlay_map(page)
    assert page.evaluate(OVERLAY_LAYERS) == ["police_force_area", "crc"]
    styles = _outline_styles(page)
    assert styles["crc"] == [style_for("crc").colour, "6 4.5"] and styles["police_force_area"][1] is None
    legend = page.get_by_label("Map legend")
    assert "Community Rehabilitation Companies" in legend.inner_text() and "(long dash)" in legend.inner_text()
    nps = page.locator(".pw-legend").get_by_label("National Probation Service divisions")
    assert page.locator(".pw-legend").get_by_label("Police force areas").is_checked() and not nps.is_checked()
    canvas = page.locator(".pw-canvas")
    before = canvas.screenshot(path=str(artifacts / "overlay_map.png"))
    assert colour_share(Image.open(BytesIO(before)), style_for("crc").colour) > 0.002
    assert colour_share(Image.open(BytesIO(before)), style_for("nps_division").colour, 25) < 0.0005

    toggle_overlay_layer(page, "National Probation Service divisions")
    assert page.evaluate(OVERLAY_LAYERS) == ["police_force_area", "crc", "nps_division"]
    after = canvas.screenshot(path=str(artifacts / "overlay_map_with_nps.png"))
    assert colour_share(Image.open(BytesIO(after)), style_for("nps_division").colour, 25) > 0.001  # dotted lines painted
    page.wait_for_function("() => location.search.includes('nps_division')")
    assert "layers=police_force_area%2Ccrc%2Cnps_division" in page.url

    toggle_overlay_layer(page, "Community Rehabilitation Companies")
    page.wait_for_function("() => !location.search.includes('crc')")
    assert page.evaluate(OVERLAY_LAYERS) == ["police_force_area", "nps_division"]
    wait_until_settled(page)
    page.locator('[data-testid="stExpander"]').get_by_text("Table: the areas of each shown layer").click()
    # the table follows the map once the rerun that recorded the choice is drawn (it may still be drawing)
    page.wait_for_function("() => { const text = document.querySelector('[data-testid=\"stExpander\"]').innerText;"
                           " return text.includes('National Probation Service divisions (2014-21): 7 areas')"
                           " && !text.includes('Community Rehabilitation Companies (2014-21): 21 areas'); }")
    assert page.external_requests == []


def test_a_link_reopens_the_same_layers_fill_and_zoom(page, app_url, artifacts):
    page.goto(app_url + "/?layers=crc")
    wait_for_overlay_map(page)
    page.locator(".pw-legend").get_by_label("Fill councils by type").click()
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Zoom in").click()
    page.wait_for_function("() => location.search.includes('view=') && location.search.includes('fill=0')")
    shared = page.url
    transform = page.locator(".pw-view").get_attribute("transform")
    assert "scale(2.560)" in transform
    other = page.context.new_page()
    other.goto(shared)
    wait_for_overlay_map(other)
    assert other.locator(".pw-view").get_attribute("transform") == transform
    assert not other.locator(".pw-legend").get_by_label("Fill councils by type").is_checked()
    assert other.evaluate(OVERLAY_LAYERS) == ["crc"]
    other.locator(".pw-canvas").screenshot(path=str(artifacts / "overlay_map_zoomed.png"))
    other.close()


def _view(page) -> tuple[float, float, float]:
    numbers = re.findall(r"-?[\d.]+", page.locator(".pw-view").get_attribute("transform"))
    return tuple(float(n) for n in numbers)


def test_the_map_pans_by_drag_and_zooms_by_wheel_and_keyboard(page, app_url):
    page.goto(app_url + "/?layers=police_force_area")
    wait_for_overlay_map(page)
    assert _view(page) == (0, 0, 1)
    box = page.locator(".pw-canvas svg").bounding_box()
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.move(*middle)
    page.mouse.wheel(0, -400)  # zoom in about the cursor
    page.wait_for_function("() => !document.querySelector('.pw-view').getAttribute('transform').endsWith('scale(1.000)')")
    x, y, zoom = _view(page)
    assert zoom > 1.5
    page.mouse.move(*middle)
    page.mouse.down()
    page.mouse.move(middle[0] + 120, middle[1] + 60, steps=6)
    page.mouse.up()
    dragged = _view(page)
    assert dragged[0] > x and dragged[1] > y and dragged[2] == zoom  # moved right and down, same zoom
    assert page.locator(".pw-tooltip.pw-pinned").count() == 0  # a drag is not a click: nothing pinned
    page.locator(".pw-canvas svg").focus()
    page.keyboard.press("+")
    assert _view(page)[2] == pytest.approx(min(zoom * 1.6, 40), rel=0.01)
    page.keyboard.press("0")
    assert _view(page) == (0, 0, 1)
    page.wait_for_function("() => !location.search.includes('view=')")  # the whole map needs no view in the link


def test_presentation_mode_shows_only_the_chosen_layers_with_wider_lines(page, app_url, artifacts):
    page.goto(app_url + "/?layers=police_force_area,crc&present=1")
    wait_for_overlay_map(page)
    legend = page.get_by_label("Map legend")
    assert legend.inner_text().count("(") == 4  # two layers, each with its years or PCCs and its line style
    assert "National Probation" not in legend.inner_text() and page.locator(".pw-legend input:visible").count() == 0
    crc = page.locator('.pw-outlines path[data-layer="crc"]')
    assert float(crc.get_attribute("stroke-width")) == pytest.approx(style_for("crc").width * 1.6)
    page.screenshot(path=str(artifacts / "overlay_map_presenting.png"))


def test_hover_shows_the_full_stack(page, app_url):
    page.goto(app_url + "/")
    wait_for_overlay_map(page)
    box = page.locator(".pw-canvas svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.6, steps=8)  # inland England
    tooltip = page.locator(".pw-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert "Police force area:" in text and "CRC:" in text and "NPS division:" in text
    assert page.locator(".pw-hovered").get_attribute("d").startswith("M")  # the hovered council is outlined
    page.mouse.move(box["x"] + 5, box["y"] + 5, steps=8)  # the sea in the top-left corner: no council, no stack
    tooltip.wait_for(state="hidden")
    assert page.locator(".pw-hovered").get_attribute("d") == ""


def test_a_council_clicked_on_the_map_opens_in_the_place_explorer(page, app_url):
    page.goto(app_url + "/?layers=crc")
    wait_for_overlay_map(page)
    box = page.locator(".pw-canvas svg").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.55, box["y"] + box["height"] * 0.6)  # inland England
    tooltip = page.locator(".pw-tooltip.pw-pinned")
    tooltip.wait_for(state="visible")
    name, code = re.match(r"(.+) \((E\d{8})\)", tooltip.locator("strong").inner_text()).groups()
    page.mouse.move(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.3, steps=5)  # hovering on: stays
    assert tooltip.locator("strong").inner_text() == f"{name} ({code})"
    tooltip.get_by_role("button", name="Open in the place explorer").click()
    page.get_by_role("heading", name=name, exact=True).wait_for()
    page.wait_for_function(f"() => location.pathname.endsWith('place_explorer') && location.search.includes('{code}')")
    page.wait_for_function("() => document.querySelector('[aria-label=\"Council, GSS code or postcode\"]')?.value"
                           f" === '{code}'")
    wait_for_overlay_map(page)
    assert page.evaluate(OVERLAY_LAYERS) == ["crc"]  # the layers chosen on the overlay map came along
    page.wait_for_function("() => document.querySelectorAll('.pw-highlight path').length > 0")  # its 2013 districts

    # on the place explorer, a council picked on its map becomes the place shown
    box = page.locator(".pw-canvas svg").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.9, box["y"] + box["height"] * 0.5)
    picked = page.locator(".pw-tooltip.pw-pinned strong")
    picked.wait_for()
    other_name, other_code = re.match(r"(.+) \((E\d{8}|W\d{8})\)", picked.inner_text()).groups()
    assert other_code != code
    page.get_by_role("button", name="Show this council's stack").click()
    page.get_by_role("heading", name=other_name, exact=True).wait_for()
    page.wait_for_function(f"() => location.search.includes('{other_code}')")


def test_place_explorer_finds_a_postcode_and_refuses_a_bad_one(page, app_url, artifacts):
    page.goto(app_url + "/place_explorer")
    box = page.get_by_label("Council, GSS code or postcode")
    box.fill("BH1 1AA")
    box.press("Enter")
    page.get_by_text("BH1 1AA, in Bournemouth").wait_for()
    wait_for_overlay_map(page)
    page.wait_for_function("() => document.querySelector('.pw-marker')?.getAttribute('d')?.startsWith('M')")
    assert page.locator('.pw-highlight path[data-code="E06000028"]').count() == 1  # Bournemouth highlighted
    zoom = float(page.locator(".pw-view").get_attribute("transform").split("scale(")[1].rstrip(")"))
    assert zoom >= 8  # framed on one council, not the whole country
    assert page.get_by_text("Dorset, Devon and Cornwall CRC").count() >= 1
    page.screenshot(path=str(artifacts / "place_explorer.png"), full_page=True)
    box.fill("BH1 1A")
    box.press("Enter")
    page.get_by_text("not a complete, valid one").wait_for()
    assert page.get_by_text("Traceback").count() == 0
