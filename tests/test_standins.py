"""The stand-ins behave like Mattermost and Conjur; their guard holds both sides to the contract."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import quote

import pytest
import requests

from tests.standins import ConjurStandIn, MattermostStandIn, mattermost, serve

MATTERMOST_ID = re.compile(r"[13-9a-km-uw-z]{25}[yrecowah]")
PLAIN_USER = "system_user"
ADMIN = "system_user system_admin"


@pytest.fixture
def mm():
    """A served stand-in with its address as `.url`; it must end the test with no violations."""
    standin = MattermostStandIn()
    with serve(standin) as server:
        standin.url = server.url
        yield standin
    standin.assert_clean()


class Clock:
    """A clock the test moves by hand, to age Conjur access tokens."""

    def __init__(self):
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def conjur(clock):
    standin = ConjurStandIn(account="dev", clock=clock)
    with serve(standin) as server:
        standin.url = server.url
        yield standin
    standin.assert_clean()


def call(mm, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, mm.url + path, headers=headers, timeout=5, **kwargs)


def user_with_token(mm, name: str = "alice", roles: str | None = None) -> tuple[dict, str, str]:
    user = mm.add_user(name, roles) if roles else mm.add_user(name)
    token_id, value = mm.create_token(user["id"], "ci deploy")
    return user, token_id, value


def assert_invalid_token(response: requests.Response) -> None:
    assert response.status_code == 401
    body = response.json()
    assert body["id"] == "api.context.invalid_token.error"
    assert body["status_code"] == 401
    assert {"message", "detailed_error", "request_id", "is_oauth"} <= body.keys()


# -- Mattermost: tokens --


def test_me_answers_with_the_caller_of_a_live_token(mm):
    user, _, value = user_with_token(mm)
    response = call(mm, "GET", "/api/v4/users/me", value)
    assert response.status_code == 200
    assert response.json()["id"] == user["id"]
    assert response.json()["username"] == "alice"
    assert mm.seen_tokens == [value]


def test_another_user_is_found_by_id_and_an_unknown_id_is_404(mm):
    _, _, value = user_with_token(mm)
    bob = mm.add_user("bob")
    assert call(mm, "GET", f"/api/v4/users/{bob['id']}", value).json()["username"] == "bob"
    missing = call(mm, "GET", f"/api/v4/users/{mattermost.new_id()}", value)
    assert missing.status_code == 404


def test_create_shows_the_value_once_in_mattermost_id_format(mm):
    user, _, value = user_with_token(mm)
    created = call(mm, "POST", "/api/v4/users/me/tokens", value, json={"description": "bot"})
    assert created.status_code == 201
    body = created.json()
    assert body["user_id"] == user["id"] and body["description"] == "bot"
    assert MATTERMOST_ID.fullmatch(body["id"]) and MATTERMOST_ID.fullmatch(body["token"])
    assert call(mm, "GET", "/api/v4/users/me", body["token"]).status_code == 200
    assert all(MATTERMOST_ID.fullmatch(mattermost.new_id()) for _ in range(1000))


def test_list_get_and_search_never_return_the_value(mm):
    user, token_id, value = user_with_token(mm)
    admin, _, admin_value = user_with_token(mm, "root", ADMIN)
    mine = call(mm, "GET", "/api/v4/users/me/tokens", value).json()
    one = call(mm, "GET", f"/api/v4/users/tokens/{token_id}", value).json()
    # A 200 here also shows the guard checked /users/tokens as itself, not as /users/{user_id}.
    everyone = call(mm, "GET", "/api/v4/users/tokens?per_page=10", admin_value).json()
    found = [
        call(mm, "POST", "/api/v4/users/tokens/search", admin_value, json={"term": term}).json()
        for term in (token_id, user["id"], "ali")
    ]
    assert [t["id"] for t in mine] == [token_id] and one["is_active"] is True
    assert {t["user_id"] for t in everyone} == {user["id"], admin["id"]}
    assert all([t["id"] for t in result] == [token_id] for result in found)
    for listed in [*mine, one, *everyone, *sum(found, [])]:
        assert "token" not in listed and value not in json.dumps(listed)


def test_revoke_deletes_the_token_so_it_answers_401(mm):
    _, token_id, value = user_with_token(mm)
    revoked = call(mm, "POST", "/api/v4/users/tokens/revoke", value, json={"token_id": token_id})
    assert revoked.json() == {"status": "ok"}
    assert_invalid_token(call(mm, "GET", "/api/v4/users/me", value))
    _, _, admin_value = user_with_token(mm, "root", ADMIN)
    assert call(mm, "GET", f"/api/v4/users/tokens/{token_id}", admin_value).status_code == 404


def test_disable_makes_the_token_401_and_enable_brings_it_back(mm):
    user, token_id, value = user_with_token(mm)
    _, _, admin_value = user_with_token(mm, "root", ADMIN)
    body = {"token_id": token_id}
    assert call(mm, "POST", "/api/v4/users/tokens/disable", admin_value, json=body).ok
    refused = call(mm, "GET", "/api/v4/users/me", value)
    assert_invalid_token(refused)
    assert "inactive_token" in refused.json()["detailed_error"]
    listed = call(mm, "GET", f"/api/v4/users/{user['id']}/tokens", admin_value).json()
    assert listed[0]["is_active"] is False
    assert call(mm, "POST", "/api/v4/users/tokens/enable", admin_value, json=body).ok
    assert call(mm, "GET", "/api/v4/users/me", value).status_code == 200


def test_a_deactivated_users_token_is_401_until_the_user_is_back(mm):
    user, _, value = user_with_token(mm)
    assert call(mm, "GET", "/api/v4/users/me", value).ok
    mm.set_user_active(user["id"], False)
    assert mm.user(user["id"])["delete_at"] > 0
    refused = call(mm, "GET", "/api/v4/users/me", value)
    assert_invalid_token(refused)
    assert f"inactive_user_id={user['id']}" in refused.json()["detailed_error"]
    mm.set_user_active(user["id"], True)
    assert call(mm, "GET", "/api/v4/users/me", value).ok


def test_unknown_or_missing_bearer_is_401(mm):
    assert_invalid_token(call(mm, "GET", "/api/v4/users/me", mattermost.new_id()))
    anonymous = call(mm, "GET", "/api/v4/users/me")
    assert anonymous.status_code == 401
    assert anonymous.json()["id"] == "api.context.session_expired.app_error"


# -- Mattermost: permissions --


def test_a_user_without_the_access_token_role_gets_403(mm):
    user, _, value = user_with_token(mm, "carol", PLAIN_USER)
    path = f"/api/v4/users/{user['id']}/tokens"
    created = call(mm, "POST", path, value, json={"description": "x"})
    assert created.status_code == 403
    assert created.json()["id"] == "api.context.permissions.app_error"
    assert call(mm, "GET", "/api/v4/users/me/tokens", value).status_code == 403


def test_a_plain_user_acts_on_own_tokens_only_and_admin_on_all(mm):
    _, alice_token, alice_value = user_with_token(mm)
    bob, bob_token, bob_value = user_with_token(mm, "bob")
    _, _, admin_value = user_with_token(mm, "root", ADMIN)
    steal = {"token_id": bob_token}
    stolen = call(mm, "POST", "/api/v4/users/tokens/revoke", alice_value, json=steal)
    assert stolen.status_code == 403
    assert call(mm, "GET", f"/api/v4/users/{bob['id']}/tokens", alice_value).status_code == 403
    for path in ("/api/v4/users/tokens", "/api/v4/audits"):
        assert call(mm, "GET", path, alice_value).status_code == 403
    search = call(mm, "POST", "/api/v4/users/tokens/search", alice_value, json={"term": "bob"})
    assert search.status_code == 403
    assert call(mm, "POST", "/api/v4/users/tokens/revoke", admin_value, json=steal).ok
    assert_invalid_token(call(mm, "GET", "/api/v4/users/me", bob_value))
    assert call(mm, "GET", f"/api/v4/users/tokens/{alice_token}", alice_value).ok


# -- Mattermost: sessions and audits --


def test_token_use_opens_a_session_and_revoking_only_the_session_keeps_the_token(mm):
    user, token_id, value = user_with_token(mm)
    sessions = call(mm, "GET", "/api/v4/users/me/sessions", value).json()
    assert len(sessions) == 1 and sessions[0]["token"] == ""
    assert sessions[0]["props"] == {"type": "UserAccessToken", "user_access_token_id": token_id}

    body = {"session_id": sessions[0]["id"]}
    assert call(mm, "POST", f"/api/v4/users/{user['id']}/sessions/revoke", value, json=body).ok
    # The token itself still works: Mattermost opens a fresh session from it.
    rebuilt = call(mm, "GET", "/api/v4/users/me/sessions", value).json()
    assert [s["id"] for s in rebuilt] != [sessions[0]["id"]] and len(rebuilt) == 1


def test_audits_record_token_actions_with_the_callers_address(mm):
    user, token_id, value = user_with_token(mm)
    _, _, admin_value = user_with_token(mm, "root", ADMIN)
    call(mm, "POST", "/api/v4/users/tokens/disable", value, json={"token_id": token_id})

    mine = call(mm, "GET", f"/api/v4/users/{user['id']}/audits", admin_value).json()
    everything = call(mm, "GET", "/api/v4/audits", admin_value).json()
    assert mine[0]["action"] == "/api/v4/users/tokens/disable"
    assert mine[0]["ip_address"] == "127.0.0.1" and token_id in mine[0]["extra_info"]
    assert mine[0] in everything


# -- Mattermost: the contract guard --


def test_a_request_that_breaks_the_contract_is_400_and_recorded(mm):
    _, _, value = user_with_token(mm)
    no_id = call(mm, "POST", "/api/v4/users/tokens/revoke", value, json={})
    as_form = call(mm, "POST", "/api/v4/users/tokens/revoke", value, data={"token_id": "x"})
    unknown_path = call(mm, "GET", "/api/v4/users/me/stats", value)
    assert [r.status_code for r in (no_id, as_form, unknown_path)] == [400, 400, 400]
    assert "'token_id' is a required property" in no_id.json()["message"]
    assert "application/x-www-form-urlencoded" in as_form.json()["message"]
    assert len(mm.violations) == 3
    with pytest.raises(AssertionError, match="token_id"):
        mm.assert_clean()
    mm.reset()


def test_a_response_that_breaks_the_contract_is_500_and_recorded(mm, monkeypatch):
    monkeypatch.setattr(mattermost, "public_user", lambda user: {"id": user["id"]})
    _, _, value = user_with_token(mm)
    response = call(mm, "GET", "/api/v4/users/me", value)
    assert response.status_code == 500
    assert "'username' is a required property" in mm.violations[0]
    with pytest.raises(AssertionError, match="response 200 to GET /api/v4/users/me"):
        mm.assert_clean()
    mm.reset()


def test_a_stand_in_that_fails_is_500_and_recorded(mm, monkeypatch):
    monkeypatch.setattr(mattermost, "sanitized", lambda token: 1 / 0)
    _, _, value = user_with_token(mm)
    assert call(mm, "GET", "/api/v4/users/me/tokens", value).status_code == 500
    assert "ZeroDivisionError" in mm.violations[0]
    mm.reset()


# -- Conjur --


def authenticate(conjur, login: str, api_key: str, **headers) -> requests.Response:
    url = f"{conjur.url}/authn/dev/{quote(login, safe='')}/authenticate"
    headers = {"Content-Type": "text/plain", **headers}
    return requests.post(url, data=api_key, headers=headers, timeout=5)


def token_header(raw_token: str, quoted: bool = True) -> dict:
    encoded = base64.b64encode(raw_token.encode()).decode()
    return {"Authorization": f'Token token="{encoded}"' if quoted else f"Token token={encoded}"}


def conjur_get(conjur, path: str, raw_token: str, quoted: bool = True) -> requests.Response:
    return requests.get(conjur.url + path, headers=token_header(raw_token, quoted), timeout=5)


def test_a_host_authenticates_and_reads_a_secret(conjur):
    api_key = conjur.add_host("myapp")
    conjur.set_variable("prod/mattermost/token", "first")
    conjur.set_variable("prod/mattermost/token", "second")
    raw = authenticate(conjur, "host/myapp", api_key)
    assert raw.status_code == 200 and raw.headers["Content-Type"].startswith("text/plain")
    assert set(json.loads(raw.text)) == {"protected", "payload", "signature"}

    path = "/secrets/dev/variable/" + quote("prod/mattermost/token", safe="")
    assert conjur_get(conjur, path, raw.text).text == "second"
    assert conjur_get(conjur, path + "?version=1", raw.text, quoted=False).text == "first"
    assert conjur.seen_api_keys == [api_key]


def test_the_access_token_lasts_eight_minutes_and_then_is_401(conjur, clock):
    api_key = conjur.add_host("myapp")
    conjur.set_variable("db", "value")
    raw = authenticate(conjur, "host/myapp", api_key).text
    payload = json.loads(raw)["payload"]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert claims["exp"] - claims["iat"] == 8 * 60
    clock.now += 8 * 60 + 1
    assert conjur_get(conjur, "/secrets/dev/variable/db", raw).status_code == 401


def test_a_forged_or_garbled_token_is_401(conjur):
    conjur.add_host("myapp")
    conjur.set_variable("db", "value")
    token = json.loads(conjur.access_token("host/myapp"))
    other = json.loads(conjur.access_token("host/other"))
    forged = json.dumps(token | {"payload": other["payload"]})
    for raw in (forged, "not json", json.dumps(token | {"signature": "x"})):
        assert conjur_get(conjur, "/secrets/dev/variable/db", raw).status_code == 401
    assert requests.get(conjur.url + "/whoami", timeout=5).status_code == 401


def test_a_wrong_api_key_is_401_and_a_malformed_one_breaks_the_contract(conjur):
    api_key = conjur.add_host("myapp")
    wrong = api_key[::-1]
    assert authenticate(conjur, "host/myapp", wrong).status_code == 401
    assert authenticate(conjur, "host/nobody", api_key).status_code == 401
    assert conjur.seen_api_keys == [wrong, api_key]
    conjur.assert_clean()

    short = authenticate(conjur, "host/myapp", "short")
    url = f"{conjur.url}/authn/dev/host%2Fmyapp/authenticate"
    untyped = requests.post(url, data=api_key, timeout=5)
    assert short.status_code == 400 and "minLength 55" in short.json()["message"]
    assert untyped.status_code == 400 and "text/plain" in untyped.json()["message"]
    assert "short" not in short.json()["message"]
    with pytest.raises(AssertionError, match="authenticate"):
        conjur.assert_clean()
    conjur.reset()


def test_accept_encoding_is_checked_only_for_conjurs_own_values(conjur):
    api_key = conjur.add_host("myapp")
    assert authenticate(conjur, "host/myapp", api_key, **{"Accept-Encoding": "gzip, br"}).ok
    odd = authenticate(conjur, "host/myapp", api_key, **{"Accept-Encoding": "gzip, yaml"})
    assert odd.status_code == 400 and "Accept-Encoding" in odd.json()["message"]
    conjur.reset()


def test_a_missing_variable_or_version_is_404(conjur):
    conjur.add_host("myapp")
    raw = conjur.access_token("host/myapp")
    conjur.set_variable("db", "value")
    assert conjur_get(conjur, "/secrets/dev/variable/nope", raw).status_code == 404
    assert conjur_get(conjur, "/secrets/dev/variable/db?version=2", raw).status_code == 404
    assert conjur_get(conjur, "/secrets/other/variable/db", raw).status_code == 404


def test_batch_returns_values_by_full_id_and_404_if_any_is_missing(conjur):
    conjur.add_host("myapp")
    raw = conjur.access_token("host/myapp")
    conjur.set_variable("a/one", "1")
    conjur.set_variable("b", "2")
    ids = quote("dev:variable:a/one,dev:variable:b", safe="")
    assert conjur_get(conjur, f"/secrets?variable_ids={ids}", raw).json() == {
        "dev:variable:a/one": "1",
        "dev:variable:b": "2",
    }
    missing = conjur_get(conjur, "/secrets?variable_ids=dev:variable:b,dev:variable:c", raw)
    assert missing.status_code == 404


def test_whoami_names_the_role_behind_the_token(conjur):
    api_key = conjur.add_host("myapp")
    raw = authenticate(conjur, "host/myapp", api_key, **{"Accept-Encoding": "base64"}).text
    header = {"Authorization": f'Token token="{raw}"'}
    me = requests.get(conjur.url + "/whoami", headers=header, timeout=5).json()
    assert me["username"] == "host/myapp" and me["account"] == "dev"
    assert me["client_ip"] == "127.0.0.1"


def test_a_user_logs_in_with_a_password_and_a_host_cannot(conjur):
    api_key = conjur.add_user("alice@devops", "correct horse")
    conjur.add_host("myapp")
    login = f"{conjur.url}/authn/dev/login"
    assert requests.get(login, auth=("alice@devops", "correct horse"), timeout=5).text == api_key
    assert requests.get(login, auth=("alice@devops", "wrong"), timeout=5).status_code == 401
    assert requests.get(login, auth=("host/myapp", ""), timeout=5).status_code == 401
    assert authenticate(conjur, "alice@devops", api_key).status_code == 200


def test_a_stopped_server_refuses_connections():
    with serve(MattermostStandIn()) as server:
        url = server.url
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/api/v4/users/me", timeout=1)
