#!/usr/bin/env bash
# Installs everything and runs the whole test suite (plus the linter).
# Extra arguments go to pytest, e.g. scripts/test.sh -k votes
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh dev
.venv/bin/ruff check .
npm test --silent
.venv/bin/python -m pytest "$@"
