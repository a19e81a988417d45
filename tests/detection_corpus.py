"""Files a scanner should search: Mattermost tokens placed where they really leak, and near misses.

Every value is made at test time by the stand-in's `new_id()`, so no token-like literal is ever
committed. `{token}` in a template becomes a fresh token that a scanner must report; `{id}`
becomes a fresh value in the same format that a scanner must not report (a post, channel, user
or token ID, or an unrelated hash).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tests.standins.mattermost import new_id


@dataclass(frozen=True)
class Value:
    path: str  # relative to the repository root
    line: int  # 1-based
    text: str
    secret: bool  # a token a scanner must report, or a near miss it must not

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


LEAKS = {
    ".env": """\
# alert bot
MATTERMOST_URL=https://chat.example.com
MATTERMOST_TOKEN={token}
MATTERMOST_TOKEN_ID={id}
MATTERMOST_USER_ID={id}
""",
    "config/app.yaml": """\
server:
  port: 8080
mattermost:
  url: https://chat.example.com
  team: platform
  token: {token}
  channel_id: {id}
""",
    "config/settings.json": """\
{
  "notifications": {
    "provider": "mattermost",
    "server": "https://acme.cloud.mattermost.com",
    "token": "{token}",
    "thread": "https://acme.cloud.mattermost.com/platform/pl/{id}"
  }
}
""",
    "docker-compose.yml": """\
services:
  alerts:
    image: example/alert-bot:1.4
    environment:
      MATTERMOST_URL: https://chat.example.com
      MATTERMOST_TOKEN: {token}
""",
    ".github/workflows/notify.yml": """\
name: notify
on: [push]
jobs:
  notify:
    runs-on: ubuntu-latest
    steps:
      - name: Post to chat
        run: |
          curl -fsS -X POST https://chat.example.com/api/v4/posts \\
            -H "Authorization: Bearer {token}" \\
            -d '{"channel_id": "{id}", "message": "deployed"}'
""",
    ".bash_history": """\
cd ~/src/alert-bot
export MATTERMOST_TOKEN={token}
curl -H "Authorization: Bearer {token}" https://chat.example.com/api/v4/users/me
curl -s https://chat.example.com/api/v4/users/{id}
git push
""",
    "terraform.tfvars": """\
region           = "eu-west-1"
mattermost_token = "{token}"
""",
    "bot/notify.py": """\
import requests

BASE_URL = "https://chat.example.com/api/v4"
HEADERS = {"Authorization": "Bearer {token}"}


def post(channel_id, message):
    body = {"channel_id": channel_id, "message": message}
    return requests.post(f"{BASE_URL}/posts", headers=HEADERS, json=body, timeout=10)
""",
    "bot/notify.mjs": """\
const mattermostToken = "{token}";
const server = "https://chat.example.com";

export async function whoami() {
  const res = await fetch(`${server}/api/v4/users/me`, {
    headers: { Authorization: `Bearer ${mattermostToken}` },
  });
  return res.json();
}
""",
    "bot/main.go": """\
package main

import (
\t"fmt"
\t"net/http"
)

func main() {
\treq, _ := http.NewRequest("GET", "https://chat.example.com/api/v4/users/me", nil)
\treq.Header.Set("Authorization", "Bearer {token}")
\tfmt.Println(req.URL)
}
""",
    "bot/Notifier.java": """\
public final class Notifier {
  private static final String MATTERMOST_URL = "https://chat.example.com";
  private static final String MATTERMOST_TOKEN = "{token}";
}
""",
    "bot/src/main.rs": """\
fn whoami(client: &reqwest::blocking::Client) -> reqwest::Result<String> {
    client
        .get("https://chat.example.com/api/v4/users/me")
        .bearer_auth("{token}")
        .send()?
        .text()
}
""",
}

# Files with no token at all, only values a scanner must leave alone.
NEAR_MISSES = {
    "docs/incident.md": """\
# Mattermost outage, 12 March

The bot lost its session; the thread is https://chat.example.com/platform/pl/{id}
and the channel is https://chat.example.com/platform/channels/{id}.
""",
    "build.log": """\
restoring cache
cache key {id} restored in 3.2 s
artifact {id}.tar.gz uploaded
""",
}

_SLOT = re.compile(r"\{(token|id)\}")


@dataclass(frozen=True)
class Corpus:
    files: dict[str, str]
    values: list[Value]

    @property
    def tokens(self) -> list[Value]:
        return [v for v in self.values if v.secret]

    @property
    def near_misses(self) -> list[Value]:
        return [v for v in self.values if not v.secret]

    def write(self, root: Path) -> None:
        for path, text in self.files.items():
            target = root / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")


def make(templates: dict[str, str] | None = None) -> Corpus:
    """Fill every slot with a fresh value and note where each one landed."""
    templates = {**LEAKS, **NEAR_MISSES} if templates is None else templates
    files: dict[str, str] = {}
    values: list[Value] = []
    for path, template in templates.items():
        lines = []
        for number, line in enumerate(template.splitlines(keepends=True), start=1):
            filled = line
            for slot in _SLOT.findall(line):
                text = new_id()
                filled = filled.replace("{" + slot + "}", text, 1)
                values.append(Value(path, number, text, slot == "token"))
            lines.append(filled)
        files[path] = "".join(lines)
    return Corpus(files, values)
