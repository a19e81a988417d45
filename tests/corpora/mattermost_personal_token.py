"""Where Mattermost personal access tokens really leak, and values a scanner must leave alone.

`{token}` becomes a fresh token a scanner must report; `{id}` a fresh value in the same format
that it must not (a post, channel, user or token ID, or an unrelated hash). Both come from
the stand-in's `new_id()`, which makes them as Mattermost does.
"""

from __future__ import annotations

from tests.standins.mattermost import new_id

new_token = new_id
new_look_alike = new_id

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

# A settings file the pre-commit hooks must refuse to commit.
PRE_COMMIT = (".env", "MATTERMOST_URL=https://chat.example.com\nMATTERMOST_TOKEN={token}\n")
