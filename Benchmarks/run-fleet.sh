#!/usr/bin/env bash
# Scaling out (issue 4): several `paylink worker` processes on one queue, against the stand-in.
#   1. rate:    WORKERS workers with --rate RATE --burst BURST draining a backlog for SECONDS;
#               the stand-in's own per-second counts must stay <= 1.1 x RATE and average >= 97%.
#   2. storm:   the stand-in refuses every call with 429 (Retry-After 1) for STORM seconds while
#               the workers run: counts the calls that reach it (one fleet pause, not a stampede).
#   3. scaling: 1, 2 and 4 workers without a limit drain SCALE_ORDERS orders (20 ms API latency).
# Every phase is bounded; every process is stopped by PID on exit.
#
#   Benchmarks/run-fleet.sh
#   SECONDS_RUN=20 SCALE_ORDERS=5000 Benchmarks/run-fleet.sh      # quicker
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/private-redis.sh
source scripts/lib/mock-api.sh
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

WORKERS=${WORKERS:-4}
RATE=${RATE:-200}
BURST=${BURST:-20}
SECONDS_RUN=${SECONDS_RUN:-60}
STORM=${STORM:-5}
SCALE_ORDERS=${SCALE_ORDERS:-20000}
if [ -z "${PAYLINK_BIN:-}" ]; then
  scripts/build-release.sh >/dev/null
  PAYLINK_BIN=$PWD/.build/release/paylink
fi

work=$(mktemp -d /tmp/paylink-fleet.XXXXXX)
pids=()
workers=()
cleanup() {
  for pid in "${workers[@]}" "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_private_redis
  rm -rf "$work"
}
trap cleanup EXIT
start_private_redis "$work"
export PAYLINK_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" PAYLINK_LOG_LEVEL=warning
export PAYLINK_APP_ID=ON00000185 PAYLINK_APP_KEY=demo-app-key-0e83
PY=/usr/bin/python3

start_mock "$PAYLINK_BIN" "$work/mock.log" --latency-ms 20 || exit 2
pids+=("$MOCK_PID")
MOCK=$MOCK_URL

# fill QUEUE COUNT: a backlog of distinct orders.
fill() {
  awk -v n="$2" -v q="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"orderId\":\"%s-%d\",\"amount\":\"%d\",\"callbackURL\":\"https://shop.example/n/%s-%d\",\"returnURL\":\"https://shop.example/r/%d\"}\n", q, i, 100 + i, q, i, i }' >"$work/$1.jsonl"
  "$PAYLINK_BIN" enqueue "$work/$1.jsonl" --queue "$1" >/dev/null
}
# start_workers QUEUE N ARGS...
start_workers() {
  local queue=$1 n=$2
  shift 2
  workers=()
  for index in $(seq 1 "$n"); do
    "$PAYLINK_BIN" worker --queue "$queue" --api-base-url "$MOCK" --spool-dir "$work/spool" "$@" >>"$work/worker-$queue-$index.log" 2>&1 &
    workers+=($!)
  done
}
stop_workers() {
  for pid in "${workers[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${workers[@]}"; do wait "$pid" 2>/dev/null || true; done
  workers=()
}
finished() { redis-cli -p "$REDIS_PORT" HGET "paylink:{$1}:counts" succeeded | awk '{ print $1 + 0 }'; }

echo "== 1. rate: $WORKERS workers, --rate $RATE --burst $BURST, ${SECONDS_RUN}s of backlog"
fill rate $((RATE * (SECONDS_RUN + 10)))
curl -s -X POST "$MOCK/mock/reset" >/dev/null
start_workers rate "$WORKERS" --rate "$RATE" --burst "$BURST" --concurrency 64
sleep "$SECONDS_RUN"
stop_workers
curl -s "$MOCK/mock/stats" >"$work/rate.json"
$PY - "$work/rate.json" "$RATE" <<'PYEOF'
import json, sys
stats, rate = json.load(open(sys.argv[1])), int(sys.argv[2])
seconds = sorted(stats["perSecond"], key=lambda s: s["second"])
counts = [s["payCalls"] for s in seconds]
full = counts[1:-1] if len(counts) > 2 else counts  # the first and last seconds are partial
average = sum(full) / max(len(full), 1)
print(f"   per-second pay calls (stand-in): max {max(counts)}, min {min(full)}, average {average:.1f} over {len(full)} full seconds")
ok = max(counts) <= rate * 1.1 and average >= rate * 0.97
print("   " + ("PASS" if ok else "FAIL") + f": no second above {rate * 1.1:.0f}, average at least {rate * 0.97:.0f}")
PYEOF

echo "== 2. storm: every call refused with 429 for ${STORM}s while $WORKERS workers run at --rate $RATE"
curl -s -X POST "$MOCK/mock/reset" >/dev/null
start_workers rate "$WORKERS" --rate "$RATE" --burst "$BURST" --concurrency 64
sleep 5
before=$(curl -s "$MOCK/mock/stats" | $PY -c 'import json,sys; print(json.load(sys.stdin)["payCalls"])')
curl -s -X PUT "$MOCK/mock/faults" -d '{"rateLimited": 1, "retryAfterSeconds": 1}' >/dev/null
sleep "$STORM"
during=$(curl -s "$MOCK/mock/stats" | $PY -c 'import json,sys; print(json.load(sys.stdin)["payCalls"])')
curl -s -X PUT "$MOCK/mock/faults" -d '{}' >/dev/null
sleep 5
stop_workers
pauses=$(cat "$work"/worker-rate-*.log | grep -c 'pausing the fleet' || true)
echo "   pay calls during the ${STORM}s storm: $((during - before)) (the limit alone would allow $((RATE * STORM))); fleet pauses declared: $pauses"

echo "== 3. scaling without a limit: $SCALE_ORDERS orders, 20 ms API latency, 64 in flight per worker"
for n in 1 2 4; do
  queue="scale$n"
  fill "$queue" "$SCALE_ORDERS"
  start=$(date +%s.%N)
  start_workers "$queue" "$n" --concurrency 64
  deadline=$(( $(date +%s) + 300 ))
  while [ "$(finished "$queue")" -lt "$SCALE_ORDERS" ] && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  end=$(date +%s.%N)
  done_count=$(finished "$queue")
  stop_workers
  awk -v n="$n" -v c="$done_count" -v s="$start" -v e="$end" 'BEGIN { printf "   %d worker(s): %d orders in %.1f s = %.0f orders/s\n", n, c, e - s, c / (e - s) }'
done
