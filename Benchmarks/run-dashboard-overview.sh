#!/usr/bin/env bash
# The dashboard's GET /api/overview over a Redis holding 1,000,000 results (issue 14 asks for
# under 100 ms, and no KEYS or unbounded SCAN). Runs DashboardOverviewSpeedTests with that many
# results seeded (the test suite's own run seeds 200,000 to stay quick) against a private
# redis-server the test starts, and prints the median and slowest of 20 requests over HTTP.
#   Benchmarks/run-dashboard-overview.sh            # 1,000,000 results
#   RESULTS=3000000 Benchmarks/run-dashboard-overview.sh
set -euo pipefail
cd "$(dirname "$0")/.."
results=${RESULTS:-1000000}
nice -n 19 swift build --build-tests
PAYLINK_DASHBOARD_SPEED_RESULTS=$results nice -n 19 swift test --skip-build --filter DashboardOverviewSpeedTests 2>&1 \
  | grep -E "dashboard overview over|passed|failed|error"
