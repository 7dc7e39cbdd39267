#!/usr/bin/env bash
# libcurl's own CPU per request on this machine, as a floor for paylink's HTTP client: a C
# program (Benchmarks/curl-floor/curl_floor.c) drives keep-alive POSTs through one multi handle
# against the nginx static responder, with nothing else in the process. Compare its CPU per
# request with the worker's `paylink-http` thread in run-e2e.sh.
# Usage: Benchmarks/run-curl-floor.sh [REQUESTS [IN_FLIGHT]]   (defaults 100000 256)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/static-responder.sh
work=$(mktemp -d /tmp/paylink-curl-floor.XXXXXX)
cleanup() {
  [ -n "${STATIC_PID:-}" ] && kill "$STATIC_PID" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
"${CC:-$(command -v cc || command -v clang)}" -O2 -Wall -o "$work/curl_floor" Benchmarks/curl-floor/curl_floor.c -lcurl
start_static_responder "$work"
"$work/curl_floor" "$STATIC_URL/api/v1/pay/alipay/web-pay" "${1:-100000}" "${2:-256}"
