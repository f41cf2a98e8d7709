"""At 1280x720, with the sidebar open, the column each table is for is on screen without scrolling sideways, and the
export buttons show their whole labels. The data grid draws on a canvas; the columns it lays out on screen are the
ones it lists in its accessible table, so a column past the right edge is not listed."""
from __future__ import annotations

import pytest

from tests.e2e.test_presentation_fit import settle

pytestmark = pytest.mark.browser

# (page, the table's first column, a column that must be on screen)
KEY_COLUMNS = [
    ("/coterminosity", "Probation region", "% outside the main one"),  # opens on probation regions x CPS areas
    ("/combined_authority_lens", "Layer", "% of the authority"),
    ("/prisons", "Rank", "km to own CRC's nearest resettlement prison"),
]
# Per grid: the columns it lays out on screen (a column partly past the edge is listed too) and whether it needs
# scrolling sideways at all.
HEADERS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"]')].map(grid => {
  const scroller = grid.querySelector('.dvn-scroller');
  return {headers: [...grid.querySelectorAll('[role="columnheader"]')].map(h => h.textContent),
          overflows: !!scroller && scroller.scrollWidth > scroller.clientWidth + 1}; })"""
BUTTONS = """() => [...document.querySelectorAll('[data-testid="stDownloadButton"] button')].filter(b => b.offsetParent)
  .map(b => { const label = b.querySelector('p') || b;
    return {text: label.textContent, cut: label.scrollWidth > label.clientWidth + 1}; })"""


@pytest.fixture(scope="module")
def narrow(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.set_default_timeout(60000)
    yield page
    context.close()


@pytest.mark.parametrize(("path", "first", "key"), KEY_COLUMNS, ids=[p.strip("/") for p, _, _ in KEY_COLUMNS])
def test_key_column_is_on_screen_at_1280(narrow, app_url, artifacts, path, first, key):
    narrow.goto(app_url + path)
    settle(narrow)
    grids = [grid for grid in narrow.evaluate(HEADERS) if grid["headers"] and grid["headers"][0] == first]
    assert grids, f"no table starting with {first!r} on {path}"
    narrow.locator('[data-testid="stDataFrame"]').filter(has_text=first).first.scroll_into_view_if_needed()
    narrow.screenshot(path=str(artifacts / f"key_columns_{path.strip('/')}.png"))
    headers = grids[0]["headers"]
    where = next((i for i, header in enumerate(headers) if key in header), None)
    assert where is not None, f"{key!r} is off screen on {path}: {headers}"
    # whole, not cut at the edge: the grid needs no sideways scrolling, or the next column starts on screen
    assert not grids[0]["overflows"] or where + 1 < len(headers), f"{key!r} is cut at the edge on {path}: {headers}"
    buttons = narrow.evaluate(BUTTONS)
    assert [b["text"] for b in buttons if b["cut"] or len(b["text"]) < 3] == []


# Cut: the label or anything in it is wider than the box that shows it (Streamlit cuts with an ellipsis).
METRIC_LABELS = """() => [...document.querySelectorAll('[data-testid="stMetricLabel"]')].map(label => ({
  text: label.textContent,
  cut: [label, ...label.querySelectorAll('*')].some(e => e.scrollWidth > e.clientWidth + 1
       || getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.getBoundingClientRect().width + 1)}))"""


@pytest.mark.parametrize("path", ["/boundary_what_if?present=1", "/what_if?present=1"])
def test_metric_labels_are_whole_at_1280(narrow, app_url, path):
    narrow.goto(app_url + path)
    narrow.locator('[data-testid="stMetricLabel"]').first.wait_for()  # the what-if model runs before its metrics
    settle(narrow)
    labels = narrow.evaluate(METRIC_LABELS)
    assert labels, f"no metric on {path}"
    assert [label["text"] for label in labels if label["cut"]] == []
