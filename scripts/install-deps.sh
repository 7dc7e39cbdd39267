#!/usr/bin/env bash
# Installs the Debian packages paylink builds and runs with, when missing. Needs Swift 6 already
# (https://www.swift.org/install/linux/); everything else comes from Debian.
set -euo pipefail

# prometheus is there for promtool (scripts/check-prometheus-files.sh); python3-yaml for the
# dashboard check; libssl-dev for TLS to Redis (rediss://), openssl for the TLS tests' certificates;
# libargon2-dev for the dashboard's Argon2 password hashes;
# systemd for systemd-analyze and curl for the probes (scripts/check-systemd-units.sh).
packages=(libhiredis-dev libcurl4-openssl-dev libssl-dev libargon2-dev openssl redis-server redis-tools pkg-config python3-redis
  python3-jsonschema python3-yaml prometheus systemd curl)
# python3-venv for the deployment checks' venv of PyPI tools, and kubectl for `kubectl kustomize`
# (scripts/check-deploy-files.sh): Debian's kubernetes-client, unless a kubectl is already on PATH
# (another package's /usr/bin/kubectl would conflict with it).
packages+=(python3-venv)
# The dashboard's browser test (scripts/check-dashboard-browser.sh): headless Chromium, Debian's
# chromedriver of the same version, iproute2 for its network namespace, and a font (installs
# without recommends bring none, and a page would render as empty boxes).
packages+=(chromium chromium-driver iproute2 fonts-dejavu-core)
command -v kubectl >/dev/null 2>&1 || packages+=(kubernetes-client)
# Extra packages named on the command line (the benchmarks add nginx-light, wrk and libjemalloc2).
packages+=("$@")

if ! command -v swift >/dev/null 2>&1; then
  echo "install-deps: swift is not on PATH; install Swift 6 first (https://www.swift.org/install/linux/)" >&2
  exit 1
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian's prometheus package enables and starts a Prometheus server on *:9090; the tests want
# only its promtool, so a server this script installed is stopped and disabled again.
if [[ " ${missing[*]} " == *" prometheus "* ]] && [ -d /run/systemd/system ]; then
  $sudo systemctl disable --now prometheus.service >/dev/null 2>&1 || true
  echo "install-deps: installed prometheus for promtool; its server is disabled (systemctl enable --now prometheus to run it)"
fi
