#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL cluster on loopback, its URL in PATCHWORK_TEST_DATABASE_URL; the
# cluster (data, socket, password) lives in a temp dir and is stopped and deleted when the command ends.
# Installs Debian's postgresql only if it is missing. Already set PATCHWORK_TEST_DATABASE_URL: used as it is.
set -euo pipefail
if [[ -n "${PATCHWORK_TEST_DATABASE_URL:-}" ]]; then exec "$@"; fi

sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [[ -z "$(pg_bin)" || ! -x "$(pg_bin)/initdb" ]]; then
  $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq postgresql >/dev/null
fi
BIN=$(pg_bin)

dir=$(mktemp -d /tmp/patchwork-pg.XXXXXX)
chmod 755 "$dir"
# initdb refuses to run as root: the cluster then belongs to Debian's postgres user.
as_owner=(); [[ $(id -u) -eq 0 ]] && { chown postgres: "$dir"; as_owner=(runuser -u postgres --); }
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
stop() {
  "${as_owner[@]}" "$BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

printf '%s\n' "$password" > "$dir/pw" && chmod 644 "$dir/pw"
"${as_owner[@]}" "$BIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pw" --auth-local=trust \
  --auth-host=scram-sha-256 -E UTF8 --no-sync >/dev/null
rm -f "$dir/pw"
"${as_owner[@]}" "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
"${as_owner[@]}" "$BIN/psql" -h "$dir" -p "$port" -U postgres -d postgres -qtA -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE patchwork LOGIN PASSWORD '$password'" -c "CREATE DATABASE patchwork_test OWNER patchwork" >/dev/null

# The tests connect over TCP with a password, as a team's app processes would.
export PATCHWORK_TEST_DATABASE_URL="postgresql://patchwork:$password@127.0.0.1:$port/patchwork_test"
echo "with_postgres: throwaway PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"
