#!/usr/bin/env python3
"""Structural checks of the deployment files that no schema validator knows about.

scripts/check-deploy-files.sh runs it (with PyYAML from its venv) after yamllint,
kubernetes-validate and docker compose config. It checks:
- the KEDA objects (Deploy/kubernetes/keda/) against KEDA's ScaledObject and
  TriggerAuthentication specification: required fields and their types, every trigger's
  metadata all strings, listLength a string of digits, authenticationRef naming an existing
  TriggerAuthentication whose Secret keys exist, a scalingModifiers formula naming only (and
  all) defined triggers, minReplicaCount <= maxReplicaCount;
- the PodMonitor (Deploy/kubernetes/monitoring/);
- that they agree with the worker's Deployment and with each other: the same names, probe paths
  and ports matching PAYLINK_HTTP_ADDRESS, terminationGracePeriodSeconds above
  --shutdown-deadline + 5 s + a 5 s margin, secret file paths matching the env vars, listName
  keys following the contract's pattern paylink:{<queue>}:pending, the paylink-keda ACL line of
  docs/redis-contract.md allowing exactly what the scalers run;
- Deploy/compose.yaml the same way (the worker's drain, secrets as private files, the Redis
  ACL equal to the contract's, Deploy/redis.conf's AOF and noeviction);
- the dashboard's files (check_deploy_dashboard.py).
Prints every failure and exits 1 if there is one.
"""
import math
import os
import re
import sys
from pathlib import Path

import yaml

import check_deploy_dashboard
from deploy_secret_files import check_secret_files

# PAYLINK_DEPLOY_ROOT: a copy of the repository's Deploy/ and docs/ (the script's self-test
# damages copies to prove each check fails).
ROOT = Path(os.environ.get("PAYLINK_DEPLOY_ROOT") or Path(__file__).resolve().parent.parent)
K8S = ROOT / "Deploy" / "kubernetes"
failures: list[str] = []
passed = 0

# The worker's spool and last Redis writes get one budget after the drain deadline (the
# systemd unit's TimeoutStopSec uses the same numbers); SIGKILL must come later still.
SHUTDOWN_BUDGET = 5
MARGIN = 5
# An API call's latency assumed when sizing maxReplicaCount (README.md, "How KEDA scales").
API_LATENCY_SECONDS = 0.5
QUEUE_NAME = r"[A-Za-z0-9_.:-]+"
EXPR_WORDS = {"and", "or", "not", "in", "matches", "contains", "true", "false", "nil", "let",
              "startsWith", "endsWith", "min", "max", "abs", "ceil", "floor", "round"}


def check(condition: bool, message: str) -> bool:
    global passed
    if condition:
        passed += 1
    else:
        failures.append(message)
    return condition


def load(path: Path) -> list[dict]:
    with path.open() as file:
        return [doc for doc in yaml.safe_load_all(file) if doc is not None]


def objects(directory: Path) -> list[tuple[Path, dict]]:
    found = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        found += [(path, doc) for doc in load(path)]
    return found


def one(objs, kind: str, name: str | None = None) -> dict:
    matches = [o for _, o in objs if o.get("kind") == kind and (name is None or o["metadata"]["name"] == name)]
    check(len(matches) == 1, f"expected exactly one {kind} {name or ''}, found {len(matches)}")
    return matches[0] if matches else {}


def flag_value(args: list[str], flag: str) -> str | None:
    return args[args.index(flag) + 1] if flag in args and args.index(flag) + 1 < len(args) else None


def host_port(address: str) -> tuple[str, int]:
    host, _, port = address.rpartition(":")
    check(host != "" and port.isdigit() and 1 <= int(port) <= 65535, f"{address!r} is not host:port")
    return host, int(port) if port.isdigit() else -1


def is_subset(small: dict, large: dict) -> bool:
    return all(large.get(k) == v for k, v in small.items())


# --- the core manifests and the worker's Deployment -------------------------------------------

core = objects(K8S)
kustomization = load(K8S / "kustomization.yaml")[0]
listed = set(kustomization.get("resources", []))
on_disk = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
check(listed == on_disk, f"kustomization.yaml resources {sorted(listed)} differ from the manifests {sorted(on_disk)}")
check(kustomization.get("namespace") == "paylink", "kustomization.yaml sets namespace paylink")
for _, obj in core:
    if obj["kind"] != "Namespace":
        check(obj["metadata"].get("namespace") == "paylink", f"{obj['kind']} {obj['metadata']['name']} is in namespace paylink")

deployment = one(core, "Deployment", "paylink-worker")
pod = deployment["spec"]["template"]
pod_labels = pod["metadata"]["labels"]
pod_spec = pod["spec"]
check(is_subset(deployment["spec"]["selector"]["matchLabels"], pod_labels), "the Deployment's selector matches its pods")
container = pod_spec["containers"][0]
check(any(i.get("name") == container["image"] for i in kustomization.get("images", [])),
      f"kustomization.yaml images: sets the container's image {container['image']!r}")
args = container["args"]
check(args[0] == "worker", "the container runs `paylink worker`")
deadline_text = flag_value(args, "--shutdown-deadline")
concurrency_text = flag_value(args, "--concurrency")
check(deadline_text is not None and deadline_text.isdigit(), "args give --shutdown-deadline in whole seconds")
check(concurrency_text is not None and concurrency_text.isdigit(), "args give --concurrency")
deadline = int(deadline_text or 0)
concurrency = int(concurrency_text or 1)
grace = pod_spec.get("terminationGracePeriodSeconds", 30)
check(grace >= deadline + SHUTDOWN_BUDGET + MARGIN,
      f"terminationGracePeriodSeconds {grace} >= --shutdown-deadline {deadline} + {SHUTDOWN_BUDGET} + {MARGIN}")
check(deployment["spec"]["strategy"]["rollingUpdate"]["maxUnavailable"] == 0, "rolling updates keep every worker until its successor is ready")

env = {e["name"]: e for e in container.get("env", [])}
for name, entry in env.items():
    check("valueFrom" not in entry or "secretKeyRef" not in entry["valueFrom"], f"env {name} takes no Secret (secrets are files)")
check("PAYLINK_APP_KEY" not in env and "PAYLINK_REDIS_PASSWORD" not in env, "no secret in the environment")
check(not any(a.startswith(("--app-key", "--redis-password")) and not a.endswith("-file") for a in args), "no secret on the command line")
configmap = one(core, "ConfigMap", "paylink-worker-config")
check(container["envFrom"][0]["configMapRef"]["name"] == "paylink-worker-config", "the container reads the ConfigMap")
settings = configmap["data"]
check(all(isinstance(v, str) for v in settings.values()), "every ConfigMap value is a string")
redis_url = settings.get("PAYLINK_REDIS_URL", "")
check(re.fullmatch(r"rediss?://[A-Za-z0-9_-]+@[^:/@]+:\d+/\d+", redis_url) is not None,
      f"PAYLINK_REDIS_URL {redis_url!r} names a user and no password")
for key in ("PAYLINK_API_BASE_URL", "PAYLINK_APP_ID", "PAYLINK_QUEUE", "PAYLINK_LOG_FORMAT", "PAYLINK_RATE"):
    check(key in settings, f"the ConfigMap sets {key}")
check(settings.get("PAYLINK_LOG_FORMAT") == "json", "logs are JSON")
queue = settings.get("PAYLINK_QUEUE", "default")
rate = float(settings.get("PAYLINK_RATE", "0"))

http_host, http_port = host_port(env["PAYLINK_HTTP_ADDRESS"]["value"])
check(http_host == "0.0.0.0", "the probes' listener is reachable by the kubelet (0.0.0.0)")
ports = {p["name"]: p["containerPort"] for p in container["ports"]}
check(list(ports.values()) == [http_port], f"the container port {ports} is PAYLINK_HTTP_ADDRESS's {http_port}")
for probe, path in (("startupProbe", "/livez"), ("livenessProbe", "/livez"), ("readinessProbe", "/readyz")):
    get = container.get(probe, {}).get("httpGet", {})
    port = ports.get(get.get("port"), get.get("port"))
    check(get.get("path") == path and port == http_port, f"{probe} asks {path} on port {http_port}, not {get}")
annotations = pod["metadata"].get("annotations", {})
check(annotations.get("prometheus.io/scrape") == "true" and annotations.get("prometheus.io/port") == str(http_port)
      and annotations.get("prometheus.io/path") == "/metrics", "the scrape annotations name /metrics on the metrics port")

pod_security = pod_spec["securityContext"]
check(pod_security.get("runAsNonRoot") is True and pod_security.get("runAsUser") == 10001
      and pod_security.get("runAsGroup") == 10001, "the pod runs as 10001:10001, never root")
check(pod_security.get("seccompProfile", {}).get("type") == "RuntimeDefault", "seccomp RuntimeDefault")
security = container["securityContext"]
check(security.get("readOnlyRootFilesystem") is True and security.get("allowPrivilegeEscalation") is False
      and security.get("capabilities", {}).get("drop") == ["ALL"], "read-only root, no escalation, every capability dropped")
check(pod_spec.get("automountServiceAccountToken") is False, "no Kubernetes API token in the pod")
account = one(core, "ServiceAccount", pod_spec["serviceAccountName"])
check(account.get("automountServiceAccountToken") is False, "the ServiceAccount mounts no token")

volumes = {v["name"]: v for v in pod_spec["volumes"]}
mounts = {m["mountPath"]: m for m in container["volumeMounts"]}
check_secret_files(check=check, who="the worker", variables=("PAYLINK_APP_KEY_FILE", "PAYLINK_REDIS_PASSWORD_FILE"), env=env,
                   container=container, pod_spec=pod_spec, pod_security=pod_security, secret=one(core, "Secret", "paylink-worker-secrets"))
spool = env.get("PAYLINK_SPOOL_DIR", {}).get("value", "")
spool_volume = volumes.get(mounts.get(spool, {}).get("name"), {})
check("sizeLimit" in spool_volume.get("emptyDir", {}), f"PAYLINK_SPOOL_DIR {spool!r} is an emptyDir with a sizeLimit")
check("sizeLimit" in volumes.get(mounts.get("/tmp", {}).get("name"), {}).get("emptyDir", {}), "/tmp is an emptyDir with a sizeLimit")

resources = container["resources"]
check(resources["requests"] == {"cpu": "250m", "memory": "64Mi"}, f"requests {resources['requests']}")
check("cpu" not in resources.get("limits", {}), "no CPU limit (the Deployment's comment says why)")
unit = (ROOT / "Deploy/systemd/paylink-worker@.service").read_text()
memory_max = re.search(r"^MemoryMax=(\d+)M$", unit, re.M)
check(memory_max is not None and resources["limits"].get("memory") == f"{memory_max.group(1)}Mi",
      "the memory limit equals the systemd unit's MemoryMax")

pdb = one(core, "PodDisruptionBudget", "paylink-worker")
check(is_subset(pdb["spec"]["selector"]["matchLabels"], pod_labels), "the PodDisruptionBudget selects the workers")
policy = one(core, "NetworkPolicy", "paylink-worker")
check(is_subset(policy["spec"]["podSelector"]["matchLabels"], pod_labels), "the NetworkPolicy selects the workers")
check(sorted(policy["spec"]["policyTypes"]) == ["Egress", "Ingress"], "the NetworkPolicy limits both directions")
ingress = policy["spec"]["ingress"]
check(len(ingress) == 1 and [p["port"] for p in ingress[0]["ports"]] == [http_port]
      and ingress[0]["from"][0]["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "monitoring"},
      "ingress only to the metrics port, from the monitoring namespace")
egress_ports = sorted({(p["protocol"], p["port"]) for rule in policy["spec"]["egress"] for p in rule["ports"]})
check(egress_ports == [("TCP", 53), ("TCP", 443), ("TCP", 6379), ("TCP", 6380), ("TCP", 26379), ("UDP", 53)],
      f"egress only to DNS, Redis (6379, 6380, 26379) and the API (443): {egress_ports}")

# --- KEDA ----------------------------------------------------------------------------------

contract = (ROOT / "docs/redis-contract.md").read_text()
acl_lines = {line.split()[2]: line.split() for line in contract.splitlines() if line.startswith("ACL SETUSER paylink-")}
keda_acl = acl_lines.get("paylink-keda", [])
check(bool(keda_acl), "docs/redis-contract.md has the paylink-keda ACL line")
keda_key_patterns = [w[1:] for w in keda_acl if w.startswith("~")]
keda_commands = {w[1:] for w in keda_acl if w.startswith("+")}
check("-@all" in keda_acl and not any(w.startswith("+@") for w in keda_acl), "paylink-keda starts from -@all and adds no category")
check({"eval", "type", "llen", "zcard", "ping"} <= keda_commands, f"paylink-keda may run KEDA's script and PING: {sorted(keda_commands)}")


def key_allowed(key: str) -> bool:
    # Redis glob: `*` is any run; `{` and `}` are literal.
    return any(re.fullmatch(re.escape(p).replace(r"\*", ".*"), key) for p in keda_key_patterns)


keda = objects(K8S / "keda")
trigger_auths = {o["metadata"]["name"]: o for _, o in keda if o["kind"] == "TriggerAuthentication"}
secrets = {o["metadata"]["name"]: o for _, o in keda if o["kind"] == "Secret"}
for name, auth in trigger_auths.items():
    check(auth["apiVersion"] == "keda.sh/v1alpha1" and auth["metadata"].get("namespace") == "paylink", f"TriggerAuthentication {name}: apiVersion and namespace")
    for ref in auth["spec"].get("secretTargetRef", []):
        check(set(ref) == {"parameter", "name", "key"} and all(isinstance(v, str) for v in ref.values()), f"{name}: secretTargetRef {ref} has parameter, name, key")
        check(ref["parameter"] in {"username", "password", "sentinelUsername", "sentinelPassword"}, f"{name}: parameter {ref['parameter']}")
        secret = secrets.get(ref["name"], {})
        check(ref["key"] in set(secret.get("stringData", {})) | set(secret.get("data", {})), f"{name}: Secret {ref['name']} has the key {ref['key']}")
for name, secret in secrets.items():
    check(secret.get("stringData", {}).get("username") == "paylink-keda", f"Secret {name}'s username is the contract's paylink-keda")

scaled = [(p, o) for p, o in keda if o["kind"] == "ScaledObject"]
check(len(scaled) == 4, f"four ScaledObject variants, found {len(scaled)}")
needed_replicas = math.ceil(rate * API_LATENCY_SECONDS / concurrency)
for path, obj in scaled:
    where = path.name
    spec = obj["spec"]
    check(obj["apiVersion"] == "keda.sh/v1alpha1", f"{where}: apiVersion keda.sh/v1alpha1")
    check(obj["metadata"]["name"] == deployment["metadata"]["name"] and obj["metadata"].get("namespace") == "paylink",
          f"{where}: named paylink-worker in paylink (one ScaledObject per Deployment; each file replaces the other)")
    target = spec.get("scaleTargetRef", {})
    check(target.get("name") == deployment["metadata"]["name"] and target.get("kind", "Deployment") == "Deployment",
          f"{where}: scaleTargetRef names the Deployment paylink-worker")
    for field in ("minReplicaCount", "maxReplicaCount", "pollingInterval", "cooldownPeriod"):
        check(isinstance(spec.get(field), int) and not isinstance(spec.get(field), bool) and spec[field] >= 0, f"{where}: {field} is a whole number")
    check(1 <= spec.get("minReplicaCount", 0) <= spec.get("maxReplicaCount", 0), f"{where}: 1 <= minReplicaCount <= maxReplicaCount")
    check(spec.get("maxReplicaCount", 0) >= needed_replicas,
          f"{where}: maxReplicaCount >= ceil(rate {rate} x {API_LATENCY_SECONDS} s / concurrency {concurrency}) = {needed_replicas}")
    check(spec.get("cooldownPeriod", 0) > grace, f"{where}: cooldownPeriod outlasts a drain ({grace} s)")
    check("fallback" not in spec, f"{where}: no fallback (it could scale down, and drop a spool, while Redis is away)")
    down = spec.get("advanced", {}).get("horizontalPodAutoscalerConfig", {}).get("behavior", {}).get("scaleDown", {})
    check(all(p["periodSeconds"] >= grace for p in down.get("policies", [])) and down.get("policies"),
          f"{where}: scale-down removes pods no faster than one drain apart")

    triggers = spec.get("triggers", [])
    names = [t.get("name") for t in triggers]
    check(len(triggers) > 0 and all(isinstance(n, str) and re.fullmatch(r"[a-z][a-z0-9-]*", n) for n in names)
          and len(set(names)) == len(names), f"{where}: every trigger has a unique name {names}")
    queues_seen: dict[str, set[str]] = {}
    for trigger in triggers:
        label = f"{where} trigger {trigger.get('name')}"
        kind = trigger.get("type")
        metadata = trigger.get("metadata", {})
        check(kind in {"redis", "redis-sentinel", "redis-cluster"}, f"{label}: type {kind}")
        check(isinstance(metadata, dict) and all(isinstance(v, str) for v in metadata.values()),
              f"{label}: every metadata value is a string (KEDA refuses numbers)")
        check(not any("password" in k.lower() or "username" in k.lower() for k in metadata),
              f"{label}: credentials come from the TriggerAuthentication, not metadata")
        for field in ("listLength", "activationListLength"):
            value = metadata.get(field)
            check(isinstance(value, str) and value.isdigit(), f"{label}: {field} {value!r} is a string of digits")
        check(int(metadata.get("listLength", "0") or 0) > 0, f"{label}: listLength above 0")
        check("keyName" not in metadata, f"{label}: listName, not keyName")
        list_name = metadata.get("listName", "")
        match = re.fullmatch(r"paylink:\{(" + QUEUE_NAME + r")\}:(pending|inflight|retry)", list_name)
        if check(match is not None, f"{label}: listName {list_name!r} is paylink:{{<queue>}}:pending|inflight|retry"):
            queues_seen.setdefault(match.group(1), set()).add(match.group(2))
            check(key_allowed(list_name), f"{label}: the paylink-keda ACL user may count {list_name}")
        if kind == "redis":
            host_port(metadata.get("address", ""))
        else:
            addresses = [a.strip() for a in metadata.get("addresses", "").split(",")]
            check(len(addresses) >= 1 and all(host_port(a) for a in addresses), f"{label}: addresses are host:port, comma-separated")
        if kind == "redis-sentinel":
            check(metadata.get("sentinelMaster", "") != "", f"{label}: sentinelMaster is set")
        if kind == "redis-cluster":
            check({"cluster|slots", "cluster|shards"} <= keda_commands, f"{label}: paylink-keda may read the slot map")
        if "databaseIndex" in metadata:
            check(metadata["databaseIndex"] == redis_url.rsplit("/", 1)[-1], f"{label}: databaseIndex is PAYLINK_REDIS_URL's")
            check(metadata["databaseIndex"] == "0" or "select" in keda_commands, f"{label}: paylink-keda may SELECT")
        auth_name = trigger.get("authenticationRef", {}).get("name")
        auth = trigger_auths.get(auth_name)
        if check(auth is not None, f"{label}: authenticationRef {auth_name!r} names a TriggerAuthentication"):
            parameters = {r["parameter"] for r in auth["spec"]["secretTargetRef"]}
            wanted = {"username", "password"} | ({"sentinelUsername", "sentinelPassword"} if kind == "redis-sentinel" else set())
            check(parameters == wanted, f"{label}: {auth_name} gives {sorted(parameters)}, wants {sorted(wanted)}")
    # Every queue (or shard) counted for orders waiting, held and scheduled for retry.
    sharded = [q for q in queues_seen if q != queue]
    check(all(parts == {"pending", "inflight", "retry"} for parts in queues_seen.values()),
          f"{where}: each queue counts pending, inflight and retry: {queues_seen}")
    if sharded:
        indices = sorted(int(q.split(":")[-1]) for q in sharded if re.fullmatch(re.escape(queue) + r":\d+", q))
        check(len(indices) == len(sharded) and indices == list(range(len(indices))),
              f"{where}: the shards are {queue}:0 ... {queue}:N-1 ({sorted(sharded)})")
    else:
        check(list(queues_seen) == [queue], f"{where}: counts the ConfigMap's queue {queue!r}")

    modifiers = spec.get("advanced", {}).get("scalingModifiers")
    if sharded or modifiers is not None:
        if check(isinstance(modifiers, dict), f"{where}: a sharded queue sums its shards with scalingModifiers"):
            formula = modifiers.get("formula")
            check(isinstance(formula, str) and formula.strip() != "", f"{where}: scalingModifiers.formula is a string")
            check(isinstance(modifiers.get("target"), str) and modifiers["target"].isdigit(), f"{where}: scalingModifiers.target is a string of digits")
            check(modifiers.get("target") == str(concurrency), f"{where}: target is one replica per --concurrency ({concurrency}) orders")
            check(isinstance(modifiers.get("activationTarget", "0"), str), f"{where}: activationTarget is a string")
            check(modifiers.get("metricType", "AverageValue") in {"AverageValue", "Value"}, f"{where}: metricType")
            used = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", formula or "")) - EXPR_WORDS
            check(used == set(names), f"{where}: the formula names exactly the triggers: uses {sorted(used)}, has {sorted(names)}")

# --- the PodMonitor --------------------------------------------------------------------------

monitor = one(objects(K8S / "monitoring"), "PodMonitor", "paylink-worker")
check(monitor.get("apiVersion") == "monitoring.coreos.com/v1" and monitor["metadata"].get("namespace") == "paylink", "PodMonitor apiVersion and namespace")
check(is_subset(monitor["spec"]["selector"]["matchLabels"], pod_labels), "the PodMonitor selects the workers")
endpoints = monitor["spec"]["podMetricsEndpoints"]
check(all(e.get("port") in ports and e.get("path") == "/metrics" for e in endpoints) and endpoints,
      "the PodMonitor scrapes /metrics on the container's named port")
check(pod_labels.get(monitor["spec"].get("jobLabel", "")) == "paylink",
      "the PodMonitor's job is \"paylink\", which Deploy/prometheus/paylink-rules.yml matches on")
check('job="paylink"' in (ROOT / "Deploy/prometheus/paylink-rules.yml").read_text(), "the rules match job=\"paylink\"")

# --- Deploy/compose.yaml -------------------------------------------------------------------

compose = load(ROOT / "Deploy/compose.yaml")[0]
services = compose["services"]
check(set(services) == {"redis", "worker", "mock-api", "dashboard", "prometheus"}, f"compose services {sorted(services)}")
for name, service in services.items():
    check(service.get("read_only") is True and service.get("cap_drop") == ["ALL"]
          and "no-new-privileges:true" in service.get("security_opt", []), f"compose {name}: read-only, no capabilities, no new privileges")
    check(re.fullmatch(r"\d+:\d+", str(service.get("user", ""))) is not None and not str(service["user"]).startswith("0:"),
          f"compose {name}: runs as a numeric non-root user")
worker = services["worker"]
command = worker["command"]
# The image's ENTRYPOINT is tini -- paylink (Deploy/container/Containerfile): a command is paylink's arguments.
containerfile = (ROOT / "Deploy/container/Containerfile").read_text()
check('ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/paylink"]' in containerfile, "the runtime image's entrypoint is tini -- paylink")
check(command[:1] == ["worker"], "compose worker runs `paylink worker` (its command is the entrypoint's arguments)")
check(services["mock-api"]["command"][:1] == ["mock-api"] and "paylink-dev" in services["mock-api"]["image"],
      "compose stand-in runs `paylink-dev mock-api` from the dev image")
compose_deadline = int(flag_value(command, "--shutdown-deadline") or 0)
grace_text = str(worker.get("stop_grace_period", "10s"))
check(re.fullmatch(r"\d+s", grace_text) is not None and int(grace_text[:-1]) >= compose_deadline + SHUTDOWN_BUDGET + MARGIN,
      f"compose worker: stop_grace_period {grace_text} >= --shutdown-deadline {compose_deadline} + {SHUTDOWN_BUDGET} + {MARGIN}")
check(worker.get("deploy", {}).get("replicas") == 2, "compose starts 2 workers (--scale worker=N for more)")
worker_env = worker["environment"]
check(not any(k in worker_env for k in ("PAYLINK_APP_KEY", "PAYLINK_REDIS_PASSWORD")), "compose worker: no secret in the environment")
compose_secrets = compose["secrets"]
worker_uid = str(worker["user"]).split(":")[0]
for variable, source in (("PAYLINK_APP_KEY_FILE", "app_key"), ("PAYLINK_REDIS_PASSWORD_FILE", "redis_password")):
    check(worker_env.get(variable) == f"/run/secrets/{source}", f"compose worker: {variable} is /run/secrets/{source}")
    ref = next((s for s in worker.get("secrets", []) if isinstance(s, dict) and s.get("source") == source), {})
    check(ref.get("uid") == worker_uid and isinstance(ref.get("mode"), int) and ref["mode"] & 0o077 == 0,
          f"compose worker: secret {source} is the worker user's alone ({ref})")
    check(set(compose_secrets.get(source, {})) == {"environment"}, f"compose secret {source} comes from the environment (copied with its owner and mode)")
_, compose_http_port = host_port(worker_env["PAYLINK_HTTP_ADDRESS"])
check(worker_env["PAYLINK_REDIS_URL"].startswith("redis://paylink-worker@redis:"), "compose worker logs in as paylink-worker")
redis_service = services["redis"]
script = redis_service["command"][0]
acl_parts = re.findall(r"worker='([^']*)'\n\s*worker=\"\$\$worker ([^\"]*)\"", script)
worker_acl = " ".join(acl_lines.get("paylink-worker", [])[5:])
check(len(acl_parts) == 1 and " ".join(acl_parts[0]) == worker_acl,
      f"compose Redis gives paylink-worker the contract's rules ({worker_acl!r})")
check("user default off" in script, "compose Redis refuses the passwordless default user")
conf = compose["configs"]
check(conf["redis_conf"].get("file") == "./redis.conf", "compose Redis uses Deploy/redis.conf")
redis_conf = (ROOT / "Deploy/redis.conf").read_text()
check(re.search(r"^appendonly yes$", redis_conf, re.M) is not None and re.search(r"^maxmemory-policy noeviction$", redis_conf, re.M) is not None,
      "Deploy/redis.conf has AOF on and noeviction")
check(conf["paylink_rules"].get("file") == "./prometheus/paylink-rules.yml", "compose Prometheus loads paylink-rules.yml")
prometheus_config = yaml.safe_load(conf["prometheus_yml"]["content"])
jobs = {j["job_name"]: j for j in prometheus_config["scrape_configs"]}
check("paylink" in jobs and jobs["paylink"]["dns_sd_configs"][0]["port"] == compose_http_port
      and jobs["paylink"]["dns_sd_configs"][0]["names"] == ["worker"], "compose Prometheus scrapes every worker replica as job paylink")
mock = services["mock-api"]
check(worker_env["PAYLINK_API_BASE_URL"].endswith("http://mock-api:" + flag_value(mock["command"], "--port") + "}"),
      "compose workers reach the stand-in by default")

# --- the dashboard (Kubernetes, compose, the Containerfile's stage) ----------------------

check_deploy_dashboard.run(root=ROOT, k8s_objects=core, kustomization=kustomization, worker_labels=deployment["spec"]["selector"]["matchLabels"],
                           worker_redis_url=redis_url, acl_lines=acl_lines, compose=compose, containerfile=containerfile,
                           check=check, one=one, flag_value=flag_value, host_port=host_port, is_subset=is_subset)

for failure in failures:
    print(f"check_deploy: FAIL {failure}", file=sys.stderr)
# Checks, not tests: worded so that no CI reads this line as a test runner's count.
print(f"check_deploy: {len(failures)} of {passed + len(failures)} checks fail" if failures else f"check_deploy: all {passed} checks hold")
sys.exit(1 if failures else 0)
