"""The nginx config scripts/team.py renders from deploy/nginx: every placeholder filled, and nginx accepts it."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from scripts.team import max_upload_mb, nginx_configs, render, site_config


def test_the_site_config_lists_each_process_keeps_sessions_sticky_and_proxies_websockets():
    site = site_config("127.0.0.1:8080", [8501, 8502, 8503], "/tmp/access.log")
    assert "{{" not in site
    for port in (8501, 8502, 8503):
        assert f"server 127.0.0.1:{port} " in site
    assert "hash $patchwork_route consistent;" in site
    assert "proxy_set_header Upgrade $http_upgrade;" in site and "proxy_read_timeout 86400s;" in site
    assert 'proxy_set_header X-Forwarded-For "";' in site
    assert f"client_max_body_size {max_upload_mb()}m;" in site  # as large as the app's own upload limit


def test_a_placeholder_left_unfilled_is_refused():
    with pytest.raises(ValueError, match="LISTEN"):
        render("listen {{LISTEN}};", {})


@pytest.mark.skipif(not shutil.which("nginx"), reason="Debian's nginx is installed by scripts/setup.sh --dev")
def test_nginx_accepts_the_standalone_config_without_root_paths(tmp_path):
    (tmp_path / "temp").mkdir()
    main, site = nginx_configs(tmp_path, "127.0.0.1:8080", [8501, 8502])
    (tmp_path / "nginx.conf").write_text(main)
    (tmp_path / "patchwork.conf").write_text(site)
    assert "/var/" not in main and "/run/" not in main
    check = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                            "-e", str(tmp_path / "error.log")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
