"""End to end in headless Chromium: pick two layers, see the matrix, split map and headline, download the CSV."""
from __future__ import annotations

import csv
import io

import pytest

from tests.browser import choose_option

pytestmark = pytest.mark.browser

MAP_PAINTED = ("() => [...document.querySelectorAll('.js-plotly-plot')].some(gd => gd._fullLayout && gd._fullLayout.map"
               " && gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map"
               " && gd._fullLayout.map._subplot.map.loaded())")
HEATMAP_ROWS = ("() => { const gd = [...document.querySelectorAll('.js-plotly-plot')]"
                ".find(g => g.data && g.data[0] && g.data[0].type === 'heatmap'); return gd ? gd.data[0].y : null; }")



def test_pick_two_layers_and_download_the_overlaps(page, app_url, artifacts):
    page.goto(app_url + "/coterminosity")
    page.get_by_text("Of 12 probation regions", exact=False).first.wait_for()  # the least coterminous pair of today
    page.get_by_text("Opens on probation regions against CPS areas", exact=False).first.wait_for()
    choose_option(page, 0, "Mayoral combined")
    page.get_by_text("Of 10 mayoral combined authorities", exact=False).first.wait_for()
    choose_option(page, 1, "Police force areas")
    headline = page.get_by_text("cut by police force area boundaries", exact=False).first
    headline.wait_for()
    assert headline.inner_text().startswith("Of 10 mayoral combined authorities, ")
    assert "a=mayoral_combined_authority" in page.url and "b=police_force_area" in page.url
    page.wait_for_function(f"() => {{ const y = ({HEATMAP_ROWS})(); return y && y.length === 10; }}")
    assert "Liverpool City Region Combined Authority" in page.evaluate(HEATMAP_ROWS)
    page.wait_for_function(MAP_PAINTED, timeout=30000)
    page.screenshot(path=str(artifacts / "coterminosity.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_role("button", name="Download the overlaps (CSV)").click()
    download = info.value
    assert download.suggested_filename == "coterminosity_mayoral_combined_authority_police_force_area.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    liverpool = {r["police force area name"]: r for r in rows
                 if r["mayoral combined authority name"] == "Liverpool City Region Combined Authority"}
    assert set(liverpool) == {"Merseyside", "Cheshire"}
    shares = [float(r["Share of the mayoral combined authority (area-weighted)"]) for r in liverpool.values()]
    assert sum(shares) == pytest.approx(1.0, abs=1e-3)
    assert float(liverpool["Cheshire"]["Shared area (km²)"]) > 0
    assert page.external_requests == []
