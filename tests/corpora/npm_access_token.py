"""Where npm access tokens really leak, and values a scanner must leave alone.

`{token}` becomes a fresh `npm_` token a scanner must report; `{id}` a value that is no token:
36 random letters and digits without the prefix, as a cache key or build ID would be.
"""

from __future__ import annotations

from tests.standins.npm import new_token

__all__ = ["new_token"]  # re-exported: the fixtures' maker of {token} values


def new_look_alike() -> str:
    """A token without its prefix: 36 letters and digits, what a scanner must not report."""
    return new_token().removeprefix("npm_")


LEAKS = {
    # The line npm itself writes after a login, with the value instead of ${NPM_TOKEN}.
    ".npmrc": """\
//registry.npmjs.org/:_authToken={token}
""",
    ".env": """\
NPM_REGISTRY_URL=https://registry.npmjs.org
NPM_TOKEN={token}
""",
    ".github/workflows/publish.yml": """\
name: publish
on:
  push:
    tags: ["v*"]
jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: npm publish
        env:
          NODE_AUTH_TOKEN: {token}
""",
    "Dockerfile": """\
FROM node:22-slim
WORKDIR /app
RUN echo "//registry.npmjs.org/:_authToken={token}" > .npmrc
COPY package*.json ./
RUN npm ci --omit=dev
""",
    ".bash_history": """\
npm whoami
export NPM_TOKEN={token}
npm publish --access public
""",
    "config/release.yaml": """\
npm:
  registry: https://registry.npmjs.org
  token: {token}
""",
    ".yarnrc.yml": """\
npmRegistryServer: "https://registry.npmjs.org"
npmAuthToken: "{token}"
""",
    "scripts/release.py": """\
import requests

HEADERS = {"Authorization": "Bearer {token}"}


def me():
    return requests.get("https://registry.npmjs.org/-/whoami", headers=HEADERS, timeout=10)
""",
    "scripts/release.mjs": """\
const token = "{token}";
const res = await fetch("https://registry.npmjs.org/-/whoami", {
  headers: { Authorization: `Bearer ${token}` },
});
""",
    "cmd/release/main.go": """\
package main

const npmToken = "{token}"
""",
    "src/main/java/Release.java": """\
public final class Release {
  private static final String NPM_TOKEN = "{token}";
}
""",
    "src/release.rs": """\
const NPM_TOKEN: &str = "{token}";
""",
}

NEAR_MISSES = {
    "docs/tokens.md": """\
# Token rotation, 12 March

Granular tokens start with npm_ and then letters and digits, as in npm_abc123.
The list shows the old one as npm_Ab12...x9Q2; we deleted it under Access Tokens.
""",
    "ci.log": """\
Restoring cache {id}
npm notice Publishing to https://registry.npmjs.org/ with tag latest
""",
    # npm's own setup: the variable's name, never its value.
    ".npmrc": """\
//registry.npmjs.org/:_authToken=${NPM_TOKEN}
""",
    ".env.example": """\
NPM_REGISTRY_URL=https://registry.npmjs.org
# Paste a granular access token (it starts with npm_) here; never commit the real one.
NPM_TOKEN=
""",
}

# A settings file the pre-commit hooks must refuse to commit.
PRE_COMMIT = (".npmrc", "//registry.npmjs.org/:_authToken={token}\n")
