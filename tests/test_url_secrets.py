"""Where the secret is a URL, no program prints any part of it, even when the call fails.

HTTP libraries put the URL they called into their errors (requests' exceptions, Go's
*url.Error, reqwest's errors, Java's URI errors, curl's messages); the programs must strip it.
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.wrappers import Response

from generator.catalog import load_catalog
from tests.launchers import Launch, LaunchError, launcher
from tests.pages import ROOT, all_actions, all_snippets
from tests.runner import run
from tests.scenario import isolated_env
from tests.standins.serve import serve

URL_SECRETS = [s for s in load_catalog(ROOT / "catalog") if s.api and s.api.credential_in == "url"]
PROGRAMS = [
    program
    for secret in URL_SECRETS
    for program in [
        *(s for s in all_snippets() if s.secret == secret.id and s.backend.id == "env"),
        *(a for a in all_actions() if a.secret == secret.id and a.action == "check"),
    ]
]


def program_id(program) -> str:
    return f"{program.secret}/{program.name}/{program.language.id}"


def _failing_server(environ, start_response):
    # As a provider's outage looks: a 500 whose body names the request it failed.
    path = environ.get("PATH_INFO", "")
    return Response(f"rollup_error at {path}", status=500, mimetype="text/plain")(
        environ, start_response
    )


@pytest.fixture(scope="module")
def failing() -> str:
    with serve(_failing_server) as server:
        yield server.url


def secret_url(base: str, secret_id: str) -> tuple[str, list[str]]:
    """A URL of the secret's shape at `base`, and its path segments, which must never show."""
    parts = [f"T{secrets.token_hex(5).upper()}", f"B{secrets.token_hex(5).upper()}"]
    parts.append(secrets.token_urlsafe(18).replace("-", "a").replace("_", "b"))
    path = urlsplit(next(s for s in URL_SECRETS if s.id == secret_id).api.url_start).path
    return f"{base}{path.rstrip('/')}/{'/'.join(parts)}", parts


@pytest.fixture(scope="module")
def launch() -> Callable[[str], Launch]:
    def get(language: str) -> Launch:
        try:
            return launcher(language)
        except LaunchError as exc:
            pytest.fail(str(exc), pytrace=False)

    return get


FAILURES = {
    "connection-refused": lambda failing: "http://127.0.0.1:9",
    "http-500": lambda failing: failing,
    # A percent sign no URL parser accepts as an escape: some refuse the URL outright.
    "bad-escape": lambda failing: "http://127.0.0.1:9/%zz",
}


@pytest.mark.parametrize("failure", FAILURES)
@pytest.mark.parametrize("program", PROGRAMS, ids=program_id)
def test_a_failing_call_prints_no_part_of_the_secret_url(
    program, failure: str, launch, failing: str, tmp_path: Path
) -> None:
    secret = next(s for s in URL_SECRETS if s.id == program.secret)
    url, parts = secret_url(FAILURES[failure](failing), secret.id)
    env = isolated_env(tmp_path) | {secret.storage.env_var: url}

    done = launch(program.language.id)(program, env)
    output = done.stdout + done.stderr
    assert done.returncode != 0, f"{program_id(program)} exited 0 on {failure}:\n{output}"
    shown = [part for part in parts if part in output]
    assert not shown, f"{program_id(program)} printed {shown} on {failure}:\n{output}"
    assert output.strip(), "the program failed without saying why"


def test_the_leak_check_catches_an_error_text_that_holds_the_url(launch, tmp_path: Path) -> None:
    # The Python check printing the exception itself, as a program without the guard would.
    program = next(p for p in PROGRAMS if p.language.id == "python" and p.name == "check")
    guarded = "{type(exc).__name__}"
    assert guarded in program.code
    leaky = tmp_path / "leaky_check.py"
    leaky.write_text(program.code.replace(guarded, "{exc}"), encoding="utf-8")
    secret = next(s for s in URL_SECRETS if s.id == program.secret)
    url, parts = secret_url("http://127.0.0.1:9", secret.id)

    env = isolated_env(tmp_path) | {secret.storage.env_var: url}
    done = run([sys.executable, str(leaky)], tmp_path, env)
    assert [part for part in parts if part in done.stdout + done.stderr], done.stderr
