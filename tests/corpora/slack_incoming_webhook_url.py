"""Where Slack incoming webhook URLs really leak, and values a scanner must leave alone.

`{token}` becomes a fresh `https://hooks.slack.com/services/...` URL a scanner must report;
`{id}` a value that is no webhook URL: the same three path segments without the host, as a
cache key or a log line might hold them.
"""

from __future__ import annotations

from tests.standins.slack_webhook import new_url


def new_token() -> str:
    """A webhook URL at Slack's own host: what a scanner must report."""
    return new_url()


def new_look_alike() -> str:
    """The URL's path segments without the host: what a scanner must not report."""
    return new_url().removeprefix("https://hooks.slack.com/services/")


LEAKS = {
    ".env": """\
SLACK_WEBHOOK_URL={token}
""",
    "notify.py": """\
import requests

WEBHOOK = "{token}"

requests.post(WEBHOOK, json={"text": "deploy done"}, timeout=10)
""",
    ".github/workflows/deploy.yml": """\
jobs:
  notify:
    runs-on: ubuntu-latest
    steps:
      - run: >-
          curl -X POST -H 'Content-type: application/json' --data '{"text":"deployed"}'
          {token}
""",
    "scripts/notify.sh": """\
#!/bin/sh
curl -s -X POST -H 'Content-type: application/json' \\
  --data '{"text": "backup finished"}' {token}
""",
    "config/alerts.yaml": """\
alerting:
  slack:
    webhook_url: {token}
    channel: "#alerts"
""",
    "docker-compose.yml": """\
services:
  alertmanager:
    image: prom/alertmanager:v0.27.0
    environment:
      SLACK_WEBHOOK_URL: "{token}"
""",
    "settings.json": """\
{
  "notifications": {
    "slackWebhook": "{token}"
  }
}
""",
    "src/notify.mjs": """\
import { IncomingWebhook } from "@slack/webhook";

const webhook = new IncomingWebhook("{token}");
await webhook.send({ text: "deploy done" });
""",
    "main.tf": """\
resource "aws_sns_topic_subscription" "slack" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "https"
  endpoint  = "{token}"
}
""",
    "src/main/java/Notify.java": """\
public final class Notify {
  private static final String WEBHOOK = "{token}";
}
""",
}

NEAR_MISSES = {
    "docs/alerts.md": """\
# Alerts

Alerts go to #alerts through an incoming webhook; its URL starts with
https://hooks.slack.com/services/ and lives in the secret store, never here.
""",
    "ci.log": """\
Restoring cache {id}
Posted 1 message to #alerts
""",
    ".env.example": """\
# Paste the webhook URL (it starts with https://hooks.slack.com/services/) here.
SLACK_WEBHOOK_URL=
""",
    "logs/notifier.log": """\
2026-11-02T09:14:03Z cache miss for {id}, fetching the webhook from the secret store
2026-11-02T09:14:04Z posted 1 message to #alerts
""",
}

# A settings file the pre-commit hooks must refuse to commit.
PRE_COMMIT = (".env", "SLACK_WEBHOOK_URL={token}\n")
