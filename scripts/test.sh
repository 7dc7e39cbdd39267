#!/usr/bin/env bash
# Runs the whole test suite against a private redis-server on a free loopback port, which it
# starts and stops itself. Tests that must restart Redis start their own on other ports.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/private-redis.sh

dir=$(mktemp -d /tmp/paylink-test-redis.XXXXXX)
trap 'stop_private_redis; rm -rf "$dir"' EXIT
start_private_redis "$dir"
echo "test.sh: redis-server on 127.0.0.1:$REDIS_PORT"

export PAYLINK_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
swift build --build-tests
swift test --skip-build "$@"
