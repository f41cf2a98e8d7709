#!/usr/bin/env bash
# Install everything and start Patchwork on its bundled data (builds the boundary cache on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m geo build
.venv/bin/python -m indicators build  # official files dropped in imports/ are loaded into the local store
exec .venv/bin/streamlit run app.py "$@"
