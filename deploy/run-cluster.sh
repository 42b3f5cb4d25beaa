#!/usr/bin/env bash
# Runs N server processes on consecutive ports, sharing one PostgreSQL database and one
# Redis message queue, for nginx (deploy/nginx.conf) to spread browsers over.
#
#   DATABASE_URL=postgresql://workshop@127.0.0.1/workshop \
#   SOCKETIO_MESSAGE_QUEUE=redis://127.0.0.1:6379/0 \
#   SECRET_KEY=$(cat /etc/workshop/secret_key) \
#   deploy/run-cluster.sh 2 5001
#
# Stops every process it started on Ctrl-C or SIGTERM; if one process exits, stops the rest
# (run it under systemd or another supervisor to get them restarted).
set -euo pipefail
cd "$(dirname "$0")/.."

count="${1:-2}"
first_port="${2:-5001}"
: "${DATABASE_URL:?set DATABASE_URL=postgresql://... (all processes share one database)}"
: "${SOCKETIO_MESSAGE_QUEUE:?set SOCKETIO_MESSAGE_QUEUE=redis://... (broadcasts between processes)}"
: "${SECRET_KEY:?set SECRET_KEY (the same for every process, or cookie sessions break)}"
export DATABASE_URL SOCKETIO_MESSAGE_QUEUE SECRET_KEY
export TRUSTED_PROXIES="${TRUSTED_PROXIES:-1}"  # nginx in front: trust its X-Forwarded-* once
export MAX_CONNECTIONS="${MAX_CONNECTIONS:-10000}"

# Every WebSocket is a file descriptor; run.py raises its soft limit to this hard limit.
ulimit -Hn 65536 2>/dev/null || true

python="${PYTHON:-.venv/bin/python}"
pids=()
stop() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait
}
trap stop EXIT INT TERM

for ((i = 0; i < count; i++)); do
  port=$((first_port + i))
  SERVER_ID="$(hostname):$port" "$python" run.py --host 127.0.0.1 --port "$port" &
  pids+=("$!")
  if ((i == 0)); then
    # The first process applies migrations; the others wait until it answers.
    for _ in $(seq 1 100); do
      curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
      sleep 0.2
    done
  fi
done
echo "serving on ports $first_port..$((first_port + count - 1)) (pids ${pids[*]})"
wait -n
