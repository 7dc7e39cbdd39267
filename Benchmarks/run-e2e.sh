#!/usr/bin/env bash
# End-to-end benchmark of one worker process on this machine: a private redis-server, the API
# stand-in as its own process, and the release `paylink worker`. Every run is bounded in count
# and time. Prints a summary; see the README's performance section for recorded figures.
#
#   Benchmarks/run-e2e.sh                 # all scenarios
#   ORDERS=50000 Benchmarks/run-e2e.sh    # smaller backlog
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/private-redis.sh
source scripts/lib/mock-api.sh

# 1,000 connections in flight need more descriptors than the usual soft limit of 1024.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

ORDERS=${ORDERS:-200000}
LATENCY_ORDERS=${LATENCY_ORDERS:-100000}
TRICKLE_SECONDS=${TRICKLE_SECONDS:-20}

swift build -c release --product paylink >/dev/null
swift build -c release --package-path Benchmarks --product paylink-load >/dev/null
PAYLINK=$PWD/.build/release/paylink
LOAD=$PWD/Benchmarks/.build/release/paylink-load

work=$(mktemp -d /tmp/paylink-bench.XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_private_redis
  rm -rf "$work"
}
trap cleanup EXIT
start_private_redis "$work"
REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export PAYLINK_APP_ID=ON00000185 PAYLINK_APP_KEY=demo-app-key-0e83 PAYLINK_LOG_LEVEL=warning

# mock NAME ARGS...: runs `paylink mock-api` on a free port (log in NAME.log); sets MOCK_URL.
mock() {
  local name=$1
  shift
  start_mock "$PAYLINK" "$work/$name.log" "$@" || return 1
  pids+=("$MOCK_PID")
}

# run_backlog LABEL ORDERS CONCURRENCY: fills the queue, runs one worker until it is drained,
# and prints throughput, worker CPU per order and peak RSS.
run_backlog() {
  local label=$1 orders=$2 concurrency=$3
  "$LOAD" fill --redis-url "$REDIS_URL" --orders "$orders" >/dev/null
  "$PAYLINK" worker --redis-url "$REDIS_URL" --queue bench --api-base-url "$MOCK_URL" --concurrency "$concurrency" &
  local worker=$!
  pids+=($worker)
  local drained
  drained=$("$LOAD" drain --redis-url "$REDIS_URL" --orders "$orders" --timeout 300)
  local ticks hwm
  ticks=$(awk '{print $14 + $15}' "/proc/$worker/stat")
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$worker/status")
  kill -TERM "$worker"
  wait "$worker" || true
  echo "== $label"
  echo "$drained"
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$orders" -v kb="$hwm" \
    'BEGIN { printf "worker: CPU %.2f s total, %.4f ms per order; peak RSS %.1f MB\n", t / hz, t / hz * 1000 / n, kb / 1024 }'
}

mock static --static
echo "== stand-in capacity, static responses"
"$LOAD" http --base-url "$MOCK_URL" --requests 100000 --concurrency 256
run_backlog "backlog, static stand-in (no API latency), 256 in flight" "$ORDERS" 256

mock latency --latency-ms 20
echo "== stand-in capacity, full API emulation, 20 ms latency"
"$LOAD" http --base-url "$MOCK_URL" --requests 100000 --concurrency 1024
run_backlog "backlog, 20 ms API latency, 256 in flight" "$LATENCY_ORDERS" 256
run_backlog "backlog, 20 ms API latency, 1000 in flight" "$LATENCY_ORDERS" 1000

echo "== light load: 100 orders/s for $TRICKLE_SECONDS s, 20 ms API latency"
"$PAYLINK" worker --redis-url "$REDIS_URL" --queue bench --api-base-url "$MOCK_URL" &
worker=$!
pids+=($worker)
"$LOAD" trickle --redis-url "$REDIS_URL" --rate 100 --seconds "$TRICKLE_SECONDS"
kill -TERM "$worker"
wait "$worker" || true
