#!/usr/bin/env bash
# Builds the release binaries as shipped: paylink (production) and paylink-dev (the stand-in and
# the demo), with the Swift runtime linked in statically. A host then needs no Swift runtime,
# and a worker maps only the runtime code it uses: about 3 MB less resident memory each.
# Extra arguments go to `swift build`.
set -euo pipefail
cd "$(dirname "$0")/.."
for product in paylink paylink-dev; do
  swift build -c release --static-swift-stdlib --product "$product" "$@"
done
