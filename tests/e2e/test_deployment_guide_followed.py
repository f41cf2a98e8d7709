"""docs/deployment.md's team section followed on this machine by scripts/follow_deployment_guide.py, with the guide's
own commands (taken from its code blocks, so the test fails when the guide and the code drift apart): PostgreSQL,
the environment file, geo build, two app processes, nginx, the stand-in sign-in service, then health, sign-in and
section 5's backup and restore. Needs Debian's nginx and postgresql (bash scripts/setup.sh --dev).
Every process it started is gone and its temp folder deleted afterwards."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"


def test_the_guides_team_section_followed_from_a_clean_start_works():
    temp = Path(tempfile.mkdtemp(prefix="patchwork-guide-test-"))  # not tmp_path: PostgreSQL's user must reach it
    temp.chmod(0o755)
    try:
        _follow(temp)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _follow(temp: Path) -> None:
    env = {**os.environ, "TMPDIR": str(temp), "PATCHWORK_SOURCES": os.environ.get(
        "PATCHWORK_SOURCES", str(REPO.parent / "shared" / "data" / "sources"))}
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "follow_deployment_guide.py")], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=300)  # a hang guard, not a speed target
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert re.search(r"^followed: docs/deployment.md sections 4 and 5", result.stdout, re.M)
    ran = [line.strip()[2:] for line in result.stdout.splitlines() if line.strip().startswith("$ ")]
    for start in ("runuser -u postgres -- ", "createuser ", "createdb ", "python -m geo build", "streamlit run app.py",
                  "scripts/team.py --render", "curl -fsS", "pg_dump --format=custom", "pg_restore --clean",
                  "python -m storage backup", "python -m storage restore"):
        assert any(start in command for command in ran), start
    assert "deviation: " in result.stdout  # each change to the guide's text is said
    assert list(temp.iterdir()) == []  # the cluster, /srv, /etc, nginx's files: all deleted
    pids = [int(pid) for pid in re.findall(r"^started pid (\d+)", result.stdout, re.M)]
    assert len(pids) >= 4 and not [pid for pid in pids if _alive(pid)]
