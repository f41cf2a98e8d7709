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


def _access_log(team, route: str, count: int = 1, containing: str = "", timeout: float = 30.0) -> list[str]:
    """The access log's lines for one route cookie, once `count` are there and one holds `containing` (nginx logs a
    request once it is over: a websocket when it closes)."""
    deadline = time.monotonic() + timeout
    while True:
        lines = [line for line in Path(team.access_log).read_text().splitlines() if f"route={route} " in line]
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
    route = next(c["value"] for c in third.context.cookies() if c["name"] == "patchwork_route")
    third.close()  # the websocket closes, and nginx logs it
    lines = _access_log(team, route, containing='"GET /_stcore/stream')
    assert any('"GET /_stcore/stream' in line and " 101 " in line for line in lines), lines
    assert len(_upstreams(lines)) == 1, lines


def test_the_route_cookie_keeps_a_browser_on_one_process_and_spreads_new_ones(team):
    routes = []
    for _ in range(40):  # new visitors: each is given a route, and the routes spread over both processes
        request = urllib.request.Request(team.url + "/", headers={"Cookie": team.cookie_header(PERSON)})
        with urllib.request.urlopen(request, timeout=30) as response:
            cookie = response.headers["Set-Cookie"]
        routes.append(re.match(r"patchwork_route=(\w+);", cookie).group(1))
    assert len(set(routes)) == 40
    served = set().union(*(_upstreams(_access_log(team, route)) for route in routes))
    assert served == {urlparse(url).netloc for url in team.process_urls}

    for _ in range(10):  # one visitor: every request goes where its first one went, and no new cookie is set
        request = urllib.request.Request(team.url + "/", headers={
            "Cookie": f"patchwork_route={routes[0]}; {team.cookie_header(PERSON)}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers["Set-Cookie"] is None or "patchwork_route" not in response.headers["Set-Cookie"]
    assert len(_upstreams(_access_log(team, routes[0], 11))) == 1
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
