"""Where Rocket.Chat personal access tokens really leak, and values a scanner must leave alone.

`{token}` becomes a fresh token a scanner must report; `{id}` a fresh value in the same format
that it must not: a random 43-character string with no Rocket.Chat word near it. Both come from
the stand-in's `new_token()`, which makes them as the server's Random.secret() does.
"""

from __future__ import annotations

from tests.standins.rocketchat import new_token

new_look_alike = new_token

LEAKS = {
    ".env": """\
# chat notifier
ROCKETCHAT_URL=https://chat.example.com
ROCKETCHAT_TOKEN={token}
""",
    "config/app.yaml": """\
server:
  port: 8080
rocketchat:
  url: https://chat.example.com
  channel: deploys
  token: {token}
""",
    "docker-compose.yml": """\
services:
  notifier:
    image: example/notifier:2.1
    environment:
      ROCKETCHAT_URL: https://chat.example.com
      ROCKETCHAT_TOKEN: {token}
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
          curl -fsS https://chat.example.com/api/v1/chat.postMessage \\
            -H "X-Auth-Token: {token}" \\
            -H "X-User-Id: $BOT_USER" \\
            -d '{"channel": "#deploys", "text": "deployed"}'
""",
    ".bash_history": """\
cd ~/src/notifier
export ROCKETCHAT_TOKEN={token}
curl -H "X-Auth-Token: {token}" -H "X-User-Id: $UID" https://chat.example.com/api/v1/me
git push
""",
    "bot/notify.py": """\
import requests

ROCKETCHAT = "https://chat.example.com"
HEADERS = {"X-Auth-Token": "{token}", "X-User-Id": USER}


def post(text):
    body = {"channel": "#deploys", "text": text}
    return requests.post(f"{ROCKETCHAT}/api/v1/chat.postMessage", headers=HEADERS, json=body)
""",
    "bot/notify.mjs": """\
const rocketchatToken = "{token}";
const server = "https://chat.example.com";

export async function whoami(userId) {
  const res = await fetch(`${server}/api/v1/me`, {
    headers: { "X-Auth-Token": rocketchatToken, "X-User-Id": userId },
  });
  return res.json();
}
""",
    "bot/Notifier.java": """\
public final class Notifier {
  private static final String ROCKETCHAT_URL = "https://chat.example.com";
  private static final String ROCKETCHAT_TOKEN = "{token}";
}
""",
}

# Files with no token at all, only values a scanner must leave alone.
NEAR_MISSES = {
    "build.log": """\
restoring cache
cache key {id} restored in 3.2 s
artifact {id}.tar.gz uploaded
""",
    "docs/incident.md": """\
# Chat outage, 12 March

The notifier's request {id} timed out; see the trace with session {id}.
""",
}

# A settings file the pre-commit hooks must refuse to commit.
PRE_COMMIT = (".env", "ROCKETCHAT_URL=https://chat.example.com\nROCKETCHAT_TOKEN={token}\n")
