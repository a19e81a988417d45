"""A stateful imitation of Slack's Web API for bot tokens: auth.test and auth.revoke.

One workspace, its bot users and their bot tokens. Behaviour follows Slack's method pages for
auth.test and auth.revoke, which the catalog entry cites: every answer is HTTP 200 with an `ok`
field, and a call that fails says why in `error`. Every exchange is held to
tests/contracts/slack-web-api.openapi.yaml.
"""

from __future__ import annotations

import secrets
import string

from werkzeug.wrappers import Request, Response

from .contract import CONTRACTS, Answer, StandIn, json_response

SPEC = CONTRACTS / "slack-web-api.openapi.yaml"

PREFIX = "xoxb-"
_BASE62 = string.digits + string.ascii_letters
_ID_CHARS = string.ascii_uppercase + string.digits


def _digits(count: int) -> str:
    """A number of `count` digits that does not start with 0."""
    return str(secrets.randbelow(9 * 10 ** (count - 1)) + 10 ** (count - 1))


def new_token(team_number: str | None = None) -> str:
    """`xoxb-`, a team's and a bot's number of 10 to 13 digits, then 24 letters and digits."""
    team = team_number or _digits(secrets.choice(range(10, 14)))
    bot = _digits(secrets.choice(range(10, 14)))
    random = "".join(secrets.choice(_BASE62) for _ in range(24))
    return f"{PREFIX}{team}-{bot}-{random}"


def new_id(kind: str) -> str:
    """A Slack ID such as T0123ABCDE (team), U... (user) or B... (bot): a letter and 10 more."""
    return kind + "".join(secrets.choice(_ID_CHARS) for _ in range(10))


def _error(code: str) -> Answer:
    # The Web API answers a failed call with HTTP 200 too; `ok` and `error` say what happened.
    return Answer(json_response(200, {"ok": False, "error": code}))


class SlackStandIn(StandIn):
    """Bot users of one workspace, each with bot tokens that auth.revoke can revoke."""

    spec = SPEC

    def __init__(self):
        self.team = {
            "id": new_id("T"),
            "name": "Acme Corp",
            "domain": "acme-corp",
            "number": _digits(11),
        }
        self._users: dict[str, dict] = {}
        self._tokens: dict[str, dict] = {}  # by value
        self.seen_tokens: list[str] = []
        super().__init__()

    def routes(self):
        return [
            ("GET", "/api/auth.test", self._signed_in(self._auth_test)),
            ("GET", "/api/auth.revoke", self._signed_in(self._auth_revoke)),
        ]

    # -- state helpers for tests (no HTTP) --

    def add_user(self, username: str) -> dict:
        """A bot user, as installing an app with bot scopes adds one to the workspace."""
        user = {"id": new_id("U"), "username": username, "bot_id": new_id("B"), "active": True}
        with self._lock:
            self._users[user["id"]] = user
        return {"id": user["id"], "username": username}

    def add_admin(self, username: str) -> dict:
        """No Slack action in the playbook needs an admin: an admin is one more bot here."""
        return self.add_user(username)

    def create_token(self, user_id: str, description: str) -> tuple[str, str]:
        """A bot token for the bot user, as installing the app issues one.

        Slack gives a bot token no ID of its own; the ID returned is the bot's `bot_id`.
        """
        value = new_token(self.team["number"])
        user = self._users[user_id]
        with self._lock:
            self._tokens[value] = {"user_id": user_id, "note": description, "active": True}
            user["active"] = True
        return user["bot_id"], value

    def inputs(self, owner: dict, token_id: str, token: str) -> dict[str, str]:
        """The catalog's actions take no inputs: the leaked token checks and revokes itself."""
        return {}

    def token_is_active(self, value: str) -> bool:
        token = self._tokens.get(value)
        return bool(token and token["active"])

    # -- authentication --

    def _signed_in(self, handler):
        return lambda request, *params: handler(request, self._caller(request), *params)

    def _caller(self, request: Request) -> dict:
        """The token behind `Bearer` in Authorization, or the error Slack answers instead.

        No credential at all is `not_authed`. A value the stand-in never issued, or one sent
        under another scheme, is `invalid_auth`; a token it revoked is `token_revoked`. Slack's
        pages list both of the last two for tokens that no longer work.
        """
        header = request.headers.get("Authorization", "")
        if not header.strip():
            raise _error("not_authed")
        scheme, _, value = header.partition(" ")
        value = value.strip()
        self.seen_tokens.append(value or scheme)
        token = self._tokens.get(value)
        if scheme.lower() != "bearer" or token is None:
            raise _error("invalid_auth")
        if not token["active"]:
            raise _error("token_revoked")
        return token

    # -- handlers --

    def _auth_test(self, request: Request, token: dict) -> Response:
        user = self._users[token["user_id"]]
        team = self.team
        return json_response(
            200,
            {
                "ok": True,
                "url": f"https://{team['domain']}.slack.com/",
                "team": team["name"],
                "user": user["username"],
                "team_id": team["id"],
                "user_id": user["id"],
                "bot_id": user["bot_id"],
                "is_enterprise_install": False,
            },
        )

    def _auth_revoke(self, request: Request, token: dict) -> Response:
        # With test=1 (true), Slack only tries the call and leaves the token alone.
        if request.args.get("test", "").lower() in ("1", "true"):
            return json_response(200, {"ok": True, "revoked": False})
        token["active"] = False
        # Revoking a bot token deactivates the bot user and removes it from its channels.
        self._users[token["user_id"]]["active"] = False
        return json_response(200, {"ok": True, "revoked": True})
