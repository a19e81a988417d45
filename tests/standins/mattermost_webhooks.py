"""A stateful imitation of Mattermost's incoming webhooks: the hook URL and the calls managing it.

A hook URL is `{server}/hooks/{hook_id}` and needs no credential: whoever holds it posts to its
channel. `POST /hooks/{hook_id}` answers in the order server/channels/app/webhook.go
(HandleIncomingWebhook) checks: incoming webhooks off server-wide (501), no text (400, before the
hook is looked up, so an empty payload tells nothing), a missing or deleted hook (400), an
unknown `@user` (400) or channel (404), a locked hook asked for another channel (403); then it
posts and answers `ok`. As current servers do (server/channels/web/webhook.go), every error of
HandleIncomingWebhook is re-wrapped: the answer keeps only its status, with the id
`web.incoming_webhook.general.app_error` and a message that names the hook ID, and the cause
only in `detailed_error`, which servers blank unless developer mode is on. Listing and
deleting hooks take a personal access token, which this stand-in checks as MattermostStandIn
does. Every exchange is held to tests/contracts/mattermost-webhooks.openapi.yaml.

The secret here is the hook URL, not an API credential, so the credential the incident programs
call "admin" is the hook owner's own personal access token, which `sign_in` makes (an account
may manage its own hooks; a system admin may manage everyone's).
"""

from __future__ import annotations

import json
import time

from werkzeug.wrappers import Request, Response

from .contract import CONTRACTS, Answer, json_response
from .mattermost import _ID, MattermostStandIn, _app_error, _bad_param, _page, new_id

SPEC = CONTRACTS / "mattermost-webhooks.openapi.yaml"

# The field names of an incoming webhook as the API returns it (model/incoming_webhook.go).
HOOK_FIELDS = (
    "id", "create_at", "update_at", "delete_at", "user_id", "channel_id", "team_id",
    "display_name", "description", "username", "icon_url", "channel_locked",
)  # fmt: skip


class _Undecodable(Exception):
    """A body that is no JSON object: web/webhook.go answers it before the app sees it."""

    def __init__(self, answer: Answer):
        super().__init__(answer)
        self.answer = answer


def _now_ms() -> int:
    return int(time.time() * 1000)


class MattermostWebhookStandIn(MattermostStandIn):
    """One team with channels, accounts with personal access tokens, and incoming webhooks."""

    spec = SPEC
    undocumented = {}

    def __init__(self):
        super().__init__()
        self.url = ""  # the served address; hook URLs start with it
        self.incoming_enabled = True  # ServiceSettings.EnableIncomingWebhooks
        self.team_id = new_id()
        self._channels: dict[str, dict] = {}
        self._hooks: dict[str, dict] = {}
        self.posts: list[dict] = []
        self.add_channel("town-square")

    def routes(self):
        hooks = "/api/v4/hooks/incoming"
        return [
            ("POST", "/hooks/([A-Za-z0-9]+)", self._post_to_hook),
            ("GET", hooks, self._signed_in(self._list_hooks)),
            ("DELETE", f"{hooks}/([^/]+)", self._signed_in(self._delete_hook)),
        ]

    # -- state helpers for tests (no HTTP) --

    def add_channel(self, name: str) -> dict:
        channel = {"id": new_id(), "team_id": self.team_id, "name": name}
        with self._lock:
            self._channels[channel["id"]] = channel
        return dict(channel)

    def create_hook(self, user_id: str, display_name: str, locked: bool = False) -> dict:
        """An incoming webhook owned by `user_id` that posts to town-square."""
        now = _now_ms()
        channel = next(c for c in self._channels.values() if c["name"] == "town-square")
        hook = {
            "id": new_id(), "create_at": now, "update_at": now, "delete_at": 0,
            "user_id": user_id, "channel_id": channel["id"], "team_id": self.team_id,
            "display_name": display_name, "description": "", "username": "", "icon_url": "",
            "channel_locked": locked,
        }  # fmt: skip
        with self._lock:
            self._hooks[hook["id"]] = hook
        return dict(hook)

    def hook_url(self, hook_id: str) -> str:
        if not self.url:
            raise RuntimeError("serve the stand-in and set its .url before making hook URLs")
        return f"{self.url}/hooks/{hook_id}"

    def create_token(self, user_id: str, description: str) -> tuple[str, str]:
        """A hook of `user_id` named `description`: (hook ID, hook URL).

        The hook ID is the last part of the URL, so it is part of the secret, never a public ID.
        """
        hook = self.create_hook(user_id, description)
        return hook["id"], self.hook_url(hook["id"])

    def sign_in(self, user_id: str) -> str:
        """A personal access token of `user_id`, which may list and delete the account's hooks."""
        return MattermostStandIn.create_token(self, user_id, "incident response")[1]

    def inputs(self, owner: dict, token_id: str, token: str) -> dict[str, str]:
        """The catalog's actions take no inputs: the hook ID comes from the leaked URL."""
        return {}

    def hook_exists(self, hook_id: str) -> bool:
        hook = self._hooks.get(hook_id)
        return bool(hook and not hook["delete_at"])

    # -- the hook URL --

    def _post_to_hook(self, request: Request, hook_id: str) -> Response:
        self.seen_tokens.append(request.url)
        try:
            return self._handle_incoming(request, hook_id)
        except _Undecodable as cause:
            raise cause.answer from None
        except Answer as cause:
            # web/webhook.go wraps the app's error: only its status survives.
            status = cause.response.status_code
            message = (
                "Failed to handle the payload of media type application/json"
                f" for incoming webhook {hook_id}."
            )
            raise _app_error(status, "web.incoming_webhook.general.app_error", message) from None

    def _handle_incoming(self, request: Request, hook_id: str) -> Response:
        if not self.incoming_enabled:
            raise _app_error(501, "web.incoming_webhook.disabled.app_error", "Webhooks disabled.")
        try:
            payload = json.loads(request.get_data() or b"null")
        except ValueError:
            payload = None
        if not isinstance(payload, dict):
            # Decoding happens before HandleIncomingWebhook, under its own wrapping id.
            message = (
                "Failed to decode the payload of media type application/json"
                f" for incoming webhook {hook_id}."
            )
            raise _Undecodable(_app_error(400, "web.incoming_webhook.decode.app_error", message))
        text = payload.get("text") or ""
        if not text and payload.get("attachments") is None:
            raise _app_error(400, "web.incoming_webhook.text.app_error", "No text specified.")

        hook = self._hooks.get(hook_id)
        if hook is None or hook["delete_at"]:
            raise _app_error(400, "web.incoming_webhook.invalid.app_error", "Invalid webhook.")
        channel = self._channel_for(hook, payload.get("channel") or "")
        if hook["channel_locked"] and channel["id"] != hook["channel_id"]:
            message = "This webhook is not permitted to post to the requested channel."
            raise _app_error(403, "web.incoming_webhook.channel_locked.app_error", message)

        props = {"from_webhook": "true", "webhook_display_name": hook["display_name"]}
        post = {"id": new_id(), "create_at": _now_ms(), "user_id": hook["user_id"]}
        self.posts.append(post | {"channel_id": channel["id"], "message": text, "props": props})
        return Response("ok", status=200, mimetype="text/plain")

    def _channel_for(self, hook: dict, name: str) -> dict:
        """The channel a post goes to: the hook's own, or the one the payload names."""
        if not name:
            return self._channels[hook["channel_id"]]
        if name.startswith("@"):
            user = next((u for u in self._users.values() if u["username"] == name[1:]), None)
            if user is None:
                raise _app_error(
                    400, "web.incoming_webhook.user.app_error", "Couldn't find the user."
                )
            raise NotImplementedError("direct messages from a hook are not imitated")
        wanted = name.removeprefix("#")
        for channel in self._channels.values():
            if channel["team_id"] == hook["team_id"] and channel["name"] == wanted:
                return channel
        raise _app_error(
            404, "web.incoming_webhook.channel.app_error", "Couldn't find the channel."
        )

    # -- the REST API: (request, caller, session, *path parameters) --

    def _require_enabled(self) -> None:
        if not self.incoming_enabled:
            message = "Incoming webhooks have been disabled by the system admin."
            raise _app_error(501, "api.incoming_webhook.disabled.app_error", message)

    def _list_hooks(self, request: Request, caller: dict, _session) -> Response:
        """Every hook for a system admin (who holds manage_others_...), else the caller's own."""
        self._require_enabled()
        team_id = request.args.get("team_id", "")
        everyone = "system_admin" in caller["roles"].split()
        found = [
            {key: hook[key] for key in HOOK_FIELDS}
            for hook in self._hooks.values()
            if not hook["delete_at"]
            and (everyone or hook["user_id"] == caller["id"])
            and (not team_id or hook["team_id"] == team_id)
        ]
        return json_response(200, _page(request, found))

    def _delete_hook(self, request: Request, caller: dict, _session, hook_id: str) -> Response:
        """Delete a hook: its owner may, and a system admin may delete anyone's."""
        if not _ID.fullmatch(hook_id):
            raise _bad_param("hook_id")
        self._require_enabled()
        hook = self._hooks.get(hook_id)
        if hook is None or hook["delete_at"]:
            raise _app_error(
                404, "app.webhooks.get_incoming.app_error", "Unable to get the webhook."
            )
        if hook["user_id"] != caller["id"] and "system_admin" not in caller["roles"].split():
            detail = f"userId={caller['id']}, permission=manage_others_incoming_webhooks"
            raise _app_error(403, "api.context.permissions.app_error", "No permission.", detail)
        hook["delete_at"] = hook["update_at"] = _now_ms()
        return json_response(200, {"status": "OK"})
