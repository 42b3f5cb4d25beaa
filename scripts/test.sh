#!/usr/bin/env bash
# Installs everything and runs the whole test suite (plus the linter).
# Extra arguments go to pytest, e.g. scripts/test.sh -k votes
# pytest runs in TEST_WORKERS processes (default 2, pytest-xdist), each test file wholly in one
# of them so that a module's server or app is made once; TEST_WORKERS=0 runs it in one process.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh dev
.venv/bin/ruff check .
npm test --silent
.venv/bin/python -m pytest -n "${TEST_WORKERS:-2}" --dist loadfile "$@"
