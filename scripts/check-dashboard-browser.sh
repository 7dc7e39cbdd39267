#!/usr/bin/env bash
# The operators' dashboard in a real browser (scripts/check_dashboard_browser.py says what it
# checks): headless Chromium driven through chromedriver (Debian's chromium and chromium-driver,
# scripts/install-deps.sh) by Selenium, from PyPI into a venv under .build/ (pinned, made once,
# reused; Selenium is pointed at Debian's chromedriver, so it never downloads a driver).
#
# It runs in a network namespace of its own, made here and deleted on exit: its loopback holds
# every server of the run (no port of the host is used), and a veth pair inside it gives the
# dashboard an honest non-loopback address (10.231.x.1/30, reachable from nowhere but the
# namespace) for the off-loopback checks. Needs root (ip netns), like check-systemd-units.sh.
# Writes docs/dashboard-overview.png, docs/dashboard-order.png and docs/dashboard-dead.png
# (README.md shows them). Usage: scripts/check-dashboard-browser.sh [BIN_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
bin_dir=${1:-$(swift build --show-bin-path)}
fail() { echo "check-dashboard-browser: $*" >&2; exit 1; }
[ -x "$bin_dir/paylink" ] && [ -x "$bin_dir/paylink-dev" ] || fail "no paylink and paylink-dev in $bin_dir (build first)"
[ "$(id -u)" -eq 0 ] || fail "needs root, for its network namespace"
for tool in chromium chromedriver ip redis-server; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is not on PATH; run scripts/install-deps.sh"
done

venv=.build/browser-venv
requirements=(selenium==4.51.0 bcrypt==4.2.1)
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${requirements[*]}" ]; then
  echo "check-dashboard-browser: installing ${requirements[*]} into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${requirements[@]}"
  echo "${requirements[*]}" >"$stamp"
fi

namespace=paylink-dash-$$
subnet=$((RANDOM % 250 + 1))
outside=10.231.$subnet.1
cleanup() {
  # Whatever is still running in the namespace was started by this run.
  for pid in $(ip netns pids "$namespace" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  ip netns delete "$namespace" 2>/dev/null || true
}
trap cleanup EXIT
ip netns add "$namespace"
in_ns() { ip netns exec "$namespace" "$@"; }
in_ns ip link set lo up
in_ns ip link add pl-dash0 type veth peer name pl-dash1
in_ns ip addr add "$outside/30" dev pl-dash0
in_ns ip link set pl-dash1 up
in_ns ip link set pl-dash0 up
# Selenium Manager is never needed (the driver's path is given); SE_OFFLINE keeps it from asking.
in_ns env SE_OFFLINE=true "$venv/bin/python" scripts/check_dashboard_browser.py \
  --bin-dir "$(cd "$bin_dir" && pwd)" --screenshots docs --outside-address "$outside"
