"""Lighthouse, pinned in this folder's package-lock.json, run against Debian's chromium."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.chromium import FLAGS, chromium, node_tool

HERE = Path(__file__).resolve().parent
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Written into node_modules after a good `npm ci`: the hash of the manifest and lock it installed.
STAMP = ".installed-from"


def _lock_hash() -> str:
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((HERE / name).read_bytes())
    return digest.hexdigest()


def install() -> Path:
    """`npm ci` from the lock file, skipped while node_modules still matches it."""
    npm = node_tool("npm")
    node_tool("node")
    stamp = HERE / "node_modules" / STAMP
    wanted = _lock_hash()
    if not (stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted):
        command = [npm, "ci", "--prefer-offline", "--no-audit", "--no-fund"]
        done = subprocess.run(command, cwd=HERE, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            pytest.fail(f"npm ci failed in {HERE} (is the npm registry reachable?):\n{done.stderr}")
        stamp.write_text(wanted, encoding="utf-8")
    return HERE / "node_modules" / ".bin" / "lighthouse"


@dataclass(frozen=True)
class Report:
    url: str
    scores: dict[str, float]
    transfer_bytes: int  # what the browser downloaded, gzip-compressed, for the whole page
    resource_bytes: int  # the same resources unpacked
    html_bytes: tuple[int, int]  # the HTML document alone: transferred, unpacked

    def summary(self) -> str:
        scores = "  ".join(f"{name} {self.scores[name]:.2f}" for name in CATEGORIES)
        sent, unpacked = self.html_bytes
        return (
            f"Lighthouse (mobile) {self.url}: {scores}; page weight "
            f"{self.transfer_bytes / 1024:.0f} KiB transferred "
            f"({self.resource_bytes / 1024:.0f} KiB unpacked), of which the HTML "
            f"{sent / 1024:.0f} KiB ({unpacked / 1024:.0f} KiB unpacked)"
        )


def run(url: str, workdir: Path) -> Report:
    """Audit one page; the full-page screenshot is off, as it costs seconds and scores nothing."""
    binary = install()
    output = workdir / "lighthouse.json"
    profile = workdir / "chromium-profile"
    profile.mkdir()
    flags = " ".join([*FLAGS, "--headless=new", f"--user-data-dir={profile}"])
    command = [str(binary), url, "--output=json", f"--output-path={output}", "--quiet"]
    command += ["--disable-full-page-screenshot", f"--only-categories={','.join(CATEGORIES)}"]
    command += [f"--chrome-flags={flags}"]
    env = {**os.environ, "CHROME_PATH": str(chromium())}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0 or not output.is_file():
        pytest.fail(f"lighthouse failed ({done.returncode}):\n{done.stderr[-3000:]}")

    result = json.loads(output.read_text(encoding="utf-8"))
    if result.get("runtimeError"):
        pytest.fail(f"lighthouse could not audit {url}: {result['runtimeError']}")
    requests = result["audits"]["network-requests"]["details"]["items"]
    document = next(r for r in requests if r["url"] == url)
    return Report(
        url=url,
        scores={name: result["categories"][name]["score"] for name in CATEGORIES},
        transfer_bytes=int(result["audits"]["total-byte-weight"]["numericValue"]),
        resource_bytes=sum(int(r.get("resourceSize") or 0) for r in requests),
        html_bytes=(int(document["transferSize"]), int(document["resourceSize"])),
    )
