#!/usr/bin/env bash
# Hostile chaos run: what run-chaos.sh does not do. A producer enqueues the orders in chunks while
# the run goes on, one chunk into a Redis that fills up; Redis (AOF, `appendfsync everysec`) is
# SIGKILLed and loses its last second of writes; the stand-in gives hostile answers; and worker
# processes are SIGKILLed and restarted. check_chaos_hostile.py then reports orders lost, worker
# crashes, unflagged duplicate links and amount mismatches stored as succeeded (each must be 0),
# and how many of each fault were injected. Every server listens on 127.0.0.1, every wait is
# bounded (about a minute in all, two at most), and every process started is stopped by PID.
#
#   Benchmarks/chaos/run-chaos-hostile.sh                       # builds the release binaries first
#   PAYLINK_BIN=.build/release/paylink POLICY=park KEEP=1 Benchmarks/chaos/run-chaos-hostile.sh
#
# What happens, on a clock started with the workers (every number is an environment variable):
# - WORKERS worker processes (CONCURRENCY in flight each, `--rate RATE` so the fleet limiter and its
#   pause on 429/503 are in play, `--retry-cap RETRY_CAP` so no order waits long for a retry). One
#   is SIGKILLed every KILL_INTERVAL s for CHAOS_SECONDS s, round robin, and restarted at once. A
#   worker that exits on its own is a crash: it is recorded with its status and restarted.
# - The producer runs `paylink enqueue` on chunk file i at (i - 1) x PRODUCE_INTERVAL s. Before chunk
#   FILL_CHUNK, `maxmemory` is set to the memory in use plus FILL_ROOM_PERCENT % of that chunk's
#   size (noeviction), so Redis refuses its LPUSHes part-way. The producer must then exit non-zero
#   and say how many went in; the script raises maxmemory with CONFIG SET and runs the same chunk
#   again. Orders already in are answered by the duplicate check (the claim drops a push of an order
#   that is held or succeeded), so the second run must create no second link. How many LPUSH calls
#   Redis refused during each run comes from INFO commandstats (no worker script LPUSHes).
# - Redis is SIGKILLed at each time in REDIS_KILLS_AT and restarted from its AOF. A SIGKILL alone
#   loses only what Redis had not yet written to the file: with `everysec` it may hold writes back
#   up to 2 s while an fsync is slow, so how much is lost depends on the disk. To lose "the last
#   second" every time, the script also cuts the AOF back to the size it had LOSS_MS before the kill
#   (the size is sampled every tick): what a power cut leaves of a file whose tail was never fsynced.
#   Redis loads the cut file with aof-load-truncated, dropping a half-written command or MULTI, so
#   the data set is exactly the state of an earlier moment. Which moment: the script writes its
#   clock to the key `chaos:clock` every tick, and reads it back after the restart.
# - The stand-in (`--record-links`, so the checker sees every link per order) answers a small share
#   of pay calls with the hostile faults: 429 or 503 with a `Retry-After` of 9999999999999 s or a
#   date in 9999, a 5 MiB body after creating the link, a link for a wrong amount or under another
#   merchant; and a share of token answers with `expired` 1e19, 1e400, Int64.max, -1, Int64.min or an
#   hour ago (tokens live TOKEN_LIFETIME s, so the workers fetch many). Plus, as in run-chaos.sh,
#   503s, 5xx after creating the link, and hangs past the workers' API_TIMEOUT.
#
# What a lost second of Redis writes can legitimately do, and so what the checker asks:
# - Redis goes back to a consistent earlier state (scripts are atomic in the AOF too). Every write
#   paylink made in the lost second is undone, and the workers that made them do not know.
# - A result written then lost: the order is `sending` again with its lease (claimed earlier), the
#   lease runs out, the order comes back, and the claim sees `sending` with no job: it is sent again
#   flagged `possibleDuplicate` (retry) or parked `unknown` (park). A lost retry move ends the same
#   way. Not flagging it is a defect.
# - A claim lost: the order is back in `pending` with its old state. If the worker's call made a
#   link and its result was stored after the restart, the next claim drops the push, or a second
#   call's result names the first link in `otherPaymentIds` and the flag. If the claim, the call's
#   link and the result all fell in the lost second, Redis holds no trace of the order ever being
#   sent, and the next send is a first send as far as anything in Redis can tell: a second link
#   with no flag. paylink cannot see that without a durable write before the call (Redis 7.2's
#   WAITAOF) or a journal of its own. The same holds for a retry's claim: the order goes back to
#   `retrying` as if that attempt never happened. The checker reports those duplicates apart,
#   "explained by a Redis rollback", when every link but the last was created inside a kill's lost
#   window: after the moment Redis went back to plus the stand-in's LATENCY_MS (a link follows its
#   claim), and before the restart plus API_TIMEOUT and the stand-in's latency (a call claimed in the
#   lost second may wait for Redis to come back for its rate-limit permit, then take that long).
#   That is lenient for a few seconds around each kill; other unflagged ones count.
# - A producer push lost: the order never existed for Redis although LPUSH answered OK; no worker
#   can bring it back. That is Redis's `everysec` promise, not paylink's, so the script keeps the
#   producer out of the way: a kill waits until PUSH_GUARD_MS after the last push, longer than any
#   lost window. "Lost" is then judged against what the producer reported as enqueued (the chunks
#   whose run exited 0, refused pushes or not): an order of those with no final result that is not
#   pending, in flight or waiting to retry. The checker also says which lost orders the stand-in
#   made a link for (a payable link nobody knows of).
# - The job counter rolls back too, so job IDs are handed out again (review H3): a stale
#   acknowledgement can then settle another order's lease. That shows as a lost order (stuck in
#   `sending`) or a result whose paymentId the stand-in never made for that order.
#
# Exit status: 0 when every check holds; 1 when one fails or the orders do not finish within
# DRAIN_TIMEOUT; 2 when the run itself broke (a server did not start, Redis did not come back).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/private-redis.sh
source scripts/lib/mock-api.sh
source Benchmarks/chaos/chaos-lib.sh

# Workers x in-flight calls, restarts and 5 MiB answers: more descriptors than the usual 1024.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

ORDERS=${ORDERS:-5000}
CHUNKS=${CHUNKS:-5}
PRODUCE_INTERVAL=${PRODUCE_INTERVAL:-4}
FILL_CHUNK=${FILL_CHUNK:-3}
FILL_ROOM_PERCENT=${FILL_ROOM_PERCENT:-40}
ENQUEUE_CHUNK_SIZE=${ENQUEUE_CHUNK_SIZE:-50}
WORKERS=${WORKERS:-3}
CONCURRENCY=${CONCURRENCY:-8}
LEASE=${LEASE:-5}
API_TIMEOUT=${API_TIMEOUT:-2}
RETRY_CAP=${RETRY_CAP:-2}
RATE=${RATE:-2000}
SHUTDOWN_DEADLINE=${SHUTDOWN_DEADLINE:-5}
POLICY=${POLICY:-retry}
WORKER_ARGS=${WORKER_ARGS:-}
CHAOS_SECONDS=${CHAOS_SECONDS:-24}
KILL_INTERVAL=${KILL_INTERVAL:-3}
REDIS_KILLS_AT=${REDIS_KILLS_AT:-7 19}
LOSS_MS=${LOSS_MS:-1000}
PUSH_GUARD_MS=${PUSH_GUARD_MS:-3500}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-45}
QUIET_SECONDS=${QUIET_SECONDS:-8}
STOP_TIMEOUT=${STOP_TIMEOUT:-20}
SEED=${SEED:-7}
LATENCY_MS=${LATENCY_MS:-60}
JITTER_MS=${JITTER_MS:-60}
TOKEN_LIFETIME=${TOKEN_LIFETIME:-4}
FAIL_UNAVAILABLE=${FAIL_UNAVAILABLE:-0.02}
FAIL_SERVER_ERROR=${FAIL_SERVER_ERROR:-0.005}
FAIL_HANG=${FAIL_HANG:-0.005}
FAIL_HUGE_RETRY_AFTER_429=${FAIL_HUGE_RETRY_AFTER_429:-0.002}
FAIL_HUGE_RETRY_AFTER_503=${FAIL_HUGE_RETRY_AFTER_503:-0.002}
FAIL_HUGE_BODY=${FAIL_HUGE_BODY:-0.005}
FAIL_WRONG_AMOUNT=${FAIL_WRONG_AMOUNT:-0.005}
FAIL_WRONG_MERCHANT=${FAIL_WRONG_MERCHANT:-0.005}
FAIL_HUGE_TOKEN_EXPIRY=${FAIL_HUGE_TOKEN_EXPIRY:-0.15}
FAIL_PAST_TOKEN_EXPIRY=${FAIL_PAST_TOKEN_EXPIRY:-0.15}
QUEUE=${QUEUE:-hostile}
KEEP=${KEEP:-0}
# Debian's interpreter: python3-redis installs for it, not for a pyenv or venv python3 on PATH.
PYTHON=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}
TICK_MS=100

for name in ORDERS CHUNKS PRODUCE_INTERVAL FILL_CHUNK FILL_ROOM_PERCENT ENQUEUE_CHUNK_SIZE WORKERS CONCURRENCY \
  CHAOS_SECONDS LOSS_MS PUSH_GUARD_MS DRAIN_TIMEOUT QUIET_SECONDS STOP_TIMEOUT; do
  [[ ${!name} =~ ^(0|[1-9][0-9]*)$ ]] || { echo "chaos: $name must be a whole number, got '${!name}'" >&2; exit 2; }
done
if [ "$CHUNKS" -lt 1 ] || [ "$ORDERS" -lt "$CHUNKS" ]; then echo "chaos: need ORDERS >= CHUNKS >= 1" >&2; exit 2; fi
[ "$FILL_CHUNK" -le "$CHUNKS" ] || { echo "chaos: FILL_CHUNK must be 0 (none) or at most CHUNKS" >&2; exit 2; }
[ "$WORKERS" -ge 1 ] || { echo "chaos: WORKERS must be at least 1" >&2; exit 2; }
kill_interval_ms=$(awk -v s="$KILL_INTERVAL" 'BEGIN { printf "%d", s * 1000 }')
[ "$kill_interval_ms" -gt 0 ] || { echo "chaos: KILL_INTERVAL must be positive" >&2; exit 2; }
redis_kill_ms=()
for at in $REDIS_KILLS_AT; do
  ms=$(awk -v s="$at" 'BEGIN { if (s ~ /^[0-9]+(\.[0-9]+)?$/) printf "%d", s * 1000; else print "bad" }')
  [ "$ms" != bad ] || { echo "chaos: REDIS_KILLS_AT holds '$at', not a number of seconds" >&2; exit 2; }
  redis_kill_ms+=("$ms")
done

if [ -z "${PAYLINK_BIN:-}" ]; then
  scripts/build-release.sh >/dev/null
  PAYLINK_BIN=$PWD/.build/release/paylink
fi
[ -x "$PAYLINK_BIN" ] || { echo "chaos: $PAYLINK_BIN is not an executable" >&2; exit 2; }
mock_help=$("$PAYLINK_BIN" mock-api --help 2>&1 || true)
grep -q -- '--record-links' <<<"$mock_help" ||
  { echo "chaos: this paylink's mock-api has no hostile faults (--record-links); rebuild it" >&2; exit 2; }
chaos_python_redis || exit 2
chaos_policy_args

chaos_begin chaos-hostile

# Redis: AOF fsynced once a second, as Deploy/redis.conf ships it; noeviction, so a full Redis
# refuses writes instead of dropping keys. A cut AOF is loaded up to its last whole command.
redis_args=(--appendonly yes --appendfsync everysec --aof-load-truncated yes --maxmemory-policy noeviction)
chaos_start_redis || exit 2
aof_dir="$work/redis/appendonlydir"

export PAYLINK_APP_ID=ON00000185 PAYLINK_APP_KEY=demo-app-key-0e83 PAYLINK_LOG_LEVEL=${PAYLINK_LOG_LEVEL:-warning}

start_mock "$PAYLINK_BIN" "$work/mock.log" --record-links --seed "$SEED" --latency-ms "$LATENCY_MS" \
  --jitter-ms "$JITTER_MS" --token-lifetime "$TOKEN_LIFETIME" --fail-unavailable "$FAIL_UNAVAILABLE" \
  --fail-server-error "$FAIL_SERVER_ERROR" --fail-hang "$FAIL_HANG" \
  --fail-rate-limited-huge-retry-after "$FAIL_HUGE_RETRY_AFTER_429" \
  --fail-unavailable-huge-retry-after "$FAIL_HUGE_RETRY_AFTER_503" --fail-huge-body "$FAIL_HUGE_BODY" \
  --fail-wrong-amount "$FAIL_WRONG_AMOUNT" --fail-wrong-merchant "$FAIL_WRONG_MERCHANT" \
  --fail-huge-token-expiry "$FAIL_HUGE_TOKEN_EXPIRY" --fail-past-token-expiry "$FAIL_PAST_TOKEN_EXPIRY" || exit 2
mock_pid=$MOCK_PID

# One file per chunk. The callbackURL carries the order ID, so each order is its own fingerprint at
# the stand-in. The fill chunk's orders carry a long returnURL and remark, so that its pushes, not
# the workers' result writes, are what fills Redis.
per_chunk=$(((ORDERS + CHUNKS - 1) / CHUNKS))
chunk_files=()
for chunk in $(seq 1 "$CHUNKS"); do
  first=$(((chunk - 1) * per_chunk + 1))
  last=$((chunk * per_chunk < ORDERS ? chunk * per_chunk : ORDERS))
  file="$work/chunk-$chunk.jsonl"
  seq "$first" "$last" | awk -v big="$([ "$chunk" = "$FILL_CHUNK" ] && echo 1 || echo 0)" '
    BEGIN { pad = ""; if (big) for (i = 0; i < 120; i++) pad = pad "p" }
    { id = sprintf("hostile-%06d", $1)
      ret = big ? "https://shop.example/ret/" pad "/" id : "https://shop.example/ret"
      remark = big ? ",\"remark\":\"" pad "\"" : ""
      printf "{\"orderId\":\"%s\",\"amount\":\"%d\",\"callbackURL\":\"https://shop.example/cb/%s\",\"returnURL\":\"%s\"%s}\n",
        id, 100 + $1 % 9900, id, ret, remark }' >"$file"
  chunk_files+=("$file")
done

# WORKER_ARGS is split on spaces on purpose: it carries several flags.
# shellcheck disable=SC2206
worker_args=(--concurrency "$CONCURRENCY" --lease "$LEASE" --api-timeout "$API_TIMEOUT" --retry-cap "$RETRY_CAP"
  --rate "$RATE" --shutdown-deadline "$SHUTDOWN_DEADLINE" --spool-dir "$work/spool" $WORKER_ARGS)
events="$work/events.txt"
: >"$events"

rel_s() { echo "$((($(now_ms) - start_ms) / 1000))"; }

# lpush_stats: "calls rejected" of LPUSH since Redis started (INFO commandstats).
lpush_stats() {
  rcli info commandstats | tr -d '\r' | awk -F'[:,=]' '$1 == "cmdstat_lpush" {
      for (i = 2; i < NF; i += 2) { if ($i == "calls") c = $(i + 1); if ($i == "rejected_calls") r = $(i + 1) } }
    END { print c + 0, r + 0 }'
}

# info_field SECTION FIELD: one field of INFO.
info_field() { rcli info "$1" | tr -d '\r' | sed -n "s/^$2://p"; }

# produce CHUNK: runs `paylink enqueue` on the chunk's file (again while it fails, up to 3 runs; the
# fill chunk first gets a maxmemory it outgrows, raised after the first run) and records each run as
# "produce START_MS END_MS CHUNK RUN EXIT ACCEPTED_LPUSHES REFUSED_LPUSHES SAME_REDIS" (times from
# start_ms; SAME_REDIS 0 when Redis restarted meanwhile, so the LPUSH figures are not comparable).
produce() {
  local chunk=$1 file=${chunk_files[$(($1 - 1))]} run status before after pid_before t0 used room
  for run in 1 2 3; do
    if [ "$chunk" = "$FILL_CHUNK" ] && [ "$run" = 1 ]; then
      used=$(info_field memory used_memory)
      room=$(($(stat -c %s "$file") * FILL_ROOM_PERCENT / 100))
      [ "$(rcli config set maxmemory "$((used + room))")" = OK ] ||
        { echo "chaos: could not set maxmemory on redis :$REDIS_PORT" >&2; exit 2; }
      echo "maxmemory $(($(now_ms) - start_ms)) $((used + room)) $used" >>"$events"
      echo "chaos: t=$(rel_s)s maxmemory set to $((used + room)) bytes ($room above the $used in use) for chunk $chunk"
    fi
    pid_before=$(redis_owner)
    read -r -a before < <(lpush_stats)
    t0=$(now_ms)
    status=0
    "$PAYLINK_BIN" enqueue "$file" --redis-url "$REDIS_URL" --queue "$QUEUE" --chunk-size "$ENQUEUE_CHUNK_SIZE" \
      >"$work/produce-$chunk-$run.log" 2>&1 || status=$?
    read -r -a after < <(lpush_stats)
    echo "produce $((t0 - start_ms)) $(($(now_ms) - start_ms)) $chunk $run $status $((after[0] - before[0]))" \
      "$((after[1] - before[1])) $([ "$(redis_owner)" = "$pid_before" ] && echo 1 || echo 0)" >>"$events"
    echo "chaos: t=$(rel_s)s chunk $chunk run $run: exit $status, Redis took $((after[0] - before[0])) LPUSHes" \
      "and refused $((after[1] - before[1])): $(tail -n 1 "$work/produce-$chunk-$run.log")"
    last_push_end_ms=$(now_ms)
    if [ "$chunk" = "$FILL_CHUNK" ] && [ "$run" = 1 ]; then
      rcli config set maxmemory 1gb >/dev/null
      [ "$(rcli config get maxmemory | tail -n 1)" = 1073741824 ] ||
        { echo "chaos: could not raise maxmemory on redis :$REDIS_PORT" >&2; exit 2; }
      echo "maxmemory $(($(now_ms) - start_ms)) 1073741824 $(info_field memory used_memory)" >>"$events"
      echo "chaos: t=$(rel_s)s maxmemory raised to 1gb"
    fi
    [ "$status" != 0 ] || return 0
  done
}

# AOF samples, one per tick: time, incr file, size. kill_redis cuts the file back to a sample.
aof_t=()
aof_file=()
aof_size=()
aof_incr() { awk '$NF == "i" { f = $2 } END { print f }' "$aof_dir"/*.manifest 2>/dev/null; }
sample_aof() {
  local file
  file=$(aof_incr)
  [ -n "$file" ] && [ -f "$aof_dir/$file" ] || return 0
  aof_t+=("$(now_ms)")
  aof_file+=("$file")
  aof_size+=("$(stat -c %s "$aof_dir/$file")")
  # Keep the last 100 samples (about 10 s), more than any LOSS_MS worth using.
  if [ "${#aof_t[@]}" -gt 100 ]; then
    aof_t=("${aof_t[@]:1}")
    aof_file=("${aof_file[@]:1}")
    aof_size=("${aof_size[@]:1}")
  fi
}

# cut_aof: runs while redis-server is down; cuts its incr file back to the latest sample taken at
# least LOSS_MS before the kill (kill_at_ms), if the file is still the sampled one. Sets cut_bytes
# and cut_from_ms (the sample's time; 0 when nothing was cut).
# shellcheck disable=SC2317  # run by restart_redis
cut_aof() {
  local i file size
  cut_bytes=0
  cut_from_ms=0
  [ "$LOSS_MS" -gt 0 ] || return 0
  file=$(aof_incr)
  for ((i = ${#aof_t[@]} - 1; i >= 0; i--)); do
    [ "${aof_t[i]}" -le $((kill_at_ms - LOSS_MS)) ] || continue
    [ "${aof_file[i]}" = "$file" ] || break
    size=$(stat -c %s "$aof_dir/$file")
    cut_bytes=$((size - aof_size[i]))
    cut_from_ms=${aof_t[i]}
    truncate -s "${aof_size[i]}" "$aof_dir/$file"
    break
  done
  aof_t=()
  aof_file=()
  aof_size=()
}

# kill_redis: SIGKILL, cut the AOF, restart; records "redis-kill T INFLIGHT TERMINAL_BEFORE
# TERMINAL_AFTER DOWN_MS CUT_BYTES CUT_FROM SEQ_BEFORE SEQ_AFTER BACK_TO" (times from start_ms;
# BACK_TO is the script's last clock tick Redis kept: the moment its data set went back to).
kill_redis() {
  local inflight terminal_before terminal_after seq_before seq_after back_to
  inflight=$(rcli zcard "${prefix}inflight")
  terminal_before=$(terminal_count)
  seq_before=$(rcli get "${prefix}seq")
  kill_at_ms=$(now_ms)
  restart_redis KILL cut_aof || exit 2
  terminal_after=$(terminal_count)
  seq_after=$(rcli get "${prefix}seq")
  back_to=$(rcli get chaos:clock)
  [[ $back_to =~ ^[0-9]+$ ]] || back_to=$start_ms
  echo "redis-kill $((kill_at_ms - start_ms)) $inflight $terminal_before $terminal_after $(($(now_ms) - kill_at_ms))" \
    "$cut_bytes $((cut_from_ms > 0 ? cut_from_ms - start_ms : -1)) ${seq_before:-0} ${seq_after:-0}" \
    "$((back_to - start_ms))" >>"$events"
  echo "chaos: t=$(rel_s)s redis SIGKILLed and restarted, back to $((kill_at_ms - back_to)) ms before the kill" \
    "(inflight $inflight; AOF cut by $cut_bytes bytes; final results $terminal_before -> $terminal_after;" \
    "job counter ${seq_before:-0} -> ${seq_after:-0})"
}

# poll_workers: a worker that is gone although the script did not kill it crashed (or stopped on
# its own): record "crash T SLOT PID STATUS" and start it again.
poll_workers() {
  local slot pid status
  for slot in "${!worker_pids[@]}"; do
    pid=${worker_pids[slot]}
    running "$pid" && continue
    status=0
    wait "$pid" 2>/dev/null || status=$?
    echo "crash $(($(now_ms) - start_ms)) $slot $pid $status" >>"$events"
    echo "chaos: t=$(rel_s)s worker $slot (pid $pid) exited on its own with status $status; restarting it" >&2
    start_worker "$slot"
  done
}

echo "chaos: $ORDERS orders in $CHUNKS chunks every ${PRODUCE_INTERVAL}s (chunk $FILL_CHUNK fills Redis)," \
  "$WORKERS workers x $CONCURRENCY, a worker killed every ${KILL_INTERVAL}s for ${CHAOS_SECONDS}s," \
  "redis killed at ${REDIS_KILLS_AT}s losing ${LOSS_MS} ms, policy $POLICY, redis :$REDIS_PORT, stand-in $MOCK_URL"

start_ms=$(now_ms)
echo "start $start_ms" >>"$events"
for slot in $(seq 0 $((WORKERS - 1))); do start_worker "$slot"; done

chaos_end_ms=$((start_ms + CHAOS_SECONDS * 1000))
next_kill_ms=$((start_ms + kill_interval_ms))
next_slot=0
next_chunk=1
next_redis=0
last_push_end_ms=0
# One loop does everything in turn, so no push overlaps a Redis kill and the kill guard holds.
while true; do
  now=$(now_ms)
  poll_workers
  # A full Redis refuses this too (OOM); the fill happens inside one turn, so no tick is missed.
  rcli set chaos:clock "$now" >/dev/null 2>&1 || true
  sample_aof
  if [ "$next_chunk" -le "$CHUNKS" ] && [ "$now" -ge $((start_ms + (next_chunk - 1) * PRODUCE_INTERVAL * 1000)) ]; then
    produce "$next_chunk"
    next_chunk=$((next_chunk + 1))
  elif [ "$next_redis" -lt "${#redis_kill_ms[@]}" ] && [ "$now" -ge $((start_ms + redis_kill_ms[next_redis])) ] &&
    [ "$now" -ge $((last_push_end_ms + PUSH_GUARD_MS)) ]; then
    kill_redis
    next_redis=$((next_redis + 1))
  elif [ "$next_kill_ms" -le "$chaos_end_ms" ] && [ "$now" -ge "$next_kill_ms" ]; then
    # Kills run on a fixed schedule (every interval from the start, not interval after the last kill).
    next_kill_ms=$((next_kill_ms + kill_interval_ms))
    inflight=$(rcli zcard "${prefix}inflight")
    pid=${worker_pids[next_slot]}
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    start_worker "$next_slot"
    echo "kill $(($(now_ms) - start_ms)) $next_slot $pid $inflight" >>"$events"
    echo "chaos: t=$(rel_s)s killed worker $next_slot (pid $pid, inflight $inflight, final $(terminal_count))"
    next_slot=$(((next_slot + 1) % WORKERS))
  elif [ "$next_chunk" -gt "$CHUNKS" ] && [ "$next_redis" -ge "${#redis_kill_ms[@]}" ] &&
    [ "$next_kill_ms" -gt "$chaos_end_ms" ]; then
    break
  fi
  sleep_ms "$((now + TICK_MS - $(now_ms)))"
done
echo "chaos: chaos over at t=$(rel_s)s; waiting for every order to finish"

# The orders the producer reported as enqueued: every chunk with a run that exited 0.
expected=0
for chunk in $(seq 1 "$CHUNKS"); do
  if awk -v c="$chunk" '$1 == "produce" && $4 == c && $6 == 0 { ok = 1 } END { exit !ok }' "$events"; then
    expected=$((expected + $(wc -l <"${chunk_files[$((chunk - 1))]}")))
  fi
done
wait_for_drain "$expected" "$DRAIN_TIMEOUT" poll_workers "$QUIET_SECONDS"
wall_ms=$(($(now_ms) - start_ms))
[ "$drained" = 1 ] || echo "chaos: FAIL: not every order finished within ${DRAIN_TIMEOUT}s after the chaos" >&2

poll_workers
stop_workers "$STOP_TIMEOUT" "$events"

# The stand-in's view is read before it stops: it keeps links only in memory.
set +e
"$PYTHON" Benchmarks/chaos/check_chaos_hostile.py --redis-url "$REDIS_URL" --queue "$QUEUE" --chunks "${chunk_files[@]}" \
  --fill-chunk "$FILL_CHUNK" --mock-url "$MOCK_URL" --merchant "$PAYLINK_APP_ID" --events "$events" --policy "$POLICY" \
  --start-ms "$start_ms" --wall-ms "$wall_ms" --drained "$drained" --concurrency "$CONCURRENCY" \
  --latency-ms "$LATENCY_MS" --call-ms "$(awk -v t="$API_TIMEOUT" -v l="$LATENCY_MS" -v j="$JITTER_MS" \
  'BEGIN { printf "%d", t * 1000 + l + j }')" --worker-logs "$work"/worker-*.log --produce-logs "$work"/produce-*.log --save-dir "$work"
check=$?
set -e
stop_mock "$mock_pid"
mock_pid=""
[ "$drained" = 1 ] || exit 1
exit "$check"
