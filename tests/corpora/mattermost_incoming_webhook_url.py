"""Where Mattermost incoming webhook URLs really leak, and values a scanner must leave alone.

`{token}` becomes a fresh hook URL a scanner must report: a server address (self-hosted, on a
port, under a path prefix, or on Mattermost Cloud), `/hooks/` and a Mattermost ID from the
stand-in's `new_id()`. `{id}` becomes a fresh Mattermost ID placed where it is no hook: in a post
link, a channel URL, a slash command's response URL or a cache key.
"""

from __future__ import annotations

import itertools

from tests.standins.mattermost import new_id

# Server addresses hooks are made on, taken in turn so that every form appears.
_SERVERS = itertools.cycle(
    [
        "https://chat.example.com",
        "https://acme.cloud.mattermost.com",
        "http://mattermost.internal:8065",
        "https://example.org/mattermost",
    ]
)

new_look_alike = new_id


def new_token() -> str:
    """A hook URL: a server address, /hooks/ and the hook's ID."""
    return f"{next(_SERVERS)}/hooks/{new_id()}"


LEAKS = {
    ".env": """\
MATTERMOST_URL=https://chat.example.com
MATTERMOST_WEBHOOK_URL={token}
""",
    ".gitlab-ci.yml": """\
notify:
  stage: deploy
  script:
    - curl -fsS --data-urlencode 'payload={"text":"deployed"}' {token}
""",
    "alertmanager.yml": """\
receivers:
  - name: chat
    slack_configs:
      - api_url: {token}
        channel: "#alerts"
""",
    "config/settings.json": """\
{
  "notifications": {
    "webhook": "{token}",
    "channel": "town-square"
  }
}
""",
    "docker-compose.yml": """\
services:
  alerts:
    image: example/alert-bot:1.4
    environment:
      WEBHOOK_URL: {token}
""",
    ".bash_history": """\
cd ~/src/alert-bot
curl -i -X POST -d 'payload={"text": "test"}' {token}
git push
""",
    "terraform.tfvars": """\
region      = "eu-west-1"
webhook_url = "{token}"
""",
    "notify.py": """\
import requests

requests.post("{token}", json={"text": "backup done"}, timeout=10)
""",
    "notify.mjs": """\
await fetch("{token}", {
  method: "POST",
  body: JSON.stringify({ text: "backup done" }),
});
""",
    "notify/main.go": """\
package main

import (
\t"net/http"
\t"strings"
)

func main() {
\thttp.Post("{token}", "application/json", strings.NewReader(`{"text":"done"}`))
}
""",
    "src/main/java/Notify.java": """\
public final class Notify {
  private static final String HOOK = "{token}";
}
""",
    "src/notify.rs": """\
const HOOK: &str = "{token}";
""",
}

# Files with no hook URL at all, only values a scanner must leave alone.
NEAR_MISSES = {
    "docs/chat.md": """\
# Posting to chat

Ask an admin for an incoming webhook; it looks like https://your-server/hooks/xxx-generatedkey-xxx.
The thread about it is https://chat.example.com/platform/pl/{id}
and the channel is https://chat.example.com/platform/channels/{id}.
""",
    "ci.log": """\
restoring cache {id}
POST https://chat.example.com/api/v4/channels/{id}/posts 201
""",
    "slash.log": """\
response sent to https://chat.example.com/hooks/commands/{id}
""",
    ".env.example": """\
MATTERMOST_URL=https://chat.example.com
# The incoming webhook URL, https://chat.example.com/hooks/ and the hook's ID; never commit it.
MATTERMOST_WEBHOOK_URL=
""",
}

# detect-secrets 1.5.0 reads a YAML file through its YAML transformer, which keeps only strings
# that are mapping values (transformers/yaml.py) whenever the file has one: the item of a list,
# as in a CI job's `script:`, is never scanned. Remove when detect-secrets scans list items.
DETECT_SECRETS_MISSES = {".gitlab-ci.yml:4"}

# A settings file the pre-commit hooks must refuse to commit.
PRE_COMMIT = (".env", "MATTERMOST_URL=https://chat.example.com\nMATTERMOST_WEBHOOK_URL={token}\n")
