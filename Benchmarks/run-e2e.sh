#!/usr/bin/env bash
# End-to-end benchmark of one worker process on this machine: a private redis-server, an API
# (nginx as a static responder, answering at once or after 20 ms; the stand-in `paylink mock-api`
# for reference and for the light-load latency), and the release `paylink worker`. Every run is
# bounded in count and time. Prints, per scenario, orders/s and the CPU each process spent per order (worker, Redis, API),
# since all of them share the machine's cores. See the README's performance section.
#
#   make bench                            # installs nginx-light, wrk and libjemalloc2, then runs this
#   ORDERS=50000 Benchmarks/run-e2e.sh    # smaller backlog
#   JEMALLOC=1 Benchmarks/run-e2e.sh      # also a run with jemalloc preloaded
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/private-redis.sh
source Benchmarks/lib/bench-redis.sh
source scripts/lib/mock-api.sh
source scripts/lib/static-responder.sh
source Benchmarks/lib/measure-backlog.sh

# 1,000 connections in flight need more descriptors than the usual soft limit of 1024.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

ORDERS=${ORDERS:-200000}
LATENCY_ORDERS=${LATENCY_ORDERS:-100000}
TRICKLE_SECONDS=${TRICKLE_SECONDS:-20}

# quiet BUILD...: a build whose output is shown only if it fails.
quiet() {
  local log
  log=$(mktemp)
  "$@" >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; return 1; }
  rm -f "$log"
}
quiet scripts/build-release.sh
quiet swift build -c release --package-path Benchmarks --product paylink-load
PAYLINK=$PWD/.build/release/paylink
LOAD=$PWD/Benchmarks/.build/release/paylink-load

start_bench_redis bench
export PAYLINK_APP_ID=ON00000185 PAYLINK_APP_KEY=demo-app-key-0e83 PAYLINK_LOG_LEVEL=warning

# mock NAME ARGS...: runs `paylink mock-api` on a free port (log in NAME.log); sets MOCK_URL.
mock() {
  local name=$1
  shift
  start_mock "$PAYLINK" "$work/$name.log" "$@" || return 1
  pids+=("$MOCK_PID")
}

# run_backlog LABEL ORDERS CONCURRENCY API_URL API_PID [ENV...]: one backlog drained by one worker
# (with ENV, e.g. LD_PRELOAD=...); prints throughput, peak RSS and the CPU per order of the
# worker, Redis and the API process.
run_backlog() {
  local label=$1
  shift
  measure_backlog "$1" "$2" "$3" "$4" "$PAYLINK" "${@:5}"
  echo "== $label"
  echo "$DRAIN_OUTPUT"
  echo "worker: $WORKER_MS ms CPU per order; peak RSS $PEAK_RSS_MB MB"
  echo "CPU per order elsewhere: Redis $REDIS_MS ms, API $API_MS ms"
}

start_static_responder "$work" 0.02
pids+=("$STATIC_PID")
# nginx's worker process is the one that answers; its master only supervises.
static_worker=$(pgrep -P "$STATIC_PID" | head -1)
if command -v wrk >/dev/null; then
  echo "== static responder capacity (nginx, one worker process; wrk, 2 threads, 5 s)"
  echo "no latency, 256 connections:"
  wrk -t2 -c256 -d5s "$STATIC_URL/api/v1/pay/alipay/web-pay" | grep -E "Requests/sec|Latency"
  echo "20 ms latency, 1024 connections:"
  wrk -t2 -c1024 -d5s "$STATIC_DELAYED_URL/api/v1/pay/alipay/web-pay" | grep -E "Requests/sec|Latency"
fi
echo "== paylink's HTTP client alone against the static responder"
"$LOAD" http --base-url "$STATIC_URL" --requests 100000 --concurrency 256
echo "== libcurl alone (Benchmarks/curl-floor/curl_floor.c: one multi handle, nothing else)"
"${CC:-$(command -v cc || command -v clang)}" -O2 -o "$work/curl_floor" Benchmarks/curl-floor/curl_floor.c -lcurl
"$work/curl_floor" "$STATIC_URL/api/v1/pay/alipay/web-pay" 100000 256
run_backlog "backlog, static responder (no API latency), 256 in flight" "$ORDERS" 256 "$STATIC_URL" "$static_worker"
run_backlog "backlog, static responder (no API latency), 1000 in flight" "$LATENCY_ORDERS" 1000 "$STATIC_URL" "$static_worker"
run_backlog "backlog, static responder with 20 ms latency, 256 in flight" "$LATENCY_ORDERS" 256 "$STATIC_DELAYED_URL" "$static_worker"
run_backlog "backlog, static responder with 20 ms latency, 1000 in flight" "$LATENCY_ORDERS" 1000 "$STATIC_DELAYED_URL" "$static_worker"
jemalloc=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
# The settings the systemd unit suggests: one arena, small thread caches, dirty pages kept 0.5 s.
JEMALLOC_CONF=${JEMALLOC_CONF:-narenas:1,tcache_max:1024,dirty_decay_ms:500,muzzy_decay_ms:0}
if [ "${JEMALLOC:-0}" = 1 ] && [ -e "$jemalloc" ]; then
  run_backlog "backlog, static responder, 256 in flight, jemalloc preloaded" "$ORDERS" 256 "$STATIC_URL" "$static_worker" \
    LD_PRELOAD="$jemalloc" MALLOC_CONF="$JEMALLOC_CONF"
fi

# trickle LABEL API_URL: 100 orders/s for TRICKLE_SECONDS into an idle worker; prints the time from
# enqueue to stored result.
trickle() {
  echo "== light load: 100 orders/s for $TRICKLE_SECONDS s, $1"
  "$PAYLINK" worker --redis-url "$REDIS_URL" --queue bench --api-base-url "$2" &
  local worker=$!
  pids+=($worker)
  "$LOAD" trickle --redis-url "$REDIS_URL" --rate 100 --seconds "$TRICKLE_SECONDS"
  kill -TERM "$worker"
  wait "$worker" || true
}
if command -v wrk >/dev/null; then
  # Two connections each waiting 20 ms is about 100 requests/s: the responder's own latency at the
  # light load, to compare the worker's enqueue-to-result times with.
  echo "== static responder alone at the light load (wrk, 2 connections, 10 s)"
  wrk -t1 -c2 -d10s --latency "$STATIC_DELAYED_URL/api/v1/pay/alipay/web-pay" | grep -E "Requests/sec|^ +(50|90|99)%"
fi
trickle "static responder, 20 ms latency" "$STATIC_DELAYED_URL"

# The stand-in's full emulation (validation, tokens, stats) costs it more CPU per call than the
# worker spends per order, so on two shared cores it limits the rate; measured for reference.
mock latency --latency-ms 20
echo "== stand-in capacity, full API emulation, 20 ms latency"
"$LOAD" http --base-url "$MOCK_URL" --requests 100000 --concurrency 1024
run_backlog "backlog, stand-in (full emulation), 20 ms latency, 256 in flight" "$LATENCY_ORDERS" 256 "$MOCK_URL" "$MOCK_PID"

trickle "stand-in (full emulation), 20 ms latency" "$MOCK_URL"
