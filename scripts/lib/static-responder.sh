# Sourced by benchmark scripts: start_static_responder DIR runs nginx (Debian nginx-light) with
# Benchmarks/static-responder/nginx.conf.in on a free loopback port, its files in DIR, and sets
# STATIC_URL and STATIC_PID. Returns non-zero, with nginx's log on stderr, if it does not start.
start_static_responder() {
  local dir=$1 template port
  template="$(dirname "${BASH_SOURCE[0]}")/../../Benchmarks/static-responder/nginx.conf.in"
  command -v nginx >/dev/null || PATH="$PATH:/usr/sbin"
  for _ in $(seq 1 20); do
    port=$((40000 + RANDOM % 20000))
    sed -e "s|@PORT@|$port|" -e "s|@DIR@|$dir|g" "$template" >"$dir/nginx.conf"
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/nginx-error.log" >"$dir/nginx.out" 2>&1 &
    STATIC_PID=$!
    for _ in $(seq 1 50); do
      if curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/api/v1/auth/token"; then
        STATIC_URL="http://127.0.0.1:$port"
        return 0
      fi
      kill -0 "$STATIC_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill "$STATIC_PID" 2>/dev/null || true
  done
  echo "could not start the static responder (nginx)" >&2
  cat "$dir/nginx-error.log" "$dir/nginx.out" >&2 2>/dev/null || true
  return 1
}
