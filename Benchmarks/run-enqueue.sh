#!/usr/bin/env bash
# Bulk enqueue benchmark: `paylink enqueue` pushes ORDERS orders from a JSON Lines file into a
# private redis-server; prints orders/s (validation included) and Redis memory per queued order,
# without and with --batch. Bounded: one file, two runs.
#
#   Benchmarks/run-enqueue.sh                 # 1,000,000 orders
#   ORDERS=100000 Benchmarks/run-enqueue.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/private-redis.sh

ORDERS=${ORDERS:-1000000}
if [ -z "${PAYLINK_BIN:-}" ]; then
  scripts/build-release.sh >/dev/null
  PAYLINK_BIN=$PWD/.build/release/paylink
fi

work=$(mktemp -d /tmp/paylink-enqueue.XXXXXX)
cleanup() {
  stop_private_redis
  rm -rf "$work"
}
trap cleanup EXIT
start_private_redis "$work"
export PAYLINK_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" PAYLINK_LOG_LEVEL=warning

# Realistic orders: ~190 bytes each, every orderId distinct.
awk -v n="$ORDERS" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"orderId\":\"bulk-%07d\",\"amount\":\"%d\",\"callbackURL\":\"https://shop.example/notify/bulk-%07d\",\"returnURL\":\"https://shop.example/orders/bulk-%07d\",\"remark\":\"order %d\"}\n", i, 100 + i % 90000, i, i, i }' >"$work/orders.jsonl"
echo "file: $ORDERS orders, $(stat -c %s "$work/orders.jsonl") bytes"

used_memory() { redis-cli -p "$REDIS_PORT" info memory | awk -F: '/^used_memory:/ { print $2 + 0 }'; }

# run LABEL QUEUE ARGS...: one enqueue; prints wall-clock rate and memory per order.
run() {
  local label=$1 queue=$2
  shift 2
  local before after start end
  before=$(used_memory)
  start=$(date +%s.%N)
  "$PAYLINK_BIN" enqueue "$work/orders.jsonl" --queue "$queue" "$@" | tail -1
  end=$(date +%s.%N)
  after=$(used_memory)
  awk -v l="$label" -v n="$ORDERS" -v s="$start" -v e="$end" -v b="$before" -v a="$after" \
    'BEGIN { printf "%s: %d orders in %.2f s wall (%.0f orders/s, file read and validation included); Redis memory %.0f bytes per queued order\n", l, n, e - s, n / (e - s), (a - b) / n }'
}

run "plain" bench-plain
run "batch" bench-batch --batch bench-1
