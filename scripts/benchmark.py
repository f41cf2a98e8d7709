"""Benchmark the boundary engine and overlay map: cold build, app start and warm load to map painted, layer toggle.

Reports medians over repeated runs (machines here are small and noisy) and the map payload sizes.
Usage: .venv/bin/python scripts/benchmark.py [--runs 5] [--json]
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from figures.overlay_svg import overlay_map_data  # noqa: E402
from geo.atlas import load_atlas  # noqa: E402
from geo.build import build  # noqa: E402
from tests.browser import launch_chromium, running_app, toggle_overlay_layer, wait_for_overlay_map  # noqa: E402

TOGGLED_LAYER = "National Probation Service divisions (2014-21)"
LINK = "/?layers=county,police_force_area,crc&fill=1"  # all councils filled and three outline layers


def cold_builds(runs: int) -> list[float]:
    """Seconds for a full build into an empty cache folder, each run from scratch."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            started = time.perf_counter()
            build(out=Path(folder), progress=None)
            times.append(time.perf_counter() - started)
    return times


def start_timings(runs: int) -> list[float]:
    """Seconds from starting the app's process (cache already built) to the first overlay map painted."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            started = time.perf_counter()
            with running_app() as url:
                page.goto(url + LINK)
                wait_for_overlay_map(page, timeout=90000)
                times.append(time.perf_counter() - started)
            page.close()
        browser.close()
    return times


def browser_timings(runs: int) -> dict[str, list[float]]:
    """Warm page load to map painted (all councils + three outline layers), and layer toggle to repaint."""
    from playwright.sync_api import sync_playwright

    loads, toggles, in_page = [], [], []
    with running_app() as url, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url + LINK)
        wait_for_overlay_map(page, timeout=90000)  # first visit warms the server's caches
        for _ in range(runs):
            started = time.perf_counter()
            page.goto(url + LINK)
            wait_for_overlay_map(page, timeout=60000)
            loads.append(time.perf_counter() - started)
        page.wait_for_timeout(1000)
        for _ in range(runs):  # on, then off again: each is one toggle
            for _ in range(2):
                started = time.perf_counter()
                toggle_overlay_layer(page, TOGGLED_LAYER)
                toggles.append(time.perf_counter() - started)
                in_page.append(float(page.evaluate("() => document.querySelector('.pw-map').dataset.paintMs")) / 1000)
                page.wait_for_timeout(700)  # let the rerun that records the choice finish, as a person would
        browser.close()
    # The first toggle figure counts from Playwright's click (actionability checks included); the second
    # from the checkbox's change event to the second animation frame after it, inside the page.
    return {"warm_load_to_map_painted_s": loads, "layer_toggle_to_repaint_s": toggles,
            "layer_toggle_in_page_s": in_page}


def payloads() -> dict[str, int]:
    """Bytes of the map payloads: what the overlay map page sends the browser, and the layer files."""
    atlas = load_atlas(progress=None)
    data = overlay_map_data(atlas, ["county", "police_force_area", "crc"], fill_councils=True)
    sizes = dict(atlas.manifest["payload_bytes"])
    return {"overlay_map_data_json_bytes": len(json.dumps(data, separators=(",", ":"))),
            "all_councils_svg_bytes": sum(len(d["d"]) for d in data["districts"]),
            "layer_files_bytes": sizes}


def main() -> int:
    """Run everything and print a summary (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = {"cold_build_s": cold_builds(max(2, args.runs // 2)),
              "app_start_to_map_painted_s": start_timings(max(2, args.runs // 2)),
              **browser_timings(args.runs), **payloads()}
    summary = {k: round(statistics.median(v), 3) for k, v in result.items() if isinstance(v, list)}
    result["medians"] = summary
    (REPO / ".cache").mkdir(exist_ok=True)
    (REPO / ".cache" / "benchmark.json").write_text(json.dumps(result, indent=1))
    if args.json:
        print(json.dumps(result, indent=1))
    else:
        for key, value in summary.items():
            print(f"{key:32} median {value:.3f} s over {len(result[key])} runs")
        print(f"{'all councils (SVG paths)':32} {result['all_councils_svg_bytes'] / 1e6:.3f} MB")
        print(f"{'whole map payload (every layer)':32} {result['overlay_map_data_json_bytes'] / 1e6:.3f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
