"""Benchmark: what a plain rerun of each page costs the server (AppTest, nothing changed), median of N runs.

Every widget change reruns the whole page for that session, under one interpreter lock shared by every
session, so this is the floor of what each click costs a team. Usage:
  .venv/bin/python scripts/benchmark_reruns.py [--runs 7] [--json] [PAGE ...]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from streamlit.testing.v1 import AppTest  # noqa: E402

PAGES = sorted((REPO / "pages").glob("[0-9]*_*.py"))


def rerun_ms(page: Path, runs: int) -> tuple[float, float]:
    """(first run, median plain rerun) in milliseconds for one page."""
    app = AppTest.from_file(str(page), default_timeout=120)
    started = time.perf_counter()
    app.run()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        app.run()
        times.append((time.perf_counter() - started) * 1000)
    if app.exception:
        raise SystemExit(f"{page.name} raised: {app.exception[0].value}")
    return first, statistics.median(times)


def main() -> None:
    """Measure every page (or those named) and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="page file stems, e.g. 30_coterminosity (default: all)")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    chosen = [p for p in PAGES if not args.pages or p.stem in args.pages]
    rows = {page.stem: rerun_ms(page, args.runs) for page in chosen}
    if args.json:
        print(json.dumps({name: {"first_ms": round(a), "rerun_ms": round(b)} for name, (a, b) in rows.items()}))
        return
    print(f"{'page':32} {'first run':>10} {'rerun (median of ' + str(args.runs) + ')':>22}")
    for name, (first, rerun) in rows.items():
        print(f"{name:32} {first:8.0f} ms {rerun:18.0f} ms")


if __name__ == "__main__":
    main()
