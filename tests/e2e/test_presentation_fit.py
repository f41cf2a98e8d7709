"""Presentation mode fits one 16:9 screen: every page and every board-pack view, at 1280x720 and 1920x1080, in Chromium.

Each view is opened with ?present=1 and measured once it has settled: the main area Streamlit scrolls
([data-testid="stMain"]) and the document are no taller than the window, the figures on screen are drawn and
not squeezed, and nothing failed. A screenshot of each is kept in test-artifacts/ (present_<size>_<view>.png)."""
from __future__ import annotations

from pathlib import Path

import pytest

from exports.board_views import available_views
from tests.browser import wait_until_settled

pytestmark = pytest.mark.browser

PAGES = Path(__file__).resolve().parents[2] / "pages"
SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080)}
SLACK = 2  # px: sub-pixel rounding of the scroll height
LEAST_FIGURE = 120  # px: a figure squeezed below this by the text around it does not count as shown

# Settled: the script has run, nothing is stale, every figure on screen is drawn (Plotly laid out, a MapLibre map
# loaded, the overlay map painted), fonts are in, and the layout has kept the same size for four polls running.
SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]');
  const busy = !app || app.dataset.testScriptState !== 'notRunning' || !main || document.fonts.status !== 'loaded'
    || document.querySelector('[data-testid="stStatusWidget"]') || document.querySelector('[data-stale="true"]');
  const plots = main ? [...main.querySelectorAll('.js-plotly-plot')] : [];
  const drawn = plots.every(gd => gd._fullLayout && (!gd._fullLayout.map
    || (gd._fullLayout.map._subplot && gd._fullLayout.map._subplot.map && gd._fullLayout.map._subplot.map.loaded())));
  const painted = main ? [...main.querySelectorAll('.pw-map')].every(m => Number(m.dataset.painted) > 0) : false;
  if (busy || !drawn || !painted) { window.__fit = null; return false; }
  const key = [main.scrollHeight, main.clientHeight, document.documentElement.scrollHeight, plots.length,
               ...plots.map(gd => gd.getBoundingClientRect().height)].join(',');
  if (!window.__fit || window.__fit.key !== key) { window.__fit = {key: key, polls: 0}; return false; }
  return ++window.__fit.polls >= 4;
}"""
MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const figures = [...main.querySelectorAll('.stPlotlyChart, .pw-canvas')]
    .filter(f => !f.closest('[data-testid="stExpander"]') && !f.closest('[hidden]'))
    .map(f => { const box = f.getBoundingClientRect(); return {top: box.top, bottom: box.bottom, height: box.height}; });
  return {scroll: main.scrollHeight, client: main.clientHeight, document: document.documentElement.scrollHeight,
          window: innerHeight, figures: figures};
}"""


def page_paths() -> list[tuple[str, str]]:
    """(name, path) of every page with ?present=1: the first page is '/', the others their file stem after the number."""
    files = sorted(PAGES.glob("[0-9]*_*.py"))
    return [(path.stem.split("_", 1)[1], ("/" if i == 0 else "/" + path.stem.split("_", 1)[1]) + "?present=1")
            for i, path in enumerate(files)]


def view_paths() -> list[tuple[str, str]]:
    """(name, path) of every board-pack view, built-in and offered by figure modules, as a step of one pack."""
    ids = [view.id for view in available_views()[0]]
    return [(f"board_pack_{view_id}", f"/board_pack?views={','.join(ids)}&step={step}&present=1")
            for step, view_id in enumerate(ids, start=1)]


VIEWS = page_paths() + view_paths()


def settle(page) -> None:
    """Wait until the page has run, drawn every figure on screen and stopped changing size (no fixed sleep)."""
    wait_until_settled(page)
    page.wait_for_function(SETTLED, polling=100, timeout=60000)


@pytest.fixture(scope="module")
def screens(browser):
    """One browser page per screen size, reused by every view measured at that size."""
    contexts, pages = {}, {}

    def screen(size: str):
        if size not in pages:
            width, height = SIZES[size]
            contexts[size] = browser.new_context(viewport={"width": width, "height": height})
            pages[size] = contexts[size].new_page()
            pages[size].set_default_timeout(60000)
        return pages[size]

    yield screen
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize(("name", "path"), VIEWS, ids=[name for name, _ in VIEWS])
def test_presenting_fits_one_screen_without_scrolling(screens, app_url, artifacts, size, name, path):
    page = screens(size)
    page.goto(app_url + path)
    settle(page)
    page.screenshot(path=str(artifacts / f"present_{size}_{name}.png"))
    assert page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').count() == 0, \
        f"{name} at {size} shows an error (see present_{size}_{name}.png)"
    assert page.get_by_role("switch", name="Presentation mode").is_checked()
    shown = page.evaluate(MEASURE)
    assert shown["scroll"] <= shown["client"] + SLACK, (
        f"{name} at {size}: the main area is {shown['scroll'] - shown['client']} px taller than the screen")
    assert shown["document"] <= shown["window"] + SLACK, (
        f"{name} at {size}: the page is {shown['document'] - shown['window']} px taller than the window")
    for figure in shown["figures"]:
        assert figure["height"] >= LEAST_FIGURE and figure["bottom"] <= shown["window"] + SLACK, (
            f"{name} at {size}: a figure is squeezed or off screen ({figure})")
