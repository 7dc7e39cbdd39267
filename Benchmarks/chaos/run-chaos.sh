#!/usr/bin/env bash
# Chaos run: four `paylink worker` processes drain a backlog against a faulty API stand-in while
# one worker is SIGKILLed every KILL_INTERVAL seconds (round robin, restarted at once) and Redis is
# killed and restarted once. Then check_chaos.py asserts that no order was lost, every order has
# one terminal result, and every order the stand-in made more than one link for is flagged
# `possibleDuplicate`. Every wait is bounded; every process is stopped by PID on exit.
#
#   Benchmarks/chaos/run-chaos.sh                                      # 20,000 orders, 30 s of kills
#   ORDERS=2000 CHAOS_SECONDS=10 PAYLINK_BIN=/path/paylink Benchmarks/chaos/run-chaos.sh
#   POLICY=park KEEP=1 Benchmarks/chaos/run-chaos.sh                   # keep the temp dir and logs
#
# Exit status: 0 when every assertion holds; 1 when one fails or the backlog does not finish within
# DRAIN_TIMEOUT; 2 when the run itself broke (a server did not start, enqueue failed).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/private-redis.sh
source scripts/lib/mock-api.sh
source Benchmarks/chaos/chaos-lib.sh

# 4 workers x 32 in flight plus restarts need more descriptors than the usual soft limit of 1024.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

ORDERS=${ORDERS:-20000}
WORKERS=${WORKERS:-4}
CONCURRENCY=${CONCURRENCY:-32}
LEASE=${LEASE:-5}
API_TIMEOUT=${API_TIMEOUT:-2}
POLICY=${POLICY:-retry}
WORKER_ARGS=${WORKER_ARGS:-}
CHAOS_SECONDS=${CHAOS_SECONDS:-30}
KILL_INTERVAL=${KILL_INTERVAL:-2}
REDIS_RESTART_PERCENT=${REDIS_RESTART_PERCENT:-40}
REDIS_KILL_SIGNAL=${REDIS_KILL_SIGNAL:-KILL}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-300}
STOP_TIMEOUT=${STOP_TIMEOUT:-30}
SEED=${SEED:-42}
FAIL_UNAVAILABLE=${FAIL_UNAVAILABLE:-0.10}
FAIL_HANG=${FAIL_HANG:-0.02}
FAIL_RATE_LIMITED=${FAIL_RATE_LIMITED:-0.05}
LATENCY_MS=${LATENCY_MS:-40}
JITTER_MS=${JITTER_MS:-40}
QUEUE=${QUEUE:-chaos}
KEEP=${KEEP:-0}
# Debian's interpreter: python3-redis installs for it, not for a pyenv or venv python3 on PATH.
PYTHON=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}

if [ -z "${PAYLINK_BIN:-}" ]; then
  scripts/build-release.sh >/dev/null
  PAYLINK_BIN=$PWD/.build/release/paylink
fi
[ -x "$PAYLINK_BIN" ] || { echo "chaos: $PAYLINK_BIN is not an executable" >&2; exit 2; }

chaos_python_redis || exit 2
chaos_policy_args

chaos_begin chaos

# Redis: AOF fsynced on every write, so a kill loses nothing it acknowledged.
redis_args=(--appendonly yes --appendfsync always)
chaos_start_redis || exit 2

export PAYLINK_APP_ID=ON00000185 PAYLINK_APP_KEY=demo-app-key-0e83 PAYLINK_LOG_LEVEL=${PAYLINK_LOG_LEVEL:-warning}

start_mock "$PAYLINK_BIN" "$work/mock.log" --fail-unavailable "$FAIL_UNAVAILABLE" --fail-hang "$FAIL_HANG" \
  --fail-rate-limited "$FAIL_RATE_LIMITED" --latency-ms "$LATENCY_MS" --jitter-ms "$JITTER_MS" --seed "$SEED" || exit 2
mock_pid=$MOCK_PID

# The stand-in counts links per (amount, callbackURL, returnURL, remark): a callbackURL carrying the
# order ID makes each order its own fingerprint, so /mock/duplicates names orders.
seq 1 "$ORDERS" | awk '{ id = sprintf("chaos-%06d", $1);
  printf "{\"orderId\":\"%s\",\"amount\":\"%d\",\"callbackURL\":\"https://shop.example/cb/%s\",\"returnURL\":\"https://shop.example/ret\"}\n",
    id, 100 + $1 % 9900, id }' >"$work/orders.jsonl"
"$PAYLINK_BIN" enqueue "$work/orders.jsonl" --redis-url "$REDIS_URL" --queue "$QUEUE" >/dev/null
[ "$(rcli llen "${prefix}pending")" = "$ORDERS" ] || { echo "chaos: enqueue did not push $ORDERS orders" >&2; exit 2; }

# WORKER_ARGS is split on spaces on purpose: it carries several flags.
# shellcheck disable=SC2206
worker_args=(--concurrency "$CONCURRENCY" --lease "$LEASE" --api-timeout "$API_TIMEOUT" $WORKER_ARGS)
events="$work/events.txt"
: >"$events"
echo "chaos: $ORDERS orders, $WORKERS workers x $CONCURRENCY, kill every ${KILL_INTERVAL}s for ${CHAOS_SECONDS}s," \
  "redis restart at ${REDIS_RESTART_PERCENT}%, policy $POLICY, redis :$REDIS_PORT, stand-in $MOCK_URL"

start_ms=$(now_ms)
for slot in $(seq 0 $((WORKERS - 1))); do start_worker "$slot"; done

chaos_end_ms=$((start_ms + CHAOS_SECONDS * 1000))
restart_at_ms=$((start_ms + CHAOS_SECONDS * 10 * REDIS_RESTART_PERCENT))
redis_restarted=0
next_slot=0
# Kills run on a fixed schedule (every interval from the start, not interval after the last kill).
interval_ms=$(awk -v s="$KILL_INTERVAL" 'BEGIN { printf "%d", s * 1000 }')
[ "$interval_ms" -gt 0 ] || { echo "chaos: KILL_INTERVAL must be positive" >&2; exit 2; }
next_kill_ms=$((start_ms + interval_ms))
while [ "$next_kill_ms" -le "$chaos_end_ms" ]; do
  wait_ms=$((next_kill_ms - $(now_ms)))
  sleep_ms "$wait_ms"
  next_kill_ms=$((next_kill_ms + interval_ms))
  if [ "$redis_restarted" = 0 ] && [ "$(now_ms)" -ge "$restart_at_ms" ]; then
    inflight=$(rcli zcard "${prefix}inflight")
    down_ms=$(now_ms)
    restart_redis "$REDIS_KILL_SIGNAL" || exit 2
    down_ms=$(($(now_ms) - down_ms))
    echo "redis-restart $(($(now_ms) - start_ms)) $inflight $down_ms" >>"$events"
    echo "chaos: t=$((($(now_ms) - start_ms) / 1000))s redis restarted, down ${down_ms} ms (inflight $inflight)"
    redis_restarted=1
  fi
  inflight=$(rcli zcard "${prefix}inflight")
  pid=${worker_pids[next_slot]}
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  start_worker "$next_slot"
  echo "kill $(($(now_ms) - start_ms)) $next_slot $pid $inflight" >>"$events"
  echo "chaos: t=$((($(now_ms) - start_ms) / 1000))s killed worker $next_slot (pid $pid, inflight $inflight," \
    "finished $(terminal_count)/$ORDERS)"
  next_slot=$(((next_slot + 1) % WORKERS))
done
kills=$(grep -c '^kill ' "$events" || true)
echo "chaos: $kills kills done at t=$((($(now_ms) - start_ms) / 1000))s; waiting for every order to finish"

wait_for_drain "$ORDERS" "$DRAIN_TIMEOUT"
wall_ms=$(($(now_ms) - start_ms))
[ "$drained" = 1 ] || echo "chaos: FAIL: not every order finished within ${DRAIN_TIMEOUT}s after the kills" >&2

# Stop workers gracefully (they hold nothing now), bounded; then the stand-in.
stop_workers "$STOP_TIMEOUT"

# The stand-in's view is read before it stops: it keeps links only in memory.
set +e
"$PYTHON" Benchmarks/chaos/check_chaos.py --redis-url "$REDIS_URL" --queue "$QUEUE" --orders "$work/orders.jsonl" \
  --mock-url "$MOCK_URL" --events "$events" --policy "$POLICY" --start-ms "$start_ms" --wall-ms "$wall_ms" --drained "$drained"
check=$?
set -e
stop_mock "$mock_pid"
mock_pid=""
[ "$drained" = 1 ] || exit 1
exit "$check"
