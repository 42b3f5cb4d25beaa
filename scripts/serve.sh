#!/usr/bin/env bash
# Installs everything and runs the server on the embedded default (SQLite in sessions/).
# Extra arguments go to run.py, e.g. scripts/serve.sh --host 0.0.0.0 --port 8080
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install.sh
exec .venv/bin/python run.py "$@"
