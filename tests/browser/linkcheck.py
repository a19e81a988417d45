"""Check every link and anchor of the served site with linkchecker, in the background."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

# linkchecker reads its plugins from a configuration file only.
CONFIG = """\
[checking]
# The test server sends the LinkChecker header, which lifts the default of 10 requests a second.
maxrequestspersecond=1000

[AnchorCheck]
"""

# How linkchecker's text report marks a problem: "Warning    [None] Anchor ..." for a missing
# anchor, "Result     Error: 404 ..." for a missing page.
PROBLEM = re.compile(r"^Warning |Error: ", re.MULTILINE)


class LinkCheck:
    """One linkchecker run over the site, started at once and read when its test comes.

    It spends about a minute fetching and parsing pages, so it runs while the browser tests
    do. Run as root, linkchecker switches to the user nobody, which is why it reads the served
    site rather than the build folder.
    """

    def __init__(self, url: str, workdir: Path) -> None:
        config = workdir / "linkcheckerrc"
        config.write_text(CONFIG, encoding="utf-8")
        config.chmod(0o644)
        own_site = "^(?!" + re.escape(url) + ")"  # elsewhere: syntax only, never fetched
        # -P: this folder, which holds a linkcheck.py, is not put before the package.
        command = [sys.executable, "-P", str(Path(__file__).with_name("linkchecker_cached.py"))]
        command += ["--no-robots", "--no-status", "--config", str(config), "--ignore-url", own_site]
        command += ["--no-follow-url", "#", "--recursion-level", "10", url]
        self.output = workdir / "linkchecker.txt"
        with self.output.open("w", encoding="utf-8") as sink:
            self.process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)

    def result(self) -> tuple[int, str]:
        """Wait for the run; its exit status and its report's errors and warnings."""
        status = self.process.wait(timeout=300)
        blocks = self.output.read_text(encoding="utf-8").split("\n\n")
        problems = [b for b in blocks if PROBLEM.search(b)]
        return status, "\n\n".join(problems) or blocks[-1]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
