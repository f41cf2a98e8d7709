"""The board pack's charts read on a projector: in presentation mode at 1280x720 and 1920x1080, no two pieces of text
Plotly drew in a chart's SVG overlap and none is cut by the chart's edge (bounding boxes from the browser)."""
from __future__ import annotations

import pytest

from exports.board_views import available_views
from tests.e2e.test_presentation_fit import SIZES, settle

pytestmark = pytest.mark.browser

SLACK = 1.5  # px: glyph boxes of neighbouring labels may touch
# Every text Plotly drew (tick labels, titles, legend, annotations, values on bars and points), with its box and the
# box of the chart it belongs to; hover labels and empty strings are left out.
TEXTS = """() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')]
  .filter(gd => !gd.closest('[data-testid="stExpander"]')).flatMap((gd, chart) => {
    const drawn = gd.getBoundingClientRect(), box = (gd.closest('.stPlotlyChart') || gd).getBoundingClientRect();
    const edge = {left: Math.max(drawn.left, box.left), right: Math.min(drawn.right, box.right),
                  top: Math.max(drawn.top, box.top), bottom: Math.min(drawn.bottom, box.bottom)};  // what shows
    return [...gd.querySelectorAll('svg.main-svg text')]
      .filter(t => t.textContent.trim() && !t.closest('.hoverlayer') && getComputedStyle(t).display !== 'none'
              && getComputedStyle(t).visibility !== 'hidden' && Number(getComputedStyle(t).opacity || 1) > 0)
      .map(t => { const b = t.getBoundingClientRect();
        return {chart: chart, text: t.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom,
                edge: edge}; })
      .filter(b => b.right - b.left > 0 && b.bottom - b.top > 0);
  })"""
CHARTED = [view.id for view in available_views()[0] if view.id not in ("landscape", "place", "coterminosity",
                                                                             "women_custody")]  # maps: no chart text


def overlaps(boxes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of texts in the same chart whose boxes overlap by more than the slack."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a["chart"] != b["chart"]:
                continue
            if min(a["right"], b["right"]) - max(a["left"], b["left"]) > SLACK and \
                    min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > SLACK:
                found.append((a["text"], b["text"]))
    return found


def clipped(boxes: list[dict]) -> list[str]:
    """Texts that run past the edge of their chart."""
    return [b["text"] for b in boxes if b["left"] < b["edge"]["left"] - SLACK or b["right"] > b["edge"]["right"] + SLACK
            or b["top"] < b["edge"]["top"] - SLACK or b["bottom"] > b["edge"]["bottom"] + SLACK]


def test_the_check_finds_overlapping_and_clipped_text():
    edge = {"left": 0, "right": 100, "top": 0, "bottom": 100}
    boxes = [{"chart": 0, "text": "£253m", "left": 10, "right": 40, "top": 10, "bottom": 20, "edge": edge},
             {"chart": 0, "text": "£248m", "left": 30, "right": 60, "top": 15, "bottom": 25, "edge": edge},
             {"chart": 1, "text": "£253m", "left": 10, "right": 40, "top": 10, "bottom": 20, "edge": edge},
             {"chart": 0, "text": "(M", "left": 90, "right": 110, "top": 50, "bottom": 60, "edge": edge}]
    assert overlaps(boxes) == [("£253m", "£248m")]
    assert clipped(boxes) == ["(M"]


@pytest.fixture(scope="module")
def screens(browser):
    contexts = {size: browser.new_context(viewport={"width": w, "height": h}) for size, (w, h) in SIZES.items()}
    yield {size: context.new_page() for size, context in contexts.items()}
    for context in contexts.values():
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("view_id", CHARTED)
def test_board_pack_chart_text_neither_overlaps_nor_is_cut(screens, app_url, artifacts, size, view_id):
    page = screens[size]
    page.set_default_timeout(60000)
    page.goto(f"{app_url}/board_pack?views={view_id}&step=1&present=1")
    settle(page)
    page.screenshot(path=str(artifacts / f"pack_text_{size}_{view_id}.png"))
    boxes = page.evaluate(TEXTS)
    assert boxes, f"{view_id}: no chart text found"
    assert overlaps(boxes) == [], f"{view_id} at {size}: overlapping text (pack_text_{size}_{view_id}.png)"
    assert clipped(boxes) == [], f"{view_id} at {size}: text cut by the chart's edge"
