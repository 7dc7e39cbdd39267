# Sourced by scripts: start_mock BIN LOG ARGS... runs `BIN mock-api --port 0 ARGS...` in the
# background with its output in LOG, waits (bounded, 10 s) for its "listening on" line, and sets
# MOCK_URL and MOCK_PID. Returns non-zero, with the log on stderr, if it does not start.
start_mock() {
  local bin=$1 log=$2
  shift 2
  "$bin" mock-api --port 0 "$@" >"$log" 2>&1 &
  MOCK_PID=$!
  MOCK_URL=""
  for _ in $(seq 1 200); do
    MOCK_URL=$(sed -n 's/^mock-api listening on //p' "$log" 2>/dev/null)
    [ -n "$MOCK_URL" ] && return 0
    sleep 0.05
  done
  echo "mock-api did not start" >&2
  cat "$log" >&2
  return 1
}
