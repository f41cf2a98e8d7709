"""Benchmark: what a rerun of each page costs the server (AppTest): nothing changed, and a typical widget change.

Every widget change reruns the whole page for that session, under one interpreter lock shared by every
session, so the plain rerun is the floor of what each click costs a team. A widget change flips one control
between two values: the first flip of each value builds its view, later flips only look it up (what a team
sees once anyone has looked). "New value" moves it to values nobody has chosen, so the page computes afresh (the
what-if model, its sensitivity strip and charts). Medians of N runs. Usage:
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

from ui import state_keys  # noqa: E402

PAGES = sorted((REPO / "pages").glob("[0-9]*_*.py"))
# Page -> (widget kind, key, two values to flip between): the change a person makes most on that page.
CHANGES: dict[str, tuple[str, str, tuple]] = {
    "20_place_explorer": ("text_input", state_keys.PLACE_QUERY, ("Leeds", "Bournemouth")),
    "30_coterminosity": ("selectbox", state_keys.COT_LAYER_B, ("probation_region", "police_force_area")),
    "38_combined_authority_lens": ("selectbox", state_keys.LENS_AUTHORITY, ("E61000001", "E47000004")),
    "50_reoffending": ("selectbox", state_keys.REO_LAYER, ("crc", "police_force_area")),
    "40_prisons": ("selectbox", state_keys.DISTANCE_METRIC, ("men_far_share", "men_crc_km")),
    "55_custody_cost": ("selectbox", state_keys.SENT_PERIOD, ("2023", "2024")),
    "75_boundary_what_if": ("selectbox", state_keys.BOUNDARY_PRESET, ("probation_region", "crc")),
    "70_what_if": ("slider", "lever_diversion_share", (30, 40)),
    "90_board_pack": ("text_input", state_keys.PACK_PLACE, ("Leeds", "Bournemouth")),
}
# Page -> (widget kind, key, values never chosen before): a change the caches cannot answer, computed afresh.
NEW_VALUES: dict[str, tuple[str, str, range]] = {
    "70_what_if": ("slider", "lever_diversion_share", range(1, 100, 3)),
}


def _timed(run) -> float:
    started = time.perf_counter()
    run()
    return (time.perf_counter() - started) * 1000


def rerun_ms(page: Path, runs: int) -> dict[str, float | None]:
    """First run, median plain rerun, and (where the page has them listed) median widget change between two values
    and median change to a value never chosen before, in milliseconds."""
    app = AppTest.from_file(str(page), default_timeout=120)
    first = _timed(app.run)
    plain = statistics.median(_timed(app.run) for _ in range(runs))
    change = None
    if page.stem in CHANGES:
        kind, key, values = CHANGES[page.stem]
        flips = [_timed(lambda v=values[i % 2]: getattr(app, kind)(key=key).set_value(v).run()) for i in range(runs + 2)]
        change = statistics.median(flips[2:])  # the first two build each value's view once
    new = None
    if page.stem in NEW_VALUES:
        kind, key, values = NEW_VALUES[page.stem]
        new = statistics.median(_timed(lambda v=v: getattr(app, kind)(key=key).set_value(v).run())
                                for v in list(values)[:runs])
    if app.exception:
        raise SystemExit(f"{page.name} raised: {app.exception[0].value}")
    return {"first_ms": first, "rerun_ms": plain, "change_ms": change, "new_value_ms": new}


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
        print(json.dumps({name: {k: None if v is None else round(v) for k, v in row.items()}
                          for name, row in rows.items()}))
        return
    print(f"{'page':32} {'first run':>10} {'rerun (median of ' + str(args.runs) + ')':>22} {'widget change':>15} "
          f"{'new value':>11}")
    for name, row in rows.items():
        change, new = ("" if row[k] is None else f"{row[k]:.0f} ms" for k in ("change_ms", "new_value_ms"))
        print(f"{name:32} {row['first_ms']:7.0f} ms {row['rerun_ms']:19.0f} ms {change:>15} {new:>11}")


if __name__ == "__main__":
    main()
