# shellcheck shell=bash
# shellcheck disable=SC2034,SC2154  # globals set by the sourcing script, results read by it
# Sourced by the chaos runs (run-chaos.sh, run-chaos-hostile.sh), after scripts/lib/private-redis.sh
# and scripts/lib/mock-api.sh: what both do to Redis, the workers and the clock.
#
# The functions work on these globals, which the sourcing script sets:
#   PAYLINK_BIN, PYTHON, POLICY, QUEUE   the binary, Debian's python3, the ambiguous policy, the queue
#   work                                 the run's temp dir (Redis files in $work/redis, logs in $work)
#   REDIS_PORT, REDIS_PIDFILE            from start_private_redis
#   redis_args                           the arguments every (re)start of redis-server gets
#   MOCK_URL                             the stand-in
#   worker_pids                          slot -> PID of the worker process running in that slot
#   worker_args                          extra arguments of every worker (an array)
# and they set `prefix` (chaos_keys) and `policy_args` (chaos_policy_args).

# now_ms: Unix time in milliseconds.
now_ms() { date +%s%3N; }

# sleep_ms MS: sleeps MS milliseconds; nothing for MS <= 0.
sleep_ms() {
  [ "$1" -gt 0 ] || return 0
  sleep "$(($1 / 1000)).$(printf '%03d' $(($1 % 1000)))"
}

# chaos_python_redis: makes sure $PYTHON can import redis-py, installing Debian's python3-redis.
chaos_python_redis() {
  "$PYTHON" -c 'import redis' 2>/dev/null && return 0
  echo "chaos: installing python3-redis"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-redis >/dev/null ||
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-redis >/dev/null; }
  "$PYTHON" -c 'import redis' || { echo "chaos: $PYTHON still cannot import redis" >&2; return 2; }
}

# chaos_policy_args: sets policy_args to pass POLICY to workers, when this paylink knows the flag.
chaos_policy_args() {
  policy_args=()
  local help
  help=$("$PAYLINK_BIN" worker --help 2>&1 || true)
  if grep -q -- '--ambiguous' <<<"$help"; then
    policy_args=(--ambiguous "$POLICY")
  else
    echo "chaos: warning: this paylink has no 'worker --ambiguous'; POLICY=$POLICY is not passed to workers" >&2
  fi
}

# running PID: true while PID is a live process. A daemonized redis-server's parent is init, which
# here may reap it late, and a worker this shell has not waited for yet is a zombie too: a zombie
# counts as gone (its sockets are already closed).
running() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ $state != Z* ]]
}

rcli() { redis-cli -p "$REDIS_PORT" "$@"; }

# redis_owner: the PID of whatever redis-server answers on REDIS_PORT.
redis_owner() { rcli info server 2>/dev/null | tr -d '\r' | sed -n 's/^process_id://p'; }

# chaos_start_redis: starts our redis-server with redis_args in $work/redis, checks that the port
# is ours, and sets REDIS_URL and `prefix`. Returns 2 if it cannot.
chaos_start_redis() {
  mkdir -p "$work/redis"
  start_private_redis "$work/redis" "${redis_args[@]}" || return 2
  # The helper pings whoever owns the port; make sure it is ours.
  [ "$(redis_owner)" = "$(cat "$REDIS_PIDFILE")" ] || { echo "chaos: port $REDIS_PORT is not our redis-server" >&2; return 2; }
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  prefix="paylink:{$QUEUE}:"
}

# restart_redis SIGNAL [BETWEEN]: kills redis-server by PID with SIGNAL, waits for it to exit, runs
# the function BETWEEN when given (e.g. to damage its files), and starts it again on the same port
# and dir with redis_args (it reloads its AOF).
restart_redis() {
  local pid
  pid=$(cat "$REDIS_PIDFILE")
  kill "-$1" "$pid"
  for _ in $(seq 1 100); do running "$pid" || break; sleep 0.05; done
  if running "$pid"; then echo "chaos: redis-server $pid did not exit" >&2; return 1; fi
  [ -z "${2:-}" ] || "$2" || return 1
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

# stop_redis: stops our redis-server and waits (bounded: 5 s) for it to finish writing its files,
# which go with the temp dir.
stop_redis() {
  local redis_pid=""
  [ -f "${REDIS_PIDFILE:-/nonexistent}" ] && redis_pid=$(cat "$REDIS_PIDFILE")
  stop_private_redis
  [ -n "$redis_pid" ] || return 0
  for _ in $(seq 1 100); do running "$redis_pid" || break; sleep 0.05; done
}

# start_worker SLOT: starts worker SLOT in the background, appending to $work/worker-SLOT.log.
start_worker() {
  local slot=$1
  "$PAYLINK_BIN" worker --redis-url "$REDIS_URL" --queue "$QUEUE" --api-base-url "$MOCK_URL" \
    "${policy_args[@]}" "${worker_args[@]}" >>"$work/worker-$slot.log" 2>&1 &
  worker_pids[slot]=$!
}

# terminal_count: result hashes in a terminal status, from the counts hash the acknowledge script keeps.
terminal_count() {
  rcli hgetall "${prefix}counts" | awk 'NR % 2 == 1 { k = $0; next }
    k == "succeeded" || k == "failed" || k == "unknown" || k == "invalid" { n += $0 } END { print n + 0 }'
}

# retry_count: members of the retry ZSET; 0 when the key is absent.
retry_count() { rcli zcard "${prefix}retry" 2>/dev/null | grep -E '^[0-9]+$' || echo 0; }

# wait_for_drain EXPECTED TIMEOUT_S [POLL [QUIET_S]]: waits until EXPECTED results are terminal and
# nothing is pending, in flight or waiting to retry, reporting every 10 s. POLL, when given, is a
# function run at every turn (e.g. to notice crashed workers). With QUIET_S, it also gives up once
# nothing is queued and no result has become terminal for QUIET_S seconds: the orders still missing
# cannot come any more. Sets `drained` to 1 or 0.
wait_for_drain() {
  local expected=$1 deadline_ms=$(($(now_ms) + $2 * 1000)) poll=${3:-} quiet_ms=$((${4:-0} * 1000)) last_report=0
  local pending inflight retrying terminal last_terminal=-1 changed_ms
  changed_ms=$(now_ms)
  drained=0
  while [ "$(now_ms)" -lt "$deadline_ms" ]; do
    [ -z "$poll" ] || "$poll"
    pending=$(rcli llen "${prefix}pending")
    inflight=$(rcli zcard "${prefix}inflight")
    retrying=$(retry_count)
    terminal=$(terminal_count)
    if [ "$terminal" -ge "$expected" ] && [ "$pending" = 0 ] && [ "$inflight" = 0 ] && [ "$retrying" = 0 ]; then
      drained=1
      return 0
    fi
    if [ "$terminal" != "$last_terminal" ]; then
      last_terminal=$terminal
      changed_ms=$(now_ms)
    elif [ "$quiet_ms" -gt 0 ] && [ "$pending" = 0 ] && [ "$inflight" = 0 ] && [ "$retrying" = 0 ] &&
      [ $(($(now_ms) - changed_ms)) -ge "$quiet_ms" ]; then
      echo "chaos: nothing queued and no new result for ${4}s: $terminal of $expected orders are final"
      return 0
    fi
    if [ $(($(now_ms) - last_report)) -ge 10000 ]; then
      echo "chaos: t=$((($(now_ms) - start_ms) / 1000))s terminal $terminal/$expected, pending $pending, inflight $inflight, retry $retrying"
      last_report=$(now_ms)
    fi
    sleep 0.2
  done
}

# stop_workers TIMEOUT_S [EVENTS]: stops every worker with SIGTERM, waits (bounded) for each to exit,
# SIGKILLs any still running at the deadline, and empties worker_pids. With EVENTS, appends
# "stop SLOT PID STATUS" per worker (STATUS "timeout" when it had to be killed).
stop_workers() {
  local deadline_ms=$(($(now_ms) + $1 * 1000)) events=${2:-} slot pid status
  for pid in "${worker_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for slot in "${!worker_pids[@]}"; do
    pid=${worker_pids[slot]}
    while running "$pid" && [ "$(now_ms)" -lt "$deadline_ms" ]; do sleep 0.1; done
    if running "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      status=timeout
    else
      status=0
      wait "$pid" 2>/dev/null || status=$?
    fi
    [ -z "$events" ] || echo "stop $slot $pid $status" >>"$events"
  done
  worker_pids=()
}

# stop_mock PID: stops the stand-in, SIGKILL after 10 s.
stop_mock() {
  [ -n "$1" ] || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 100); do running "$1" || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# chaos_begin NAME: makes the run's folder ($work) and an EXIT trap that SIGKILLs every worker in
# worker_pids and the stand-in ($mock_pid), stops Redis, and removes $work unless KEEP=1.
chaos_begin() {
  work=$(mktemp -d "/tmp/paylink-$1.XXXXXX")
  mock_pid=""
  worker_pids=()
  trap chaos_cleanup EXIT
  trap 'exit 130' INT TERM
}

# shellcheck disable=SC2317  # run by the EXIT trap
chaos_cleanup() {
  local status=$?
  for pid in "${worker_pids[@]}" $mock_pid; do
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  stop_redis
  if [ "$KEEP" = 1 ]; then echo "chaos: kept $work"; else rm -rf "$work"; fi
  exit "$status"
}
