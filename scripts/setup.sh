#!/usr/bin/env bash
# Create .venv and install pinned packages; with --dev also test tools and Debian's chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/pip install -q --disable-pip-version-check -r requirements.txt
if [[ "${1:-}" == "--dev" ]]; then
  .venv/bin/pip install -q --disable-pip-version-check -r requirements-dev.txt
  if [[ ! -x /usr/bin/chromium ]]; then
    sudo_cmd=""; [[ $(id -u) -ne 0 ]] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq && $sudo_cmd apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  fi
fi
