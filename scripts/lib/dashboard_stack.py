"""The real processes behind the dashboard's browser test: a redis-server, the OTT Pay
stand-in (`paylink mock-api`), workers and dashboards, each started from the built binaries,
waited for with a bounded deadline, and stopped by its own PID.

Used by scripts/check_dashboard_browser.py; it talks to Redis with a few lines of RESP rather
than a client library, so the test needs nothing from PyPI but Selenium.
"""
import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path


class Failure(Exception):
    """A check that did not hold; its text says what was expected and what was found."""


def wait_for(what, predicate, timeout=20.0, interval=0.1):
    """Polls `predicate` until it returns a true value (returned), or fails after `timeout` s."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise Failure(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Redis:
    """A minimal RESP2 client: one connection, one command at a time."""

    def __init__(self, port):
        self.port = port
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buffer = b""

    def __call__(self, *args):
        parts = [f"*{len(args)}\r\n".encode()]
        for arg in args:
            data = arg if isinstance(arg, bytes) else str(arg).encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
        self.sock.sendall(b"".join(parts))
        return self._reply()

    def _line(self):
        while b"\r\n" not in self.buffer:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Failure("redis closed the connection")
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\r\n", 1)
        return line

    def _exact(self, count):
        while len(self.buffer) < count + 2:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise Failure("redis closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count + 2:]
        return data

    def _reply(self):
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise Failure(f"redis error: {rest.decode()}")
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            return None if n < 0 else self._exact(n).decode()
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self._reply() for _ in range(n)]
        raise Failure(f"unexpected redis reply {line!r}")

    def hash(self, key):
        flat = self(b"HGETALL", key) or []
        return dict(zip(flat[::2], flat[1::2]))


class Stack:
    """Starts and stops the processes; every child is killed by PID when the stack closes."""

    def __init__(self, bin_dir, work):
        self.bin_dir = Path(bin_dir)
        self.work = Path(work)
        self.children = []
        self.paylink = str(self.bin_dir / "paylink")
        self.redis_port = None
        self.mock_url = None

    def close(self):
        """Stops the children newest first, each before the next, so Redis outlives the workers."""
        for child, _ in reversed(self.children):
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()

    def start(self, name, argv, env=None, ready=None, timeout=20.0):
        """Runs argv with output in <work>/<name>.log; `ready` is a regex its log must show
        (its first group is returned)."""
        log_path = self.work / f"{name}.log"
        log = open(log_path, "wb")
        full_env = dict(os.environ, **(env or {}))
        child = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=full_env)
        self.children.append((child, name))
        if ready is None:
            return child, None

        def seen():
            if child.poll() is not None:
                raise Failure(f"{name} exited with {child.returncode}: {log_path.read_text(errors='replace')[-2000:]}")
            match = re.search(ready, log_path.read_text(errors="replace"))
            return match.group(1) if match else None

        return child, wait_for(f"{name} to start", seen, timeout=timeout, interval=0.05)

    def log(self, name):
        return (self.work / f"{name}.log").read_text(errors="replace")

    def start_redis(self):
        self.redis_port = free_port()
        self.start("redis", ["redis-server", "--bind", "127.0.0.1", "--port", str(self.redis_port), "--save", "",
                             "--appendonly", "no", "--dir", str(self.work)], ready=r"(Ready to accept connections)")
        return Redis(self.redis_port)

    @property
    def redis_url(self):
        return f"redis://127.0.0.1:{self.redis_port}/0"

    def start_mock(self, *flags):
        _, self.mock_url = self.start("mock-api", [self.paylink, "mock-api", "--port", "0", *flags],
                                      ready=r"mock-api listening on (\S+)")
        return self.mock_url

    def set_faults(self, **faults):
        request = urllib.request.Request(f"{self.mock_url}/mock/faults", data=json.dumps(faults).encode(), method="PUT",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as answer:
            if answer.status != 200:
                raise Failure(f"PUT /mock/faults answered {answer.status}")

    def start_worker(self, name, *flags):
        env = {"PAYLINK_APP_KEY": "demo-app-key-0e83", "PAYLINK_LOG_LEVEL": "warning"}
        spool = self.work / f"spool-{name}"
        spool.mkdir(exist_ok=True)
        argv = [self.paylink, "worker", "--redis-url", self.redis_url, "--api-base-url", self.mock_url,
                "--app-id", "ON00000185", "--spool-dir", str(spool), *flags]
        child, _ = self.start(name, argv, env=env)
        return child

    def run(self, *argv, input_text=None, check=True):
        """Runs a `paylink` command to completion (bounded) and returns its result."""
        result = subprocess.run([self.paylink, *argv], input=input_text, capture_output=True, text=True, timeout=60)
        if check and result.returncode != 0:
            raise Failure(f"paylink {' '.join(argv)} exited {result.returncode}: {result.stderr.strip()}")
        return result
