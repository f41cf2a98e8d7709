"""The nginx config scripts/team.py renders from deploy/nginx: every placeholder filled, and nginx accepts it."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from scripts.team import max_upload_mb, nginx_configs, render, site_config

SIGN_IN = "http://127.0.0.1:4180"


def test_the_site_config_lists_each_process_keeps_sessions_sticky_and_proxies_websockets():
    site = site_config("127.0.0.1:8080", [8501, 8502, 8503], "/tmp/access.log", SIGN_IN)
    assert "{{" not in site
    for port in (8501, 8502, 8503):
        assert f"server 127.0.0.1:{port} " in site
    for number, port in ((1, 8501), (2, 8502), (3, 8503)):  # sticky: pinned to the process that answered
        assert f'"{number}" 127.0.0.1:{port};' in site
        assert f'"~127\\.0\\.0\\.1:{port}$" "patchwork_server={number}; Path=/; HttpOnly; SameSite=Lax";' in site
    assert "proxy_pass http://$patchwork_target;" in site and "error_page 502 504 = @any_process;" in site
    assert "proxy_set_header Upgrade $http_upgrade;" in site and "proxy_read_timeout 86400s;" in site
    assert 'proxy_set_header X-Forwarded-For "";' in site
    assert f"client_max_body_size {max_upload_mb()}m;" in site  # as large as the app's own upload limit


def test_a_placeholder_left_unfilled_is_refused():
    with pytest.raises(ValueError, match="LISTEN"):
        render("listen {{LISTEN}};", {})


@pytest.mark.skipif(not shutil.which("nginx"), reason="Debian's nginx is installed by scripts/setup.sh --dev")
def test_nginx_accepts_the_standalone_config_without_root_paths(tmp_path):
    (tmp_path / "temp").mkdir()
    main, site = nginx_configs(tmp_path, "127.0.0.1:8080", [8501, 8502], SIGN_IN)
    (tmp_path / "nginx.conf").write_text(main)
    (tmp_path / "patchwork.conf").write_text(site)
    assert "/var/" not in main and "/run/" not in main
    check = subprocess.run(["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"),
                            "-e", str(tmp_path / "error.log")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def _blocks(site: str) -> dict[str, str]:
    """Each location's body, by its line (nginx's blocks here nest one level: no braces inside a location)."""
    return {match.group(1).strip(): match.group(2)
            for match in re.finditer(r"^    (location [^{]+)\{(.*?)^    \}", site, re.M | re.S)}


def test_every_location_is_signed_in_and_the_person_comes_only_from_the_sign_in_answer():
    site = site_config("127.0.0.1:8080", [8501, 8502], "/tmp/access.log", SIGN_IN)
    server = site[site.index("server {"):]
    before_locations = server[:server.index("    location ")]
    assert "auth_request /_patchwork_sign_in_check;" in before_locations  # inherited by every location
    assert "auth_request_set $patchwork_person $upstream_http_x_auth_request_email;" in before_locations
    assert "proxy_set_header X-Forwarded-Email $patchwork_person;" in before_locations
    assert 'X-Forwarded-Email ""' not in site  # never cleared for everyone: then nobody could sign in
    blocks = _blocks(site)
    # only the sign-in service's own pages and the loopback health check skip the check; nothing else may
    assert {line for line, body in blocks.items() if "auth_request off" in body} == {
        "location /oauth2/", "location ~ /_stcore/health$"}
    assert "deny all;" in blocks["location ~ /_stcore/health$"]
    assert "return 404;" in blocks["location ~ /_stcore/metrics$"]
    assert "internal;" in blocks["location = /_patchwork_sign_in_check"]
    assert "proxy_pass_request_body off;" in blocks["location = /_patchwork_sign_in_check"]
    # a location's own error_page replaces the server's: each must still send a signed-out browser to sign in
    assert {line for line, body in blocks.items() if "error_page" in body} == {
        line for line, body in blocks.items() if "error_page 401 = @sign_in;" in body}
    # a location with its own add_header would drop the server's security headers
    assert not [line for line, body in blocks.items() if "add_header" in body]
    for header in ("Strict-Transport-Security", "Content-Security-Policy", "X-Content-Type-Options nosniff",
                   "Referrer-Policy same-origin"):
        assert f"add_header {header}" in before_locations, header
    assert "frame-ancestors 'self'" in site and "img-src 'self' data: blob:;" in site  # no remote images
    assert "server_tokens off;" in before_locations and "proxy_set_header Host $http_host;" in before_locations
    assert "proxy_request_buffering off;" in before_locations


def test_a_server_name_puts_it_on_443_with_its_certificate_and_bad_values_are_refused():
    site = site_config("", [8501], "/var/log/nginx/p.log", SIGN_IN, server_name="atlas.example.org")
    assert "listen 443 ssl;" in site and "ssl_certificate /etc/letsencrypt/live/atlas.example.org/fullchain.pem;" in site
    with pytest.raises(ValueError, match="not a header name"):
        site_config("8080", [8501], "/tmp/a.log", SIGN_IN, signed_in_header="X-Email; evil")
    with pytest.raises(ValueError, match="sign-in service"):
        site_config("8080", [8501], "/tmp/a.log", "http://x; deny all")
