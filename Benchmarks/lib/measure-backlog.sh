# Sourced by the benchmark scripts. Needs REDIS_URL, REDIS_PIDFILE and LOAD (paylink-load), and
# the API credentials in the environment. The worker connects to WORKER_REDIS_URL when it is set
# (a rediss:// URL of the same server, say), else to REDIS_URL like the load tool.
#
# measure_backlog ORDERS CONCURRENCY API_URL API_PID PAYLINK [ENV...]: fills the queue, runs one
# `PAYLINK worker` (with ENV, e.g. LD_PRELOAD=...) until it is drained, and sets DRAIN_OUTPUT,
# WORKER_MS, REDIS_MS and API_MS (CPU per order: user + system from /proc) and PEAK_RSS_MB.
measure_backlog() {
  local orders=$1 concurrency=$2 api_url=$3 api_pid=$4 paylink=$5
  shift 5
  "$LOAD" fill --redis-url "$REDIS_URL" --orders "$orders" >/dev/null
  local redis_pid redis0 api0
  redis_pid=$(cat "$REDIS_PIDFILE")
  redis0=$(cpu_ticks "$redis_pid")
  api0=$(cpu_ticks "$api_pid")
  env "$@" "$paylink" worker --redis-url "${WORKER_REDIS_URL:-$REDIS_URL}" --queue bench --api-base-url "$api_url" --concurrency "$concurrency" &
  local worker=$!
  pids+=($worker)
  DRAIN_OUTPUT=$("$LOAD" drain --redis-url "$REDIS_URL" --orders "$orders" --timeout 300)
  local ticks hwm redis1 api1 hz
  ticks=$(cpu_ticks "$worker")
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$worker/status")
  redis1=$(cpu_ticks "$redis_pid")
  api1=$(cpu_ticks "$api_pid")
  kill -TERM "$worker"
  wait "$worker" || true
  hz=$(getconf CLK_TCK)
  WORKER_MS=$(awk -v t="$ticks" -v hz="$hz" -v n="$orders" 'BEGIN { printf "%.4f", t / hz * 1000 / n }')
  REDIS_MS=$(awk -v t=$((redis1 - redis0)) -v hz="$hz" -v n="$orders" 'BEGIN { printf "%.4f", t / hz * 1000 / n }')
  API_MS=$(awk -v t=$((api1 - api0)) -v hz="$hz" -v n="$orders" 'BEGIN { printf "%.4f", t / hz * 1000 / n }')
  PEAK_RSS_MB=$(awk -v kb="$hwm" 'BEGIN { printf "%.1f", kb / 1024 }')
}

# cpu_ticks PID: user + system CPU of a process so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
