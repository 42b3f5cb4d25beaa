#!/usr/bin/env bash
# Installs what the platform needs into this checkout: a Python virtual environment
# (.venv) with exactly the versions and files in the lock files, and the browser
# libraries from the npm registry (node_modules, exactly as package-lock.json says).
# Usage: scripts/install.sh [dev]   ("dev" adds the test and tooling packages)
#
# requirements.txt and requirements-dev.txt are the lists people edit; the lock files pin
# every package they pull in, with the hashes of its files, and are made from them with
#   .venv/bin/pip-compile --generate-hashes --allow-unsafe --strip-extras \
#       --no-emit-index-url --no-emit-find-links -o requirements.lock requirements.txt
#   (the same with requirements-dev.txt -o requirements-dev.lock)
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
LOCK=requirements.lock
if [ "${1:-}" = "dev" ]; then
  LOCK=requirements-dev.lock
fi
.venv/bin/python -m pip install --quiet --require-hashes --no-deps -r "$LOCK"
npm ci --no-audit --no-fund --loglevel=error
