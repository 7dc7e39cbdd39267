# Sourced by scripts: start_private_redis DIR starts a redis-server on a free loopback port with
# its files in DIR, sets REDIS_PORT and REDIS_PIDFILE, and returns non-zero if it cannot.
# Extra arguments go to redis-server.
start_private_redis() {
  local dir=$1
  shift
  REDIS_PIDFILE="$dir/redis.pid"
  REDIS_PORT=$((20000 + RANDOM % 20000))
  for _ in $(seq 1 20); do
    if redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --daemonize yes \
         --pidfile "$REDIS_PIDFILE" --dir "$dir" --logfile "$dir/redis.log" "$@" >/dev/null 2>&1; then
      for _ in $(seq 1 50); do
        [ "$(redis-cli -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ] && return 0
        sleep 0.1
      done
    fi
    REDIS_PORT=$((REDIS_PORT + 1))
  done
  echo "could not start redis-server on a loopback port" >&2
  cat "$dir/redis.log" >&2 2>/dev/null || true
  return 1
}

stop_private_redis() {
  if [ -n "${REDIS_PIDFILE:-}" ] && [ -f "$REDIS_PIDFILE" ]; then
    kill "$(cat "$REDIS_PIDFILE")" 2>/dev/null || true
  fi
}
