# Sourced by scripts/check-systemd-units.sh after the worker's run (its $root, $work, $queue,
# $orders, $bin_dir, redis() and fail()): starts the dashboard exactly as
# Deploy/systemd/paylink-dashboard.service starts it and checks what it answers.
dashboard_unit=Deploy/systemd/paylink-dashboard.service
dashboard_uid=61185 # another UID of DynamicUser's range: the unit's own user
# The unauthenticated readiness probe (Deploy/kubernetes/dashboard-deployment.yaml): 200 only
# while the dashboard reaches Redis as its unit does (its ACL user, its password file).
dashboard_probe=/readyz

dashboard_password="pw-$RANDOM$RANDOM$RANDOM"
acl=$(grep '^ACL SETUSER paylink-dashboard ' docs/redis-contract.md) || fail "no paylink-dashboard ACL line in docs/redis-contract.md"
# shellcheck disable=SC2086  # the ACL line is a list of words
redis ${acl//<password>/$dashboard_password} >/dev/null
# The users file as docs/operations.md makes it: hashes from `paylink dashboard hash-password`.
admin_password="admin-$RANDOM$RANDOM$RANDOM"
viewer_password="viewer-$RANDOM$RANDOM$RANDOM"
bcrypt_hash() { printf '%s\n' "$1" | "$bin_dir/paylink" dashboard hash-password --cost 10; }
{
  echo "ops $(bcrypt_hash "$admin_password") admin"
  echo "watch $(bcrypt_hash "$viewer_password") viewer"
} >"$root/etc/paylink/dashboard-users"
printf '%s\n' "$dashboard_password" >"$root/etc/paylink/dashboard-redis-password"
# The unit's port (8080) may be taken on this host: the env file moves it, as the unit allows.
# Other tests on this host listen in the same range: take one nobody listens on.
dashboard_port=$((42000 + RANDOM % 10000))
while ss -Hltn "sport = :$dashboard_port" | grep -q .; do dashboard_port=$((dashboard_port + 1)); done
cat >"$root/etc/paylink/dashboard.env" <<EOF
PAYLINK_REDIS_URL=redis://paylink-dashboard@127.0.0.1:$REDIS_PORT/0
PAYLINK_DASHBOARD_QUEUES=$queue
PAYLINK_DASHBOARD_ADDRESS=127.0.0.1:$dashboard_port
PAYLINK_LOG_LEVEL=info
EOF
grep -q '^Environment=PAYLINK_DASHBOARD_ADDRESS=127.0.0.1:8080$' "$dashboard_unit" || fail "the dashboard unit does not listen on 127.0.0.1:8080"
grep -q -- '--secure-cookies always' "$dashboard_unit" || fail "the dashboard unit does not ask for Secure cookies"
prepare_unit "$dashboard_unit" paylink-dashboard.service "" "$dashboard_uid"
run_as_unit "$dashboard_uid" "$work/dashboard.log"
dashboard=$UNIT_PID
pids+=("$dashboard")
for _ in $(seq 1 200); do
  grep -q "^dashboard listening on http://127.0.0.1:$dashboard_port$" "$work/dashboard.log" && break
  kill -0 "$dashboard" 2>/dev/null || fail "the dashboard exited: $(cat "$work/dashboard.log")"
  sleep 0.05
done
grep -q "^dashboard listening on http://127.0.0.1:$dashboard_port$" "$work/dashboard.log" || fail "the dashboard did not start: $(cat "$work/dashboard.log")"

base=http://127.0.0.1:$dashboard_port
# status METHOD PATH [curl arguments]: the HTTP status; headers in $work/headers, body in $work/body.
status_of() {
  local method=$1 path=$2
  shift 2
  curl -s -X "$method" -D "$work/headers" -o "$work/body" -w '%{http_code}' "$@" "$base$path"
  sed -i 's/\r$//' "$work/headers"
}
json() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2], {"d": d}))' "$work/body" "$1"; }
expect() { # status METHOD PATH [curl arguments]
  local want=$1 got
  shift
  got=$(status_of "$@")
  [ "$got" = "$want" ] || fail "dashboard: $1 $2 answered $got, not $want: $(cat "$work/body")"
}

# Signed out: the probe path answers, the API is 401, a page sends to the sign-in form.
expect 200 GET "$dashboard_probe"
grep -qi '^set-cookie:' "$work/headers" && fail "dashboard: $dashboard_probe set a cookie: $(cat "$work/headers")"
grep -qi '^cache-control: no-store' "$work/headers" || fail "dashboard: $dashboard_probe may be cached: $(cat "$work/headers")"
expect 200 GET /livez
# As a HEALTHCHECK asks: paylink probe --dashboard reads the unit's PAYLINK_DASHBOARD_ADDRESS.
PAYLINK_DASHBOARD_ADDRESS=127.0.0.1:$dashboard_port "$bin_dir/paylink" probe readyz --dashboard >/dev/null ||
  fail "dashboard: paylink probe readyz --dashboard did not answer 0"
expect 401 GET /api/overview
expect 303 GET /
grep -qi '^location: /login' "$work/headers" || fail "dashboard: / did not send to /login: $(cat "$work/headers")"

# sign_in NAME PASSWORD JAR: the form POST /login, as the browser sends it.
sign_in() {
  expect 303 POST /login -c "$3" --data-urlencode "username=$1" --data-urlencode "password=$2"
  grep -qi '^location: /$' "$work/headers" || fail "dashboard: $1 was not signed in: $(cat "$work/headers")"
  local cookie
  cookie=$(grep -i '^set-cookie: paylink_session=' "$work/headers") || fail "dashboard: no session cookie for $1"
  grep -qi 'secure' <<<"$cookie" && grep -qi 'httponly' <<<"$cookie" || fail "dashboard: the session cookie is not Secure and HttpOnly: $cookie"
}
expect 303 POST /login --data-urlencode "username=ops" --data-urlencode "password=wrong"
grep -qi '^location: /login?error=1' "$work/headers" || fail "dashboard: a wrong password was not refused: $(cat "$work/headers")"

# A viewer reads the queue the worker served, and may not act.
sign_in watch "$viewer_password" "$work/viewer.jar"
expect 200 GET /api/overview -b "$work/viewer.jar"
succeeded=$(json '[q for q in d["queues"] if q["queue"] == "'"$queue"'"][0]["total"]["results"]["succeeded"]')
[ "$succeeded" = "$orders" ] || fail "dashboard: the overview shows $succeeded succeeded, not $orders: $(cat "$work/body")"
expect 200 GET /api/session -b "$work/viewer.jar"
viewer_csrf=$(json 'd["csrfToken"]')
expect 403 POST /api/actions/queue/pause -b "$work/viewer.jar" -H "X-CSRF-Token: $viewer_csrf" \
  -H 'Content-Type: application/json' --data "{\"queue\":\"$queue\",\"reason\":\"viewer\"}"

# An admin acts, through the action scripts, as the paylink-dashboard ACL user.
sign_in ops "$admin_password" "$work/admin.jar"
expect 200 GET /api/session -b "$work/admin.jar"
csrf=$(json 'd["csrfToken"]')
act() { # PATH BODY
  expect 200 POST "$1" -b "$work/admin.jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' --data "$2"
}
expect 403 POST /api/actions/queue/pause -b "$work/admin.jar" -H 'Content-Type: application/json' --data "{\"queue\":\"$queue\"}"
act /api/actions/queue/pause "{\"queue\":\"$queue\",\"reason\":\"systemd check\"}"
[ "$(redis HGET "paylink:{$queue}:paused" by)" = ops@dashboard ] || fail "dashboard: the pause did not reach Redis: $(cat "$work/body")"
act /api/actions/queue/resume "{\"queue\":\"$queue\"}"
[ "$(redis EXISTS "paylink:{$queue}:paused")" = 0 ] || fail "dashboard: the resume did not reach Redis"
act /api/actions/dead/purge "{\"queue\":\"$queue\",\"ids\":[\"no-such-order\"]}"

# Its peak resident memory over this run must sit well inside the unit's MemoryMax.
peak_kb=$(awk '/^VmHWM:/ { print $2 }' "/proc/$dashboard/status")
memory_max=$(unit_setting "$dashboard_unit" MemoryMax)
[ "$peak_kb" -lt $((${memory_max%M} * 1024 / 2)) ] || fail "the dashboard's peak RSS ${peak_kb} kB is over half the unit's MemoryMax=$memory_max"
kill -TERM "$dashboard"
started=$SECONDS
status=0
wait "$dashboard" || status=$?
[ "$status" -eq 0 ] || fail "the dashboard exited $status after SIGTERM: $(cat "$work/dashboard.log")"
[ $((SECONDS - started)) -lt "$stop_timeout" ] || fail "the dashboard took longer than TimeoutStopSec=$stop_timeout"
! grep -q NOPERM "$work/dashboard.log" || fail "Redis refused the dashboard something: $(cat "$work/dashboard.log")"
! grep -q -e "$dashboard_password" -e "$admin_password" -e "$viewer_password" -e '\$2[aby]\$' "$work/dashboard.log" ||
  fail "a secret is in the dashboard's log"
echo "check-systemd-units: the dashboard ran as its unit runs it (uid $dashboard_uid, credentials, ACL user paylink-dashboard):" \
  "$dashboard_probe 200, API 401 signed out, Secure cookie, viewer read $orders results and was refused an action," \
  "admin paused, resumed and purged; peak RSS $((peak_kb / 1024)) MB; SIGTERM exit 0"
