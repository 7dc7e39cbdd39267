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

if ! "$PYTHON" -c 'import redis' 2>/dev/null; then
  echo "chaos: installing python3-redis"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-redis >/dev/null ||
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-redis >/dev/null; }
  "$PYTHON" -c 'import redis' || { echo "chaos: $PYTHON still cannot import redis" >&2; exit 2; }
fi

policy_args=()
worker_help=$("$PAYLINK_BIN" worker --help 2>&1 || true)
if grep -q -- '--ambiguous' <<<"$worker_help"; then
  policy_args=(--ambiguous "$POLICY")
else
  echo "chaos: warning: this paylink has no 'worker --ambiguous'; POLICY=$POLICY is not passed to workers" >&2
fi

work=$(mktemp -d /tmp/paylink-chaos.XXXXXX)
mock_pid=""
worker_pids=()
cleanup() {
  local status=$?
  for pid in "${worker_pids[@]}" $mock_pid; do
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  local redis_pid=""
  [ -f "${REDIS_PIDFILE:-/nonexistent}" ] && redis_pid=$(cat "$REDIS_PIDFILE")
  stop_private_redis
  # Its files go with the temp dir, so let it finish writing them first (bounded: 5 s).
  for _ in $(seq 1 100); do [ -n "$redis_pid" ] && running "$redis_pid" || break; sleep 0.05; done
  if [ "$KEEP" = 1 ]; then echo "chaos: kept $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Redis: AOF fsynced on every write, so a kill loses nothing it acknowledged.
redis_args=(--appendonly yes --appendfsync always)
mkdir -p "$work/redis"
start_private_redis "$work/redis" "${redis_args[@]}"
# The helper pings whoever owns the port; make sure it is ours.
redis_owner() { redis-cli -p "$REDIS_PORT" info server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p'; }
[ "$(redis_owner)" = "$(cat "$REDIS_PIDFILE")" ] || { echo "chaos: port $REDIS_PORT is not our redis-server" >&2; exit 2; }
REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
rcli() { redis-cli -p "$REDIS_PORT" "$@"; }
prefix="paylink:{$QUEUE}:"

# running PID: true while PID is a live process. A daemonized redis-server's parent is init, which
# here may reap it late, so a zombie counts as gone (its port is already closed).
running() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $state != Z* ]]
}

# restart_redis: kills redis-server by PID, waits for it to exit, starts it on the same port and dir.
restart_redis() {
  local pid
  pid=$(cat "$REDIS_PIDFILE")
  kill "-$REDIS_KILL_SIGNAL" "$pid"
  for _ in $(seq 1 100); do running "$pid" || break; sleep 0.05; done
  if running "$pid"; then echo "chaos: redis-server $pid did not exit" >&2; return 1; fi
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --daemonize yes --pidfile "$REDIS_PIDFILE" \
    --dir "$work/redis" --logfile "$work/redis/redis.log" "${redis_args[@]}" >/dev/null
  # PING answers PONG only once the AOF is loaded (LOADING before that).
  for _ in $(seq 1 200); do
    [ "$(rcli ping 2>/dev/null)" = "PONG" ] && [ "$(redis_owner)" = "$(cat "$REDIS_PIDFILE")" ] && return 0
    sleep 0.05
  done
  echo "chaos: redis-server did not come back on port $REDIS_PORT" >&2
  return 1
}

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

# start_worker SLOT: starts worker SLOT in the background, appending to its log.
start_worker() {
  local slot=$1
  # WORKER_ARGS is split on spaces on purpose: it carries several flags.
  # shellcheck disable=SC2086
  "$PAYLINK_BIN" worker --redis-url "$REDIS_URL" --queue "$QUEUE" --api-base-url "$MOCK_URL" \
    --concurrency "$CONCURRENCY" --lease "$LEASE" --api-timeout "$API_TIMEOUT" "${policy_args[@]}" $WORKER_ARGS \
    >>"$work/worker-$slot.log" 2>&1 &
  worker_pids[slot]=$!
}

now_ms() { date +%s%3N; }
# terminal_count: result hashes in a terminal status, from the counts hash the acknowledge script keeps.
terminal_count() {
  rcli hgetall "${prefix}counts" | awk 'NR % 2 == 1 { k = $0; next }
    k == "succeeded" || k == "failed" || k == "unknown" || k == "invalid" { n += $0 } END { print n + 0 }'
}
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
  if [ "$wait_ms" -gt 0 ]; then sleep "$((wait_ms / 1000)).$(printf '%03d' $((wait_ms % 1000)))"; fi
  next_kill_ms=$((next_kill_ms + interval_ms))
  if [ "$redis_restarted" = 0 ] && [ "$(now_ms)" -ge "$restart_at_ms" ]; then
    inflight=$(rcli zcard "${prefix}inflight")
    down_ms=$(now_ms)
    restart_redis || exit 2
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

# retry_count: members of the retry ZSET; 0 when the key is absent (today's worker has none).
retry_count() { rcli zcard "${prefix}retry" 2>/dev/null | grep -E '^[0-9]+$' || echo 0; }
deadline_ms=$(($(now_ms) + DRAIN_TIMEOUT * 1000))
drained=0
last_report=0
while [ "$(now_ms)" -lt "$deadline_ms" ]; do
  pending=$(rcli llen "${prefix}pending")
  inflight=$(rcli zcard "${prefix}inflight")
  retrying=$(retry_count)
  terminal=$(terminal_count)
  if [ "$terminal" -ge "$ORDERS" ] && [ "$pending" = 0 ] && [ "$inflight" = 0 ] && [ "$retrying" = 0 ]; then
    drained=1
    break
  fi
  if [ $(($(now_ms) - last_report)) -ge 10000 ]; then
    echo "chaos: t=$((($(now_ms) - start_ms) / 1000))s terminal $terminal/$ORDERS, pending $pending, inflight $inflight, retry $retrying"
    last_report=$(now_ms)
  fi
  sleep 0.2
done
wall_ms=$(($(now_ms) - start_ms))
[ "$drained" = 1 ] || echo "chaos: FAIL: not every order finished within ${DRAIN_TIMEOUT}s after the kills" >&2

# Stop workers gracefully (they hold nothing now), bounded; then the stand-in.
for pid in "${worker_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
stop_deadline_ms=$(($(now_ms) + STOP_TIMEOUT * 1000))
for pid in "${worker_pids[@]}"; do
  while kill -0 "$pid" 2>/dev/null && [ "$(now_ms)" -lt "$stop_deadline_ms" ]; do sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
worker_pids=()

# The stand-in's view is read before it stops: it keeps links only in memory.
set +e
"$PYTHON" Benchmarks/chaos/check_chaos.py --redis-url "$REDIS_URL" --queue "$QUEUE" --orders "$work/orders.jsonl" \
  --mock-url "$MOCK_URL" --events "$events" --policy "$POLICY" --start-ms "$start_ms" --wall-ms "$wall_ms" --drained "$drained"
check=$?
set -e
kill -TERM "$mock_pid" 2>/dev/null || true
for _ in $(seq 1 100); do kill -0 "$mock_pid" 2>/dev/null || break; sleep 0.1; done
kill -KILL "$mock_pid" 2>/dev/null || true
wait "$mock_pid" 2>/dev/null || true
mock_pid=""
[ "$drained" = 1 ] || exit 1
exit "$check"
