#!/usr/bin/env bash
# Start newsstore on a free port with a throw-away store, run tests/smoke.sh, stop the server.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
workdir=$(mktemp -d)
port=$($BIN/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export NEWSSTORE_DATABASE_URL="sqlite:///$workdir/smoke.db"
# The same command the container runs: migrate, seed an empty store, serve.
$BIN/newsstore serve --port "$port" --seed-if-empty seeds/ >"$workdir/server.log" 2>&1 &
server=$!
stop() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$workdir"; }
trap stop EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break
  kill -0 $server 2>/dev/null || { cat "$workdir/server.log"; exit 1; }
  sleep 0.1
done
BASE="http://127.0.0.1:$port" bash tests/smoke.sh
