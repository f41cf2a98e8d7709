"""docs/deployment.md says what the code does: its environment table names every variable the app reads, its
server environment file holds what a team needs, and its nginx command renders the tested configuration."""
from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
GUIDE = (REPO / "docs" / "deployment.md").read_text()
APP_CODE = ["app.py", "pages", "ui", "exports", "figures", "scenario", "indicators", "geo", "storage", "formatting"]


def _read_by_the_app() -> set[str]:
    names = set()
    for top in APP_CODE:
        for path in ([REPO / top] if top.endswith(".py") else (REPO / top).rglob("*.py")):
            names |= set(re.findall(r"PATCHWORK_[A-Z_]+", path.read_text()))
    return names - {"PATCHWORK_CHECK_FIGURES", "PATCHWORK_TEST_DATABASE_URL"}  # the tests' own


def _block_after(marker: str) -> str:
    """The first fenced block after `marker` in the guide."""
    start = GUIDE.index("```", GUIDE.index(marker))
    return GUIDE[GUIDE.index("\n", start) + 1:GUIDE.index("```", start + 3)]


def test_every_variable_the_app_reads_is_in_the_guides_table():
    table = set(re.findall(r"^\| `(PATCHWORK_[A-Z_]+)`", GUIDE, re.M))
    assert _read_by_the_app() - table == set()
    assert table - _read_by_the_app() - {"PATCHWORK_NGINX"} == set()  # PATCHWORK_NGINX: scripts/team.py's


def test_the_server_environment_file_holds_what_a_team_needs():
    env_file = _block_after("`/etc/patchwork.env` (mode 600")
    for name in ("PATCHWORK_DATABASE_URL", "PATCHWORK_CACHE", "PATCHWORK_SOURCES", "PATCHWORK_TRUST_IDENTITY_HEADER",
                 "PATCHWORK_SIGN_IN_CHECK_URL", "STREAMLIT_SERVER_COOKIE_SECRET"):
        assert re.search(rf"^{name}=", env_file, re.M), name
    assert "useradd --system" in _block_after("**On a server**") and GUIDE.count("User=patchwork") == 2
    assert "ExecStartPre" not in GUIDE  # a build in every process's start: 40 s each, all at once


def test_the_guides_nginx_command_renders_the_tested_configuration():
    command = _block_after("it in, and for a server")
    words = shlex.split(command.split(">", 1)[0].replace("\\\n", " "))
    assert words[:2] == [".venv/bin/python", "scripts/team.py"] and "--render" in words
    site = subprocess.run([sys.executable, *words[1:]], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert "listen 443 ssl;" in site and "ssl_certificate /etc/letsencrypt/live/patchwork.example.internal/" in site
    assert "auth_request /_patchwork_sign_in_check;" in site and "proxy_pass http://127.0.0.1:4180/oauth2/auth;" in site
    oauth2_proxy = _block_after("oauth2-proxy (Debian has no package")
    assert "--set-xauthrequest=true" in oauth2_proxy and "--http-address=127.0.0.1:4180" in oauth2_proxy
