#!/usr/bin/env bash
# Checks the monitoring files (scripts/test.sh runs it before the Swift suites; needs promtool,
# Debian package prometheus, and python3-yaml, both from scripts/install-deps.sh):
# - Deploy/prometheus/paylink-rules.yml parses (`promtool check rules`, every lint on);
# - its unit tests pass (`promtool test rules Deploy/prometheus/paylink-rules.test.yml`);
# - Deploy/prometheus/prometheus.yml is a valid config that loads those rules;
# - scripts/check-metrics-scrape.sh accepts a good scrape and rejects broken ones (served on
#   loopback from Deploy/prometheus/testdata/worker-metrics.prom and damaged copies of it);
# - the Grafana dashboard and the rules use only metrics of Deploy/prometheus/metrics.txt, and
#   every dashboard query and recording rule returns series from a Prometheus (a private one on
#   loopback, for a few seconds) scraping that good fixture (scripts/check-grafana-dashboard.py).
# Exits non-zero on the first failure, and on any promtool warning even when promtool exits 0.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v promtool >/dev/null 2>&1; then
  echo "check-prometheus-files: promtool is not on PATH; install Debian's prometheus package (make deps)" >&2
  exit 1
fi

# Runs promtool with the given arguments; fails on a non-zero exit or a warning in its output.
promtool_clean() {
  local output status=0
  output=$(promtool "$@" 2>&1) || status=$?
  if [ "$status" -ne 0 ] || grep -qi 'warn' <<<"$output"; then
    echo "check-prometheus-files: promtool $* (exit $status):" >&2
    printf '%s\n' "$output" >&2
    exit 1
  fi
}

promtool_clean check rules --lint=all --lint-fatal Deploy/prometheus/paylink-rules.yml
promtool_clean test rules Deploy/prometheus/paylink-rules.test.yml
promtool_clean check config --lint=all --lint-fatal Deploy/prometheus/prometheus.yml

# The scrape check, against a loopback server of fixtures. Each broken copy must fail, and for
# the reason given (a word of the expected message), not another.
dir=$(mktemp -d /tmp/paylink-scrape-check.XXXXXX)
pids=()
trap 'for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$dir"' EXIT
good=Deploy/prometheus/testdata/worker-metrics.prom
cp "$good" "$dir/good"
grep -v '^paylink_spool_results\|^# .* paylink_spool_results ' "$good" >"$dir/missing-metric"
sed 's/^paylink_inflight{queue="default"}/paylink_inflight{queue="default",worker="1"}/' "$good" >"$dir/extra-label"
sed 's/outcome="failed"/outcome="failure"/' "$good" >"$dir/bad-value"
sed 's/^# TYPE paylink_concurrency gauge/# TYPE paylink_concurrency untyped/' "$good" >"$dir/wrong-type"
sed '/^# HELP paylink_concurrency /d' "$good" >"$dir/no-help"
printf 'paylink_orders_total{queue="default" 1\n' >"$dir/unparsable"
: >"$dir/empty"
# Serves $dir/NAME at /NAME as text/plain; version=0.0.4, and /json as application/json.
timeout 120 python3 - "$dir" <<'EOF' &
import http.server, os, sys
root = sys.argv[1]
class Fixture(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        name = "good" if self.path == "/json" else self.path.strip("/")
        if not os.path.isfile(os.path.join(root, name)):
            self.send_error(404)
            return
        body = open(os.path.join(root, name), "rb").read()
        self.send_response(200)
        kind = "application/json" if self.path == "/json" else "text/plain; version=0.0.4; charset=utf-8"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), Fixture)
with open(os.path.join(root, "port.tmp"), "w") as f:
    f.write(str(server.server_address[1]))
os.rename(os.path.join(root, "port.tmp"), os.path.join(root, "port"))
server.serve_forever()
EOF
pids+=($!)
for _ in $(seq 1 50); do
  [ -f "$dir/port" ] && break
  sleep 0.1
done
[ -f "$dir/port" ] || { echo "check-prometheus-files: the fixture server did not start" >&2; exit 1; }
base="http://127.0.0.1:$(cat "$dir/port")"

if ! scripts/check-metrics-scrape.sh "$base/good" 2>"$dir/log"; then
  echo "check-prometheus-files: check-metrics-scrape.sh rejects the good fixture:" >&2
  cat "$dir/log" >&2
  exit 1
fi
expect_rejected() {
  local path=$1 reason=$2
  if scripts/check-metrics-scrape.sh "$base/$path" 2>"$dir/log"; then
    echo "check-prometheus-files: check-metrics-scrape.sh accepts /$path" >&2
    exit 1
  fi
  if ! grep -q -- "$reason" "$dir/log"; then
    echo "check-prometheus-files: check-metrics-scrape.sh rejects /$path without saying '$reason':" >&2
    cat "$dir/log" >&2
    exit 1
  fi
}
expect_rejected missing-metric "paylink_spool_results: no # HELP line"
expect_rejected extra-label "paylink_inflight has labels \['queue', 'worker'\]"
expect_rejected bad-value "outcome='failure'"
expect_rejected wrong-type "paylink_concurrency: # TYPE is untyped"
expect_rejected no-help "promtool check metrics (exit"
expect_rejected unparsable "promtool check metrics (exit 1)"
expect_rejected empty "empty body"
expect_rejected json "Content-Type 'application/json'"
expect_rejected absent "could not fetch"

# A private Prometheus scrapes the good fixture every second with the rules loaded; once it has
# three scrapes (rate() needs two), every dashboard query and recording rule must return series.
cat >"$dir/prometheus.yml" <<EOF
global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: ["$PWD/Deploy/prometheus/paylink-rules.yml"]
scrape_configs:
  - job_name: paylink
    metrics_path: /good
    static_configs: [{targets: ["127.0.0.1:$(cat "$dir/port")"]}]
EOF
prometheus_url=""
for _ in $(seq 1 5); do
  port=$((40000 + RANDOM % 20000))
  timeout 120 prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/tsdb" \
    --web.listen-address="127.0.0.1:$port" --log.level=warn >"$dir/prometheus.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    if curl -sf -o /dev/null "http://127.0.0.1:$port/-/ready"; then
      prometheus_url="http://127.0.0.1:$port"
      break 2
    fi
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  kill "${pids[-1]}" 2>/dev/null || true
done
if [ -z "$prometheus_url" ]; then
  echo "check-prometheus-files: the private Prometheus did not start:" >&2
  cat "$dir/prometheus.log" >&2
  exit 1
fi
scraped=""
for _ in $(seq 1 100); do
  if curl -sf --get --data-urlencode 'query=count_over_time(paylink_concurrency[1m]) >= 3' \
      "$prometheus_url/api/v1/query" | grep -q '"result":\[{'; then
    scraped=yes
    break
  fi
  sleep 0.1
done
if [ -z "$scraped" ]; then
  echo "check-prometheus-files: the private Prometheus did not scrape the fixture:" >&2
  cat "$dir/prometheus.log" >&2
  exit 1
fi
scripts/check-grafana-dashboard.py --prometheus "$prometheus_url"
echo "check-prometheus-files: rules, rule tests, config, scrape check and dashboard are fine"
