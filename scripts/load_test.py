"""Load test: many concurrent Streamlit websocket sessions walk every page and move its widgets, on loopback.

Each simulated user keeps one websocket session (as a browser tab does), opens the pages in turn with the
same messages the browser sends, then changes one or two widgets on each page (sliders, multiselects,
toggles, select boxes, radio buttons: the what-if sliders included) and waits for the script to finish.
Reports errors (exceptions shown in the app, dropped connections, time-outs) and latency percentiles
(request sent -> script finished, the time a user waits for the page to settle, drawing aside), overall, per
page and per widget moved, with each one's share of the total time waited (what dominates).

Usage:
  .venv/bin/python scripts/load_test.py --short          # CI: 20 sessions for 30 s
  .venv/bin/python scripts/load_test.py --full           # on demand: 25 sessions for 5 minutes
  .venv/bin/python scripts/load_test.py --url http://127.0.0.1:8501 --sessions 40 --duration 600
  .venv/bin/python scripts/load_test.py --processes 2 --short      # two processes behind nginx (scripts/team.py)
  --warm-up first visits every page once per process, unmeasured (a new process builds its caches on first use).
  --think S: each user pauses a random time averaging S seconds before each click (reading the page), as people
  do; without it every user clicks again the moment the page settles (a saturation test, the worst case).
Exit code 1 when any error was seen.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

# A team (scripts/team.py) lets only the signed-in through nginx: its stand-in sign-in cookie, sent on each websocket.
SIGN_IN = {"Cookie": os.environ["PATCHWORK_TEAM_COOKIE"]} if os.environ.get("PATCHWORK_TEAM_COOKIE") else {}

PAGES_DIR = REPO / "pages"
STEP_TIMEOUT = 90.0
# Widgets a load test leaves alone: leaving presentation mode on would hide every other control.
SKIP_WIDGETS = ("presenting",)
# Query strings that open a page in a non-default view, as a shared link would.
LINKS = {"overlay_map": ["layers=police_force_area,crc,nps_division", "layers=probation_region&fill=0"],
         "place_explorer": ["place=Bournemouth", "place=E23000013", "place=BH1 1AA"],
         "board_pack": ["views=landscape,place&step=2&place=Cleveland"]}


@dataclass
class Results:
    """Everything measured, shared by all sessions (asyncio: one thread, no locks needed)."""

    latencies: dict[str, list[float]] = field(default_factory=dict)  # kind -> seconds
    by_page: dict[str, list[float]] = field(default_factory=dict)
    by_widget: dict[str, list[float]] = field(default_factory=dict)  # "page: type 'label'" -> seconds
    errors: list[str] = field(default_factory=list)
    app_messages: int = 0  # st.error/st.warning shown (expected for some inputs; not failures)
    steps: int = 0

    def add(self, kind: str, page: str, seconds: float, widget: str = "") -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        self.by_page.setdefault(page, []).append(seconds)
        self.by_widget.setdefault(f"{page}: {widget or 'open the page'}", []).append(seconds)
        self.steps += 1


MAIN_PAGES = ("overlay_map", "place_explorer", "what_if", "board_pack")


def page_paths(which: str = "all") -> list[tuple[str, str]]:
    """(name, page_name to request) of the pages app.py discovers (pages/NN_name.py -> name); the first
    page is the default, requested as ''. `which` is 'all' or 'main' (map, place, what-if, board pack)."""
    names = [p.stem.split("_", 1)[1] for p in sorted(PAGES_DIR.glob("[0-9]*_*.py"))]
    pages = [(name, "" if i == 0 else name) for i, name in enumerate(names)]
    return pages if which == "all" else [page for page in pages if page[0] in MAIN_PAGES]


class Session:
    """One simulated user: one websocket, many script runs."""

    def __init__(self, url: str, results: Results, rng: random.Random, think: float = 0.0):
        parsed = urlparse(url)
        self.ws_url = f"ws://{parsed.netloc}{parsed.path.rstrip('/')}/_stcore/stream"
        self.origin = f"http://{parsed.netloc}"
        self.results, self.rng, self.think = results, rng, think
        self.widgets: dict[str, object] = {}  # id -> element proto, from the last run
        self.states: dict[str, object] = {}  # id -> WidgetState we set

    async def run(self, pages: list[tuple[str, str]], deadline: float, once: bool = False) -> None:
        try:
            async with connect(self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=30,
                               origin=self.origin, ping_interval=None, additional_headers=SIGN_IN) as ws:
                self.ws = ws
                order = pages[:]
                self.rng.shuffle(order)
                while time.monotonic() < deadline:
                    for page in order:
                        if time.monotonic() >= deadline:
                            break
                        await self.visit(page, deadline)
                    if once:
                        break
        except Exception as error:  # noqa: BLE001 - every failure is a result to report
            self.results.errors.append(f"connection: {type(error).__name__}: {error}")

    async def visit(self, page_and_name: tuple[str, str], deadline: float) -> None:
        page, self.page_name = page_and_name
        self.widgets, self.states = {}, {}
        query = self.rng.choice(LINKS.get(page, [""]))
        await self.step("page", page, query)
        for _ in range(2):
            if time.monotonic() >= deadline:
                break
            candidates = [w for w in self.widgets.values() if _changeable(w)]
            if not candidates:
                break
            widget = self.rng.choice(candidates)
            state = _new_state(widget, self.rng)
            if state is None:
                continue
            self.states[state.id] = state
            await self.step("interaction", page, query, f"{widget[0]} '{getattr(widget[1], 'label', '')[:50]}'")

    async def step(self, kind: str, page: str, query: str, widget: str = "") -> None:
        if self.think:  # reading the page before the next click (exponential: most pauses short, a few long)
            await asyncio.sleep(self.rng.expovariate(1.0 / self.think))
        message = BackMsg()
        message.rerun_script.page_name = self.page_name
        message.rerun_script.query_string = urlencode(dict(p.split("=", 1) for p in query.split("&") if "=" in p))
        for state in self.states.values():
            message.rerun_script.widget_states.widgets.append(state)
        started = time.monotonic()
        await self.ws.send(message.SerializeToString())
        try:
            await asyncio.wait_for(self.read_until_finished(page), STEP_TIMEOUT)
        except TimeoutError:
            self.results.errors.append(f"{page} {kind}: no answer within {STEP_TIMEOUT:.0f} s")
            return
        self.results.add(kind, page, time.monotonic() - started, widget)

    async def read_until_finished(self, page: str) -> None:
        while True:
            raw = await self.ws.recv()
            message = ForwardMsg()
            message.ParseFromString(raw)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                element_type = element.WhichOneof("type")
                if element_type == "exception":
                    self.results.errors.append(f"{page}: exception shown: {element.exception.type}: "
                                               f"{element.exception.message[:200]}")
                elif element_type == "alert":
                    self.results.app_messages += 1
                elif element_type and hasattr(getattr(element, element_type), "id"):
                    widget = getattr(element, element_type)
                    if widget.id:
                        self.widgets[widget.id] = (element_type, widget)
            elif kind == "page_not_found":
                self.results.errors.append(f"{page}: page not found")
            elif kind == "script_finished":
                if message.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    self.results.errors.append(f"{page}: compile error")
                # A run ended early for a rerun is followed by the rerun's own finish.
                if message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return


def _changeable(widget: tuple[str, object]) -> bool:
    element_type, proto = widget
    if any(skip in proto.id for skip in SKIP_WIDGETS):
        return False
    return element_type in ("slider", "multiselect", "checkbox", "selectbox", "radio")


def _new_state(widget: tuple[str, object], rng: random.Random):
    """A new value for one widget, in the form the browser sends."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    element_type, proto = widget
    state = WidgetState(id=proto.id)
    if element_type == "slider":
        if proto.max <= proto.min:
            return None
        steps = max(int((proto.max - proto.min) / (proto.step or 1)), 1)
        values = sorted(proto.min + (proto.step or 1) * rng.randint(0, steps) for _ in proto.default)
        state.double_array_value.data.extend(min(v, proto.max) for v in values)
    elif element_type == "multiselect":
        options = list(proto.options)
        if not options:
            return None
        state.string_array_value.data.extend(rng.sample(options, k=rng.randint(1, min(3, len(options)))))
    elif element_type == "checkbox":
        state.bool_value = rng.random() < 0.5
    elif element_type in ("selectbox", "radio"):
        options = list(proto.options)
        if not options:
            return None
        state.string_value = rng.choice(options)
    return state


def percentiles(values: list[float]) -> dict[str, float]:
    """p50, p90, p95, p99 and max in seconds (nearest-rank)."""
    ordered = sorted(values)
    def rank(q: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered) + 0.5)) - 1))]
    return {"n": len(ordered), "p50": rank(0.50), "p90": rank(0.90), "p95": rank(0.95), "p99": rank(0.99),
            "max": ordered[-1], "mean": statistics.fmean(ordered)}


async def drive(url: str, sessions: int, duration: float, seed: int, which: str = "all",
                think: float = 0.0) -> Results:
    """Start `sessions` users a little apart and let them walk the pages until `duration` has passed."""
    results = Results()
    pages = page_paths(which)
    deadline = time.monotonic() + duration
    tasks = []
    for number in range(sessions):
        session = Session(url, results, random.Random(seed + number), think)
        tasks.append(asyncio.create_task(session.run(pages, deadline)))
        await asyncio.sleep(min(2.0 / sessions, 0.2))  # a ramp of about two seconds, as users arrive
    await asyncio.gather(*tasks)
    return results


async def warm_up(urls: list[str], which: str) -> None:
    """One unmeasured visit to every page on each process (its caches built), none of it counted."""
    for url in urls:
        results = Results()
        await Session(url, results, random.Random(0)).run(page_paths(which), time.monotonic() + STEP_TIMEOUT * 4,
                                                            once=True)
        if results.errors:
            raise RuntimeError(f"warm-up of {url} failed: {results.errors[:3]}")


def _table(groups: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """Per group: n, p50, p95, max and share of all the time waited, largest share first."""
    total = sum(sum(values) for values in groups.values()) or 1.0
    rows = {name: {"n": len(values), "p50": round(percentiles(values)["p50"], 3),
                   "p95": round(percentiles(values)["p95"], 3), "max": round(max(values), 3),
                   "share": round(sum(values) / total, 3)} for name, values in groups.items() if values}
    return dict(sorted(rows.items(), key=lambda item: -item[1]["share"]))


def server_cpu_seconds(url: str) -> float | None:
    """CPU time used so far by the app processes serving this loopback port (Linux /proc), or None if not found:
    the server's own cost, steadier than latency on a noisy machine (the simulated users share its cores)."""
    port = str(urlparse(url).port)
    used, ticks = [], os.sysconf("SC_CLK_TCK")
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            words = (proc / "cmdline").read_bytes().split(b"\0")
            if b"streamlit" in b" ".join(words) and port.encode() in words:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
                used.append((int(fields[11]) + int(fields[12])) / ticks)  # utime, stime
        except OSError:
            continue
    return sum(used) if used else None


def report(results: Results, sessions: int, duration: float, wall: float) -> dict:
    """Summary as a dict (also printed as text)."""
    summary = {"sessions": sessions, "duration_s": duration, "wall_s": round(wall, 1), "steps": results.steps,
               "errors": len(results.errors), "error_samples": results.errors[:20],
               "app_messages": results.app_messages,
               "latency_s": {kind: {k: round(v, 3) for k, v in percentiles(values).items()}
                             for kind, values in results.latencies.items() if values},
               "by_page_p95_s": {page: round(percentiles(values)["p95"], 3)
                                 for page, values in sorted(results.by_page.items())},
               "by_page": _table(results.by_page), "by_widget": _table(results.by_widget)}
    everything = [v for values in results.latencies.values() for v in values]
    if everything:
        summary["latency_s"]["all"] = {k: round(v, 3) for k, v in percentiles(everything).items()}
    return summary


def print_summary(summary: dict) -> None:
    print(f"Pages: {', '.join(summary['pages'])}")
    print(f"Load average (1, 5, 15 min) before {summary['load_average_before']}, after {summary['load_average_after']}"
          " (other work on the machine slows every figure)")
    think = f", reading {summary['think_s']:g} s on average before each click" if summary.get("think_s") else ""
    print(f"{summary['sessions']} sessions for {summary['duration_s']:.0f} s{think}: {summary['steps']} script runs, "
          f"{summary['errors']} errors, {summary['app_messages']} messages shown by the app")
    if "server_cpu_ms_per_run" in summary:
        print(f"Server CPU per script run: {summary['server_cpu_ms_per_run']} ms (the app process alone); the simulated "
              f"users took {summary['users_cpu_share_of_a_core']:.0%} of a core on the same machine")
    for kind, stats in summary["latency_s"].items():
        print(f"  {kind:12s} n={stats['n']:5d}  p50 {stats['p50']:.2f} s  p90 {stats['p90']:.2f} s  "
              f"p95 {stats['p95']:.2f} s  p99 {stats['p99']:.2f} s  max {stats['max']:.2f} s")
    for title, key, limit in (("page", "by_page", None), ("page: widget moved", "by_widget", 12)):
        rows = list(summary[key].items())[:limit]
        print(f"  {'by ' + title:58s} {'n':>5s} {'p50':>7s} {'p95':>7s} {'max':>7s}  share of time waited")
        for name, row in rows:
            print(f"    {name[:56]:56s} {row['n']:5d} {row['p50']:6.2f}s {row['p95']:6.2f}s {row['max']:6.2f}s  "
                  f"{row['share']:5.1%}")
    for error in summary["error_samples"]:
        print(f"  ERROR {error}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--short", action="store_true", help="CI: 20 sessions for 30 s on the main pages")
    mode.add_argument("--full", action="store_true", help="25 sessions for 300 s on every page (the default)")
    parser.add_argument("--pages", choices=["all", "main"], help="every page, or the map, place, what-if and "
                        "board pack pages (default: main with --short, else all)")
    parser.add_argument("--url", help="a running app (default: start one on a free loopback port)")
    parser.add_argument("--processes", type=int, help="start this many processes behind nginx (scripts/team.py) "
                        "instead of one process")
    parser.add_argument("--warm-up", action="store_true", help="first visit every page once per process, unmeasured")
    parser.add_argument("--sessions", type=int)
    parser.add_argument("--duration", type=float, help="seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds a user reads before each click "
                        "(default 0: click again at once, a saturation test)")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    args = parser.parse_args(argv)
    sessions = args.sessions or (20 if args.short else 25)
    duration = args.duration or (30.0 if args.short else 300.0)
    which = args.pages or ("main" if args.short else "all")

    def run(url: str, processes: list[str] | None = None) -> dict:
        if args.warm_up:
            asyncio.run(warm_up(processes or [url], which))
        started, cpu_before, users_before = time.monotonic(), server_cpu_seconds(url), time.process_time()
        results = asyncio.run(drive(url, sessions, duration, args.seed, which, args.think))
        summary = report(results, sessions, duration, time.monotonic() - started)
        cpu_after, users_cpu = server_cpu_seconds(url), time.process_time() - users_before
        summary["users_cpu_share_of_a_core"] = round(users_cpu / (time.monotonic() - started), 2)
        if cpu_before is not None and cpu_after is not None and results.steps:
            summary["server_cpu_ms_per_run"] = round((cpu_after - cpu_before) / results.steps * 1000, 1)
        summary["think_s"] = args.think
        summary["pages"] = [name for name, _ in page_paths(which)]
        return summary

    load = os.getloadavg()
    if args.url:
        summary = run(args.url)
    elif args.processes:
        from scripts.team import running_team

        with running_team(args.processes) as team:
            SIGN_IN["Cookie"] = team.cookie_header("load-test@example.org")  # nginx lets only the signed-in through
            summary = run(team.url, team.process_urls)
        summary["processes"] = args.processes
    else:
        from tests.browser import running_app

        with running_app() as url:
            summary = run(url)
    summary["load_average_before"] = [round(v, 2) for v in load]
    summary["load_average_after"] = [round(v, 2) for v in os.getloadavg()]
    print_summary(summary)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    return 1 if summary["errors"] or not summary["steps"] else 0


if __name__ == "__main__":
    sys.exit(main())
