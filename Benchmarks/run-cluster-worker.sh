#!/usr/bin/env bash
# Issue 16's cluster benchmarks, each variant side by side with its reference in one run:
#   1. one worker process against one redis-server and against a 3-master Redis Cluster:
#      orders/s and CPU per order (worker, Redis summed over the nodes), the same queue with
#      SHARDS shards (default 6) in both, rounds alternating because this host's speed drifts;
#   2. a fleet of WORKERS worker processes (default 3) against clusters of 1, 2 and 3 masters,
#      to show the scaling shape.
# The API is the static responder (nginx, a ~900-character payInfo, no latency). Every node,
# worker and responder listens on 127.0.0.1, is stopped on exit, and every drain is bounded
# (DRAIN_TIMEOUT, 300 s).
#
#   scripts/build-release.sh && Benchmarks/run-cluster-worker.sh
#   ROUNDS=2 ORDERS=20000 Benchmarks/run-cluster-worker.sh      # quicker
#
# On a two-core machine every node, worker and nginx share the same two cores, so more masters
# cannot add capacity here: phase 2 shows what the spread costs and where the cores cap it,
# not what three machines would do.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/private-redis.sh
source Benchmarks/lib/bench-redis.sh
source scripts/lib/static-responder.sh
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
ROUNDS=${ROUNDS:-3}
ORDERS=${ORDERS:-30000}
SHARDS=${SHARDS:-6}
WORKERS=${WORKERS:-3}
CONCURRENCY=${CONCURRENCY:-256}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-300}
PAYLINK=${PAYLINK:-$PWD/.build/release/paylink}
[ -x "$PAYLINK" ] || { echo "run-cluster-worker: $PAYLINK is missing; run scripts/build-release.sh first" >&2; exit 2; }

start_bench_redis cluster-worker
SINGLE_URL=$REDIS_URL
SINGLE_PIDS=$(cat "$REDIS_PIDFILE")
export PAYLINK_APP_ID=ON00000185 PAYLINK_APP_KEY=demo-app-key-0e83 PAYLINK_LOG_LEVEL=warning
start_static_responder "$work" 0.02
pids+=("$STATIC_PID")

node_pidfiles=()
stop_all() {
  for pidfile in "${node_pidfiles[@]}"; do [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true; done
  stop_bench
}
trap stop_all EXIT

# make_cluster NAME MASTERS: a cluster of MASTERS nodes with no replicas, the slots split into
# equal contiguous ranges by hand (redis-cli --cluster create wants three masters at least). Sets
# CLUSTER_URL (every node as a seed) and CLUSTER_PIDS.
make_cluster() {
  local name=$1 masters=$2 base port dir i seeds=() ports=()
  base=$((21000 + RANDOM % 20000))
  CLUSTER_PIDS=""
  for i in $(seq 0 $((masters - 1))); do
    port=$((base + i))
    dir="$work/$name-$port"
    mkdir -p "$dir"
    redis-server --bind 127.0.0.1 --port "$port" --cluster-enabled yes --cluster-config-file nodes.conf \
      --save '' --appendonly no --daemonize yes --pidfile "$dir/redis.pid" --dir "$dir" --logfile "$dir/redis.log"
    node_pidfiles+=("$dir/redis.pid")
    ports+=("$port")
    seeds+=("127.0.0.1:$port")
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 50); do [ "$(redis-cli -p "$port" ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
  done
  for i in "${!ports[@]}"; do
    redis-cli -p "${ports[$i]}" cluster addslotsrange $((16384 * i / masters)) $((16384 * (i + 1) / masters - 1)) >/dev/null
    [ "$i" -eq 0 ] || redis-cli -p "${ports[0]}" cluster meet 127.0.0.1 "${ports[$i]}" >/dev/null
  done
  for port in "${ports[@]}"; do
    for _ in $(seq 1 200); do
      redis-cli -p "$port" cluster info | grep -q cluster_state:ok && break
      sleep 0.1
    done
    redis-cli -p "$port" cluster info | grep -q cluster_state:ok || { echo "run-cluster-worker: cluster $name did not form" >&2; exit 1; }
    CLUSTER_PIDS+=" $(cat "$work/$name-$port/redis.pid")"
  done
  CLUSTER_URL="redis://$(IFS=,; echo "${seeds[*]}")"
}

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sum_ticks() { local total=0 pid; for pid in "$@"; do total=$((total + $(cpu_ticks "$pid"))); done; echo "$total"; }
succeeded() {
  "$PAYLINK" status --redis-url "$1" --queue "$2" --shards "$SHARDS" --json 2>/dev/null |
    python3 -c 'import json,sys; print(sum(q["results"]["succeeded"] for q in json.load(sys.stdin)["queues"]))' 2>/dev/null || echo 0
}

awk -v n="$ORDERS" 'BEGIN { for (i = 0; i < n; i++) printf "{\"orderId\":\"c-%d\",\"amount\":\"1000\",\"callbackURL\":\"https://shop.example/n/c-%d\",\"returnURL\":\"https://shop.example/r/%d\"}\n", i, i, i }' >"$work/orders.jsonl"

# drain LABEL URL WORKER-COUNT REDIS-PIDS...: a fresh queue of ORDERS orders, drained by
# WORKER-COUNT workers; appends "LABEL orders/s worker-ms redis-ms" to the results.
run=0
drain() {
  local label=$1 url=$2 count=$3
  shift 3
  run=$((run + 1))
  local queue="bench-$run" started ticks0 redis0 workers=() done=0 elapsed
  "$PAYLINK" enqueue "$work/orders.jsonl" --redis-url "$url" --queue "$queue" --shards "$SHARDS" >/dev/null 2>&1
  redis0=$(sum_ticks "$@")
  started=$(date +%s.%N)
  for _ in $(seq 1 "$count"); do
    "$PAYLINK" worker --redis-url "$url" --queue "$queue" --shards "$SHARDS" --api-base-url "$STATIC_URL" \
      --concurrency "$CONCURRENCY" >>"$work/worker.log" 2>&1 &
    workers+=($!)
    pids+=($!)
  done
  while [ "$done" -lt "$ORDERS" ]; do
    done=$(succeeded "$url" "$queue")
    elapsed=$(awk -v s="$started" -v n="$(date +%s.%N)" 'BEGIN { print n - s }')
    if awk -v e="$elapsed" -v t="$DRAIN_TIMEOUT" 'BEGIN { exit !(e > t) }'; then
      echo "run-cluster-worker: $label drained only $done of $ORDERS in $DRAIN_TIMEOUT s" >&2
      break
    fi
    sleep 0.1
  done
  ticks0=$(sum_ticks "${workers[@]}")
  local redis1 hz
  redis1=$(sum_ticks "$@")
  kill -TERM "${workers[@]}"
  wait "${workers[@]}" || true
  hz=$(getconf CLK_TCK)
  awk -v l="$label" -v n="$ORDERS" -v e="$elapsed" -v w="$ticks0" -v r=$((redis1 - redis0)) -v hz="$hz" \
    'BEGIN { printf "%s %.0f %.4f %.4f\n", l, n / e, w / hz * 1000 / n, r / hz * 1000 / n }' | tee -a "$work/results.txt"
}

make_cluster three 3
THREE_URL=$CLUSTER_URL THREE_PIDS=$CLUSTER_PIDS
make_cluster two 2
TWO_URL=$CLUSTER_URL TWO_PIDS=$CLUSTER_PIDS
make_cluster one 1
ONE_URL=$CLUSTER_URL ONE_PIDS=$CLUSTER_PIDS

# The reference measured in the same run: libcurl alone against the same responder, before the
# rounds and after them, since this host's speed drifts by 2x from one run to the next.
curl_floor() { Benchmarks/run-curl-floor.sh 30000 "$CONCURRENCY" | sed "s/^/$1 /"; }
curl_floor "reference (before):"
echo "== label orders/s worker-ms/order redis-ms/order ($ORDERS orders, $SHARDS shards, $CONCURRENCY in flight per worker)"
for round in $(seq "$ROUNDS"); do
  # shellcheck disable=SC2086  # the pid lists are lists of words
  drain single-1w "$SINGLE_URL" 1 $SINGLE_PIDS
  # shellcheck disable=SC2086
  drain cluster3-1w "$THREE_URL" 1 $THREE_PIDS
  for masters in 1 2 3; do
    case $masters in 1) url=$ONE_URL p=$ONE_PIDS ;; 2) url=$TWO_URL p=$TWO_PIDS ;; 3) url=$THREE_URL p=$THREE_PIDS ;; esac
    # shellcheck disable=SC2086
    drain "cluster$masters-${WORKERS}w" "$url" "$WORKERS" $p
  done
done
curl_floor "reference (after):"
echo "== means over $ROUNDS rounds"
awk '{ n[$1]++; o[$1] += $2; w[$1] += $3; r[$1] += $4; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
     END { for (i = 1; i <= k; i++) { v = order[i]
             printf "%-14s %7.0f orders/s  worker %.4f ms  Redis %.4f ms per order\n", v, o[v]/n[v], w[v]/n[v], r[v]/n[v] }
           s = o["single-1w"]/n["single-1w"]; c = o["cluster3-1w"]/n["cluster3-1w"]
           printf "one worker: cluster/single orders/s %.2fx, worker CPU per order %.2fx, Redis CPU per order %.2fx\n", c / s,
             (w["cluster3-1w"]/n["cluster3-1w"]) / (w["single-1w"]/n["single-1w"]), (r["cluster3-1w"]/n["cluster3-1w"]) / (r["single-1w"]/n["single-1w"])
           f1 = o["cluster1-'"$WORKERS"'w"]/n["cluster1-'"$WORKERS"'w"]
           if (f1 > 0) printf "fleet: 2 masters/1 %.2fx, 3 masters/1 %.2fx orders/s\n", (o["cluster2-'"$WORKERS"'w"]/n["cluster2-'"$WORKERS"'w"]) / f1, (o["cluster3-'"$WORKERS"'w"]/n["cluster3-'"$WORKERS"'w"]) / f1 }' "$work/results.txt"
