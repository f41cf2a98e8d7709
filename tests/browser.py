"""Starting the app and headless Chromium for end-to-end tests and the benchmark (Debian's chromium)."""
from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("PATCHWORK_CHROMIUM", "/usr/bin/chromium")
# Flags that matter on this closed network: no background connections, no GPU, no sandbox as root.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--use-gl=swiftshader", "--enable-unsafe-swiftshader"]


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running_app(extra_env: dict | None = None, timeout: float = 90.0):
    """Start `streamlit run app.py` on a free port and yield its base URL; stop it afterwards."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
    command = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true",
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
    log = open(REPO / ".cache" / f"streamlit-{port}.log", "w")
    process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError(f"the app did not start within {timeout} s; see {log.name}")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def launch_chromium(playwright):
    """Debian's Chromium, headless, with the closed-network flags."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def wait_for_map(page, timeout: float = 30000) -> None:
    """Wait until a Plotly map has painted its canvas inside the page."""
    page.wait_for_selector(".js-plotly-plot .maplibregl-canvas, .js-plotly-plot canvas", timeout=timeout)
    page.wait_for_function(
        "() => { const gd = document.querySelector('.js-plotly-plot');"
        " return gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot"
        " && gd._fullLayout.map._subplot.map && gd._fullLayout.map._subplot.map.loaded(); }",
        timeout=timeout)


OVERLAY_PAINTED = "() => Number(document.querySelector('.pw-map')?.dataset.painted || 0)"
OVERLAY_LAYERS = ("() => [...document.querySelectorAll('.pw-outlines path')]"
                  ".filter(p => p.getAttribute('display') !== 'none').map(p => p.dataset.layer)")


def wait_for_overlay_map(page, timeout: float = 30000) -> None:
    """Wait until the overlay map's SVG drawing has been painted at least once."""
    page.wait_for_function(f"() => ({OVERLAY_PAINTED})() > 0", timeout=timeout)


def toggle_overlay_layer(page, name: str, timeout: float = 10000) -> None:
    """Tick or untick one layer in the overlay map's legend and wait until the map has repainted."""
    before = page.evaluate(OVERLAY_PAINTED)
    page.locator(".pw-legend").get_by_label(name).click()
    page.wait_for_function(f"() => ({OVERLAY_PAINTED})() > {before}", timeout=timeout)


def wait_until_settled(page) -> None:
    """Wait until the script has finished and nothing on the page is stale."""
    page.locator('.st-key-pw_nav').wait_for(state="attached")  # the app's sidebar links (ui.navigation)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
                           " && !document.querySelector('[data-stale=\"true\"]')", timeout=60000)


def choose_option(page, index: int, text: str) -> None:
    """Pick an option in the index-th selectbox of the page by typing its text, as a keyboard user would."""
    box = page.locator('[data-testid="stSelectbox"]').nth(index)
    box.locator("input").click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")


def colour_share(image, hex_colour: str, tolerance: int = 40) -> float:
    """Share of a picture's pixels close to a colour (a cue that a layer was painted, not a blank canvas)."""
    target = tuple(int(hex_colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    rgb = image.convert("RGB")
    colours = rgb.getcolors(maxcolors=rgb.width * rgb.height)
    near = sum(n for n, c in colours if all(abs(a - b) <= tolerance for a, b in zip(c, target, strict=True)))
    return near / (rgb.width * rgb.height)


FILLED_AREAS = ("() => Array.from(document.querySelector('.js-plotly-plot')?.data || [])"
                ".filter(t => t.name !== 'no data').map(t => (t.locations || []).length).reduce((a, b) => a + b, 0)")


def add_upload_and_map_force_areas(page, cohort: str) -> None:
    """Add a recognised upload to the session, open Reoffending by area on `cohort` by force area, and wait until
    all 43 force areas are filled (the page opens on the bundled regions: the upload is one choice away)."""
    page.get_by_role("button", name=re.compile(r"^Add [\d,]+ figure\(s\) to this session$")).click()
    page.get_by_text(re.compile(r"Added [\d,]+ figure\(s\) to this session")).wait_for()
    page.get_by_role("link", name="Reoffending by area").click()  # same session: the upload stays loaded
    page.wait_for_function("() => window.location.pathname.endsWith('/reoffending')")
    wait_for_map(page)
    choose_option(page, 2, cohort)
    page.wait_for_function(f"() => window.location.search.includes({cohort.split()[0]!r})")
    choose_option(page, 3, "Police force areas")
    page.wait_for_function("() => window.location.search.includes('layer=police_force_area')")
    wait_for_map(page)
    page.wait_for_function(f"() => ({FILLED_AREAS})() === 43")
