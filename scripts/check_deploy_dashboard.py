"""check_deploy.py's checks of the dashboard's deployment files (imported and run by it).

- Deploy/kubernetes/dashboard-*.yaml: one replica (sessions live in the process), the image's
  dashboard target, listening where its port, probes and Service say, sign-in files as private
  files of its Secret, the contract's paylink-dashboard Redis user on the workers' Redis, no
  root, no API token; its NetworkPolicy lets in the ingress controller only and out DNS and
  Redis only; its placeholder users file lists nobody;
- the compose `dashboard` service: the same, published on loopback only, and the compose Redis
  giving paylink-dashboard the contract's rules;
- the Containerfile's `dashboard` stage, which must not be the last (the default) stage.
"""
import re
from typing import Callable

from deploy_secret_files import check_secret_files

# The unauthenticated paths each probe asks: startup and liveness never wait on Redis (a Redis
# blip must not restart the dashboard); readiness does (a dashboard without Redis leaves the Service).
PROBE_PATHS = {"startupProbe": "/livez", "livenessProbe": "/livez", "readinessProbe": "/readyz"}


def run(*, root, k8s_objects, kustomization, worker_labels, worker_redis_url, acl_lines, compose,
        containerfile: str, check: Callable[[bool, str], bool], one, flag_value, host_port, is_subset) -> None:
    deployment = one(k8s_objects, "Deployment", "paylink-dashboard")
    if not deployment:
        return
    spec = deployment["spec"]
    pod = spec["template"]
    labels = pod["metadata"]["labels"]
    pod_spec = pod["spec"]
    check(spec.get("replicas") == 1, "the dashboard runs one replica (its sessions live in the process's memory)")
    check(is_subset(spec["selector"]["matchLabels"], labels), "the dashboard Deployment's selector matches its pods")
    check(not is_subset(worker_labels, labels) and labels.get("app.kubernetes.io/component") == "dashboard",
          "the dashboard's pods are not selected as workers (the workers' PDB, NetworkPolicy and KEDA)")
    container = pod_spec["containers"][0]
    check(any(i.get("name") == container["image"] for i in kustomization.get("images", [])),
          f"kustomization.yaml images: sets the dashboard's image {container['image']!r}")
    args = container.get("args", [])
    check(args[:1] == ["dashboard"], "the dashboard container runs `paylink dashboard`")
    address = flag_value(args, "--address") or ""
    host, port = host_port(address)
    check(host == "0.0.0.0", "the dashboard listens on the pod's address (0.0.0.0), where the Service and kubelet reach it")
    ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
    check(list(ports.values()) == [port], f"the container port {ports} is --address's {port}")
    check(flag_value(args, "--secure-cookies") == "always", "TLS ends at the ingress, so cookies are always Secure")
    for probe, path in PROBE_PATHS.items():
        get = container.get(probe, {}).get("httpGet", {})
        check(get.get("path") == path and ports.get(get.get("port"), get.get("port")) == port,
              f"dashboard {probe} asks the unauthenticated {path} on port {port}, not {get}")

    env = {e["name"]: e for e in container.get("env", [])}
    check(not any("secretKeyRef" in e.get("valueFrom", {}) for e in env.values())
          and not {"PAYLINK_REDIS_PASSWORD", "PAYLINK_DASHBOARD_TOKEN"} & set(env),
          "no secret in the dashboard's environment (secrets are files)")
    url = env.get("PAYLINK_REDIS_URL", {}).get("value", "")
    check("paylink-dashboard" in acl_lines, "docs/redis-contract.md has the paylink-dashboard ACL line")
    check(url.startswith(("redis://paylink-dashboard@", "rediss://paylink-dashboard@")),
          f"the dashboard logs in to Redis as the contract's paylink-dashboard ({url!r})")
    without_user = lambda u: re.sub(r"//[^@/]*@", "//", u)  # noqa: E731
    check(without_user(url) == without_user(worker_redis_url), f"the dashboard reads the workers' Redis ({url!r}, {worker_redis_url!r})")
    queue_ref = env.get("PAYLINK_QUEUE", {}).get("valueFrom", {}).get("configMapKeyRef", {})
    check(queue_ref == {"name": "paylink-worker-config", "key": "PAYLINK_QUEUE"}, "the dashboard shows the workers' queue")
    check(env.get("PAYLINK_LOG_FORMAT", {}).get("value") == "json", "the dashboard logs JSON")

    pod_security = pod_spec.get("securityContext", {})
    check(pod_security.get("runAsNonRoot") is True and pod_security.get("runAsUser") == 10001
          and pod_security.get("runAsGroup") == 10001 and pod_security.get("seccompProfile", {}).get("type") == "RuntimeDefault",
          "the dashboard pod runs as 10001:10001 with seccomp RuntimeDefault")
    security = container.get("securityContext", {})
    check(security.get("readOnlyRootFilesystem") is True and security.get("allowPrivilegeEscalation") is False
          and security.get("capabilities", {}).get("drop") == ["ALL"], "the dashboard: read-only root, no escalation, no capabilities")
    check(pod_spec.get("automountServiceAccountToken") is False, "no Kubernetes API token in the dashboard pod")
    account = one(k8s_objects, "ServiceAccount", pod_spec.get("serviceAccountName"))
    check(account.get("automountServiceAccountToken") is False, "the dashboard's ServiceAccount mounts no token")

    secret = one(k8s_objects, "Secret", "paylink-dashboard-secrets")
    check_secret_files(check=check, who="the dashboard", variables=("PAYLINK_DASHBOARD_USERS_FILE", "PAYLINK_REDIS_PASSWORD_FILE"),
                       env=env, container=container, pod_spec=pod_spec, pod_security=pod_security, secret=secret)
    users = secret.get("stringData", {}).get("users", "")
    check(all(line.strip() == "" or line.strip().startswith("#") for line in users.splitlines()),
          "the placeholder users file lists no user (a dashboard started from it refuses to start, never lets anyone in)")

    resources = container.get("resources", {})
    check({"cpu", "memory"} <= set(resources.get("requests", {})), "the dashboard requests CPU and memory")
    check("cpu" not in resources.get("limits", {}), "no CPU limit on the dashboard")
    unit = (root / "Deploy/systemd/paylink-dashboard.service").read_text()
    memory_max = re.search(r"^MemoryMax=(\d+)M$", unit, re.M)
    check(memory_max is not None and resources.get("limits", {}).get("memory") == f"{memory_max.group(1)}Mi",
          "the dashboard's memory limit equals its systemd unit's MemoryMax")

    service = one(k8s_objects, "Service", "paylink-dashboard")
    check(service.get("spec", {}).get("type", "ClusterIP") == "ClusterIP", "the dashboard's Service is ClusterIP (plain HTTP, never exposed)")
    check(is_subset(service.get("spec", {}).get("selector", {}), labels) and service["spec"]["selector"],
          "the dashboard's Service selects its pods")
    targets = [p.get("targetPort") for p in service.get("spec", {}).get("ports", [])]
    check(targets and all(ports.get(t, t) == port for t in targets), f"the Service forwards to the container port {port}: {targets}")

    policy = one(k8s_objects, "NetworkPolicy", "paylink-dashboard")
    policy_spec = policy.get("spec", {})
    check(is_subset(policy_spec.get("podSelector", {}).get("matchLabels", {}), labels)
          and not is_subset(policy_spec.get("podSelector", {}).get("matchLabels", {}), worker_labels),
          "the dashboard's NetworkPolicy selects the dashboard, not the workers")
    check(sorted(policy_spec.get("policyTypes", [])) == ["Egress", "Ingress"], "the dashboard's NetworkPolicy limits both directions")
    ingress = policy_spec.get("ingress", [])
    check(len(ingress) == 1 and [p["port"] for p in ingress[0].get("ports", [])] == [port]
          and len(ingress[0].get("from", [])) == 1 and ingress[0]["from"][0].get("namespaceSelector", {}).get("matchLabels"),
          f"dashboard ingress only to port {port}, from the ingress controller's namespace")
    egress = sorted({(p["protocol"], p["port"]) for rule in policy_spec.get("egress", []) for p in rule.get("ports", [])})
    check(egress == [("TCP", 53), ("TCP", 6379), ("TCP", 6380), ("TCP", 26379), ("UDP", 53)],
          f"dashboard egress only to DNS and Redis (6379, 6380, 26379): {egress}")

    check_compose(compose, acl_lines, check, flag_value, host_port)
    check_containerfile(containerfile, port, check)


def check_compose(compose, acl_lines, check, flag_value, host_port) -> None:
    dashboard = compose["services"].get("dashboard", {})
    command = dashboard.get("command", [])
    check(command[:1] == ["dashboard"] and "paylink-dashboard" in dashboard.get("image", ""),
          "compose dashboard runs `paylink dashboard` from the dashboard image")
    _, port = host_port(flag_value(command, "--address") or "")
    published = [str(p) for p in dashboard.get("ports", [])]
    check(published != [] and all(p.startswith("127.0.0.1:") and p.endswith(f":{port}") for p in published),
          f"compose dashboard is published on this host's loopback only, to --address's port {port}: {published}")
    env = dashboard.get("environment", {})
    check(env.get("PAYLINK_REDIS_URL", "").startswith("redis://paylink-dashboard@redis:"), "compose dashboard logs in as paylink-dashboard")
    check(not {"PAYLINK_REDIS_PASSWORD", "PAYLINK_DASHBOARD_TOKEN"} & set(env), "compose dashboard: no secret in the environment")
    uid = str(dashboard.get("user", "")).split(":")[0]
    secrets = compose.get("secrets", {})
    for variable, source in (("PAYLINK_DASHBOARD_USERS_FILE", "dashboard_users"), ("PAYLINK_REDIS_PASSWORD_FILE", "dashboard_redis_password")):
        check(env.get(variable) == f"/run/secrets/{source}", f"compose dashboard: {variable} is /run/secrets/{source}")
        ref = next((s for s in dashboard.get("secrets", []) if isinstance(s, dict) and s.get("source") == source), {})
        check(ref.get("uid") == uid and isinstance(ref.get("mode"), int) and ref["mode"] & 0o077 == 0,
              f"compose dashboard: secret {source} is the dashboard user's alone ({ref})")
        check(set(secrets.get(source, {})) == {"environment"}, f"compose secret {source} comes from the environment")
    test = dashboard.get("healthcheck", {}).get("test", [])
    check(test == ["CMD", "/usr/local/bin/paylink", "probe", "readyz", "--dashboard"],
          f"compose dashboard's healthcheck is `paylink probe readyz --dashboard` ({test})")
    redis = compose["services"]["redis"]
    check(any(isinstance(s, dict) and s.get("source") == "dashboard_redis_password" for s in redis.get("secrets", [])),
          "compose Redis gets the dashboard's password, to write its user")
    script = redis["command"][0]
    parts = re.findall(r"dashboard='([^']*)'\n\s*dashboard=\"\$\$dashboard ([^\"]*)\"", script)
    rules = " ".join(acl_lines.get("paylink-dashboard", [])[5:])
    check(len(parts) == 1 and " ".join(parts[0]) == rules, f"compose Redis gives paylink-dashboard the contract's rules ({rules!r})")
    check("user paylink-dashboard on >%s %s" in script and "/run/secrets/dashboard_redis_password" in script,
          "compose Redis writes the paylink-dashboard user with its own password")


def check_containerfile(text: str, port: int, check) -> None:
    stages = re.findall(r"^FROM \S+ AS (\S+)$", text, re.M)
    check("dashboard" in stages, f"the Containerfile has a dashboard stage ({stages})")
    check(stages[-1:] == ["runtime"], f"runtime stays the last stage, the one a plain build makes ({stages})")
    if "dashboard" not in stages:
        return
    stage = text.split("AS dashboard\n", 1)[1].split("\nFROM ", 1)[0]
    check(re.search(r"^FROM base AS dashboard$", text, re.M) is not None, "the dashboard stage starts from base")
    check("COPY --from=build /out/paylink /out/paylink-dev /usr/local/bin/" in stage,
          "the dashboard stage holds paylink and paylink-dev (`paylink dashboard` execs paylink-dev)")
    check(f"EXPOSE {port}" in stage, f"the dashboard stage exposes {port}")
    check('ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/paylink"]' in stage, "the dashboard stage runs under tini")
    check(re.search(r'^HEALTHCHECK .*CMD \["/usr/local/bin/paylink", "probe", "livez", "--dashboard"\]$', stage, re.M) is not None,
          "the dashboard stage's HEALTHCHECK is `paylink probe livez --dashboard`")
    check(f'CMD ["dashboard", "--address", "0.0.0.0:{port}"]' in stage, f"the dashboard stage's command is dashboard --address 0.0.0.0:{port}")
