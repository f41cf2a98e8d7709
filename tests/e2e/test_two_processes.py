"""Two app processes behind nginx (scripts/team.py): one store for both, sticky sessions, websockets, load without errors."""
from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from scripts.team import running_team
from storage.database import POSTGRESQL, SQLITE
from storage.testing import cluster_url, throwaway
from tests.browser import wait_until_settled

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
FIRST_VISIT = 120_000  # ms: a process builds its caches on its first visit, and the machine is shared
METRIC = '[data-testid="stMetricValue"]'
PERSON = "tester@example.org"  # signed in through the team's stand-in sign-in service
AS_PERSON = {"X-Forwarded-Email": PERSON}


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """Two processes and nginx on loopback, on the throwaway PostgreSQL when the test command started one, else SQLite."""
    kind = POSTGRESQL if cluster_url() else SQLITE
    with throwaway(kind, tmp_path_factory.mktemp("team")) as url, running_team(2, database_url=url or "") as running:
        yield running
    for pid in running.pids:  # everything the team started is gone
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    assert not Path(running.state_dir).exists()


def _access_log(team, pinned: str, count: int = 1, containing: str = "", timeout: float = 30.0) -> list[str]:
    """The access log's lines of requests pinned to one process (its patchwork_server cookie; '' for none), once
    `count` are there and one holds `containing` (nginx logs a request once it is over: a websocket when it
    closes)."""
    deadline = time.monotonic() + timeout
    while True:
        lines = [line for line in Path(team.access_log).read_text().splitlines() if f"pinned={pinned} " in line]
        if (len(lines) >= count and any(containing in line for line in lines)) or time.monotonic() > deadline:
            return lines
        time.sleep(0.1)


def _upstreams(lines: list[str]) -> set[str]:
    return {re.search(r"upstream=(\S+)", line).group(1) for line in lines}


def _open_what_if(tab, url: str) -> None:
    tab.goto(url)
    expect(tab.get_by_label("Scenario name")).to_be_visible(timeout=FIRST_VISIT)
    wait_until_settled(tab)


def test_a_scenario_saved_through_one_process_reopens_through_the_other(team, new_tab):
    name = f"Two processes {secrets.token_hex(3)}"
    first = new_tab(headers=AS_PERSON)  # straight to a process: as nginx would name the person
    # and signed in at the stand-in, which the app asks again before saving (cookies are per host, not per port)
    first.context.add_cookies([{**team.cookie(PERSON), "url": team.url}])
    _open_what_if(first, team.process_urls[0] + "/what_if")
    first.get_by_label("Scenario name").fill(name)
    first.get_by_label("Scenario name").press("Enter")
    wait_until_settled(first)
    first.get_by_role("button", name="Save scenario").click()
    first.wait_for_function("() => new URLSearchParams(window.location.search).has('scenario')", timeout=60000)
    wait_until_settled(first)
    saved_id = parse_qs(urlparse(first.url).query)["scenario"][0]
    numbers = first.locator(METRIC).all_inner_texts()
    assert numbers

    # Process 2 has only the id to go on: the name and figures can come only from the shared store.
    second = new_tab(headers=AS_PERSON)
    second.context.add_cookies([{**team.cookie(PERSON), "url": team.url}])
    _open_what_if(second, f"{team.process_urls[1]}/what_if?scenario={saved_id}")
    expect(second.get_by_label("Scenario name")).to_have_value(name, timeout=FIRST_VISIT)
    for index, value in enumerate(numbers):
        expect(second.locator(METRIC).nth(index)).to_have_text(value)
    assert second.get_by_text("not in this app's store").count() == 0
    saved = second.locator('[data-testid="stSelectbox"]').filter(has_text="Open a saved scenario")
    saved.locator("input").click()  # the other process's saves are in this one's list too
    second.keyboard.type(name)  # as a keyboard user looks for it
    expect(second.get_by_role("option").filter(has_text=name)).to_be_visible()

    # Through nginx: the link a person would share opens the same scenario, and the whole visit (page, assets,
    # websocket) stays on one process.
    third = new_tab()
    third.context.add_cookies([{**team.cookie(PERSON), "url": team.url}])  # signed in: nginx lets nobody else in
    _open_what_if(third, team.url + "/what_if?" + urlparse(first.url).query)
    expect(third.get_by_label("Scenario name")).to_have_value(name)
    pinned = next(c["value"] for c in third.context.cookies() if c["name"] == "patchwork_server")
    third.close()  # the websocket closes, and nginx logs it
    lines = _access_log(team, pinned, containing='"GET /_stcore/stream')
    assert any('"GET /_stcore/stream' in line and " 101 " in line for line in lines), lines
    assert _upstreams(lines) == {urlparse(team.process_urls[int(pinned) - 1]).netloc}, lines


def _served_by(team, cookie: str) -> str:
    """The process number an answer through nginx pins the browser to (its patchwork_server cookie)."""
    request = urllib.request.Request(team.url + "/", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=30) as response:
        return re.search(r"patchwork_server=(\d+);", response.headers["Set-Cookie"]).group(1)


def test_the_server_cookie_keeps_a_browser_on_one_process_and_spreads_new_ones(team):
    signed_in = team.cookie_header(PERSON)
    # new visitors: each answer pins the browser to the process that gave it, and they spread over both
    assert {_served_by(team, signed_in) for _ in range(40)} == {"1", "2"}
    for number in ("1", "2"):  # one visitor: every request goes to its process, and the answer says so again
        assert {_served_by(team, f"patchwork_server={number}; {signed_in}") for _ in range(10)} == {number}
        lines = _access_log(team, number, 10)
        assert _upstreams(lines) == {urlparse(team.process_urls[int(number) - 1]).netloc}, lines
    assert urllib.request.urlopen(team.url + "/_stcore/health", timeout=30).read() == b"ok"


def test_ten_sessions_through_the_proxy_for_twenty_seconds_without_errors(team, artifacts):
    out = artifacts / "load_two_processes.json"
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "load_test.py"), "--url", team.url, "--pages", "main",
                          "--sessions", "10", "--duration", "20", "--json", str(out)],
                         cwd=REPO, capture_output=True, text=True, timeout=600,
                         env={**os.environ, "PATCHWORK_TEAM_COOKIE": team.cookie_header(PERSON)})
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
    summary = json.loads(out.read_text())
    assert summary["errors"] == 0 and summary["steps"] >= 10
    assert summary["latency_s"]["page"]["n"] >= 10  # every session had at least one page served
