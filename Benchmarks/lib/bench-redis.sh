# Sourced by the benchmark scripts, after scripts/lib/private-redis.sh; the folder and the cleanup
# are scripts/lib/scratch.sh's.
#
# start_bench_redis NAME [REDIS-ARGS...]: makes a work folder /tmp/paylink-NAME.XXXXXX, starts a
# private redis-server in it (with REDIS-ARGS; a `@work@` in them stands for the folder), and
# sets `work`, `REDIS_URL` and an empty `pids`. On exit, every process in `pids` is stopped, then
# Redis, and the folder is removed. BEFORE_REDIS, when set, is a command run in the folder first.
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/scratch.sh"

start_bench_redis() {
  make_scratch "paylink-$1"
  shift
  if [ -n "${BEFORE_REDIS:-}" ]; then (cd "$work" && eval "$BEFORE_REDIS"); fi
  start_private_redis "$work" "${@//@work@/$work}"
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
}

# The common cleanup, for scripts that stop more of their own first (run-cluster-client.sh).
stop_bench() { cleanup_scratch; }
