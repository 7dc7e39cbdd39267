# Sourced by the benchmark scripts, after scripts/lib/private-redis.sh.
#
# start_bench_redis NAME [REDIS-ARGS...]: makes a work folder /tmp/paylink-NAME.XXXXXX, starts a
# private redis-server in it (with REDIS-ARGS; a `@work@` in them stands for the folder), and
# sets `work`, `REDIS_URL` and an empty `pids`. On exit, every process in `pids` is stopped, then
# Redis, and the folder is removed. BEFORE_REDIS, when set, is a command run in the folder first.
start_bench_redis() {
  work=$(mktemp -d "/tmp/paylink-$1.XXXXXX")
  shift
  pids=()
  trap stop_bench EXIT
  if [ -n "${BEFORE_REDIS:-}" ]; then (cd "$work" && eval "$BEFORE_REDIS"); fi
  start_private_redis "$work" "${@//@work@/$work}"
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
}

stop_bench() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_private_redis
  rm -rf "$work"
}
