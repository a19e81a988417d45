"""The Stripe stand-in behaves as Stripe's pages say, under its contract guard."""

from __future__ import annotations

import base64
import re

import pytest
import requests

from tests.standins import served
from tests.standins.stripe import StripeStandIn


def call(stripe, key: str | None = None, authorization: str | None = None) -> requests.Response:
    if key is not None:
        authorization = f"Bearer {key}"
    headers = {"Authorization": authorization} if authorization else {}
    return requests.get(stripe.url + "/v1/account", headers=headers, timeout=5)


@pytest.fixture
def stripe():
    """A served Stripe stand-in with its address as `.url`; it must end with no violations."""
    with served(StripeStandIn()) as standin:
        yield standin


def account_with_key(stripe) -> tuple[dict, str, str]:
    account = stripe.add_user("shop")
    key_id, key = stripe.create_token(account["id"], "checkout")
    return account, key_id, key


def test_keys_have_the_secret_key_format(stripe):
    account, _, key = account_with_key(stripe)
    assert re.fullmatch(r"sk_live_[0-9A-Za-z]{99}", key)
    assert re.fullmatch(r"acct_[0-9A-Za-z]{16}", account["id"])
    _, narrow = stripe.create_narrow_token(account["id"], "reports")
    assert re.fullmatch(r"rk_live_[0-9A-Za-z]{99}", narrow)


def test_the_key_works_as_bearer_or_basic_credentials(stripe):
    account, _, key = account_with_key(stripe)
    basic = base64.b64encode(f"{key}:".encode()).decode()
    for authorization in (f"Bearer {key}", f"Basic {basic}", f"Basic {key}"):
        answer = call(stripe, authorization=authorization)
        assert answer.status_code == 200, authorization.split()[0]
        assert answer.json()["id"] == account["id"]
    assert stripe.seen_tokens == [key, key, key]


def test_a_missing_wrong_or_foreign_scheme_key_is_401(stripe):
    _, _, key = account_with_key(stripe)
    for answer in (call(stripe), call(stripe, authorization=f"Digest {key}")):
        assert answer.status_code == 401
        assert answer.json()["error"]["type"] == "invalid_request_error"
    wrong = call(stripe, key[:-4] + "abcd")
    assert wrong.status_code == 401 and "Invalid API Key" in wrong.json()["error"]["message"]
    assert key not in wrong.text, "the error message repeats the key"


def test_a_restricted_key_without_account_access_is_403_yet_live(stripe):
    account, _, _ = account_with_key(stripe)
    _, narrow = stripe.create_narrow_token(account["id"], "reports")
    answer = call(stripe, narrow)
    assert answer.status_code == 403
    assert "does not have the required permissions" in answer.json()["error"]["message"]


def test_rotating_with_an_expiry_keeps_the_old_key_until_then(stripe):
    account, key_id, key = account_with_key(stripe)
    _, new = stripe.rotate_in_ui(key_id, expires_in=3600)
    assert call(stripe, key).status_code == 200
    assert call(stripe, new).json()["id"] == account["id"]

    new_id, newer = stripe.rotate_in_ui(key_id)
    expired = call(stripe, key)
    assert expired.status_code == 401
    assert "Expired API Key" in expired.json()["error"]["message"]
    assert call(stripe, newer).status_code == 200
    assert new_id != key_id


def test_deleting_a_key_in_the_dashboard_is_final(stripe):
    _, key_id, key = account_with_key(stripe)
    stripe.revoke_in_ui(key_id)
    assert call(stripe, key).status_code == 401
