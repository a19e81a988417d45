"""Where GitHub personal access tokens (classic) really leak, and values a scanner must leave alone.

`{token}` becomes a fresh `ghp_` token a scanner must report; `{id}` a value that is no token:
36 random letters and digits without the prefix, as a cache key or commit-like ID would be.
"""

from __future__ import annotations

from tests.standins.github import new_token

__all__ = ["new_token"]  # re-exported: the fixtures' maker of {token} values


def new_look_alike() -> str:
    """A token without its prefix: 36 letters and digits, what a scanner must not report."""
    return new_token().removeprefix("ghp_")


LEAKS = {
    ".env": """\
GITHUB_API_URL=https://api.github.com
GITHUB_TOKEN={token}
""",
    # Scanners skip .git/, so the remote URL is leaked the way a script sets it.
    "deploy/remote.sh": """\
#!/bin/sh
git remote set-url origin https://octo-bot:{token}@github.com/acme-corp/deploy-tools.git
git push origin main
""",
    ".github/workflows/release.yml": """\
name: release
on: push
jobs:
  release:
    runs-on: ubuntu-latest
    env:
      GH_TOKEN: {token}
    steps:
      - run: gh release create "$GITHUB_REF_NAME"
""",
    ".bash_history": """\
git clone https://octo-bot:{token}@github.com/acme-corp/deploy-tools.git
export GITHUB_TOKEN={token}
gh auth status
""",
    "config/release.yaml": """\
github:
  org: acme-corp
  token: {token}
""",
    "settings.json": """\
{
  "github": {
    "apiUrl": "https://api.github.com",
    "token": "{token}"
  }
}
""",
    "scripts/release.py": """\
import requests

HEADERS = {"Authorization": "Bearer {token}"}


def me():
    return requests.get("https://api.github.com/user", headers=HEADERS, timeout=10)
""",
    "scripts/release.mjs": """\
const token = "{token}";
const res = await fetch("https://api.github.com/user", {
  headers: { Authorization: `Bearer ${token}` },
});
""",
    "cmd/release/main.go": """\
package main

import "net/http"

func main() {
\treq, _ := http.NewRequest("GET", "https://api.github.com/user", nil)
\treq.Header.Set("Authorization", "token {token}")
\t_, _ = http.DefaultClient.Do(req)
}
""",
    "src/main/java/Release.java": """\
public final class Release {
  private static final String GITHUB_TOKEN = "{token}";
}
""",
    "src/release.rs": """\
const GITHUB_TOKEN: &str = "{token}";
""",
}

NEAR_MISSES = {
    "docs/tokens.md": """\
# Token rotation, 12 March

Classic tokens start with ghp_ and then letters and digits, as in ghp_abc123.
The old token ended in 9xQ2mZ4b (token_last_eight); it was deleted in Settings.
""",
    "ci.log": """\
Restoring cache {id}
Authorized credential token_last_eight=deadbeef for acme-corp
""",
    "config/release.yaml": """\
github:
  api_url: https://api.github.com
  token_file: /run/secrets/github-token
  request_id: {id}
  artifact: https://api.github.com/repos/acme-corp/app/actions/artifacts/{id}
""",
    ".env.example": """\
GITHUB_API_URL=https://api.github.com
# Paste a classic token (it starts with ghp_) here; never commit the real one.
GITHUB_TOKEN=
""",
}

# A settings file the pre-commit hooks must refuse to commit.
PRE_COMMIT = (".env", "GITHUB_API_URL=https://api.github.com\nGITHUB_TOKEN={token}\n")
