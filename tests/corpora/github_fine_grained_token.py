"""Where GitHub fine-grained personal access tokens leak, and values a scanner must leave alone.

`{token}` becomes a fresh `github_pat_` token a scanner must report; `{id}` a value that is no
token: the 82 characters after the prefix without it, as a cache key or request ID would be.
"""

from __future__ import annotations

from tests.standins.github_fine_grained import PREFIX, new_token

__all__ = ["new_token"]  # re-exported: the fixtures' maker of {token} values


def new_look_alike() -> str:
    """A token without its prefix: 82 letters, digits and an underscore, not to be reported."""
    return new_token().removeprefix(PREFIX)


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
\treq.Header.Set("Authorization", "Bearer {token}")
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

Fine-grained tokens start with github_pat_ and then 82 characters, as in github_pat_11ABC.
The old one was listed as token_id 4711 under Active tokens; it was deleted in Settings.
""",
    "ci.log": """\
Restoring cache {id}
Revoked organization access for pat_id 1296269 in acme-corp
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
# Paste a fine-grained token (it starts with github_pat_) here; never commit the real one.
GITHUB_TOKEN=
""",
}

# A settings file the pre-commit hooks must refuse to commit.
PRE_COMMIT = (".env", "GITHUB_API_URL=https://api.github.com\nGITHUB_TOKEN={token}\n")
