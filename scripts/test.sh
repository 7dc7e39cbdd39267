#!/usr/bin/env bash
# Runs the whole test suite against a private redis-server on a free loopback port, which it
# starts and stops itself. Tests that must restart Redis start their own on other ports.
set -euo pipefail
cd "$(dirname "$0")/.."
# The monitoring files (Prometheus rules and config, Grafana dashboard, the /metrics check) and
# the deployment files (Kubernetes, KEDA, compose: scripts/check-deploy-files.sh) need no build,
# so a full run checks them first; a filtered run is for Swift suites and skips them.
[ $# -gt 0 ] || scripts/check-prometheus-files.sh
[ $# -gt 0 ] || scripts/check-deploy-files.sh
source scripts/lib/private-redis.sh

dir=$(mktemp -d /tmp/paylink-test-redis.XXXXXX)
trap 'stop_private_redis; rm -rf "$dir"' EXIT
start_private_redis "$dir"
echo "test.sh: redis-server on 127.0.0.1:$REDIS_PORT"

export PAYLINK_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
# install-deps.sh installs promtool (Debian prometheus); a full run must not skip the live-scrape lint.
[ $# -gt 0 ] || export PAYLINK_REQUIRE_PROMTOOL=1
swift build --build-tests
# The Swift producer example is a package of its own that depends on this one; build it so the
# example test runs it as written (about a minute and a half on a fresh clone).
swift build --package-path examples/swift-producer
export PAYLINK_SWIFT_PRODUCER="$PWD/examples/swift-producer/.build/debug/swift-producer"
if [ $# -gt 0 ]; then
  swift test --skip-build "$@"
  exit
fi
# The deployment files are checked by the real tools: the systemd units by systemd-analyze, and
# the worker started the way its unit starts it (a few seconds).
scripts/check-systemd-units.sh "$(swift build --show-bin-path)"
# The dashboard in headless Chromium against real processes (about a minute): the overview's
# counts, clicks that retry and resume, a viewer refused, off-loopback sign-in, escaped markup.
scripts/check-dashboard-browser.sh "$(swift build --show-bin-path)"
# Rate-limit and token-expiry suites measure timing against the clock, the dashboard's overview
# speed test times answers (up to 240 ms with seven other tests beside it, against 100 ms), and the
# dropped-connection test needs its server thread scheduled promptly: they run on their own after
# the rest.
timed='DashboardOverviewSpeedTests|SentinelFleetTests|acknowledgedWritesSurviveSentinelFailover|ClusterFleetTests|SharedTokenTests|FleetRateLimiterTests|FleetRateLimiterPauseTests|FleetLimitWorkerTests|TokenExpiryRaceTests|aPOSTOnAReusedConnectionThatDiesUnansweredIsNotSentAgain'
# The rest runs in parallel, but at most TEST_WIDTH tests at a time: many start worker processes,
# redis-servers and the stand-in, and with all 400 at once two cores starve the in-process
# servers and the tests that wait on them (CI saw 10 s HTTP timeouts and late shutdowns).
# `swift test` cannot bound Swift Testing's width, so the test binary is run as swift test
# would run it.
tests="$(swift build --show-bin-path)/paylinkPackageTests.xctest"
"$tests" --testing-library swift-testing --skip "$timed" \
  --experimental-maximum-parallelization-width "${TEST_WIDTH:-8}"
"$tests" --testing-library swift-testing --filter "$timed" --experimental-maximum-parallelization-width 1
