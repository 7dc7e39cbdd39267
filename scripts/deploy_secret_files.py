"""One check that check_deploy.py (the worker) and check_deploy_dashboard.py both run."""
from typing import Callable


def check_secret_files(*, check: Callable[[bool, str], bool], who: str, variables: tuple, env: dict, container: dict,
                       pod_spec: dict, pod_security: dict, secret: dict) -> None:
    """Each of `variables` (env vars naming files) names a key of `secret`, in a mounted volume of
    that Secret that is read-only, not readable by others, and readable through the pod's group
    (the files are root-owned). `who` ("the worker", "the dashboard") starts the messages;
    check-deploy-files.sh's self-test looks for "not readable by others" and "file '...' is a key"."""
    secret_name = secret.get("metadata", {}).get("name")
    secret_keys = set(secret.get("stringData", {})) | set(secret.get("data", {}))
    volumes = {v["name"]: v for v in pod_spec.get("volumes", [])}
    mounts = {m["mountPath"]: m for m in container.get("volumeMounts", [])}
    for variable in variables:
        path = env.get(variable, {}).get("value", "")
        directory, _, file = path.rpartition("/")
        mount = mounts.get(directory)
        volume = volumes.get(mount["name"]) if mount else None
        if check(volume is not None and "secret" in volume, f"{who}: {variable}={path} lies in a mounted Secret volume"):
            check(volume["secret"].get("secretName") == secret_name, f"{who}: {variable}'s volume is the Secret {secret_name}")
            check(file in secret_keys, f"{who}: {variable}'s file {file!r} is a key of the Secret ({sorted(secret_keys)})")
            mode = volume["secret"].get("defaultMode", 0o644)
            check(mode & 0o004 == 0, f"{who}: its secret files are not readable by others (defaultMode {oct(mode)}; paylink refuses o+r)")
            check(mode & 0o040 != 0 and pod_security.get("fsGroup") == pod_security.get("runAsGroup"),
                  f"{who}: its root-owned secret files are readable through the group (fsGroup = runAsGroup)")
            check(mount.get("readOnly") is True, f"{who}: its secrets are mounted read-only")
