"""Browser fixtures: one app server and one headless Chromium for all end-to-end tests."""
from __future__ import annotations

import os

import pytest

from tests.browser import launch_chromium, running_app


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """Base URL of the app started once for the session, on stores of its own (never a developer's saved work).

    The test process reads the same stores (a test that saves through the page deletes what it saved)."""
    folder = tmp_path_factory.mktemp("app_stores")
    stores = {"PATCHWORK_DATABASE_URL": "", "PATCHWORK_SCENARIO_DB": str(folder / "scenarios.sqlite3"),
              "PATCHWORK_LOCAL_STORE": str(folder / "local_store"), "PATCHWORK_IMPORT_FOLDER": str(folder / "imports")}
    before = {name: os.environ.get(name) for name in stores}
    os.environ.update(stores)
    try:
        with running_app(extra_env=stores) as url:
            yield url
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def new_tab(browser):
    """Fresh browser tabs, each in its own context (its own cookies), closed afterwards; `headers` are sent on every
    request the tab makes, the websocket's included (a signed-in person behind the proxy)."""
    contexts = []

    def make(headers: dict[str, str] | None = None, timeout: float = 60_000):
        context = browser.new_context(viewport={"width": 1400, "height": 900}, extra_http_headers=headers or {})
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(timeout)
        return tab

    yield make
    for context in contexts:
        context.close()


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
