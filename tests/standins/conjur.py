"""A stateful imitation of Conjur's authn and secrets API (facts part C)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import string
import time
from collections.abc import Callable
from datetime import UTC, datetime

from werkzeug.wrappers import Request, Response

from .contract import CONTRACTS, Answer, StandIn, json_response

SPEC = CONTRACTS / "conjur.openapi.yaml"
TOKEN_LIFETIME = 8 * 60
_KEY_ALPHABET = string.ascii_lowercase + string.digits
# The contract's ApiKey schema sets minLength 55.
_KEY_LENGTH = 55
_VERSIONS_KEPT = 20
_TOKEN_HEADER = re.compile(r'Token token="?([^"\s]+)"?')


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _status(status: int, message: str = "") -> Answer:
    if not message:
        return Answer(Response(status=status))
    body = {"error": {"code": str(status), "message": message}}
    return Answer(json_response(status, body))


def _wants_base64(request: Request) -> bool:
    return "base64" in request.headers.get("Accept-Encoding", "").lower()


class ConjurStandIn(StandIn):
    """Roles (users and hosts) with API keys, variables with versions, signed access tokens."""

    spec = SPEC

    def __init__(self, account: str = "dev", clock: Callable[[], float] = time.time):
        self.account = account
        # Tests move the clock forward to age access tokens past their 8 minutes.
        self.clock = clock
        self._signing_key = secrets.token_bytes(32)
        self._key_id = hashlib.sha256(self._signing_key).hexdigest()[:32]
        self._roles: dict[str, dict] = {}
        self._variables: dict[str, list[str]] = {}
        self.seen_api_keys: list[str] = []
        super().__init__()

    def routes(self):
        return [
            ("GET", "/authn/([^/]+)/login", self._login),
            ("POST", "/authn/([^/]+)/([^/]+)/authenticate", self._authenticate),
            ("GET", "/secrets/([^/]+)/([^/]+)/([^/]+)", self._secret),
            ("GET", "/secrets", self._batch),
            ("GET", "/whoami", self._whoami),
        ]

    # -- state helpers for tests (no HTTP) --

    def add_host(self, host_id: str) -> str:
        return self._add_role(f"host/{host_id}", password=None)

    def add_user(self, login: str, password: str) -> str:
        return self._add_role(login, password)

    def _add_role(self, login: str, password: str | None) -> str:
        api_key = "".join(secrets.choice(_KEY_ALPHABET) for _ in range(_KEY_LENGTH))
        with self._lock:
            self._roles[login] = {"api_key": api_key, "password": password}
        return api_key

    def set_variable(self, identifier: str, value: str) -> None:
        with self._lock:
            versions = self._variables.setdefault(identifier, [])
            versions.append(value)
            del versions[:-_VERSIONS_KEPT]

    def access_token(self, login: str) -> str:
        """A raw access token for `login`, issued now by the stand-in's clock."""
        issued = int(self.clock())
        header = {"alg": "conjur.org/slosilo/v2", "kid": self._key_id}
        claims = {"sub": login, "iat": issued, "exp": issued + TOKEN_LIFETIME}
        protected = _b64url(json.dumps(header).encode())
        payload = _b64url(json.dumps(claims).encode())
        token = {
            "protected": protected,
            "payload": payload,
            "signature": self._sign(protected, payload),
        }
        return json.dumps(token)

    def _sign(self, protected: str, payload: str) -> str:
        digest = hmac.new(self._signing_key, f"{protected}.{payload}".encode(), hashlib.sha256)
        return _b64url(digest.digest())

    # -- authentication --

    def _claims(self, request: Request) -> dict:
        """The claims of a valid access token in the Authorization header, or 401."""
        match = _TOKEN_HEADER.fullmatch(request.headers.get("Authorization", "").strip())
        if match is None:
            raise _status(401)
        try:
            token = json.loads(base64.b64decode(match[1], validate=True))
            expected = self._sign(token["protected"], token["payload"])
            claims = json.loads(_unb64url(token["payload"]))
            valid = hmac.compare_digest(expected, token["signature"])
            valid = valid and claims["exp"] > self.clock() and claims["sub"] in self._roles
        except (TypeError, ValueError, KeyError):
            valid = False
        if not valid:
            raise _status(401)
        return claims

    def _same_account(self, account: str) -> None:
        if account != self.account:
            raise _status(401)

    # -- handlers --

    def _login(self, request: Request, account: str) -> Response:
        self._same_account(account)
        auth = request.authorization
        role = self._roles.get(auth.username) if auth and auth.type == "basic" else None
        # Hosts have no password, so only users log in here.
        secret = (role or {}).get("password")
        if not secret or not hmac.compare_digest(secret, auth.password or ""):
            raise _status(401)
        return Response(role["api_key"], mimetype="text/plain")

    def _authenticate(self, request: Request, account: str, login: str) -> Response:
        api_key = request.get_data(as_text=True)
        self.seen_api_keys.append(api_key)
        self._same_account(account)
        role = self._roles.get(login)
        if role is None or not hmac.compare_digest(role["api_key"], api_key):
            raise _status(401)

        # The contract declares text/plain although the server sends the JSON token; follow it.
        token = self.access_token(login)
        if _wants_base64(request):
            token = base64.b64encode(token.encode()).decode()
        return Response(token, mimetype="text/plain")

    def _secret(self, request: Request, account: str, kind: str, identifier: str) -> Response:
        self._claims(request)
        versions = self._variables.get(identifier, []) if kind == "variable" else []
        wanted = request.args.get("version", type=int)
        if account != self.account or not versions or (wanted and wanted > len(versions)):
            raise _status(404, f"{account}:{kind}:{identifier} is empty or not found.")
        return Response(versions[wanted - 1 if wanted else -1], mimetype="text/plain")

    def _batch(self, request: Request) -> Response:
        self._claims(request)
        found = {}
        for full_id in request.args["variable_ids"].split(","):
            account, kind, identifier = (full_id.split(":", 2) + ["", ""])[:3]
            if not (account and kind and identifier):
                raise _status(422, f"{full_id!r} is not account:kind:identifier.")
            versions = self._variables.get(identifier)
            if (account, kind) != (self.account, "variable") or not versions:
                raise _status(404, f"{full_id} is empty or not found.")
            value = versions[-1]
            if _wants_base64(request):
                value = base64.b64encode(value.encode()).decode()
            found[full_id] = value
        return json_response(200, found)

    def _whoami(self, request: Request) -> Response:
        claims = self._claims(request)
        issued = datetime.fromtimestamp(claims["iat"], UTC).isoformat(timespec="milliseconds")
        body = {
            "client_ip": request.remote_addr or "",
            "user_agent": request.user_agent.string,
            "account": self.account,
            "username": claims["sub"],
            "token_issued_at": issued,
        }
        return json_response(200, body)
