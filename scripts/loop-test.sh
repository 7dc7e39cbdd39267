#!/usr/bin/env bash
# Runs one test again and again under CPU load until it fails or the count runs out, to catch
# rare stalls that only show on a busy machine (as CI is). Each run's output is kept; a failing
# run's log is printed at the end.
#
#   scripts/loop-test.sh [-n COUNT] [-l LOAD_PROCESSES] TEST_FILTER
#   scripts/loop-test.sh -n 200 -l 1 'revokedAndExpiringTokensAreRefreshedWithoutFailingOrders'
#
# The load is LOAD_PROCESSES busy loops of the shell's own (nothing to install), stopped by PID
# when the loop ends. Needs the tests built (swift build --build-tests) and a Redis: it starts a
# private one like scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/private-redis.sh

count=200
load=1
while getopts "n:l:" opt; do
  case $opt in
    n) count=$OPTARG ;;
    l) load=$OPTARG ;;
    *) echo "usage: $0 [-n COUNT] [-l LOAD_PROCESSES] TEST_FILTER" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || { echo "usage: $0 [-n COUNT] [-l LOAD_PROCESSES] TEST_FILTER" >&2; exit 2; }
filter=$1

dir=$(mktemp -d /tmp/paylink-loop.XXXXXX)
burners=()
cleanup() {
  for pid in "${burners[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_private_redis
}
trap cleanup EXIT
start_private_redis "$dir"
export PAYLINK_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
for _ in $(seq 1 "$load"); do
  ( while :; do :; done ) &
  burners+=($!)
done

failures=0
for i in $(seq 1 "$count"); do
  log="$dir/run-$i.log"
  start=$(date +%s.%N)
  if swift test --skip-build --filter "$filter" >"$log" 2>&1; then
    rm -f "$log"
    status=passed
  else
    failures=$((failures + 1))
    status=FAILED
  fi
  printf 'run %d/%d: %s in %.1f s\n' "$i" "$count" "$status" "$(echo "$(date +%s.%N) - $start" | bc)"
  if [ "$status" = FAILED ]; then
    echo "--- log of run $i ($log), last 80 lines:"
    tail -n 80 "$log"
    break
  fi
done
echo "$failures failed of $i runs (logs in $dir)"
[ "$failures" -eq 0 ]
