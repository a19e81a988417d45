"""Where GitLab personal access tokens really leak, and values a scanner must leave alone.

`{token}` becomes a fresh token a scanner must report, in the current routable format or the
legacy one; `{id}` a value that is no token: a token ID, a pipeline or cache key, a token that
lacks the prefix.
"""

from __future__ import annotations

import secrets

from tests.standins.gitlab import legacy_token
from tests.standins.gitlab import new_token as routable_token


def new_token() -> str:
    """Mostly current tokens, some legacy ones, as a real history holds both."""
    return legacy_token() if secrets.randbelow(3) == 0 else routable_token()


def new_look_alike() -> str:
    """A token's random part without the prefix: what a scanner must not report."""
    return routable_token().removeprefix("glpat-")


LEAKS = {
    ".env": """\
GITLAB_URL=https://gitlab.example.com
GITLAB_TOKEN={token}
""",
    "deploy/clone.sh": """\
#!/bin/sh
git clone https://oauth2:{token}@gitlab.example.com/platform/deploy-tools.git
""",
    "config/release.yaml": """\
gitlab:
  url: https://gitlab.com
  project: platform/deploy-tools
  token: {token}
""",
    "renovate.json": """\
{
  "platform": "gitlab",
  "endpoint": "https://gitlab.example.com/api/v4",
  "token": "{token}"
}
""",
    ".gitlab-ci.yml": """\
release:
  stage: deploy
  script:
    - |
      curl --fail --header "PRIVATE-TOKEN: {token}" "$CI_API_V4_URL/projects/42/releases"
""",
    ".bash_history": """\
git clone https://oauth2:{token}@gitlab.com/platform/deploy-tools.git
export GITLAB_TOKEN={token}
glab auth status
""",
    "scripts/release.py": """\
import requests

HEADERS = {"PRIVATE-TOKEN": "{token}"}


def projects():
    return requests.get("https://gitlab.com/api/v4/projects", headers=HEADERS, timeout=10)
""",
    "scripts/release.mjs": """\
const token = "{token}";
const res = await fetch("https://gitlab.com/api/v4/user", {
  headers: { Authorization: `Bearer ${token}` },
});
""",
    "cmd/release/main.go": """\
package main

import "net/http"

func main() {
\treq, _ := http.NewRequest("GET", "https://gitlab.com/api/v4/user", nil)
\treq.Header.Set("PRIVATE-TOKEN", "{token}")
\t_, _ = http.DefaultClient.Do(req)
}
""",
    "src/main/java/Release.java": """\
public final class Release {
  private static final String GITLAB_TOKEN = "{token}";
}
""",
    "src/release.rs": """\
const GITLAB_TOKEN: &str = "{token}";
""",
}

NEAR_MISSES = {
    "docs/rotation.md": """\
# Token rotation, 12 March

The old token had ID 48213 and was revoked; the job's cache key was {id}.
Tokens start with glpat- followed by a random part, as in glpat-<random part>.
""",
    "ci.log": """\
Restoring cache {id}
Uploading artifacts for job 7781 to coordinator... 201 Created  id={id}
""",
    "config/mirror.yaml": """\
gitlab:
  url: https://gitlab.com
  token_id: 48213
  token_file: /run/secrets/gitlab-token
  request_id: {id}
  avatar: https://gitlab.com/uploads/-/system/user/avatar/{id}/avatar.png
""",
    ".env.example": """\
GITLAB_URL=https://gitlab.example.com
# Paste a token starting with glpat- here; never commit the real one.
GITLAB_TOKEN=
GITLAB_TOKEN_ID=48213
""",
}

# detect-secrets 1.5.0 reads YAML through its own parser, which drops a block-scalar list item
# that follows a sibling key (`stage:` before `script: - |`); our plugin never sees that line.
# Remove when detect-secrets reports it.
DETECT_SECRETS_MISSES = {".gitlab-ci.yml:5"}

# A settings file the pre-commit hooks must refuse to commit.
PRE_COMMIT = (".env", "GITLAB_URL=https://gitlab.example.com\nGITLAB_TOKEN={token}\n")
