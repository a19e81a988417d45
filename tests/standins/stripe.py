"""A stateful imitation of the Stripe API for secret and restricted API keys.

Accounts, their keys (secret `sk_` and restricted `rk_`), and the one call the snippets make,
GET /v1/account. Stripe's API has no call that rotates, expires or deletes a key: the Dashboard
does that, so this stand-in offers it to the tests as plain methods (`rotate_in_ui`,
`revoke_in_ui`), not over HTTP. Behaviour follows the Stripe pages the catalog entry cites;
every exchange is held to tests/contracts/stripe-keys.openapi.yaml.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import string
import time

from werkzeug.wrappers import Request, Response

from .contract import CONTRACTS, Answer, StandIn, json_response

SPEC = CONTRACTS / "stripe-keys.openapi.yaml"

BASE62 = string.digits + string.ascii_letters
# Keys issued now carry 99 letters and digits after the prefix; older ones carry 24.
BODY, LEGACY_BODY = 99, 24


def _random(width: int) -> str:
    return "".join(secrets.choice(BASE62) for _ in range(width))


def new_key(kind: str = "sk", mode: str = "live", width: int = BODY) -> str:
    """A key value: `sk` (secret) or `rk` (restricted), `live` or `test`, then the body."""
    return f"{kind}_{mode}_{_random(width)}"


def masked(value: str) -> str:
    """A key as Stripe's error messages show it: the prefix and the last four characters."""
    prefix = value[:8]
    return f"{prefix}{'*' * (len(value) - 12)}{value[-4:]}"


# Stripe answers a missing, wrong, expired or under-permitted key with this error type.
ERROR_TYPE = "invalid_request_error"
NO_KEY = "You did not provide an API key."


def _error(status: int, message: str) -> Answer:
    return Answer(json_response(status, {"error": {"message": message, "type": ERROR_TYPE}}))


class StripeStandIn(StandIn):
    spec = SPEC

    def __init__(self):
        self._accounts: dict[str, dict] = {}
        self._keys: dict[str, dict] = {}  # by key ID
        self.seen_tokens: list[str] = []
        super().__init__()

    def routes(self):
        return [("GET", "/v1/account", self._account)]

    # -- state helpers for tests (no HTTP) --

    def add_user(self, username: str) -> dict:
        """A Stripe account. Stripe names an account by its ID, so that is its `username`."""
        account_id = "acct_1" + _random(15)
        account = {"id": account_id, "name": username, "created": int(time.time())}
        with self._lock:
            self._accounts[account_id] = account
        return {"id": account_id, "username": account_id}

    def add_admin(self, username: str) -> dict:
        """Another account: no call the snippets make needs an administrator's key."""
        return self.add_user(username)

    def create_token(self, user_id: str, description: str) -> tuple[str, str]:
        """A secret key of the account, as **Create secret key** makes one: (key ID, value)."""
        return self._add_key(user_id, description, new_key("sk"), reads_account=True)

    def create_narrow_token(self, user_id: str, description: str) -> tuple[str, str]:
        """A live restricted key without read access to the account: /v1/account answers 403."""
        return self._add_key(user_id, description, new_key("rk"), reads_account=False)

    def rotate_in_ui(self, key_id: str, expires_in: float = 0) -> tuple[str, str]:
        """The Dashboard's **Rotate key**: a new key at once; the old one expires in `expires_in`
        seconds, 0 for now.
        """
        with self._lock:
            old = self._keys[key_id]
            old["expires_at"] = min(old["expires_at"], time.time() + expires_in)
            kind, mode = old["value"].split("_")[:2]
            value = new_key(kind, mode)
            return self._add_key(old["account"], old["name"], value, old["reads_account"])

    def revoke_in_ui(self, key_id: str) -> None:
        """The Dashboard's **Delete key**, which takes effect at once."""
        with self._lock:
            self._keys[key_id]["deleted"] = True

    def inputs(self, owner: dict, token_id: str, token: str) -> dict[str, str]:
        """The catalog's actions take no inputs besides the key itself."""
        return {}

    def _add_key(self, account: str, name: str, value: str, reads_account: bool):
        key = {"id": f"mk_{_random(24)}", "account": account, "name": name, "value": value}
        key |= {"reads_account": reads_account, "expires_at": float("inf"), "deleted": False}
        with self._lock:
            self._keys[key["id"]] = key
        return key["id"], value

    # -- authentication --

    def _caller(self, request: Request) -> dict:
        """The key behind Bearer or Basic credentials, or Stripe's 401.

        Stripe takes the key as a bearer token, as Basic credentials (the key as the user name,
        no password), and, as its API description says, as the bare key after `Basic`.
        """
        scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
        value = credentials.strip()
        if scheme.lower() == "basic":
            value = _basic_user(value)
        elif scheme.lower() != "bearer":
            value = ""
        if not value:
            raise _error(401, NO_KEY)

        self.seen_tokens.append(value)
        key = next((k for k in self._keys.values() if k["value"] == value), None)
        if key is None or key["deleted"]:
            raise _error(401, f"Invalid API Key provided: {masked(value)}")
        if time.time() >= key["expires_at"]:
            raise _error(401, f"Expired API Key provided: {masked(value)}")
        return key

    # -- handlers --

    def _account(self, request: Request) -> Response:
        key = self._caller(request)
        account = self._accounts[key["account"]]
        if not key["reads_account"]:
            message = (
                f"The provided key '{masked(key['value'])}' does not have the required "
                f"permissions for this endpoint on account '{account['id']}'."
            )
            raise _error(403, message)
        body = {
            "id": account["id"],
            "object": "account",
            "business_profile": {"name": account["name"], "url": None},
            "charges_enabled": True,
            "country": "US",
            "created": account["created"],
            "default_currency": "usd",
            "details_submitted": True,
            "email": f"{account['name']}@example.com",
            "payouts_enabled": True,
            "type": "standard",
        }
        return json_response(200, body)


def _basic_user(credentials: str) -> str:
    """The user name of Basic credentials, `base64(key:)`, or the bare key sent in their place."""
    try:
        decoded = base64.b64decode(credentials, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return credentials
    return decoded.partition(":")[0] if ":" in decoded else credentials
