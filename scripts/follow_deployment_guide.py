"""Follow docs/deployment.md's team section (4 and 5) on this machine, with the guide's own commands, and check it works.

Each command is taken from the guide's code blocks and changed only where it cannot run here (no systemd, no root-only
paths, free ports instead of fixed ones); every such change is printed as "deviation: ...". In order: a throwaway
PostgreSQL cluster, the role and database of 4.1 (password percent-encoded in the URL), the environment file, the build
unit's `geo build`, two app processes as the app unit starts them, nginx rendered by the guide's command, the stand-in
sign-in service; then the checks: health, no cookie -> sign-in, signed in -> the app through nginx, and section 5's
backup and restore (an upload saved before each backup and removed after it is back after each restore).
Everything lives in one temp folder, deleted at the end with every process started here.
Usage: .venv/bin/python scripts/follow_deployment_guide.py   (prints "followed: ..." and exits 0 when all held)
"""
from __future__ import annotations

import os
import re
import secrets
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scripts.sign_in_stand_in import COOKIE, cookie_value  # noqa: E402
from scripts.team import NGINX, TEMPLATES, _die_with_parent, free_port, render, wait_healthy  # noqa: E402

GUIDE = (REPO / "docs" / "deployment.md").read_text()
PASSWORD = "p@ss:w/rd %é!" + secrets.token_hex(4)  # every character section 4.1 says to percent-encode


def block_after(marker: str, nth: int = 1) -> str:
    """The `nth` fenced block after `marker` in the guide (ValueError when the guide no longer has it)."""
    start = GUIDE.index(marker)
    for _ in range(nth):
        start = GUIDE.index("```", start)
        end = GUIDE.index("```", start + 3)
        block, start = GUIDE[GUIDE.index("\n", start) + 1:end], end + 3
    return block


def commands(block: str) -> list[str]:
    """The shell commands of a block: continuation lines joined, comments and blank lines dropped."""
    joined = block.replace("\\\n", " ")
    return [line.split("  #")[0].strip() for line in joined.splitlines() if line.strip() and not line.startswith("#")]


def line_starting(block: str, start: str) -> str:
    found = [line for line in commands(block) if line.startswith(start)]
    if len(found) != 1:
        raise ValueError(f"the guide has {len(found)} commands starting {start!r} where one was expected")
    return found[0]


def replaced(text: str, old: str, new: str) -> str:
    """`text` with `old` replaced by `new`; `old` must be there (else the guide changed: ValueError)."""
    if old not in text:
        raise ValueError(f"{old!r} is not in {text!r}: the guide changed")
    return text.replace(old, new)


def deviation(what: str) -> None:
    print(f"deviation: {what}", flush=True)


def step(what: str) -> None:
    print(f"step: {what}", flush=True)


def run(command: list[str] | str, **kwargs) -> subprocess.CompletedProcess:
    shown = command if isinstance(command, str) else shlex.join(command)
    print(f"  $ {shown}", flush=True)
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)
    if result.returncode:
        raise RuntimeError(f"failed ({result.returncode}): {shown}\n{result.stdout}\n{result.stderr}")
    return result


def systemd_environment_file(text: str) -> dict[str, str]:
    """KEY=VALUE lines as systemd's EnvironmentFile reads them: # lines skipped, no comment stripped after a value."""
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";")):
            name, _, value = line.partition("=")
            values[name.strip()] = value
    return values


def unit_setting(unit: str, name: str) -> str:
    return line_starting(unit, f"{name}=").partition("=")[2]


def get(url: str, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def announced(process: subprocess.Popen) -> subprocess.Popen:
    print(f"started pid {process.pid}", flush=True)  # a test checks each is gone afterwards
    return process


def saved_upload(url: str, action: str) -> bool:
    """Save, remove or look for Ann's upload in the team's database, as the app does (local_store)."""
    os.environ["PATCHWORK_DATABASE_URL"] = url
    import pandas as pd

    from indicators import local_store

    source_id, owner = "upload:backup-check.csv:0123abcd", "ann@example.org"
    if action == "save":
        frame = pd.DataFrame({"area_code": ["E23000001"], "layer": ["police_force_area"], "period": ["2019"],
                              "indicator": ["proven_reoffending_rate"], "value": [25.0], "numerator": [float("nan")],
                              "denominator": [100.0], "source_id": [source_id], "is_estimate": [False], "note": [""]})
        local_store.save(frame, [{"source_id": source_id, "title": "Backup check (made-up figures)",
                                  "publisher": "this script", "address": "", "vintage": "2019",
                                  "licence": "as supplied", "caveats": ""}], owner=owner)
    elif action == "remove":
        local_store.remove(source_id, owner)
    return source_id in set(local_store.saved_list(owner).get("source_id", []))


def postgres_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not versions:
        raise RuntimeError("PostgreSQL is not installed (apt-get install -y postgresql, as section 4.1 says)")
    return versions[-1].parent


def follow(root: Path, stack: ExitStack) -> None:
    started = time.monotonic()
    srv, etc = root / "srv", root / "etc"
    pg_bin = postgres_bin()
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    base_env = {"PATH": f"{pg_bin}:{os.environ['PATH']}", "LANG": "C.UTF-8", "HOME": str(root / "home")}
    (root / "home").mkdir()

    step("4.1 the database: a throwaway PostgreSQL cluster, then the guide's role and database")
    deviation(f"a throwaway cluster in the temp folder on a free port instead of `apt-get install -y postgresql`'s "
              f"(PostgreSQL {pg_bin.parts[-2]} is installed)")
    cluster = root / "pg"
    cluster.mkdir()
    cluster.chmod(0o755)
    if as_postgres:
        shutil.chown(cluster, "postgres")
    port = free_port()
    run([*as_postgres, str(pg_bin / "initdb"), "-D", str(cluster / "data"), "-U", "postgres", "--auth-local=trust",
         "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync"])
    run([*as_postgres, str(pg_bin / "pg_ctl"), "-D", str(cluster / "data"), "-l", str(cluster / "server.log"), "-w",
         "-t", "60", "-o", f"-c listen_addresses=127.0.0.1 -p {port} -k {cluster} -c fsync=off", "start"])
    stack.callback(subprocess.run, [*as_postgres, str(pg_bin / "pg_ctl"), "-D", str(cluster / "data"), "-m",
                                    "immediate", "stop"], capture_output=True)
    print(f"started pid {(cluster / 'data' / 'postmaster.pid').read_text().split()[0]}", flush=True)
    database_block = block_after("### 4.1 The database")
    local = ["-h", str(cluster), "-p", str(port), "-U", "postgres"]
    createuser = shlex.split(line_starting(database_block, "sudo -u postgres createuser"))
    createdb = shlex.split(line_starting(database_block, "sudo -u postgres createdb"))
    deviation("`sudo -u postgres` run as `runuser -u postgres --` (or as the cluster's owner), with the cluster's "
              "socket folder and port (-h, -p)")
    deviation("`createuser --pwprompt` asks on a terminal: the role is made without it and given the password with "
              "psql's ALTER ROLE")
    createuser = [word for word in createuser[3:] if word != "--pwprompt"]
    run([*as_postgres, str(pg_bin / createuser[0]), *local, *createuser[1:]])
    run([*as_postgres, str(pg_bin / "psql"), *local, "-qtA", "-v", "ON_ERROR_STOP=1",
         "-c", f"ALTER ROLE patchwork PASSWORD '{PASSWORD}'"])
    run([*as_postgres, str(pg_bin / createdb[3]), *local, *createdb[4:]])
    url_line = line_starting(database_block, "PATCHWORK_DATABASE_URL=")
    url = replaced(replaced(url_line.partition("=")[2], "THE-PASSWORD", quote(PASSWORD, safe="")),
                   "127.0.0.1:5432", f"127.0.0.1:{port}")
    deviation(f"port {port} instead of 5432")
    print(f"  the password {PASSWORD!r} is written percent-encoded in the URL, as 4.1 says", flush=True)

    step("4.2 the system user's folders and the environment file")
    setup = block_after("**On a server**")
    line_starting(setup, "useradd --system")
    deviation("no system user (`useradd`): the processes run as this user; /srv and /etc are folders in the temp "
              "folder")
    cache = Path(replaced(line_starting(setup, "install -d").rsplit(" ", 1)[1], "/srv", str(srv)))
    cache.mkdir(parents=True)
    env_block = block_after("`/etc/patchwork.env` (mode 600")
    sign_in_port, sign_in_secret = free_port(), secrets.token_hex(16)
    env_text = replaced(env_block, "postgresql://patchwork:THE%40PASSWORD@127.0.0.1:5432/patchwork", url)
    env_text = replaced(env_text, "/srv/patchwork/cache", str(cache))
    env_text = replaced(env_text, "/srv/patchwork/sources", os.environ["PATCHWORK_SOURCES"])
    env_text = replaced(env_text, "http://127.0.0.1:4180/", f"http://127.0.0.1:{sign_in_port}/")
    env_text = re.sub(r"^STREAMLIT_SERVER_COOKIE_SECRET=…", "STREAMLIT_SERVER_COOKIE_SECRET=" + secrets.token_hex(32),
                      env_text, flags=re.M)
    deviation(f"in the environment file: the sign-in check on the stand-in's port {sign_in_port}, PATCHWORK_SOURCES "
              "where the official files are here, the cookie secret filled in")
    (etc).mkdir()
    env_file = etc / "patchwork.env"
    env_file.write_text(env_text)
    env_file.chmod(0o600)
    app_env = {**base_env, **systemd_environment_file(env_file.read_text())}
    if not re.fullmatch(r"[0-9a-f]{64}", app_env["STREAMLIT_SERVER_COOKIE_SECRET"]):
        raise RuntimeError("systemd would read STREAMLIT_SERVER_COOKIE_SECRET from the guide's file as "
                           f"{app_env['STREAMLIT_SERVER_COOKIE_SECRET']!r}")
    run([sys.executable, "-m", "storage", "check"], cwd=REPO, env=app_env)  # "run it once when deploying" (section 2)

    step("the build unit: geo build")
    units = block_after("**On a server**", nth=2)
    build_unit, app_unit = units.split("# /etc/systemd/system/patchwork@.service")
    main = unit_setting(build_unit, "WorkingDirectory")
    deviation(f"{main} is this checkout; systemd's units' ExecStart commands are run directly")
    build = replaced(unit_setting(build_unit, "ExecStart"), main, str(REPO))
    run(shlex.split(build), cwd=REPO, env=app_env)
    print(f"  built in the cache ({time.monotonic() - started:.0f} s so far)", flush=True)

    step("the sign-in service: the stand-in, on a free port")
    deviation("scripts/sign_in_stand_in.py instead of oauth2-proxy (nobody can sign in through it: the script makes "
              "a person's cookie)")
    stand_in = announced(subprocess.Popen([sys.executable, str(REPO / "scripts" / "sign_in_stand_in.py"), "--port",
                                           str(sign_in_port), "--secret", sign_in_secret], stdout=subprocess.DEVNULL,
                                          preexec_fn=_die_with_parent))
    stack.callback(stop, stand_in)

    step("two app processes, as the app unit starts them")
    app_ports = [free_port(), free_port()]
    deviation(f"ports {app_ports} instead of 8501 … 8504")
    processes = []
    for app_port in app_ports:
        command = replaced(replaced(unit_setting(app_unit, "ExecStart"), main, str(REPO)), "%i", str(app_port))
        log = root / f"streamlit-{app_port}.log"
        print(f"  $ {command}", flush=True)
        process = announced(subprocess.Popen(shlex.split(command), cwd=REPO, env=app_env, stdout=log.open("w"),
                                           stderr=subprocess.STDOUT, preexec_fn=_die_with_parent))
        stack.callback(stop, process)
        processes.append((process, app_port, log))
    for process, app_port, log in processes:
        wait_healthy(f"http://127.0.0.1:{app_port}", process, log, 60)

    step("nginx, its site config rendered by the guide's command")
    render_command = block_after("it in, and for a server").replace("\\\n", " ").strip()
    render_command, _, after = render_command.partition(" > ")
    nginx_port = free_port()
    words = shlex.split(render_command)
    words[words.index("--server-name"):words.index("--server-name") + 2] = ["--listen", f"127.0.0.1:{nginx_port}"]
    words[words.index("--app-ports") + 1] = ",".join(map(str, app_ports))
    words[words.index("--sign-in") + 1] = f"http://127.0.0.1:{sign_in_port}"
    state = root / "nginx"
    (state / "temp").mkdir(parents=True)
    state.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(state / "temp", "nobody", "nogroup")
    words += ["--access-log", str(state / "access.log")]
    deviation(f"no TLS certificate here: `--listen 127.0.0.1:{nginx_port}` instead of `--server-name` (443 with "
              "TLS); the app and sign-in ports above; `--access-log` in the temp folder")
    site = state / "patchwork.conf"
    print(f"  (output to {site})", flush=True)
    site.write_text(run(words, cwd=REPO).stdout)
    deviation("nginx runs as a child process with scripts/team.py's standalone nginx.conf (`nginx -p DIR`), which "
              "includes the rendered site, instead of /etc/nginx and `systemctl reload nginx`")
    replaced(after, "nginx -t", "")
    (state / "nginx.conf").write_text(render((TEMPLATES / "standalone.conf.template").read_text(), {
        "STATE": str(state), "USER": "user nobody nogroup;" if os.geteuid() == 0 else ""}))
    nginx = [NGINX, "-p", str(state), "-c", str(state / "nginx.conf"), "-e", str(state / "error.log")]
    run([*nginx, "-t"])
    nginx_process = announced(subprocess.Popen(nginx, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                               preexec_fn=_die_with_parent))
    stack.callback(stop, nginx_process)
    team_url = f"http://127.0.0.1:{nginx_port}"
    wait_healthy(team_url, nginx_process, state / "error.log", 30)

    step("checks: the health checks of 4.2")
    health = block_after("answered to this host only")
    through_nginx = replaced(line_starting(health, "curl -fsS http://127.0.0.1:8080/"), "8080", str(nginx_port))
    assert run(shlex.split(through_nginx)).stdout == "ok"
    loop = replaced(line_starting(health, "for port in 8501"), "8501 8502 8503 8504", " ".join(map(str, app_ports)))
    answers = run(["bash", "-c", loop]).stdout.split("\n")
    assert answers[:2] == [f"ok {p}" for p in app_ports], answers

    step("checks: no cookie -> sent to sign in; signed in -> the app, through nginx")
    status, headers, body = get(team_url + "/")
    assert status == 302 and "/oauth2/start" in headers["Location"], (status, headers)
    assert b'<div id="root">' not in body
    cookie = f"{COOKIE}={cookie_value(sign_in_secret, 'ann@example.org')}"
    status, headers, body = get(team_url + "/", cookie)
    assert status == 200 and b'<div id="root">' in body, status
    assert any(f"upstream=127.0.0.1:{p}" in (state / "access.log").read_text() for p in app_ports)

    step("5. backups and restore: the guide's pg_dump and pg_restore, then python -m storage backup and restore")
    backups = srv / "backups"
    backups.mkdir()
    restore_block = block_after("**PostgreSQL** — `pg_dump`")
    bare_url = "postgresql://patchwork@127.0.0.1/patchwork"
    deviation(f"the database URLs of section 5 with the port ({port}); the password in PGPASSWORD, as section 5 says")
    backup_env = {**base_env, "PGPASSWORD": PASSWORD}
    assert saved_upload(url, "save"), "an upload saved before the backup is not in the store"
    dump = replaced(replaced(line_starting(restore_block, "pg_dump"), "/srv/backups", str(backups)), bare_url,
                    f"postgresql://patchwork@127.0.0.1:{port}/patchwork")
    run(["bash", "-c", dump], env=backup_env)
    dumped = next(backups.glob("patchwork-*.dump"))
    restore = replaced(replaced(line_starting(restore_block, "pg_restore"), bare_url,
                                f"postgresql://patchwork@127.0.0.1:{port}/patchwork"),
                       "/srv/backups/patchwork-2026-12-01.dump", str(dumped))
    assert not saved_upload(url, "remove")
    run(shlex.split(restore), env=backup_env)
    assert saved_upload(url, "look"), "pg_restore did not bring back the upload saved before pg_dump"
    storage_file = backups / "storage-backup.dump"
    run([sys.executable, "-m", "storage", "backup", str(storage_file)], cwd=REPO, env=app_env)
    assert not saved_upload(url, "remove")
    run([sys.executable, "-m", "storage", "restore", str(storage_file)], cwd=REPO, env=app_env)
    assert saved_upload(url, "look"), "storage restore did not bring back the upload saved before its backup"
    print("  an upload saved before each backup, removed after it, is back after each restore", flush=True)
    for made in (dumped, storage_file):
        assert made.stat().st_size > 0, f"{made.name} is empty"
    status, _, body = get(team_url + "/", cookie)
    assert status == 200 and b'<div id="root">' in body, "the app no longer answers after the restore"
    for process, app_port, _log in processes:
        assert process.poll() is None, f"the process on {app_port} died"
    print(f"followed: docs/deployment.md sections 4 and 5 in {time.monotonic() - started:.0f} s; backups "
          f"{dumped.stat().st_size:,} and {storage_file.stat().st_size:,} bytes", flush=True)


def main() -> int:
    if "PATCHWORK_SOURCES" not in os.environ:
        print("set PATCHWORK_SOURCES to the folder of official files first", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    root = Path(tempfile.mkdtemp(prefix="patchwork-guide-"))
    root.chmod(0o755)
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, root, True)
        follow(root, stack)
    return 0


if __name__ == "__main__":
    sys.exit(main())
