"""Benchmark what one big upload costs the app process: its peak resident memory before and after a file of the
upload limit (server.maxUploadSize) is uploaded through the page in headless Chromium and refused or read.

Starts one app process on a free loopback port with stores of its own, opens "Bring your own figures", uploads a
made-up CSV of --megabytes MiB (default: just under the upload limit) and waits for the page to settle; reports the
process's VmHWM (peak resident) and VmRSS before and after. It reports; it does not assert.
Usage: .venv/bin/python scripts/benchmark_upload_memory.py [--megabytes 199]
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def _memory_mb(pid: int) -> dict[str, float]:
    """VmHWM and VmRSS of a process, in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {name: round(int(fields[name].split()[0]) / 1024, 1) for name in ("VmHWM", "VmRSS")}


def _app_pid(port: int) -> int:
    """The pid of the streamlit process serving `port`."""
    found = subprocess.run(["pgrep", "-f", "--", f"server.port {port}"], capture_output=True, text=True).stdout.split()
    return int(found[0])


def main() -> None:
    from playwright.sync_api import sync_playwright

    from scripts.team import max_upload_mb
    from tests.browser import launch_chromium, running_app, wait_until_settled

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Streamlit counts the limit in millions of bytes; the file is written in MiB
    parser.add_argument("--megabytes", type=int, default=int(max_upload_mb() * 1e6 / 2**20) - 1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="patchwork-upload-bench-") as folder:
        upload = Path(folder) / "big_upload.csv"
        row = b"E23000001,Metropolitan Police,Apr 2019 to Mar 2020,50000,13000,26.0\n"
        with open(upload, "wb") as out:
            out.write(b"Police force area code,Police force area,Cohort,Offenders,Reoffenders,Rate\n")
            for _ in range(args.megabytes):
                out.write(row * (1024 * 1024 // len(row)))
        stores = {"PATCHWORK_DATABASE_URL": "", "PATCHWORK_LOCAL_STORE": str(Path(folder) / "store"),
                  "PATCHWORK_SCENARIO_DB": str(Path(folder) / "scenarios.sqlite3")}
        with running_app(extra_env=stores) as url, sync_playwright() as playwright:
            pid = _app_pid(int(url.rsplit(":", 1)[1]))
            browser = launch_chromium(playwright)
            tab = browser.new_page()
            tab.set_default_timeout(600_000)
            tab.goto(url + "/bring_your_own_figures")
            wait_until_settled(tab)
            before = _memory_mb(pid)
            started = time.monotonic()
            tab.locator('input[type="file"]').set_input_files(str(upload))
            tab.get_by_role("heading", name="big_upload.csv").wait_for()  # the page's report of the file
            wait_until_settled(tab)
            seconds = round(time.monotonic() - started, 1)
            said = " ".join(text for text in tab.locator('[data-testid="stAlert"]').all_inner_texts()
                            if "big_upload" in text)[:300]
            time.sleep(2)
            after = _memory_mb(pid)
            browser.close()
    print(f"upload of {upload.stat().st_size / 1024 / 1024 if upload.exists() else args.megabytes:.0f} MB: "
          f"{seconds} s; peak resident {before['VmHWM']} -> {after['VmHWM']} MB "
          f"(+{after['VmHWM'] - before['VmHWM']:.0f} MB); resident after {after['VmRSS']} MB\n  page said: {said}")


if __name__ == "__main__":
    main()
