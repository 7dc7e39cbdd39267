# Sourced by scripts, after private-redis.sh: make_scratch NAME makes a private directory $work
# under /tmp and an empty array `pids`; on exit every process in `pids` is stopped, the private
# redis-server too if one was started, and the directory removed.
make_scratch() {
  work=$(mktemp -d "/tmp/$1.XXXXXX")
  pids=()
  trap cleanup_scratch EXIT
}

cleanup_scratch() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_private_redis
  rm -rf "$work"
}
