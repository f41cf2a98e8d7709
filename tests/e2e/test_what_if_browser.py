"""End to end: move a lever, see charts and summary change, save, reopen from the link, refuse a broken file."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from scenario.store import ScenarioStore

pytestmark = pytest.mark.browser

SUMMARY = '[data-testid="stMarkdownContainer"]:has-text("Custody places in year")'
# Plotly keeps the decoded numbers in _fullData (data holds base64 typed arrays). The places chart is found by its
# title: the sensitivity strip and the formula chart come first on the page.
LAST_POINT = ("() => { const gd = [...document.querySelectorAll('.js-plotly-plot')].find(g => g._fullLayout"
              " && g._fullLayout.title && String(g._fullLayout.title.text).startsWith('Custody places in use'));"
              " if (!gd || !gd._fullData) return null;"
              " const line = gd._fullData[gd._fullData.length - 1]; return line.y[line.y.length - 1]; }")
DIVERSION = "receptions diverted to community alternatives"


def _metrics(page) -> list[str]:
    return page.locator('[data-testid="stMetricValue"]').all_inner_texts()


def _settled(page) -> None:
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')")
    page.wait_for_timeout(300)


def _metrics_shown(page, count: int) -> list[str]:
    """The metric values once all `count` of them are painted and the run has finished (a reload paints in steps)."""
    page.wait_for_function(f"() => document.querySelectorAll('[data-testid=\"stMetricValue\"]').length >= {count}",
                           timeout=60000)
    _settled(page)
    return _metrics(page)


def test_what_if_opens_on_the_illustrative_package_said_so(page, app_url):
    page.goto(app_url + "/what_if")
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=90000)  # first visit may build caches
    _settled(page)
    summary = page.locator(SUMMARY).first.inner_text()
    assert "20% of custody receptions diverted" in summary
    assert page.get_by_text("Illustrative: the project's settings").count() >= 1
    assert page.get_by_label("Scenario name").input_value() == "The project's illustrative package"


def test_what_if_lever_save_reopen_and_refuse_a_broken_file(page, app_url, artifacts):
    # A link naming only the baseline opens with no lever moved (a link with nothing opens on the preset).
    page.goto(app_url + "/what_if?baseline=population_share")
    page.locator('[data-testid="stMetricValue"]').first.wait_for(timeout=90000)  # first visit may build caches
    page.wait_for_selector(".js-plotly-plot")
    _settled(page)
    page.wait_for_function(f"() => ({LAST_POINT})() !== null", timeout=60000)
    before, chart_before = _metrics(page), page.evaluate(LAST_POINT)
    assert "No policy lever is moved" in page.locator(SUMMARY).first.inner_text()

    slider = page.locator('[data-testid="stSlider"]').filter(has_text=DIVERSION).get_by_role("slider")
    slider.focus()
    for _ in range(4):  # 5% a step
        slider.press("ArrowRight")
    page.locator(SUMMARY).filter(has_text="20% of custody receptions diverted").first.wait_for()
    _settled(page)
    after = _metrics(page)
    assert after != before
    page.wait_for_function(f"() => {{ const v = ({LAST_POINT})(); return v !== null && v !== {chart_before}; }}")
    page.screenshot(path=str(artifacts / "what_if_moved.png"), full_page=True)

    page.get_by_label("Scenario name").fill("Browser test scenario")
    page.get_by_label("Scenario name").press("Enter")
    _settled(page)
    page.get_by_role("button", name="Save scenario").click()
    page.get_by_text("Saved 'Browser test scenario'").wait_for()
    page.wait_for_function("() => window.location.search.includes('scenario=')")
    link = page.url
    saved_id = parse_qs(urlparse(link).query)["scenario"][0]
    saved_numbers = _metrics(page)
    try:
        page.goto(link)
        page.locator(SUMMARY).filter(has_text="20% of custody receptions diverted").first.wait_for()
        assert _metrics_shown(page, len(saved_numbers)) == saved_numbers
        assert page.get_by_label("Scenario name").input_value() == "Browser test scenario"

        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(files=[{
            "name": "broken.json", "mimeType": "application/json",
            "buffer": b'{"format": "patchwork-scenario", "version": 7, "levers": {}}'}])
        page.get_by_text("'broken.json' was refused").wait_for()
        assert page.get_by_text("newer version of Patchwork").count() >= 1
        assert _metrics_shown(page, len(saved_numbers)) == saved_numbers  # the open scenario stays
        page.screenshot(path=str(artifacts / "what_if_refused.png"), full_page=True)
        assert page.get_by_text("Traceback").count() == 0
        assert page.external_requests == []
    finally:
        ScenarioStore().delete(saved_id)
