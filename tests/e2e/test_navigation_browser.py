"""Every page is listed in the sidebar under its section at 1280x720, none behind "View more"."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import wait_until_settled
from ui.navigation import NAV_KEY, SECTIONS
from ui.page_titles import page_title

pytestmark = pytest.mark.browser

PAGES = sorted((Path(__file__).resolve().parents[2] / "pages").glob("[0-9]*_*.py"))


def test_sidebar_lists_every_page_under_its_section(browser, app_url, artifacts):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        page = context.new_page()
        page.set_default_timeout(60000)
        page.goto(app_url + "/about_the_data")
        wait_until_settled(page)
        nav = page.locator(f".st-key-{NAV_KEY}")
        nav.get_by_text(SECTIONS[0][0], exact=True).wait_for()
        page.get_by_role("heading", name="About the data").first.wait_for()
        page.screenshot(path=str(artifacts / "sidebar_1280x720.png"))
        for path in PAGES:
            link = nav.get_by_role("link", name=page_title(path), exact=True)
            link.scroll_into_view_if_needed()
            assert link.is_visible(), f"{page_title(path)} is not listed"
        for heading, _, _ in SECTIONS:
            assert nav.get_by_text(heading, exact=True).count() == 1
        assert page.get_by_text("View more", exact=False).count() == 0
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # Streamlit's own list, whose markup axe faults
    finally:
        context.close()
