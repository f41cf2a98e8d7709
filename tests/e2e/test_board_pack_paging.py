"""The board pack pages in presentation mode with a mouse and with a clicker's keys, at 1280x720 and 1920x1080.

Playwright's click lands only when the button is the element under the pointer (Streamlit's header once lay over
Previous/Next and took the click); a clicker sends Page Down / Page Up, some send the arrow keys."""
from __future__ import annotations

import pytest

from tests.e2e.test_presentation_fit import SIZES, settle

pytestmark = pytest.mark.browser

PACK = "/board_pack?views=landscape,place,reoffending&step=1&present=1"
UNDER_BUTTON = """name => { const b = [...document.querySelectorAll('[data-testid="stMain"] button')]
  .find(x => x.innerText.includes(name) && x.offsetParent); const r = b.getBoundingClientRect();
  return b.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }"""


def _at_step(page, step: int, heading: str) -> None:
    page.wait_for_function(f"() => new URLSearchParams(location.search).get('step') === '{step}'")
    page.get_by_text(f"View {step} of 3", exact=True).wait_for()
    page.get_by_role("heading", name=heading).wait_for()
    settle(page)
    assert "present=1" in page.url


@pytest.mark.parametrize("size", list(SIZES))
def test_board_pack_pages_with_mouse_and_clicker_keys(browser, app_url, artifacts, size):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.set_default_timeout(60000)
        page.goto(app_url + PACK)
        settle(page)
        assert page.evaluate(UNDER_BUTTON, "Next view"), "something lies over Next view"
        page.get_by_role("button", name="Next view").first.click()
        _at_step(page, 2, "The place stack: Bournemouth")
        assert page.evaluate(UNDER_BUTTON, "Previous view"), "something lies over Previous view"
        page.screenshot(path=str(artifacts / f"paging_{size}_step2.png"))
        page.get_by_role("button", name="Previous view").first.click()
        _at_step(page, 1, "The landscape: who covers where")
        for key, step, heading in (("PageDown", 2, "The place stack: Bournemouth"),
                                   ("ArrowRight", 3, "Reoffending"), ("PageUp", 2, "The place stack: Bournemouth"),
                                   ("ArrowLeft", 1, "The landscape: who covers where"),
                                   ("ArrowDown", 2, "The place stack: Bournemouth"),
                                   ("ArrowUp", 1, "The landscape: who covers where")):
            page.keyboard.press(key)
            _at_step(page, step, heading)
        page.keyboard.press("PageUp")  # on the first view there is nothing before: the pack stays put
        settle(page)
        assert "step=1" in page.url
    finally:
        context.close()


@pytest.mark.parametrize("size", list(SIZES))
def test_presenting_a_clicker_steps_from_page_to_page(browser, app_url, size):
    width, height = SIZES[size]
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.set_default_timeout(60000)
        page.goto(app_url + "/coterminosity?present=1")
        settle(page)
        for key, path, heading in (("PageDown", "/reform_timeline", "Reform timeline"),
                                   ("PageUp", "/coterminosity", "Coterminosity"),
                                   ("ArrowRight", "/reform_timeline", "Reform timeline"),
                                   ("ArrowLeft", "/coterminosity", "Coterminosity")):
            page.keyboard.press(key)
            page.wait_for_function(f"() => location.pathname === '{path}'")
            page.get_by_role("heading", name=heading).first.wait_for()
            settle(page)
            assert page.get_by_role("switch", name="Presentation mode").is_checked()
    finally:
        context.close()
