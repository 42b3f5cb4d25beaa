#!/usr/bin/env bash
# Installs what the platform needs into this checkout: a Python virtual environment
# (.venv) and the browser libraries from the npm registry (node_modules).
# Usage: scripts/install.sh [dev]   ("dev" adds the test and tooling packages)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "${1:-}" = "dev" ]; then
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
else
  .venv/bin/python -m pip install --quiet -r requirements.txt
fi
npm ci --no-audit --no-fund --loglevel=error
