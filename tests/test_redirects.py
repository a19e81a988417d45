"""Programs whose headers HTTP clients carry across hosts follow no redirect.

Python requests, Node's fetch, Go's net/http and Rust's reqwest drop Authorization (and
cookies) when a redirect leaves the host, but keep every other header. Where the credential
travels in another header, or a second header goes with it (api.auth.forwarded_on_redirect),
the programs must stop at a 3xx. Here the base URL answers 302 to another loopback port, which
records whatever reaches it and answers as a server that accepts the token would.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from werkzeug.wrappers import Request, Response

from generator.catalog import load_catalog
from tests.launchers import LaunchError, launcher
from tests.pages import ROOT, all_actions, all_snippets
from tests.scenario import isolated_env
from tests.standins.serve import serve

CATALOG = load_catalog(ROOT / "catalog")
TYPES = [
    secret
    for secret in CATALOG
    if secret.api and secret.api.credential_in == "header" and secret.api.auth.forwarded_on_redirect
]
LANGUAGES = sorted({a.language.id for a in all_actions()})
# The prevention program that reads the token from the environment, and the check action.
PROGRAMS = ("env", "check")


class Trap:
    """The host a redirect names: it records each request and answers like a live token's."""

    def __init__(self, field: str):
        self.requests: list[dict[str, str]] = []
        self.field = field

    def __call__(self, environ, start_response):
        self.requests.append(dict(Request(environ).headers))
        body = f'{{"{self.field}": "trap", "success": true}}'
        return Response(body, 200, content_type="application/json")(environ, start_response)


def redirector(target: str):
    """A server that answers every request with a 302 to the same path at `target`."""

    def app(environ, start_response):
        location = target + Request(environ).path
        return Response("", 302, headers={"Location": location})(environ, start_response)

    return app


def program(secret_id: str, language: str, name: str):
    if name == "env":
        found = [s for s in all_snippets(language) if s.backend.id == "env"]
    else:
        found = [a for a in all_actions(language) if a.action == name]
    return next(p for p in found if p.secret == secret_id)


@pytest.mark.parametrize(
    ("secret", "language", "name"),
    [
        pytest.param(secret, language, name, id=f"{secret.id}-{language}-{name}")
        for secret in TYPES
        for language in LANGUAGES
        for name in PROGRAMS
    ],
)
def test_a_redirect_is_refused_and_not_followed(
    secret, language: str, name: str, tmp_path: Path
) -> None:
    try:
        launch = launcher(language)
    except LaunchError as exc:
        pytest.fail(str(exc), pytrace=False)
    api = secret.api
    trap = Trap(api.whoami.field or "username")
    token = secrets.token_urlsafe(32)  # never sent anywhere real
    with serve(trap) as target, serve(redirector(target.url)) as base:
        env = isolated_env(tmp_path) | {secret.storage.env_var: token, api.base_url_env: base.url}
        second = api.auth.second_header
        if second:
            env[second.env] = secrets.token_hex(8)
        result = launch(program(secret.id, language, name), env)
    output = result.stdout + result.stderr
    sent = [sorted(headers) for headers in trap.requests]  # names only: no value is printed
    assert not sent, f"the program followed the redirect, sending headers {sent}"
    assert result.returncode != 0, f"exit 0 on a redirect: {output}"
    assert f"{api.base_url_env} answered with a redirect (HTTP 302)" in output, output
    assert token not in output, "the program printed the token"


def test_types_with_such_headers_are_tested() -> None:
    # A type that stopped qualifying would leave this file testing nothing.
    assert TYPES, "no catalog type sends a header that clients carry across hosts"
