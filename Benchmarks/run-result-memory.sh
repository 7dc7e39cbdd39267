#!/usr/bin/env bash
# Redis memory per finished order: what a queue keeps for each order once a worker is done with
# it (the result hash with its ~900-character payInfo from the stand-in, the `finished` index
# entry, the `result` event on the stream), for sizing Redis. One private redis-server, the
# stand-in, one worker; bounded (ORDERS, 300 s at most).
#
#   Benchmarks/run-result-memory.sh              # 20,000 orders
#   ORDERS=50000 Benchmarks/run-result-memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/private-redis.sh
source scripts/lib/mock-api.sh
source scripts/lib/scratch.sh
ORDERS=${ORDERS:-20000}
bin=${PAYLINK_BIN_DIR:-$PWD/.build/release}
[ -x "$bin/paylink" ] && [ -x "$bin/paylink-dev" ] || { echo "run-result-memory: build first (scripts/build-release.sh)" >&2; exit 2; }
make_scratch paylink-result-memory
start_private_redis "$work"
start_mock "$bin/paylink-dev" "$work/mock.log"
pids+=("$MOCK_PID")
export PAYLINK_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" PAYLINK_LOG_LEVEL=warning PAYLINK_QUEUE=sizing
used_memory() { redis-cli -p "$REDIS_PORT" info memory | awk -F: '/^used_memory:/ { print $2 + 0 }'; }
awk -v n="$ORDERS" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"orderId\":\"size-%07d\",\"amount\":\"%d\",\"callbackURL\":\"https://shop.example/notify/size-%07d\",\"returnURL\":\"https://shop.example/orders/size-%07d\",\"remark\":\"order %d\"}\n", i, 100 + i % 90000, i, i, i }' >"$work/orders.jsonl"

empty=$(used_memory)
"$bin/paylink" enqueue "$work/orders.jsonl" >/dev/null
queued=$(used_memory)
PAYLINK_APP_ID=ON00000185 PAYLINK_APP_KEY=demo-app-key-0e83 "$bin/paylink" worker --api-base-url "$MOCK_URL" >"$work/worker.log" 2>&1 &
worker=$!
pids+=("$worker")
for _ in $(seq 1 3000); do
  [ "$(redis-cli -p "$REDIS_PORT" HGET 'paylink:{sizing}:counts' succeeded)" = "$ORDERS" ] && break
  sleep 0.1
done
[ "$(redis-cli -p "$REDIS_PORT" HGET 'paylink:{sizing}:counts' succeeded)" = "$ORDERS" ] || { echo "run-result-memory: not every order succeeded" >&2; cat "$work/worker.log" >&2; exit 1; }
kill -TERM "$worker"
wait "$worker" || true
finished=$(used_memory)
link=$(redis-cli -p "$REDIS_PORT" HGET 'paylink:{sizing}:result:size-0000001' payInfo | wc -c)
awk -v n="$ORDERS" -v e="$empty" -v q="$queued" -v f="$finished" -v l="$((link - 1))" 'BEGIN {
  printf "run-result-memory: %d orders; Redis memory per queued order %.0f bytes; per finished order %.0f bytes (result hash with a %d-character payInfo, finished index, result event)\n", n, (q - e) / n, (f - e) / n, l }'
