# Sourced by benchmark scripts: start_static_responder DIR [LATENCY_SECONDS] runs nginx (Debian
# nginx-light, with its echo module) from Benchmarks/static-responder/nginx.conf.in on two free
# loopback ports, its files in DIR. Sets STATIC_URL (answers at once), STATIC_DELAYED_URL (answers
# pay calls after LATENCY_SECONDS, default 0.02) and STATIC_PID. Returns non-zero, with nginx's
# log on stderr, if it does not start.
start_static_responder() {
  local dir=$1 latency=${2:-0.02} template port delayed
  template="$(dirname "${BASH_SOURCE[0]}")/../../Benchmarks/static-responder/nginx.conf.in"
  command -v nginx >/dev/null || PATH="$PATH:/usr/sbin"
  for _ in $(seq 1 20); do
    port=$((40000 + RANDOM % 20000))
    delayed=$((port + 1))
    sed -e "s|@PORT@|$port|" -e "s|@DELAYED_PORT@|$delayed|" -e "s|@LATENCY@|$latency|" -e "s|@DIR@|$dir|g" \
      "$template" >"$dir/nginx.conf"
    nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/nginx-error.log" >"$dir/nginx.out" 2>&1 &
    STATIC_PID=$!
    for _ in $(seq 1 50); do
      if curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/api/v1/auth/token" &&
         curl -sf -o /dev/null -X POST "http://127.0.0.1:$delayed/api/v1/auth/token"; then
        STATIC_URL="http://127.0.0.1:$port"
        STATIC_DELAYED_URL="http://127.0.0.1:$delayed"
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
