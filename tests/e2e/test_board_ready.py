"""Board-ready, in headless Chromium: presentation mode, exports opened and checked, shared links, axe, bad links."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image
from pypdf import PdfReader

from figures.layer_styles import style_for
from tests.browser import (
    OVERLAY_LAYERS,
    colour_share,
    toggle_overlay_layer,
    wait_for_map,
    wait_for_overlay_map,
    wait_until_settled,
)
from tests.e2e.test_presentation_fit import page_paths, settle, view_paths

pytestmark = pytest.mark.browser

MAP_WIDTHS = ("() => Object.fromEntries((document.querySelector('.js-plotly-plot')?.layout?.map?.layers || [])"
              ".filter(l => l.name).map(l => [l.name, l.line.width]))")
# Axe checks every page and every board-pack view (the board pack page itself is its first view), and one view
# presenting; where a page opens on a link's choices, the link a team shares.
AXE_LINKS = {"overlay_map": "/?layers=police_force_area,crc", "place_explorer": "/place_explorer?place=E23000013"}


def _axe_paths() -> list[str]:
    pages = [AXE_LINKS.get(name, path.removesuffix("?present=1")) for name, path in page_paths()
             if name != "board_pack"]
    return pages + [path.removesuffix("&present=1") for _, path in view_paths()] + [
        "/board_pack?views=landscape,place&step=2&present=1"]


def _map_layout(page) -> None:
    """Wait until Plotly has the map's layout (enough to read layers; painting is tested elsewhere)."""
    page.wait_for_function("() => { const gd = document.querySelector('.js-plotly-plot');"
                           " return gd && gd.layout && gd.layout.map && gd.layout.map.layers; }", timeout=60000)


def _download(page, button_text: str, folder: Path, timeout: float = 60000) -> Path:
    button = page.locator('[data-testid="stDownloadButton"] button', has_text=button_text).first
    with page.expect_download(timeout=timeout) as info:
        button.click()
    path = folder / f"download_{info.value.suggested_filename}"
    info.value.save_as(str(path))
    return path


def test_presentation_mode_enlarges_hides_controls_steps_by_keyboard_and_leaves(page, app_url, artifacts):
    page.goto(app_url + "/board_pack?views=landscape,place&step=1&present=1")
    _map_layout(page)
    wait_until_settled(page)
    assert page.get_by_role("switch", name="Presentation mode").is_checked()
    assert page.get_by_role("heading", name="The landscape: who covers where").is_visible()
    assert page.get_by_role("heading", name="Board pack", exact=True).count() == 0
    assert page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').count() == 0
    assert page.evaluate("() => getComputedStyle(document.documentElement).fontSize") == "20px"
    widths = page.evaluate(MAP_WIDTHS)
    assert widths["crc"] == pytest.approx(style_for("crc").width * 1.6)
    wait_for_map(page)
    page.screenshot(path=str(artifacts / "presentation_mode.png"))
    page.get_by_role("button", name="Next view").focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="The place stack: Bournemouth").wait_for()
    assert "step=2" in page.url and "present=1" in page.url
    page.get_by_role("button", name="Expand sidebar").click()  # presentation mode starts with it collapsed
    page.get_by_text("Presentation mode").click()
    page.get_by_role("heading", name="Board pack", exact=True).wait_for()
    page.locator('[data-testid="stMain"] [data-testid="stMultiSelect"]').wait_for()
    assert "present=" not in page.url
    assert page.external_requests == []


def test_chart_exports_png_svg_csv_open_and_match_the_view(page, app_url, artifacts, atlas):
    page.goto(app_url + "/?layers=crc&view=-2000,-3000,2.5")
    wait_for_overlay_map(page)  # painted, so any request leaving loopback would have been made
    wait_until_settled(page)
    png = _download(page, "PNG", artifacts)
    with Image.open(png) as image:
        assert image.format == "PNG" and image.width >= 1200
        assert colour_share(image, style_for("crc").colour) > 0.002  # the CRC outlines are in the picture
    svg = _download(page, "SVG", artifacts)
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg") and int(float(root.get("width"))) >= 1200
    assert not any(e.tag.endswith("image") for e in root.iter())  # a true vector drawing, no embedded picture
    strokes = {e.get("stroke") for e in root.iter() if e.tag.endswith("path")}
    assert style_for("crc").colour in strokes and style_for("police_force_area").colour not in strokes
    assert any(e.get("transform") == "translate(-2000.0 -3000.0) scale(2.5)" for e in root.iter())  # the view on screen
    assert "Community Rehabilitation Companies (2014-21) (long dash)" in " ".join(root.itertext())
    table = pd.read_csv(_download(page, "CSV", artifacts))
    crcs = atlas.layer_areas("crc")
    assert len(table) == len(crcs) and set(table["area_name"]) == set(crcs["area_name"])
    assert page.external_requests == []


def test_board_pack_pdf_pages_render_with_titles_figures_sources_and_date(page, app_url, artifacts):
    import pypdfium2

    page.goto(app_url + "/board_pack?views=landscape,place&step=1&place=E23000013")
    wait_until_settled(page)
    pdf = _download(page, "Download board pack (PDF)", artifacts, timeout=120000)
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == 3
    text = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert "The landscape: who covers where" in text[1] and "43 police force areas" in text[1]
    assert "The place stack: Cleveland" in text[2] and "Durham Tees Valley CRC" in text[2]
    assert all("Open Government Licence v3.0" in t and "Source:" in t for t in text[1:])
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for number in range(len(document)):
            image = document[number].render(scale=1.5).to_pil()
            image.save(artifacts / f"board_pack_page_{number + 1}.png")
            if number > 0:  # each view's page carries its map: outlines (today's on the landscape) and council fills
                drawn = style_for("probation_region" if number == 1 else "crc").colour
                assert colour_share(image, drawn) > 0.0003
                assert colour_share(image, "#ffffff", 8) < 0.9
    finally:
        document.close()


def test_a_shared_link_reopens_the_same_view(page, app_url, browser):
    page.goto(app_url + "/place_explorer")
    wait_for_overlay_map(page)
    box = page.get_by_label("Council, GSS code or postcode")
    box.fill("E23000013")
    box.press("Enter")
    page.get_by_role("heading", name="Cleveland").wait_for()
    toggle_overlay_layer(page, "Community Rehabilitation Companies")  # off by default: today's bodies open
    page.wait_for_function("() => location.search.includes('crc')")
    wait_until_settled(page)
    shared, layers = page.url, page.evaluate(OVERLAY_LAYERS)
    assert "crc" in layers
    table = page.locator('[data-testid="stTable"]').inner_text()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        other = context.new_page()
        other.goto(shared)
        wait_for_overlay_map(other)
        wait_until_settled(other)
        assert other.get_by_label("Council, GSS code or postcode").input_value() == "E23000013"
        assert other.evaluate(OVERLAY_LAYERS) == layers
        assert other.locator(".pw-highlight path").count() == 4  # Cleveland force area: its four councils, highlighted again
        assert other.locator('[data-testid="stTable"]').inner_text() == table
    finally:
        context.close()


def test_axe_finds_no_serious_or_critical_violations(page, app_url, artifacts):
    from axe_playwright_python.sync_playwright import Axe

    axe, report, serious = Axe(), {}, {}
    for path in _axe_paths():
        page.goto(app_url + path)
        settle(page)  # run, figures drawn and the layout still: axe sees the page as a reader would
        violations = axe.run(page, options={"resultTypes": ["violations"]}).response["violations"]
        report[path] = [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
                        for v in violations]
        bad = [v for v in report[path] if v["impact"] in ("serious", "critical")]
        if bad:
            serious[path] = bad
    (artifacts / "axe_report.json").write_text(json.dumps(report, indent=2))
    assert serious == {}


def test_tampered_link_shows_notices_runs_no_script_and_keeps_the_view(page, app_url):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(app_url + "/place_explorer?place=%3Cscript%3Ealert(1)%3C/script%3E"
              "&layers=crc,%3Cimg%20src=x%20onerror=alert(2)%3E")
    wait_for_overlay_map(page)
    wait_until_settled(page)
    assert page.get_by_text("held characters that are not allowed").count() == 1
    assert page.get_by_text("unknown layers").count() == 1
    assert page.get_by_role("heading", name="Bournemouth").is_visible()
    assert page.evaluate(OVERLAY_LAYERS) == ["crc"]
    box = page.get_by_label("Council, GSS code or postcode")
    box.fill("<b>nowhere</b>")
    box.press("Enter")
    page.locator('[data-testid="stAlertContentError"]').wait_for()
    assert "layers=crc" in page.url
    box.fill("Cleveland")
    box.press("Enter")
    page.get_by_role("heading", name="Cleveland").wait_for()
    wait_for_overlay_map(page)
    wait_until_settled(page)
    assert page.evaluate(OVERLAY_LAYERS) == ["crc"]  # the layer choice survived the bad place
    assert dialogs == [] and page.get_by_text("Traceback").count() == 0
    assert "onerror=alert" not in page.content()
