"""The team configuration as deployed (scripts/team.py renders deploy/nginx/patchwork.conf.template): two app processes
behind nginx and a stand-in sign-in service. No cookie, no app (pages, assets and the websocket); a forged identity
header is ignored; the signed-in person is named; security headers on every answer; metrics not exposed. And other
people's text stays text: a shared upload whose title is a Markdown image of a local listener never makes the
browser fetch it, straight from a process (no CSP to help) or through nginx."""
from __future__ import annotations

import http.server
import math
import os
import threading
import urllib.error
import urllib.request
from contextlib import contextmanager

import pandas as pd
import pytest
from playwright.sync_api import expect
from websockets.sync.client import connect

from scripts.team import free_port, running_team
from tests.browser import wait_until_settled

pytestmark = pytest.mark.browser

ANN = "ann@example.org"
FIRST_VISIT = 120_000  # ms: a process builds its caches on its first visit, and the machine is shared


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a GET, redirects not followed."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers or {}), timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def team():
    with running_team(2, database_url="") as running:
        yield running


@pytest.fixture(scope="module")
def listener():
    """A local HTTP listener that records every request it gets (an outside address, as far as a page knows)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


def _ws_url(team) -> str:
    return team.url.replace("http://", "ws://") + "/_stcore/stream"


def test_no_cookie_no_app_pages_assets_or_websocket(team):
    for path in ("/", "/about_the_data", "/_stcore/host-config", "/static/js/index.js"):
        status, headers, body = _get(team.url + path)
        assert status == 302 and "/oauth2/start?rd=" in headers["Location"], (path, status)
        assert b'<div id="root">' not in body
    handshake = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
                 "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Protocol": "streamlit",
                 "Origin": team.url}
    status, headers, _ = _get(team.url + "/_stcore/stream", handshake)  # the websocket: sent to sign in, not opened
    assert status == 302 and "/oauth2/start?rd=" in headers["Location"]
    assert _get(team.url + "/_stcore/health")[2] == b"ok"  # monitoring from this host needs no sign-in


def test_a_forged_identity_header_gets_nobody_in(team):
    status, _, _ = _get(team.url + "/", {"X-Forwarded-Email": ANN, "X-Auth-Request-Email": ANN})
    assert status == 302
    forged_cookie = team.cookie_header(ANN).rsplit("|", 1)[0] + "|" + "0" * 32
    assert _get(team.url + "/", {"Cookie": forged_cookie})[0] == 302


def test_signed_in_the_app_answers_with_security_headers_and_no_metrics(team):
    status, headers, body = _get(team.url + "/", {"Cookie": team.cookie_header(ANN)})
    assert status == 200 and b'<div id="root">' in body  # the app's own page
    assert headers["Server"] == "nginx"  # no version
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff" and headers["Referrer-Policy"] == "same-origin"
    assert _get(team.url + "/_stcore/metrics", {"Cookie": team.cookie_header(ANN)})[0] == 404
    with connect(_ws_url(team), subprotocols=["streamlit"], origin=team.url, open_timeout=60,
                 additional_headers={"Cookie": team.cookie_header(ANN)}) as socket:
        assert socket.response.status_code == 101


def test_an_upload_over_the_limit_is_refused_by_nginx_before_its_body_is_read(team):
    import http.client

    from scripts.team import max_upload_mb

    connection = http.client.HTTPConnection(team.url.removeprefix("http://"), timeout=30)
    connection.putrequest("PUT", "/_stcore/upload_file/session/file")
    connection.putheader("Cookie", team.cookie_header(ANN))
    connection.putheader("Content-Length", str((max_upload_mb() + 1) * 1024 * 1024))  # no body is sent at all
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()


def test_the_signed_in_person_is_named_and_a_forged_header_is_ignored(team, new_tab):
    tab = new_tab(headers={"X-Forwarded-Email": "mallory@example.org"}, timeout=FIRST_VISIT)
    tab.context.add_cookies([{**team.cookie(ANN), "url": team.url}])
    tab.goto(team.url + "/bring_your_own_figures")
    expect(tab.get_by_text(f"Signed in as {ANN}")).to_be_visible(timeout=FIRST_VISIT)
    wait_until_settled(tab)
    assert tab.get_by_text("mallory").count() == 0


@contextmanager
def _environment(**values: str):
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            os.environ.pop(name) if value is None else os.environ.__setitem__(name, value)


def _share_upload_titled(team, title: str) -> None:
    """Ann's shared upload in the team's store, its title, publisher and vintage all Markdown of a remote image."""
    from indicators import local_store

    source_id = "upload:![chart](x).csv:1234abcd"
    codes = ["E23000001", "E23000002"]
    frame = pd.DataFrame({"area_code": codes, "layer": ["police_force_area"] * 2, "period": ["2019"] * 2,
                          "indicator": ["proven_reoffending_rate"] * 2, "value": [25.0, 30.0],
                          "numerator": [math.nan] * 2, "denominator": [100.0] * 2, "source_id": [source_id] * 2,
                          "is_estimate": [False] * 2, "note": [""] * 2})
    source = {"source_id": source_id, "title": title, "publisher": title, "address": title, "vintage": title,
              "licence": "as supplied", "caveats": title}
    with _environment(PATCHWORK_LOCAL_STORE=os.path.join(team.state_dir, "store", "local_store"),
                      PATCHWORK_DATABASE_URL=""):
        local_store.save(frame, [source], owner=ANN)
        local_store.share(source_id, ANN)


def test_a_shared_uploads_markdown_never_reaches_another_browser_as_markup(team, new_tab, listener):
    address, hits = listener
    title = f"![chart]({address}/title.png) [Sign in again]({address}/phish) <img src={address}/html.png>"
    _share_upload_titled(team, title)
    # straight from a process (no nginx, so no CSP to block an image: only the escaping stands), then through nginx
    for base, cookie in ((team.process_urls[0], None), (team.url, team.cookie(ANN))):
        tab = new_tab(timeout=FIRST_VISIT)
        if cookie:
            tab.context.add_cookies([{**cookie, "url": team.url}])
        tab.goto(base + "/about_the_data")
        expect(tab.get_by_text("Sign in again").first).to_be_visible(timeout=FIRST_VISIT)
        wait_until_settled(tab)
        assert tab.get_by_role("link", name="Sign in again").count() == 0
        assert tab.locator(f'img[src^="{address}"]').count() == 0
        assert tab.locator(f'a[href^="{address}"]').count() == 0  # not even the bare address as a link
        tab.goto(base + "/reoffending?indicator=proven_reoffending_rate&period=2019")
        wait_until_settled(tab)
    assert hits == []


def test_a_sign_in_revoked_while_the_tab_is_open_cannot_save(team, new_tab):
    bob = "bob@example.org"
    tab = new_tab(timeout=FIRST_VISIT)
    tab.context.add_cookies([{**team.cookie(bob), "url": team.url}])
    tab.goto(team.url + "/what_if")
    expect(tab.get_by_label("Scenario name")).to_be_visible(timeout=FIRST_VISIT)
    wait_until_settled(tab)
    revoke = urllib.request.Request(f"{team.sign_in_url}/oauth2/revoke?email={bob}", method="POST")
    assert urllib.request.urlopen(revoke, timeout=10).status == 204
    tab.get_by_role("button", name="Save scenario").click()  # the open websocket still carries Bob's first answer
    expect(tab.get_by_text("Your sign-in has ended")).to_be_visible()
    assert "scenario=" not in tab.url
    assert _get(team.url + "/", {"Cookie": team.cookie_header(bob)})[0] == 302  # and a new page asks to sign in


def test_link_parameters_quoted_in_notices_stay_text(team, new_tab, listener):
    from urllib.parse import quote

    address, hits = listener
    image = f"![x]({address}/link.png)"
    tab = new_tab(timeout=FIRST_VISIT)  # straight from a process: no CSP to block an image
    for path in (f"/boundary_what_if?moves={quote(image)}", f"/what_if?diversion_share={quote(image)}"):
        tab.goto(team.process_urls[0] + path)
        wait_until_settled(tab)
        expect(tab.get_by_text("was not usable").first).to_be_visible()  # the notice quotes the parameter
        assert tab.locator(f'img[src^="{address}"]').count() == 0 and tab.locator(f'a[href^="{address}"]').count() == 0
    assert hits == []


def _pinned(tab) -> str:
    return next((c["value"] for c in tab.context.cookies() if c["name"] == "patchwork_server"), "")


def test_after_a_failover_a_tab_keeps_working_where_its_session_now_lives(team, new_tab):
    """Last in this file: it crashes one of the team's processes (and starts it again)."""
    from tests.unit.upload_files import good_pfa_csv

    tab = new_tab(timeout=FIRST_VISIT)
    tab.context.add_cookies([{**team.cookie(ANN), "url": team.url}])
    tab.goto(team.url + "/bring_your_own_figures")
    expect(tab.get_by_text(f"Signed in as {ANN}")).to_be_visible(timeout=FIRST_VISIT)
    wait_until_settled(tab)
    first = _pinned(tab)
    assert first in ("1", "2")
    team.crash(int(first) - 1)
    # the tab reconnects through nginx to the live process, as a new session there, and is pinned to it
    tab.wait_for_function("() => true")  # let the page notice
    deadline = 60
    while _pinned(tab) == first and deadline > 0:
        tab.wait_for_timeout(500)
        deadline -= 0.5
    assert _pinned(tab) not in ("", first)
    expect(tab.get_by_text(f"Signed in as {ANN}")).to_be_visible(timeout=FIRST_VISIT)
    wait_until_settled(tab)
    team.start(int(first) - 1)  # the crashed process is back: the tab's session lives on the other one now
    tab.locator('input[type="file"]').set_input_files(
        files=[{"name": "pfa.csv", "mimeType": "text/csv", "buffer": good_pfa_csv()}])
    expect(tab.get_by_text("figure(s) accepted")).to_be_visible(timeout=60_000)  # the upload reached its session
    assert _pinned(tab) != first
