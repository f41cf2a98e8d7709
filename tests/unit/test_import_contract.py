"""The import contract: one direction of travel between the packages, and no Streamlit below ui."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_layers_and_the_streamlit_boundary_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--config", str(REPO / ".importlinter"), "--no-cache"], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "Contracts: 2 kept, 0 broken." in done.stdout


def test_no_package_guards_an_import_of_its_own_code():
    """Every package is always there: an `except ImportError` or dynamic import of our own code hides a broken
    import behind a quieter page (the board pack's plug-in views are the one declared dynamic import)."""
    own = ("ui", "exports", "figures", "scenario", "indicators", "geo", "storage", "formatting", "pages")
    guarded = [f"{path.relative_to(REPO)}:{number}"
               for package in own for path in sorted((REPO / package).rglob("*.py"))
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
               if "except ImportError" in line or "except (ImportError" in line or "find_spec(" in line]
    assert guarded == []
