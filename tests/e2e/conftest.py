"""Browser fixtures: one app server and one headless Chromium for all end-to-end tests."""
from __future__ import annotations

import pytest

from tests.browser import launch_chromium, running_app


@pytest.fixture(scope="session")
def app_url():
    """Base URL of the app started once for the session."""
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, app_url):
    """A fresh browser page (1400x900) that records requests leaving loopback."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.external_requests = []
    tab.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:"))
           else tab.external_requests.append(r.url))
    tab.set_default_timeout(30000)
    yield tab
    context.close()
