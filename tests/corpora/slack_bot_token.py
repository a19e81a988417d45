"""Where Slack bot tokens really leak, and values a scanner must leave alone.

`{token}` becomes a fresh `xoxb-` token a scanner must report; `{id}` a value that is no token:
the same two numbers and random part without the prefix, as a cache key or request ID might be.
"""

from __future__ import annotations

from tests.standins.slack import new_token

__all__ = ["new_token"]  # re-exported: the fixtures' maker of {token} values


def new_look_alike() -> str:
    """A token without its prefix: what a scanner must not report."""
    return new_token().removeprefix("xoxb-")


LEAKS = {
    ".env": """\
SLACK_URL=https://slack.com
SLACK_BOT_TOKEN={token}
""",
    "app.py": """\
import os

from slack_bolt import App

app = App(token="{token}", signing_secret=os.environ["SLACK_SIGNING_SECRET"])
""",
    "config/notify.yaml": """\
slack:
  channel: "#deploys"
  bot_token: {token}
""",
    "scripts/notify.sh": """\
#!/bin/sh
curl -s -H "Authorization: Bearer {token}" \\
  -d channel=C0DEPLOYS -d text="deploy done" https://slack.com/api/chat.postMessage
""",
    ".bash_history": """\
export SLACK_BOT_TOKEN={token}
python app.py
""",
    "docker-compose.yml": """\
services:
  notifier:
    image: acme/notifier:1.4
    environment:
      SLACK_BOT_TOKEN: {token}
""",
    "settings.json": """\
{
  "slack": {
    "botToken": "{token}",
    "channel": "C0DEPLOYS"
  }
}
""",
    "src/notify.mjs": """\
import { WebClient } from "@slack/web-api";

const web = new WebClient("{token}");
await web.chat.postMessage({ channel: "C0DEPLOYS", text: "deploy done" });
""",
    "cmd/notify/main.go": """\
package main

import "github.com/slack-go/slack"

func main() {
\tapi := slack.New("{token}")
\t_, _, _ = api.PostMessage("C0DEPLOYS", slack.MsgOptionText("deploy done", false))
}
""",
    "src/main/java/Notify.java": """\
public final class Notify {
  private static final String SLACK_BOT_TOKEN = "{token}";
}
""",
    "src/notify.rs": """\
const SLACK_BOT_TOKEN: &str = "{token}";
""",
}

NEAR_MISSES = {
    "docs/slack.md": """\
# Slack notifier

Bot tokens start with xoxb- and then digits; paste yours into the secret store, not here.
The bot posts to #deploys as deploy-bot.
""",
    "ci.log": """\
Restoring cache {id}
Posted to #deploys as deploy-bot
""",
    "config/slack-client.yaml": """\
slack:
  api_url: https://slack.com/api
  token_file: /run/secrets/slack-bot-token
  request_id: {id}
""",
    ".env.example": """\
SLACK_URL=https://slack.com
# Paste the bot token (it starts with xoxb-) here; never commit the real one.
SLACK_BOT_TOKEN=
""",
}

# detect-secrets 1.5.0 drops every secret on a line that looks like an assignment from a call
# (its is_indirect_reference filter: `api := slack.New(...)`, `app = App(...)`), so our plugin's
# findings there are filtered out. Remove when detect-secrets reports them.
DETECT_SECRETS_MISSES = {"app.py:5", "cmd/notify/main.go:6"}

# A settings file the pre-commit hooks must refuse to commit.
PRE_COMMIT = (".env", "SLACK_URL=https://slack.com\nSLACK_BOT_TOKEN={token}\n")
