#!/usr/bin/env bash
# Install what the tests need (Debian chromium included), build the cache, lint, and run every test, with a
# throwaway PostgreSQL cluster for the store tests (scripts/with_postgres.sh sets PATCHWORK_TEST_DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
.venv/bin/ruff check .
.venv/bin/python -m geo build
bash scripts/with_postgres.sh .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
