#!/usr/bin/env bash
# Usage: scripts/check-metrics-scrape.sh URL   (e.g. http://127.0.0.1:9101/metrics)
# Fetches a live /metrics and fails (exit 1, the problems on stderr) unless:
# - it answers 200 within 10 s with a non-empty body and Content-Type text/plain; version=0.0.4
#   (Prometheus 3 refuses a scrape without a valid Content-Type);
# - `promtool check metrics` is silent. Debian's promtool 2.42 prints lint problems on stderr and
#   exits 3 for them (1 for a body it cannot parse), but lint output with exit 0 is possible in
#   other versions, so any output fails too;
# - scripts/lib/check-metrics-contract.py finds every metric of Deploy/prometheus/metrics.txt
#   with its type and labels, and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -ne 1 ]; then
  echo "usage: $0 URL" >&2
  exit 2
fi
url=$1
body=$(mktemp /tmp/paylink-metrics.XXXXXX)
trap 'rm -f "$body"' EXIT

if ! content_type=$(curl -sS --fail --max-time 10 -o "$body" -w '%{content_type}' "$url"); then
  echo "check-metrics-scrape: could not fetch $url" >&2
  exit 1
fi
case "$content_type" in
  text/plain*version=0.0.4*) ;;
  *)
    echo "check-metrics-scrape: $url has Content-Type '$content_type', expected 'text/plain; version=0.0.4; charset=utf-8'" >&2
    exit 1
    ;;
esac
if [ ! -s "$body" ]; then
  echo "check-metrics-scrape: $url answered an empty body" >&2
  exit 1
fi

status=0
lint=$(promtool check metrics <"$body" 2>&1) || status=$?
if [ "$status" -ne 0 ] || [ -n "$lint" ]; then
  echo "check-metrics-scrape: promtool check metrics (exit $status) on $url:" >&2
  printf '%s\n' "$lint" >&2
  exit 1
fi
python3 scripts/lib/check-metrics-contract.py "$body"
