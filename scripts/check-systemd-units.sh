#!/usr/bin/env bash
# Proves Deploy/systemd on this host, without a running systemd:
#  1. `systemd-analyze verify` of the units installed into a throw-away root (the host's own
#     units beside them, the built binaries where ExecStart names them) prints nothing at all;
#  2. `systemd-analyze security --offline=yes` scores the worker's and the dashboard's exposure
#     under 3.0;
#  3. the worker starts the way the unit starts it, read from the unit itself: its Environment=
#     lines with %i and %d expanded, its EnvironmentFile, its LoadCredential= files copied into a
#     credentials directory (mode 0400, the service's user), its ExecStart, as an unprivileged
#     user (DynamicUser's range) with no new privileges; against a private redis-server, as the
#     contract's `paylink-worker` ACL user, and the stand-in. Orders get links, /readyz answers,
#     and SIGTERM ends it with status 0 within TimeoutStopSec.
#  4. the dashboard starts the same way from paylink-dashboard.service (its users file and
#     Redis password as credentials, --secure-cookies always), as the contract's
#     `paylink-dashboard` ACL user, over the queue the worker just served (its dashboard.env
#     moves the port off 8080, as the unit's comment allows): signed out, /readyz (Redis reached
#     as the unit reaches it) and /livez answer 200 without a cookie, and so does
#     `paylink probe readyz --dashboard`; the API answers 401 and pages send to /login; a viewer signs in (a Secure, HttpOnly cookie) and reads the
#     worker's 40 results but may not act; an admin pauses and resumes the queue and purges a
#     dead entry (scripts, under the ACL user) with the session's CSRF token; nothing is refused
#     by Redis, no secret is logged, and SIGTERM ends it with status 0 within TimeoutStopSec.
# Absolute paths under the unit's StateDirectory are mapped into the throw-away root (systemd
# would mount them there). Needs root (setpriv, chown). Usage: scripts/check-systemd-units.sh [BIN_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/private-redis.sh
source scripts/lib/mock-api.sh
source scripts/lib/scratch.sh
source scripts/lib/systemd-unit.sh
bin_dir=${1:-$(swift build --show-bin-path)}
unit=Deploy/systemd/paylink-worker@.service
fail() { echo "check-systemd-units: $*" >&2; exit 1; }
[ -x "$bin_dir/paylink" ] && [ -x "$bin_dir/paylink-dev" ] || fail "no paylink and paylink-dev in $bin_dir (build first)"
[ "$(id -u)" -eq 0 ] || fail "needs root, to run the worker as the unit's unprivileged user"

make_scratch paylink-systemd
chmod 755 "$work"  # the worker runs as another user and must reach its files
root=$work/root

# 1. verify, in a root holding the host's units and ours.
mkdir -p "$root/etc/systemd/system" "$root/usr/local/bin" "$root/etc/paylink" "$root/usr/lib/systemd"
cp -a /usr/lib/systemd/system "$root/usr/lib/systemd/"
cp Deploy/systemd/*.service Deploy/systemd/*.target "$root/etc/systemd/system/"
# `paylink dashboard` execs paylink-dev from paylink's own directory.
cp "$bin_dir/paylink" "$bin_dir/paylink-dev" "$root/usr/local/bin/"
: >"$root/etc/paylink/worker.env"
: >"$root/etc/paylink/dashboard.env"
for secret in app-key redis-password dashboard-users dashboard-redis-password; do
  install -m 600 /dev/null "$root/etc/paylink/$secret"
done
instance=$((42000 + RANDOM % 10000))
units=("paylink-worker@$instance.service" paylink.target paylink-dashboard.service)
output=$(systemd-analyze verify --root="$root" "${units[@]}" 2>&1) || fail "systemd-analyze verify failed: $output"
[ -z "$output" ] || fail "systemd-analyze verify printed (it only warns, so any output fails): $output"

# 2. the exposure scores.
scores=()
for service in "${units[0]}" paylink-dashboard.service; do
  report=$(systemd-analyze security --offline=yes --root="$root" "$service" 2>&1)
  score=$(sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p' <<<"$report")
  [ -n "$score" ] || fail "no exposure score for $service in: $report"
  awk -v s="$score" 'BEGIN { exit !(s < 3.0) }' || fail "$service: exposure $score is not under 3.0: $report"
  name=${service%.service}; scores+=("${name%%@*} $score")
done
echo "check-systemd-units: verify printed nothing; exposure: ${scores[*]} (each under 3.0)"

# 3. start the worker as the unit would.
start_private_redis "$work"
redis() { redis-cli -p "$REDIS_PORT" "$@"; }
password="pw-$RANDOM$RANDOM$RANDOM"
acl=$(grep '^ACL SETUSER paylink-worker ' docs/redis-contract.md) || fail "no paylink-worker ACL line in docs/redis-contract.md"
# shellcheck disable=SC2086  # the ACL line is a list of words
redis ${acl//<password>/$password} >/dev/null
start_mock "$bin_dir/paylink-dev" "$work/mock.log"
pids+=("$MOCK_PID")
queue="systemd-$RANDOM"
cat >"$root/etc/paylink/worker.env" <<EOF
PAYLINK_REDIS_URL=redis://paylink-worker@127.0.0.1:$REDIS_PORT/0
PAYLINK_API_BASE_URL=$MOCK_URL
PAYLINK_APP_ID=ON00000185
PAYLINK_QUEUE=$queue
PAYLINK_LOG_LEVEL=warning
EOF
printf 'demo-app-key-0e83\n' >"$root/etc/paylink/app-key"
printf '%s\n' "$password" >"$root/etc/paylink/redis-password"

uid=61184  # the first UID of systemd's DynamicUser range
prepare_unit "$unit" "paylink-worker@$instance.service" "$instance" "$uid"

orders=40
for i in $(seq 1 "$orders"); do
  printf '{"orderId":"sd-%d","amount":"%d","callbackURL":"https://shop.example/notify/%d","returnURL":"https://shop.example/orders/%d"}\n' "$i" "$((100 + i))" "$i" "$i"
done | while read -r order; do redis LPUSH "paylink:{$queue}:pending" "$order" >/dev/null; done

run_as_unit "$uid" "$work/worker.log"
worker=$UNIT_PID
pids+=("$worker")
for _ in $(seq 1 600); do
  [ "$(redis HGET "paylink:{$queue}:counts" succeeded)" = "$orders" ] && break
  kill -0 "$worker" 2>/dev/null || fail "the worker exited: $(cat "$work/worker.log")"
  sleep 0.1
done
[ "$(redis HGET "paylink:{$queue}:counts" succeeded)" = "$orders" ] || fail "not every order succeeded: $(redis HGETALL "paylink:{$queue}:counts" | tr '\n' ' ') $(cat "$work/worker.log")"
[ -n "$(redis HGET "paylink:{$queue}:result:sd-1" payInfo)" ] || fail "sd-1 has no link"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$instance/readyz")
[ "$code" = 200 ] || fail "/readyz on the instance's port answered $code"
kill -TERM "$worker"
started=$SECONDS
status=0
wait "$worker" || status=$?
[ "$status" -eq 0 ] || fail "the worker exited $status after SIGTERM: $(cat "$work/worker.log")"
[ $((SECONDS - started)) -lt "$stop_timeout" ] || fail "the worker took longer than TimeoutStopSec=$stop_timeout"
! grep -q -e "$password" -e demo-app-key-0e83 "$work/worker.log" || fail "a secret is in the worker's log"
echo "check-systemd-units: the worker ran as the unit runs it (uid $uid, credentials, ACL user): $orders orders succeeded, /readyz 200, SIGTERM exit 0"

# 4. the dashboard, as its unit starts it, over the queue the worker just served.
source scripts/lib/check-dashboard-unit.sh
