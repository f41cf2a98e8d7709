"""End to end: the reoffending page opens on the real regional series; the Excel data tool as published is read."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.browser import FILLED_AREAS as FILLED
from tests.browser import add_upload_and_map_force_areas, wait_for_map

pytestmark = pytest.mark.browser



def test_the_reoffending_page_opens_on_2019_20_adults_by_region(page, app_url, artifacts):
    page.goto(app_url + "/reoffending")
    wait_for_map(page)
    page.get_by_text("Proven reoffending rate, Adult, Apr 2019 to Mar 2020, by region").first.wait_for()
    page.wait_for_function(f"() => ({FILLED})() === 9")
    assert page.get_by_text("Proven reoffending statistics, January to March 2020").first.is_visible()
    assert page.get_by_text("fragment").count() == 0 and page.get_by_text("Traceback").count() == 0
    page.screenshot(path=str(artifacts / "reoffending_regions.png"), full_page=True)
    page.get_by_role("tab", name=re.compile("By age")).click()
    page.locator(".js-plotly-plot .heatmaplayer").first.wait_for()
    page.screenshot(path=str(artifacts / "reoffending_regions_by_age.png"), full_page=True)
    page.get_by_role("tab", name="Trend").click()
    page.wait_for_function("() => Array.from(document.querySelectorAll('.js-plotly-plot')).some(gd => "
                           "(gd.data || []).filter(t => t.type === 'scatter' && (t.x || []).length === 12).length === 9)")
    page.get_by_role("tab", name="Trend").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "reoffending_regions_trend.png"), full_page=True)
    assert page.external_requests == []


def test_the_excel_data_tool_as_published_fills_the_force_areas(page, app_url, atlas, tmp_path, artifacts):
    from tests.official_fixtures.proven_reoffending import COHORTS, HEADER, geographic_rows

    path = tmp_path / "Geographical_data_tool_Apr16_Dec17.xlsx"
    with pd.ExcelWriter(path, engine="openpyxl") as book:  # front, pivot and notes sheets before Data, as published
        pd.DataFrame({"Proven reoffending": ["Geographical data tool", "Made-up test figures"]}).to_excel(
            book, sheet_name="Front page", index=False)
        pd.DataFrame({"Geography": ["Kent", "Essex"], "Proportion who reoffend (%)": [25.1, 26.2]}).to_excel(
            book, sheet_name="Pivot", index=False)
        pd.DataFrame({"Notes": ["1. Made-up figures for a test."]}).to_excel(book, sheet_name="Notes", index=False)
        pd.DataFrame(geographic_rows(atlas, force_rows=False), columns=HEADER).to_excel(book, sheet_name="Data",
                                                                                       index=False)
    page.goto(app_url + "/bring_your_own_figures")
    page.get_by_text("No uploaded figures in this session yet.").wait_for()
    page.set_input_files('[data-testid="stFileUploader"] input[type="file"]', files=[{
        "name": path.name, "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "buffer": path.read_bytes()}])
    page.get_by_text("Recognised as the MoJ proven reoffending statistics").wait_for(timeout=90000)
    assert page.get_by_text("sheet 'Data'").first.is_visible()
    add_upload_and_map_force_areas(page, COHORTS[1])
    assert page.get_by_text("Traceback").count() == 0
    page.screenshot(path=str(artifacts / "reoffending_from_excel_tool.png"), full_page=True)
    assert page.external_requests == []
