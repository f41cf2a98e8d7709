"""End to end: save a scenario on the What if page, build the board pack's scenario slide from it, and find the
slide's numbers are the page's (net positions and their intervals), as a person reads them."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from scenario.store import ScenarioStore
from tests.e2e.test_what_if_browser import _metrics_shown, _settled

pytestmark = pytest.mark.browser

NAME = "Board pack browser test"


def test_a_saved_scenario_builds_the_board_pack_slide_with_the_page_s_numbers(page, app_url, artifacts):
    page.goto(app_url + "/what_if?baseline=population_share&diversion_share=0.3&lag_years=2&reoffending_change=-0.1")
    numbers = _metrics_shown(page, 4)[:3]  # public purse, local areas, centre over 10 years
    intervals = page.locator('[data-testid="stMarkdownContainer"]', has_text="80% of draws between").first.inner_text()
    page.get_by_label("Scenario name").fill(NAME)
    page.get_by_label("Scenario name").press("Enter")
    _settled(page)
    page.get_by_role("button", name="Save scenario").click()
    page.get_by_text(f"Saved '{NAME}'").wait_for()
    page.wait_for_function("() => window.location.search.includes('scenario=')")
    saved_id = parse_qs(urlparse(page.url).query)["scenario"][0]
    try:
        page.goto(app_url + "/board_pack?views=scenario")
        page.get_by_text("Scenario on the what-if slide").wait_for(timeout=60000)
        _settled(page)
        page.get_by_role("combobox", name="Scenario on the what-if slide").click()
        page.get_by_role("option", name=f"Saved: {NAME}").click()
        page.get_by_role("heading", name=f"What if: {NAME}").wait_for(timeout=60000)
        _settled(page)
        takeaway = page.locator('[data-testid="stMarkdownContainer"]', has_text="Over 10 years against today").first
        said = takeaway.inner_text()
        page.screenshot(path=str(artifacts / "board_pack_scenario_slide.png"), full_page=True)
        # Net positions first, each the page's number, with the page's interval ends.
        assert said.index("public purse") < said.index("local areas") < said.index("centre")
        for number in numbers:
            assert number in said
        for line in intervals.splitlines():
            low, high = line.split("between ")[1].rstrip(".").split(" and ")
            assert f"between {low} and {high}" in said
        covers = page.get_by_text("Covers short sentences under 24 months, women and young offenders").first
        assert covers.is_visible() and page.get_by_text("Traceback").count() == 0
        assert page.external_requests == []
    finally:
        ScenarioStore().delete(saved_id)
