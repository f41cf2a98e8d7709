"""End to end in headless Chromium: the prisons page paints its map offline and lists a known prison."""
from __future__ import annotations

import pytest

from tests.browser import wait_for_map

pytestmark = pytest.mark.browser


def test_prisons_page_paints_offline_and_lists_a_known_prison(page, app_url, artifacts):
    page.goto(app_url + "/prisons")
    page.get_by_text("The prison estate, February 2017").wait_for()
    wait_for_map(page, timeout=90000)  # a cold cache measures every postcode first
    names = page.evaluate("() => document.querySelector('.js-plotly-plot').data.map(t => t.name)")
    assert "Designated resettlement prison (large ringed dot)" in names
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    # The grid draws on a canvas; its accessible table holds the cell text.
    grid.locator('td[role="gridcell"]', has_text="Altcourse").first.wait_for(state="attached")
    page.get_by_text("Distance from home to resettlement prisons").wait_for()
    page.screenshot(path=str(artifacts / "prisons.png"), full_page=True)
    assert page.get_by_text("Traceback").count() == 0
    assert page.external_requests == []
