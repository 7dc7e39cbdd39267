#!/usr/bin/env bash
# Builds paylink's runtime container image on this host with no container engine and no registry,
# then proves it: the worker runs from the image's own root filesystem and orders get links.
#
#   scripts/build-image.sh            # build .build/image/oci (an OCI layout, tag paylink), then check it
#   scripts/build-image.sh --no-check # build only
#
# Only the runtime (the workers' image): the Containerfile's `dev` and `dashboard` targets add
# paylink-dev and are built with a container engine (`--target dashboard`); the dashboard's
# deployment is proven by scripts/check-systemd-units.sh and scripts/check-deploy-files.sh.
#
# The image is Deploy/container/Containerfile's `runtime` target made another way: the host's
# release binary (scripts/build-release.sh, debug info stripped), a Debian bookworm rootfs from
# mmdebstrap with exactly RUNTIME_PACKAGES (the script refuses to run when the Containerfile's
# list differs), the same user, directories and environment, packed into one layer by umoci.
# The check unpacks the image, and runs the image's own entrypoint, command, environment and
# user in a chroot (its own mount and PID namespaces, /proc, /dev, a tmpfs /tmp) against a
# private redis-server and the stand-in on loopback: a library missing from the package list
# stops it there. It also runs the image's HEALTHCHECK command inside the rootfs, and SIGTERM
# to tini must end the worker with status 0. Needs root (mmdebstrap, chroot, unshare).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/private-redis.sh
source scripts/lib/mock-api.sh
source scripts/lib/scratch.sh
check=1
[ "${1:-}" = "--no-check" ] && check=0
fail() { echo "build-image: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "needs root (mmdebstrap and chroot)"

RUNTIME_PACKAGES=(libhiredis0.14 libcurl4 libargon2-1 libstdc++6 ca-certificates tini)
containerfile_packages=$(sed -n '/AS base/,/^FROM/p' Deploy/container/Containerfile |
  sed -n 's/.*--no-install-recommends \(.*\) \\$/\1/p' | tr ' ' '\n' | sort | tr '\n' ' ')
ours=$(printf '%s\n' "${RUNTIME_PACKAGES[@]}" | sort | tr '\n' ' ')
[ "$containerfile_packages" = "$ours" ] ||
  fail "the Containerfile installs '$containerfile_packages' but this script '$ours': keep them equal"
# command:package pairs: what the build and the check need beyond make's own dependencies.
for pair in mmdebstrap:mmdebstrap umoci:umoci jq:jq strip:binutils unshare:util-linux; do
  command -v "${pair%%:*}" >/dev/null || scripts/install-deps.sh "${pair#*:}"
done

started=$SECONDS
[ -x .build/release/paylink ] || scripts/build-release.sh
out=.build/image
rm -rf "$out"
mkdir -p "$out/rootfs"
strip --strip-debug -o "$out/paylink" .build/release/paylink
# The Containerfile's base stage, step by step: packages (no docs, man pages or locales), the
# user, the spool directory; then the binary.
mirror=http://deb.debian.org/debian
mmdebstrap --quiet --variant=essential --include="$(IFS=,; echo "${RUNTIME_PACKAGES[*]}")" \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
  --customize-hook='echo "paylink:x:10001:" >>"$1/etc/group"' \
  --customize-hook='echo "paylink:x:10001:10001::/var/lib/paylink:/usr/sbin/nologin" >>"$1/etc/passwd"' \
  --customize-hook='echo "paylink:!:19000::::::" >>"$1/etc/shadow"' \
  --customize-hook='install -d -o 10001 -g 10001 -m 0700 "$1/var/lib/paylink" "$1/var/lib/paylink/spool"' \
  --customize-hook="install -m 0755 $out/paylink \"\$1/usr/local/bin/paylink\"" \
  bookworm "$out/rootfs.tar" "deb $mirror bookworm main" "deb $mirror bookworm-updates main" \
  "deb http://deb.debian.org/debian-security bookworm-security main"
tar -xf "$out/rootfs.tar" -C "$out/rootfs"
rm "$out/rootfs.tar"

umoci init --layout "$out/oci"
umoci new --image "$out/oci:paylink"
umoci insert --image "$out/oci:paylink" --history.created_by "scripts/build-image.sh (mmdebstrap bookworm: ${RUNTIME_PACKAGES[*]})" "$out/rootfs" /
umoci config --image "$out/oci:paylink" --config.user 10001:10001 \
  --config.env PAYLINK_SPOOL_DIR=/var/lib/paylink/spool --config.env PAYLINK_HTTP_ADDRESS=0.0.0.0:9464 \
  --config.env PAYLINK_LOG_FORMAT=json --config.env PATH=/usr/local/bin:/usr/bin:/bin \
  --config.volume /var/lib/paylink/spool --config.exposedports 9464/tcp --config.stopsignal SIGTERM \
  --config.entrypoint /usr/bin/tini --config.entrypoint -- --config.entrypoint /usr/local/bin/paylink \
  --config.cmd worker --config.cmd --shutdown-deadline --config.cmd 25 \
  --config.label org.opencontainers.image.title=paylink \
  --config.label org.opencontainers.image.source=Deploy/container/Containerfile
umoci gc --layout "$out/oci"
rm -rf "$out/rootfs" "$out/paylink"
# Compressed size: the layer blobs as a registry stores them (gzip), plus config and manifest.
size=$(du -cb "$out"/oci/blobs/sha256/* | tail -1 | cut -f1)
echo "build-image: $out/oci:paylink built in $((SECONDS - started)) s; $(awk -v b="$size" 'BEGIN { printf "%.1f", b / 1e6 }') MB compressed"
[ "$check" -eq 1 ] || exit 0

# The check: run the worker from the image's rootfs, as the image says to run it.
make_scratch paylink-image
umoci unpack --image "$out/oci:paylink" "$work/bundle" >/dev/null
root=$work/bundle/rootfs
spec=$work/bundle/config.json
mapfile -t args < <(jq -r '.process.args[]' "$spec")
mapfile -t environment < <(jq -r '.process.env[]' "$spec")
uid=$(jq -r '.process.user.uid' "$spec")
gid=$(jq -r '.process.user.gid' "$spec")
[ "$uid" = 10001 ] || fail "the image runs as uid $uid, not 10001"
start_private_redis "$work"
start_mock .build/release/paylink-dev "$work/mock.log"
pids+=("$MOCK_PID")
queue="image-$RANDOM"
port=$((42000 + RANDOM % 10000))
orders=30
for i in $(seq 1 "$orders"); do
  redis-cli -p "$REDIS_PORT" LPUSH "paylink:{$queue}:pending" \
    "{\"orderId\":\"img-$i\",\"amount\":\"$((100 + i))\",\"callbackURL\":\"https://shop.example/n/$i\",\"returnURL\":\"https://shop.example/o/$i\"}" >/dev/null
done
environment+=("PAYLINK_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0" "PAYLINK_API_BASE_URL=$MOCK_URL" "PAYLINK_APP_ID=ON00000185"
  "PAYLINK_APP_KEY=demo-app-key-0e83" "PAYLINK_QUEUE=$queue" "PAYLINK_HTTP_ADDRESS=127.0.0.1:$port" "PAYLINK_LOG_LEVEL=warning")
in_image() {
  # A mount and PID namespace of its own: /proc shows only the container's processes, /dev is
  # the host's (as an engine's default), /tmp is empty; the network is the host's loopback.
  unshare --mount --pid --fork --kill-child -- sh -c '
    root=$1; shift
    mount -t proc proc "$root/proc" && mount --rbind /dev "$root/dev" && mount -t tmpfs tmpfs "$root/tmp"
    exec chroot --userspec="$UID_GID" "$root" "$@"' sh "$root" env -i "${environment[@]}" "$@"
}
export UID_GID="$uid:$gid"
in_image "${args[@]}" >"$work/worker.log" 2>&1 &
worker=$!
pids+=("$worker")
for _ in $(seq 1 600); do
  [ "$(redis-cli -p "$REDIS_PORT" HGET "paylink:{$queue}:counts" succeeded)" = "$orders" ] && break
  kill -0 "$worker" 2>/dev/null || fail "the worker in the image exited: $(cat "$work/worker.log")"
  sleep 0.1
done
[ "$(redis-cli -p "$REDIS_PORT" HGET "paylink:{$queue}:counts" succeeded)" = "$orders" ] ||
  fail "not every order succeeded: $(cat "$work/worker.log")"
# The Containerfile's HEALTHCHECK, run inside the image (OCI configs carry no healthcheck field).
health=$(sed -n 's/^HEALTHCHECK .*CMD \[\(.*\)\]$/\1/p' Deploy/container/Containerfile | tr -d '",')
# shellcheck disable=SC2086  # the command's words
in_image $health >"$work/health.log" 2>&1 || fail "the HEALTHCHECK command failed in the image: $(cat "$work/health.log")"
# SIGTERM goes to tini, the image's PID 1 (unshare's child), as an engine's stop would send it.
unshare_pid=$(pgrep -P "$worker" -x unshare)
tini_pid=$(pgrep -P "$unshare_pid")
kill -TERM "$tini_pid"
status=0
wait "$worker" || status=$?
[ "$status" -eq 0 ] || fail "SIGTERM ended the image's worker with status $status: $(cat "$work/worker.log")"
echo "build-image: the image's worker (uid $uid, under tini) gave $orders orders links from the image's rootfs; HEALTHCHECK passed; SIGTERM exit 0"
