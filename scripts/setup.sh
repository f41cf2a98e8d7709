#!/usr/bin/env bash
# Create .venv and install pinned packages; with --dev also test tools and Debian's chromium and nginx (the
# two-process test runs nginx in front of the app: scripts/team.py).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
if [[ "${1:-}" == "--dev" ]]; then
  .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
  missing=()
  [[ -x /usr/bin/chromium ]] || missing+=(chromium fonts-dejavu-core)
  [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  if (( ${#missing[@]} )); then
    sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    # The package's own service is not wanted (team.py starts nginx as an ordinary process): policy-rc.d may
    # refuse to start it, which is fine.
    $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
