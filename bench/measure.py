"""Time a command with GNU time, and measure what a build wrote."""

from __future__ import annotations

import gzip
import os
import socket
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

TIME = "/usr/bin/time"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(command: list[str], cwd: Path, timeout: float = 7200) -> dict:
    """Wall, user and system seconds, and peak RSS in MB, of a command and its children.

    GNU time's %M is the largest resident set of any one process in the tree (from wait4),
    which here is the mkdocs process; the parent CLI only waits for it.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        load = os.getloadavg()[0]
        start = time.perf_counter()
        result = subprocess.run(
            [TIME, "-o", out.name, "-f", "%e %U %S %M", *command],
            cwd=cwd,
            env=ENV,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        wall = time.perf_counter() - start
        fields = out.read().split()[-4:]
    _, user, system, rss = (float(f) for f in fields)
    record = {
        "wall": round(wall, 3),
        "cpu": round(user + system, 2),
        "rss_mb": round(rss / 1024, 1),
        "rc": result.returncode,
        "load": round(load, 1),
        "tail": (result.stdout + result.stderr)[-400:],
    }
    if result.returncode != 0:
        record["error"] = (result.stderr + result.stdout)[-2000:]
    return record


def site_figures(site: Path) -> dict:
    """Playbook page weight (median of all playbooks), search index and whole-site bytes."""
    pages = sorted((site / "secrets").glob("*/index.html"))
    raw = [p.read_bytes() for p in pages]
    index = site / "search" / "search_index.json"
    data = index.read_bytes() if index.exists() else b""
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    sample = raw[:: max(1, len(raw) // 50)]  # pages differ only by names and nav branch
    return {
        "playbooks": len(pages),
        "page_bytes": int(statistics.median(len(b) for b in raw)) if raw else 0,
        # Level 6, as web servers and GitHub Pages compress on the fly.
        "page_gzip": int(statistics.median(len(gzip.compress(b, 6)) for b in sample)) if raw else 0,
        "search_bytes": len(data),
        "search_gzip": len(gzip.compress(data, 6)),
        "site_bytes": total,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def median(records: list[dict], key: str) -> float | None:
    values = [r[key] for r in records if r.get("rc", 0) == 0 and r.get(key) is not None]
    return statistics.median(values) if values else None
