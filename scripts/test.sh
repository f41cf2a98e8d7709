#!/usr/bin/env bash
# Install what the tests need (Debian chromium included), build the cache, lint, and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check .
.venv/bin/python -m geo build
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
