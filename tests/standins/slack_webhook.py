"""A stateful imitation of Slack's incoming webhooks: a POST to the webhook URL itself.

One workspace and its webhooks, each a URL whose last path segments are the workspace's ID, the
webhook's ID and a secret. Behaviour follows Slack's incoming-webhooks page, which the catalog
entry cites: a message is posted and answered `ok`; a payload without text is refused with 400
`no_text` and posts nothing; a dead URL is refused with a status and a short error text. Slack
has no API that removes a webhook, so `revoke_in_ui` does what the app settings page does.
`no_text_answer` is the text of that refusal: `no_text` as documented, or
`missing_text_or_fallback_or_attachments`, which a live webhook has been reported to answer
instead; a test may set it, and must set it back.
Every exchange is held to tests/contracts/slack-incoming-webhooks.openapi.yaml.
"""

from __future__ import annotations

import json
import secrets
import string
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.wrappers import Request, Response

from .contract import CONTRACTS, StandIn

SPEC = CONTRACTS / "slack-incoming-webhooks.openapi.yaml"

_ID_CHARS = string.ascii_uppercase + string.digits
_SECRET_CHARS = string.ascii_letters + string.digits
# The texts a live webhook refuses a payload without text with: documented, and reported.
NO_TEXT = "no_text"
MISSING_TEXT = "missing_text_or_fallback_or_attachments"


def new_id(kind: str) -> str:
    """A Slack ID such as T0123ABCDE (workspace) or B... (webhook): a letter and 10 more."""
    return kind + "".join(secrets.choice(_ID_CHARS) for _ in range(10))


def new_secret() -> str:
    """The webhook URL's last segment: 24 letters and digits."""
    return "".join(secrets.choice(_SECRET_CHARS) for _ in range(24))


def new_url(base: str = "https://hooks.slack.com") -> str:
    """A webhook URL of the catalog's shape: /services/, a workspace ID, a webhook ID, a secret."""
    return f"{base}/services/{new_id('T')}/{new_id('B')}/{new_secret()}"


def _text(status: int, text: str) -> Response:
    return Response(text, status=status, mimetype="text/plain")


class SlackWebhookStandIn(StandIn):
    """Incoming webhooks of one workspace; each posts to a channel until it is removed."""

    spec = SPEC

    def __init__(self):
        self.url = ""  # the served address, set by whoever serves it
        self.team = {"id": new_id("T"), "active": True}
        self._users: dict[str, dict] = {}
        self._hooks: dict[str, dict] = {}  # by webhook ID
        self.posted: list[dict] = []  # every message a webhook posted
        self.seen_tokens: list[str] = []  # every webhook URL called
        self.no_text_answer = NO_TEXT  # or MISSING_TEXT, as a live webhook may answer instead
        super().__init__()

    def routes(self):
        return [("POST", r"/services/([^/]+)/([^/]+)/([^/]+)", self._post)]

    # -- state helpers for tests (no HTTP) --

    def add_user(self, username: str) -> dict:
        """A member who adds webhooks to the app; the URL itself names nobody."""
        user = {"id": new_id("U"), "username": username}
        with self._lock:
            self._users[user["id"]] = user
        return dict(user)

    def add_admin(self, username: str) -> dict:
        """No webhook action needs an admin: an admin is one more member here."""
        return self.add_user(username)

    def create_token(self, user_id: str, description: str) -> tuple[str, str]:
        """A new webhook, as **Add New Webhook to Workspace** makes one: (webhook ID, URL)."""
        hook = {"id": new_id("B"), "secret": new_secret(), "channel": description, "active": True}
        with self._lock:
            self._hooks[hook["id"]] = hook
        return hook["id"], f"{self.url}/services/{self.team['id']}/{hook['id']}/{hook['secret']}"

    def inputs(self, owner: dict, token_id: str, token: str) -> dict[str, str]:
        """The check takes no inputs: the URL is all it needs."""
        return {}

    def revoke_in_ui(self, token_id: str) -> None:
        """Remove the webhook, as its **Remove** button in the app's settings does."""
        with self._lock:
            self._hooks[token_id]["active"] = False

    @contextmanager
    def live_probe_answer(self, answer) -> Iterator[None]:
        """Refuse a live webhook's payload without text with `answer` (a catalog Answer)."""
        assert answer.status == 400 and answer.text in (NO_TEXT, MISSING_TEXT), answer
        before, self.no_text_answer = self.no_text_answer, answer.text
        try:
            yield
        finally:
            self.no_text_answer = before

    def disable_team(self) -> None:
        """The workspace is no longer active, so none of its webhooks can post."""
        self.team["active"] = False

    # -- handlers --

    def _post(self, request: Request, team_id: str, hook_id: str, secret: str) -> Response:
        self.seen_tokens.append(f"{request.host_url.rstrip('/')}{request.path}")
        hook = self._hooks.get(hook_id)
        if team_id != self.team["id"]:
            return _text(404, "no_team")
        if not self.team["active"]:
            return _text(410, "team_disabled")
        if hook is None or not hook["active"]:
            return _text(404, "no_service")
        if not secrets.compare_digest(secret, hook["secret"]):
            return _text(403, "invalid_token")
        # The guard lets through only a JSON object, as the contract describes the payload.
        payload = json.loads(request.get_data(as_text=True))
        if not (payload.get("text") or payload.get("blocks") or payload.get("attachments")):
            # Refused before anything is posted: this is the answer the check relies on.
            return _text(400, self.no_text_answer)
        self.posted.append({"channel": hook["channel"], **payload})
        return _text(200, "ok")
