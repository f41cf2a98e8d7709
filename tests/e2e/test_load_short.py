"""Short load run in CI: 20 concurrent websocket sessions on the main pages for 15 s, no errors, every session served."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]


def test_twenty_concurrent_sessions_get_every_page_without_errors(app_url, artifacts):
    out = artifacts / "load_short.json"
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "load_test.py"), "--short", "--url", app_url,
                          "--sessions", "20", "--duration", "15", "--json", str(out)],
                         cwd=REPO, capture_output=True, text=True, timeout=300)
    print(run.stdout)
    assert run.returncode == 0, run.stdout + run.stderr
    summary = json.loads(out.read_text())
    assert summary["sessions"] >= 20 and summary["errors"] == 0
    assert summary["latency_s"]["page"]["n"] >= 20  # every session had at least one page served
    assert set(summary["by_page_p95_s"]) <= set(summary["pages"]) and summary["by_page_p95_s"]
    assert set(summary["by_page"]) == set(summary["by_page_p95_s"])  # the per-page table: what dominates
    assert abs(sum(row["share"] for row in summary["by_page"].values()) - 1) < 0.01
    assert all(name.split(": ", 1)[0] in summary["pages"] for name in summary["by_widget"])
