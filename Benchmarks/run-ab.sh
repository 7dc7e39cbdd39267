#!/usr/bin/env bash
# Compares worker variants in alternating runs of one backlog scenario, because this host's speed
# drifts by 10-20% over minutes: a change is judged by the mean over rounds, and by the worker's
# CPU relative to Redis's (Redis does the same work per order whatever the variant, so the ratio
# cancels most of the drift).
#
#   Benchmarks/run-ab.sh 'glibc|.build/release/paylink' \
#     'jemalloc|.build/release/paylink|LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2'
#
# Each variant is LABEL|BINARY|ENV (ENV optional, space-separated NAME=VALUE). Settings:
# ROUNDS (3), ORDERS per run (100000), CONCURRENCY (256), LATENCY (0 or 20 ms at the API).
# The variants' binaries must exist; build them first (scripts/build-release.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/private-redis.sh
source Benchmarks/lib/bench-redis.sh
source scripts/lib/static-responder.sh
source Benchmarks/lib/measure-backlog.sh
[ $# -ge 2 ] || { sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
ROUNDS=${ROUNDS:-3}
ORDERS=${ORDERS:-100000}
CONCURRENCY=${CONCURRENCY:-256}
LATENCY=${LATENCY:-0}

swift build -c release --package-path Benchmarks --product paylink-load >/dev/null 2>&1 ||
  swift build -c release --package-path Benchmarks --product paylink-load
LOAD=$PWD/Benchmarks/.build/release/paylink-load
start_bench_redis ab
export PAYLINK_APP_ID=ON00000185 PAYLINK_APP_KEY=demo-app-key-0e83 PAYLINK_LOG_LEVEL=warning
start_static_responder "$work" 0.02
pids+=("$STATIC_PID")
static_worker=$(pgrep -P "$STATIC_PID" | head -1)
api_url=$STATIC_URL
[ "$LATENCY" = 20 ] && api_url=$STATIC_DELAYED_URL

results=$work/results.txt
for round in $(seq "$ROUNDS"); do
  for variant in "$@"; do
    IFS='|' read -r label binary variant_env <<<"$variant"
    # shellcheck disable=SC2086  # ENV is a list of NAME=VALUE words
    measure_backlog "$ORDERS" "$CONCURRENCY" "$api_url" "$static_worker" "$binary" $variant_env
    ratio=$(awk -v w="$WORKER_MS" -v r="$REDIS_MS" 'BEGIN { printf "%.3f", w / r }')
    printf 'round %d  %-16s worker %s ms  Redis %s ms  worker/Redis %s  peak RSS %s MB\n' \
      "$round" "$label" "$WORKER_MS" "$REDIS_MS" "$ratio" "$PEAK_RSS_MB"
    echo "$label $WORKER_MS $REDIS_MS $ratio $PEAK_RSS_MB" >>"$results"
  done
done
echo "== means over $ROUNDS rounds ($ORDERS orders, $CONCURRENCY in flight, API latency ${LATENCY} ms)"
awk '{ n[$1]++; w[$1] += $2; r[$1] += $3; q[$1] += $4; m[$1] += $5; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
     END { for (i = 1; i <= k; i++) { v = order[i]
             printf "%-16s worker %.4f ms  Redis %.4f ms  worker/Redis %.3f  peak RSS %.1f MB\n", v, w[v]/n[v], r[v]/n[v], q[v]/n[v], m[v]/n[v] } }' "$results"
