#!/usr/bin/env bash
# Worker CPU per order over plain TCP and over TLS to Redis, side by side in one run: one private
# redis-server listens on both (a CA and a certificate for 127.0.0.1 made here with openssl), and
# each round drains the same backlog once per variant, alternating, because this host's speed
# drifts by 10-20% over minutes.
#
#   Benchmarks/run-tls.sh                                      # this build: plain, then TLS
#   BASELINE=/tmp/base/.build/release/paylink Benchmarks/run-tls.sh   # and an older build, plain
#
# Settings: ROUNDS (3), ORDERS per run (50000), CONCURRENCY (256), LATENCY (0 or 20 ms at the API),
# PAYLINK (.build/release/paylink; build it with scripts/build-release.sh). Every drain is bounded
# (300 s), and the script stops everything it started on exit. Redis's CPU per order includes its
# own TLS work in the TLS rows, so the worker/Redis ratio compares builds, not plain against TLS.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/private-redis.sh
source Benchmarks/lib/bench-redis.sh
source scripts/lib/static-responder.sh
source Benchmarks/lib/measure-backlog.sh
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
ROUNDS=${ROUNDS:-3}
ORDERS=${ORDERS:-50000}
CONCURRENCY=${CONCURRENCY:-256}
LATENCY=${LATENCY:-0}
PAYLINK=${PAYLINK:-$PWD/.build/release/paylink}
[ -x "$PAYLINK" ] || { echo "run-tls: $PAYLINK is missing; run scripts/build-release.sh first" >&2; exit 2; }
[ -z "${BASELINE:-}" ] || [ -x "$BASELINE" ] || { echo "run-tls: BASELINE $BASELINE is not executable" >&2; exit 2; }

swift build -c release --package-path Benchmarks --product paylink-load >/dev/null 2>&1 ||
  swift build -c release --package-path Benchmarks --product paylink-load
LOAD=$PWD/Benchmarks/.build/release/paylink-load

# The server's certificate names 127.0.0.1, which the worker verifies (an IP-address SAN).
BEFORE_REDIS='
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem -days 2 -subj "/CN=bench CA" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout redis.key -out redis.csr -subj "/CN=127.0.0.1" 2>/dev/null
  printf "subjectAltName=IP:127.0.0.1\n" >redis.ext
  openssl x509 -req -in redis.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile redis.ext -out redis.pem 2>/dev/null'
TLS_PORT=$((40000 + RANDOM % 20000))
start_bench_redis tls --tls-port "$TLS_PORT" --tls-cert-file @work@/redis.pem --tls-key-file @work@/redis.key \
  --tls-ca-cert-file @work@/ca.pem --tls-auth-clients no
TLS_URL="rediss://127.0.0.1:$TLS_PORT/0"
export PAYLINK_APP_ID=ON00000185 PAYLINK_APP_KEY=demo-app-key-0e83 PAYLINK_LOG_LEVEL=warning
start_static_responder "$work" 0.02
pids+=("$STATIC_PID")
static_worker=$(pgrep -P "$STATIC_PID" | head -1)
api_url=$STATIC_URL
[ "$LATENCY" = 20 ] && api_url=$STATIC_DELAYED_URL

# LABEL|BINARY|URL|ENV
variants=()
[ -z "${BASELINE:-}" ] || variants+=("baseline-plain|$BASELINE|$REDIS_URL|")
variants+=("plain|$PAYLINK|$REDIS_URL|" "tls|$PAYLINK|$TLS_URL|PAYLINK_REDIS_CA_FILE=$work/ca.pem")

results=$work/results.txt
for round in $(seq "$ROUNDS"); do
  for variant in "${variants[@]}"; do
    IFS='|' read -r label binary url variant_env <<<"$variant"
    # shellcheck disable=SC2086  # ENV is a list of NAME=VALUE words
    WORKER_REDIS_URL=$url measure_backlog "$ORDERS" "$CONCURRENCY" "$api_url" "$static_worker" "$binary" $variant_env
    if ! grep -q "drain: $ORDERS orders" <<<"$DRAIN_OUTPUT"; then echo "run-tls: $label did not drain: $DRAIN_OUTPUT" >&2; fi
    ratio=$(awk -v w="$WORKER_MS" -v r="$REDIS_MS" 'BEGIN { printf "%.3f", w / r }')
    printf 'round %d  %-15s worker %s ms  Redis %s ms  worker/Redis %s  peak RSS %s MB  %s\n' \
      "$round" "$label" "$WORKER_MS" "$REDIS_MS" "$ratio" "$PEAK_RSS_MB" "$(head -1 <<<"$DRAIN_OUTPUT" | sed "s/; results.*//")"
    echo "$label $WORKER_MS $REDIS_MS $ratio $PEAK_RSS_MB" >>"$results"
  done
done
echo "== means over $ROUNDS rounds ($ORDERS orders, $CONCURRENCY in flight, API latency ${LATENCY} ms)"
awk '{ n[$1]++; w[$1] += $2; r[$1] += $3; q[$1] += $4; m[$1] += $5; if (!($1 in seen)) { seen[$1] = 1; order[++k] = $1 } }
     END { for (i = 1; i <= k; i++) { v = order[i]
             printf "%-15s worker %.4f ms  Redis %.4f ms  worker/Redis %.3f  peak RSS %.1f MB\n", v, w[v]/n[v], r[v]/n[v], q[v]/n[v], m[v]/n[v] }
           if (("plain" in n) && ("tls" in n)) printf "TLS adds %.4f ms of worker CPU per order (%+.1f%%)\n", w["tls"]/n["tls"] - w["plain"]/n["plain"], (w["tls"]/n["tls"]) / (w["plain"]/n["plain"]) * 100 - 100 }' "$results"
