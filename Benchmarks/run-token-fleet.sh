#!/usr/bin/env bash
# One token for the fleet: WORKERS worker processes share one queue for DURATION seconds while the
# stand-in's tokens expire every TOKEN_LIFETIME seconds; a trickle of RATE orders/s keeps them all
# calling the API. Reports the stand-in's token calls against the number of refreshes one shared
# token needs (DURATION / (TOKEN_LIFETIME - MARGIN)) and against one token per process.
#
#   Benchmarks/run-token-fleet.sh                       # 30 minutes, 4 workers, tokens live 120 s
#   DURATION=300 Benchmarks/run-token-fleet.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/private-redis.sh
source Benchmarks/lib/bench-redis.sh
source scripts/lib/mock-api.sh

DURATION=${DURATION:-1800}
WORKERS=${WORKERS:-4}
TOKEN_LIFETIME=${TOKEN_LIFETIME:-120}
MARGIN=${MARGIN:-10}
RATE=${RATE:-10}
if [ -z "${PAYLINK_BIN:-}" ]; then
  scripts/build-release.sh >/dev/null
  PAYLINK_BIN=$PWD/.build/release/paylink
fi

start_bench_redis token
export PAYLINK_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0" PAYLINK_QUEUE=tokens PAYLINK_LOG_LEVEL=warning
export PAYLINK_APP_ID=ON00000185 PAYLINK_APP_KEY=demo-app-key-0e83

start_mock "$PAYLINK_BIN" "$work/mock.log" --token-lifetime "$TOKEN_LIFETIME" --latency-ms 20 || exit 2
pids+=("$MOCK_PID")

for index in $(seq 1 "$WORKERS"); do
  "$PAYLINK_BIN" worker --api-base-url "$MOCK_URL" --token-refresh-margin "$MARGIN" --concurrency 8 \
    --spool-dir "$work/spool" >"$work/worker-$index.log" 2>&1 &
  pids+=($!)
done

echo "token fleet: $WORKERS workers, tokens live ${TOKEN_LIFETIME}s (refreshed ${MARGIN}s early), $RATE orders/s for ${DURATION}s"
start=$(date +%s)
sent=0
while [ $(( $(date +%s) - start )) -lt "$DURATION" ]; do
  batch=""
  for _ in $(seq 1 "$RATE"); do
    sent=$((sent + 1))
    batch+="{\"orderId\":\"tok-$sent\",\"amount\":\"100\",\"callbackURL\":\"https://shop.example/n/$sent\",\"returnURL\":\"https://shop.example/r/$sent\"} "
  done
  # shellcheck disable=SC2086
  redis-cli -p "$REDIS_PORT" LPUSH 'paylink:{tokens}:pending' $batch >/dev/null
  sleep 1
done
sleep 3
stats=$(curl -s "$MOCK_URL/mock/stats")
elapsed=$(( $(date +%s) - start ))
/usr/bin/python3 - "$stats" "$elapsed" "$TOKEN_LIFETIME" "$MARGIN" "$WORKERS" "$sent" "$REDIS_PORT" <<'PY'
import json, subprocess, sys
stats, elapsed, lifetime, margin, workers, sent, port = json.loads(sys.argv[1]), *map(int, sys.argv[2:])
succeeded = subprocess.run(["redis-cli", "-p", str(port), "HGET", "paylink:{tokens}:counts", "succeeded"], capture_output=True, text=True).stdout.strip()
shared = elapsed / (lifetime - margin) + 1
print(f"orders sent {sent}, succeeded {succeeded}, pay calls {stats['payCalls']}, 401 answers {stats['responsesByStatus'].get('401', 0)}")
print(f"token calls {stats['tokenCalls']} over {elapsed} s; one shared token needs about {shared:.1f}; one per process would need about {workers * shared:.1f}")
sys.exit(0 if stats["tokenCalls"] <= shared + 1 else 1)
PY
