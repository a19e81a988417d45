"""How long `mkdocs serve` takes to show an edit to one catalog file."""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from measure import ENV, free_port

ANCHOR = "A long-lived secret"  # the start of the summary, shown near the top of the playbook


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, timeout: float, server: subprocess.Popen) -> float | None:
    """Seconds until the page at url contains text, or None after timeout or a server exit."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout and server.poll() is None:
        body = fetch(url)
        if body is not None and text in body:
            return time.perf_counter() - start
        time.sleep(0.2)
    return None


def serve_latency(project: Path, secret_id: str, dirty: bool, edits: int = 3) -> dict:
    """Start the README's serve command, wait for the first build, then edit one fact N times."""
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    # `make serve` is the dirty one; a plain serve rebuilds every page on every edit.
    command += ["--strict", "--dirty"] if dirty else ["--strict"]
    log = project / f"serve-{'dirty' if dirty else 'plain'}.log"
    url = f"http://127.0.0.1:{port}/secrets/{secret_id}/"
    catalog_file = project / "catalog" / f"{secret_id}.yaml"
    original = catalog_file.read_text(encoding="utf-8")
    if ANCHOR not in original:
        raise ValueError(f"{catalog_file}: no '{ANCHOR}' to edit")

    with log.open("w") as out:
        server = subprocess.Popen(
            command,
            cwd=project,
            env=ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    result: dict = {"command": " ".join(command[1:]), "edits": []}
    edit_timeout = 0.0
    try:
        result["first_build"] = wait_for(url, ANCHOR, 7200, server)
        # Long enough for two full rebuilds: an edit not shown by then is not coming.
        edit_timeout = max(60.0, 2.5 * (result["first_build"] or 0))
        for number in range(edits if result["first_build"] is not None else 0):
            time.sleep(3)  # let the watcher settle after the previous build
            marker = f"benchedit{number}{secrets.token_hex(3)}"
            catalog_file.write_text(original.replace(ANCHOR, f"{ANCHOR} {marker}", 1), "utf-8")
            result["edits"].append(wait_for(url, marker, edit_timeout, server))
            if result["edits"][-1] is None:
                break  # the edit never arrived; more edits would only wait as long again
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        catalog_file.write_text(original, encoding="utf-8")

    text = log.read_text(encoding="utf-8", errors="replace")
    result["reported"] = [float(s) for s in re.findall(r"Documentation built in ([\d.]+) s", text)]
    result["edit_timeout"] = edit_timeout
    result["rebuilds"] = text.count("Building documentation...")
    if aborted := re.search(r"^Aborted.*$", text, re.M):
        result["aborted"] = aborted.group(0)
    return result
