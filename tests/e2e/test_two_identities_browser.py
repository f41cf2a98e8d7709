"""In Chromium, two people signed in through a trusted proxy header: A's private upload and scenario are invisible to
B; once A shares the scenario B opens it by link; after A withdraws it B's link opens nothing of it. And a
header sent from an address that is not the sign-in proxy is ignored, and the page says so.

The app runs as a team's would (PATCHWORK_TRUST_IDENTITY_HEADER on, the header believed from 127.0.0.1 only) on its
own store, SQLite files in a temporary folder (the AppTests and the two-process test run the same rules on
PostgreSQL). Each person is a browser context sending their header on every request: Chromium adds a context's extra
headers to the websocket handshake too, which is where Streamlit's st.context.headers (and so ui.identity) read them
from; "Signed in as …" on the upload page is the app confirming it. A request from another address is arranged on
one host the way docs/deployment.md 4.3 warns of: the server (uvicorn) takes the peer from X-Forwarded-For when the
real peer is loopback, so a context sending X-Forwarded-For is, to the app, a connection from that address."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from scenario.parameters import Levers
from scenario.persistence import Scenario
from scenario.store import ScenarioStore
from tests.browser import running_app, wait_until_settled
from tests.unit import upload_files as files
from ui.what_if_library import LINK_NOT_OPENED

pytestmark = pytest.mark.browser

HEADER = "X-Auth-Request-Email"  # not the default name: the app must take it from PATCHWORK_IDENTITY_HEADER
A, B = "ann@example.org", "bob@example.org"
ELSEWHERE = "203.0.113.9"  # an address that is not the sign-in proxy (TEST-NET-3)
FIRST_VISIT = 90_000  # ms: the first visit to a page may build caches, and the machine is shared
FILE_INPUT = '[data-testid="stFileUploader"] input[type="file"]'
METRIC = '[data-testid="stMetricValue"]'
A_FILE = "ann_private_figures.csv"
A_SCENARIO = "Board option from Ann"
UNTITLED = Scenario.name
SAVE_FIGURES = "Save this session's figures for next time (private to you)"


@pytest.fixture(scope="module")
def team_app(tmp_path_factory):
    """One app process trusting HEADER from 127.0.0.1 only, on SQLite files in a temporary folder (never a
    developer's store, whatever PATCHWORK_DATABASE_URL says in the shell)."""
    folder = tmp_path_factory.mktemp("two_identities")
    env = {"PATCHWORK_TRUST_IDENTITY_HEADER": "on", "PATCHWORK_IDENTITY_HEADER": HEADER,
           "PATCHWORK_TRUSTED_PROXIES": "127.0.0.1", "PATCHWORK_DATABASE_URL": "",  # blank: the embedded SQLite files
           "PATCHWORK_LOCAL_STORE": str(folder / "local_store"),
           "PATCHWORK_SCENARIO_DB": str(folder / "scenarios.sqlite3")}
    with running_app(extra_env=env) as url:
        yield SimpleNamespace(url=url, env=env)


@pytest.fixture
def person(new_tab):
    """Make a tab for someone: its own browser context, sending `who` in HEADER (and X-Forwarded-For when `address`
    is given) on every request, the websocket's included."""
    def make(who: str, address: str | None = None):
        return new_tab({HEADER: who, **({"X-Forwarded-For": address} if address else {})})

    return make


def _upload_page(tab, url: str) -> None:
    tab.goto(url + "/bring_your_own_figures")
    tab.get_by_text("Figures loaded in this session").wait_for(timeout=FIRST_VISIT)
    wait_until_settled(tab)


def _add_upload(tab, name: str) -> None:
    """Upload the made-up force-area file and add its figures to this session."""
    tab.set_input_files(FILE_INPUT, files=[{"name": name, "mimeType": "text/csv", "buffer": files.good_pfa_csv()}])
    tab.get_by_role("button", name="Add 4 figure(s) to this session").click()
    tab.get_by_text(f"Added 4 figure(s) from {name}").wait_for()
    wait_until_settled(tab)


def _what_if(tab, url: str, link: str = "") -> None:
    tab.goto(url + "/what_if" + link)
    tab.get_by_label("Scenario name").wait_for(timeout=FIRST_VISIT)
    tab.locator(METRIC).first.wait_for(timeout=FIRST_VISIT)
    wait_until_settled(tab)


def _metrics(tab) -> list[str]:
    return tab.locator(METRIC).all_inner_texts()


def _open_saved(tab, name: str) -> None:
    """Choose one of the saved scenarios in 'Open a saved scenario', as a keyboard user would."""
    tab.locator('[data-testid="stSelectbox"]').filter(has_text="Open a saved scenario").locator("input").click()
    tab.keyboard.type(name)
    tab.keyboard.press("Enter")
    tab.get_by_text("Opened the saved scenario.").wait_for()
    wait_until_settled(tab)


def test_a_private_upload_and_scenario_are_invisible_to_b_until_shared_and_after_withdrawn(team_app, person):
    url = team_app.url
    ann, bob = person(A), person(B)

    # A saves an upload privately.
    _upload_page(ann, url)
    expect(ann.get_by_text(f"Signed in as {A}.")).to_be_visible()  # the header reached the app's websocket session
    _add_upload(ann, A_FILE)
    ann.get_by_role("button", name=SAVE_FIGURES).click()
    ann.get_by_text("Saved 4 figure(s); pages will load them next time. They are private to you").wait_for()
    saved = ann.locator('[data-testid="stTable"]', has_text="you: private to you")
    expect(saved).to_contain_text(A_FILE)

    # A saves a scenario (a bare /what_if link opens on the illustrative preset: a lever is moved).
    _what_if(ann, url)
    ann.get_by_label("Scenario name").fill(A_SCENARIO)
    ann.get_by_label("Scenario name").press("Enter")
    wait_until_settled(ann)
    ann.get_by_role("button", name="Save scenario").click()
    ann.get_by_text(f"Saved '{A_SCENARIO}'. The page link now reopens it").wait_for()
    ann.get_by_text("It is private to you until you share it.").wait_for()
    ann.wait_for_function("() => window.location.search.includes('scenario=')")
    key = parse_qs(urlparse(ann.url).query)["scenario"][0]
    wait_until_settled(ann)
    a_numbers = _metrics(ann)
    link = f"?scenario={key}"  # only the id: whatever B sees of A's scenario can only come from the store

    # B sees neither.
    _upload_page(bob, url)
    expect(bob.get_by_text(f"Signed in as {B}.")).to_be_visible()
    expect(bob.get_by_text("Nothing saved that you can see yet.")).to_be_visible()
    assert bob.get_by_text(A_FILE).count() == 0
    _what_if(bob, url, link)
    expect(bob.get_by_text(LINK_NOT_OPENED)).to_be_visible()
    expect(bob.get_by_label("Scenario name")).to_have_value(UNTITLED)
    assert _metrics(bob) != a_numbers
    assert bob.locator('[data-testid="stSelectbox"]').filter(has_text="Open a saved scenario").count() == 0
    assert bob.get_by_text(A_SCENARIO).count() == 0

    # A shares the scenario; B's link opens it, with A's name and numbers.
    _open_saved(ann, A_SCENARIO)
    ann.get_by_role("button", name=f"Share with everyone signed in: '{A_SCENARIO}'").click()
    ann.get_by_text(f"'{A_SCENARIO}' is now shared with everyone signed in: its link opens it for them.").wait_for()
    expect(ann.get_by_role("button", name=f"Withdraw the share of '{A_SCENARIO}'")).to_be_visible()
    _what_if(bob, url, link)
    expect(bob.get_by_label("Scenario name")).to_have_value(A_SCENARIO)
    expect(bob.locator(METRIC)).to_have_count(len(a_numbers))
    assert _metrics(bob) == a_numbers
    assert bob.get_by_text(LINK_NOT_OPENED).count() == 0

    # A withdraws it; B's link now opens nothing of A's, in the same words as for a scenario that is not there.
    ann.get_by_role("button", name=f"Withdraw the share of '{A_SCENARIO}'").click()
    ann.get_by_text(f"'{A_SCENARIO}' is no longer shared: others' links to it now say so.").wait_for()
    _what_if(bob, url, link)
    expect(bob.get_by_text(LINK_NOT_OPENED)).to_be_visible()
    expect(bob.get_by_label("Scenario name")).to_have_value(UNTITLED)
    assert bob.get_by_text("Traceback").count() == 0 and ann.get_by_text("Traceback").count() == 0


def test_a_header_from_an_address_that_is_not_the_proxy_is_ignored_and_said(team_app, person, monkeypatch):
    # A's private scenario, saved straight into the app's store.
    monkeypatch.delenv("PATCHWORK_DATABASE_URL", raising=False)  # the app's SQLite file, as the app has it
    store = ScenarioStore(Path(team_app.env["PATCHWORK_SCENARIO_DB"]), owner=A)
    key = store.save(Scenario("Ann's private option", Levers(diversion_share=0.3)))

    forger = person(A, address=ELSEWHERE)  # claims to be A, from an address that is not the sign-in proxy
    _upload_page(forger, team_app.url)
    expect(forger.get_by_text(f"An identity header ({HEADER}) came from an address that is not the sign-in proxy, so "
                              "it was ignored: you are not signed in.")).to_be_visible()
    expect(forger.get_by_text("you cannot save, share or delete saved figures until you sign in")).to_be_visible()
    assert forger.get_by_text(f"Signed in as {A}").count() == 0
    expect(forger.get_by_text("Nothing saved that you can see yet.")).to_be_visible()  # none of A's private uploads
    assert forger.get_by_text(A_FILE).count() == 0
    _add_upload(forger, "forged.csv")  # may use figures in the session, not save them
    expect(forger.get_by_role("button", name=SAVE_FIGURES)).to_be_disabled()

    _what_if(forger, team_app.url, f"?scenario={key}")
    expect(forger.get_by_text(LINK_NOT_OPENED)).to_be_visible()
    expect(forger.get_by_label("Scenario name")).to_have_value(UNTITLED)
    assert forger.get_by_text("Traceback").count() == 0
    assert store.load(key).name == "Ann's private option"  # and A's scenario is A's, unchanged
