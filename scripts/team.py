"""A team on one host: N Streamlit processes on loopback sharing one store, behind Debian's nginx, without root.

The processes share the stores: PATCHWORK_DATABASE_URL (a PostgreSQL database) when it is set or given with
--database-url, else one set of SQLite files in the team's temp folder. nginx (deploy/nginx/patchwork.conf.template)
asks the sign-in service about every request (the websocket's too), names the person to the app from its answer
only, keeps each browser on one process (a cookie) and proxies the websockets. Locally the sign-in service is a
stand-in (scripts/sign_in_stand_in.py: nobody signs in through it; Team.cookie makes a person's cookie). Everything
nginx writes (config, pid, logs, temp files) lives in that temp folder, which is deleted when the team stops.

Usage:
  .venv/bin/python scripts/team.py --processes 2 --port 8080        # serve until Ctrl-C
  .venv/bin/python scripts/team.py --render --server-name atlas.example.org --app-ports 8501,8502,8503,8504 \
      --sign-in http://127.0.0.1:4180 > /etc/nginx/conf.d/patchwork.conf       # a server's nginx config (TLS on 443)
  .venv/bin/python scripts/team.py --processes 2 -- .venv/bin/python scripts/load_test.py --url {url} --short
      (runs the command with the team up, {url} replaced by nginx's address, then stops the team)
The command's environment also has PATCHWORK_TEAM_URL (nginx) and PATCHWORK_TEAM_PROCESS_URLS (comma-separated).
"""
from __future__ import annotations

import argparse
import ctypes
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = REPO / "deploy" / "nginx"
NGINX = os.environ.get("PATCHWORK_NGINX", shutil.which("nginx") or "/usr/sbin/nginx")


IDENTITY_HEADER = "X-Forwarded-Email"  # what nginx tells the app (PATCHWORK_IDENTITY_HEADER)
SIGNED_IN_HEADER = "X-Auth-Request-Email"  # what the sign-in service answers nginx with (oauth2-proxy's name)


@dataclass
class Team:
    """Where a running team answers, and what it is made of."""

    url: str  # nginx
    process_urls: list[str]
    state_dir: str
    access_log: str
    pids: list[int] = field(default_factory=list)  # app processes, then nginx's master
    sign_in_url: str = ""
    sign_in_secret: str = ""  # the stand-in's, when the team started one
    # crash(i) kills app process i as a crash would; start(i) starts it again on its port (a failover's two halves)
    crash: Callable[[int], None] = field(default=lambda index: None, repr=False, compare=False)
    start: Callable[[int], None] = field(default=lambda index: None, repr=False, compare=False)

    def cookie(self, email: str) -> dict[str, str]:
        """The stand-in sign-in service's cookie for `email` (name, value), as a browser would hold it."""
        from scripts.sign_in_stand_in import COOKIE, cookie_value

        return {"name": COOKIE, "value": cookie_value(self.sign_in_secret, email)}

    def cookie_header(self, email: str) -> str:
        cookie = self.cookie(email)
        return f"{cookie['name']}={cookie['value']}"

    def to_json(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if k not in ("crash", "start")}, indent=2)


def free_port() -> int:
    """A free TCP port on loopback."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def max_upload_mb() -> int:
    """server.maxUploadSize from .streamlit/config.toml (nginx must let uploads of that size through)."""
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text())
    return int(config.get("server", {}).get("maxUploadSize", 200))


def render(template: str, values: dict[str, str]) -> str:
    """The template with every {{NAME}} replaced (a name left over is a mistake: ValueError)."""
    text = template
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", value)
    left = re.findall(r"\{\{[A-Z_]+\}\}", text)
    if left:
        raise ValueError(f"unfilled placeholders: {', '.join(sorted(set(left)))}")
    return text


def site_config(listen: str, app_ports: list[int], access_log: str, sign_in: str, *, server_name: str = "",
                signed_in_header: str = SIGNED_IN_HEADER, identity_header: str = IDENTITY_HEADER) -> str:
    """deploy/nginx/patchwork.conf.template filled in: nginx on `listen` (with a server name: on 443 with TLS), the
    app processes on loopback `app_ports`, every request checked with the sign-in service at `sign_in`."""
    for name in (signed_in_header, identity_header):
        if not re.fullmatch(r"[A-Za-z0-9-]{1,64}", name):
            raise ValueError(f"{name!r} is not a header name")
    if not re.fullmatch(r"https?://[\w.:\[\]-]+", sign_in):
        raise ValueError(f"{sign_in!r} is not the sign-in service's address (http://host:port)")
    upstreams = "\n".join(f"    server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in app_ports)
    pinned = "\n".join(f'    "{number}" 127.0.0.1:{port};' for number, port in enumerate(app_ports, start=1))
    served = "\n".join(f'    "~127\\.0\\.0\\.1:{port}$" "patchwork_server={number}; Path=/; HttpOnly; SameSite=Lax";'
                       for number, port in enumerate(app_ports, start=1))
    tls = ""
    if server_name:
        listen = "443 ssl"
        tls = (f"    server_name {server_name};\n"
               f"    ssl_certificate /etc/letsencrypt/live/{server_name}/fullchain.pem;\n"
               f"    ssl_certificate_key /etc/letsencrypt/live/{server_name}/privkey.pem;\n"
               "    ssl_protocols TLSv1.2 TLSv1.3;")
    return render((TEMPLATES / "patchwork.conf.template").read_text(), {
        "LISTEN": listen, "TLS": tls, "UPSTREAMS": upstreams, "PINNED": pinned, "SERVED": served,
        "MAX_BODY": f"{max_upload_mb()}m",
        "SIGN_IN": sign_in, "SIGNED_IN_VARIABLE": "$upstream_http_" + signed_in_header.lower().replace("-", "_"),
        "IDENTITY_HEADER": identity_header, "ACCESS_LOG": access_log})


def nginx_configs(state: Path, listen: str, app_ports: list[int], sign_in: str) -> tuple[str, str]:
    """(nginx.conf, patchwork.conf) for a team whose nginx keeps all its files under `state`."""
    site = site_config(listen, app_ports, str(state / "access.log"), sign_in)
    # As root, nginx's workers drop to nobody: they must be able to write the temp folders.
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    main = render((TEMPLATES / "standalone.conf.template").read_text(), {"STATE": str(state), "USER": user})
    return main, site


def _die_with_parent() -> None:
    """In the child: be sent SIGTERM if the team's own process dies (even by SIGKILL), so nothing is left behind."""
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def wait_healthy(url: str, process: subprocess.Popen, log: Path, timeout: float) -> None:
    """Wait until `url`/_stcore/health answers ok (RuntimeError, naming the log, if it dies or never does)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited with {process.returncode}; see {log}:\n{_tail(log)}")
        try:
            if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer its health check within {timeout:.0f} s; see {log}:\n{_tail(log)}")


def _tail(path: Path, lines: int = 15) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


def _stop(process: subprocess.Popen, sig: int = signal.SIGTERM, grace: float = 10.0) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@contextmanager
def running_team(processes: int = 2, port: int | None = None, database_url: str | None = None,
                 extra_env: dict[str, str] | None = None, timeout: float = 120.0,
                 sign_in: str | None = None) -> Iterator[Team]:
    """Start `processes` app processes and nginx in front, all on loopback, behind the sign-in service at `sign_in`
    (default: a stand-in started here); yield the Team; stop them all."""
    if not Path(NGINX).exists():
        raise RuntimeError(f"nginx not found at {NGINX}: run `bash scripts/setup.sh --dev` (Debian's nginx)")
    state = Path(tempfile.mkdtemp(prefix="patchwork-team-"))
    state.chmod(0o755)  # nginx's workers (nobody, when started as root) read nothing here but write temp/
    (state / "temp").mkdir()
    if os.geteuid() == 0:
        shutil.chown(state / "temp", "nobody", "nogroup")
    database_url = database_url if database_url is not None else os.environ.get("PATCHWORK_DATABASE_URL", "")
    env = {**os.environ, "PYTHONUNBUFFERED": "1",
           # the app trusts the identity header from nginx (on loopback, sending no X-Forwarded-For) only
           "PATCHWORK_TRUST_IDENTITY_HEADER": "1", "PATCHWORK_IDENTITY_HEADER": IDENTITY_HEADER,
           **(extra_env or {}),
           # One store for every process: the database when given, else SQLite files in the team's folder.
           "PATCHWORK_LOCAL_STORE": str(state / "store" / "local_store"),
           "PATCHWORK_SCENARIO_DB": str(state / "store" / "scenarios.sqlite3")}
    if database_url:
        env["PATCHWORK_DATABASE_URL"] = database_url
    else:
        env.pop("PATCHWORK_DATABASE_URL", None)
    # The same in every process, so a cookie one signs another accepts (Streamlit takes it only from the environment).
    env["STREAMLIT_SERVER_COOKIE_SECRET"] = secrets.token_hex(32)
    app_ports = [free_port() for _ in range(processes)]
    port = port or free_port()
    children: list[subprocess.Popen] = []
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, state, True)
        secret = ""
        if sign_in is None:
            from scripts.sign_in_stand_in import serve

            secret, sign_in_port = secrets.token_hex(16), free_port()
            stand_in = serve(sign_in_port, secret)
            stack.callback(stand_in.server_close)
            stack.callback(stand_in.shutdown)
            sign_in = f"http://127.0.0.1:{sign_in_port}"
        env["PATCHWORK_SIGN_IN_CHECK_URL"] = f"{sign_in}/oauth2/auth"  # asked again before every save
        try:
            def launch(app_port: int) -> subprocess.Popen:
                log = stack.enter_context(open(state / f"streamlit-{app_port}.log", "a"))
                command = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"),
                           "--server.headless", "true", "--server.port", str(app_port),
                           "--server.address", "127.0.0.1",
                           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
                return subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
                                        preexec_fn=_die_with_parent)

            def crash(index: int) -> None:
                _stop(children[index], signal.SIGKILL)

            def start(index: int) -> None:
                children[index] = launch(app_ports[index])
                wait_healthy(process_urls[index], children[index], state / f"streamlit-{app_ports[index]}.log",
                             timeout)

            children.extend(launch(app_port) for app_port in app_ports)
            process_urls = [f"http://127.0.0.1:{p}" for p in app_ports]
            for url, child, app_port in zip(process_urls, children, app_ports):
                wait_healthy(url, child, state / f"streamlit-{app_port}.log", timeout)

            main, site = nginx_configs(state, f"127.0.0.1:{port}", app_ports, sign_in)
            (state / "nginx.conf").write_text(main)
            (state / "patchwork.conf").write_text(site)
            nginx = [NGINX, "-p", str(state), "-c", str(state / "nginx.conf"), "-e", str(state / "error.log")]
            check = subprocess.run([*nginx, "-t", "-q"], capture_output=True, text=True)
            if check.returncode:
                raise RuntimeError(f"nginx refused the config in {state}: {check.stderr.strip()}")
            nginx_log = stack.enter_context(open(state / "nginx.out", "w"))
            children.append(subprocess.Popen(nginx, stdout=nginx_log, stderr=subprocess.STDOUT,
                                             preexec_fn=_die_with_parent))
            url = f"http://127.0.0.1:{port}"
            wait_healthy(url, children[-1], state / "error.log", 30)
            yield Team(url, process_urls, str(state), str(state / "access.log"), [c.pid for c in children], sign_in,
                       secret, crash, start)
        finally:
            for child in reversed(children):  # nginx first, so nobody reaches a process that is stopping
                _stop(child)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     usage="%(prog)s [--processes N] [--port PORT] [--database-url URL] [-- COMMAND ...]")
    parser.add_argument("--processes", type=int, default=2, help="app processes (default 2; one per core)")
    parser.add_argument("--port", type=int, help="nginx's port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--database-url", help="a PostgreSQL URL (default: PATCHWORK_DATABASE_URL, else SQLite files)")
    parser.add_argument("--ready-file", type=Path, help="write the team's addresses and pids here (JSON) once it is up")
    parser.add_argument("--render", action="store_true", help="only print the nginx site config for a server (with "
                        "--server-name, --app-ports, --sign-in, --access-log) and exit: e.g. > /etc/nginx/conf.d/patchwork.conf")
    parser.add_argument("--server-name", default="", help="with --render: the site's name; nginx then listens on 443 "
                        "with its Let's Encrypt certificate (without it, on --listen, for a TLS proxy in front)")
    parser.add_argument("--listen", default="127.0.0.1:8080", help="with --render: nginx's listen (default %(default)s)")
    parser.add_argument("--sign-in", default="http://127.0.0.1:4180", help="the sign-in service (with --render: "
                        "default %(default)s, oauth2-proxy's; running a team: a stand-in is started)")
    parser.add_argument("--signed-in-header", default=SIGNED_IN_HEADER, help="with --render: the header the sign-in "
                        "service answers with the person's e-mail (default %(default)s)")
    parser.add_argument("--app-ports", default="8501,8502", help="with --render: the processes' ports (default %(default)s)")
    parser.add_argument("--access-log", default="/var/log/nginx/patchwork.access.log", help="with --render")
    argv = sys.argv[1:] if argv is None else argv
    command = argv[argv.index("--") + 1:] if "--" in argv else []
    args = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    if args.render:
        print(site_config(args.listen, [int(p) for p in args.app_ports.split(",")], args.access_log, args.sign_in,
                          server_name=args.server_name, signed_in_header=args.signed_in_header), end="")
        return 0
    if args.processes < 1:
        parser.error("--processes must be at least 1")

    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with running_team(args.processes, args.port, args.database_url) as team:
        if args.ready_file:
            args.ready_file.write_text(team.to_json())
        print(f"team: nginx {team.url} -> {', '.join(team.process_urls)} (files in {team.state_dir})", flush=True)
        if command:
            env = {**os.environ, "PATCHWORK_TEAM_URL": team.url, "PATCHWORK_TEAM_PROCESS_URLS": ",".join(team.process_urls)}
            return subprocess.run([part.replace("{url}", team.url) for part in command], env=env).returncode
        print("Ctrl-C stops it.", flush=True)
        signal.pause()
    return 0


if __name__ == "__main__":
    sys.exit(main())
