"""A pytest plugin that prints what the detection tests measured, per scanner, after every run.

The tests store each measurement with `record_property(KEY, {...})`; the numbers travel with
the test reports, so they also reach the summary from pytest-xdist workers.
"""

from __future__ import annotations

KEY = "secret-detection"


def measurement(
    secret: str, tool: str, scan: str, found: int, tokens: int, noise: int, near: int, secs: float
):
    return {
        "secret": secret,
        "tool": tool,
        "scan": scan,
        "found": found,
        "tokens": tokens,
        "false_positives": noise,
        "near_misses": near,
        "seconds": round(secs, 1),
    }


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    rows = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            for name, value in getattr(report, "user_properties", ()):
                if name == KEY:
                    rows[(value["secret"], value["tool"], value["scan"])] = value
    if not rows:
        return
    terminalreporter.section("secret detection")
    for (secret, tool, scan), row in sorted(rows.items()):
        terminalreporter.write_line(
            f"{secret:<26} {tool:<22} {scan:<8} tokens found {row['found']}/{row['tokens']}, "
            f"false positives {row['false_positives']} "
            f"(near misses placed: {row['near_misses']}), {row['seconds']} s"
        )
