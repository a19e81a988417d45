"""One snippet run's world: a token minted at the provider stand-in and stored in a backend.

Every language's runner uses this, so all snippets pass by the same rule.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

import boto3
import hvac

from generator.catalog import SecretType

# Anything that tries to leave 127.0.0.1 through a proxy-aware client hits a closed port.
DEAD_PROXY = "http://127.0.0.1:9"

# An auth scheme a catalog typo could bring in that no provider accepts with a bare token.
# (Not "Token": GitHub accepts `Authorization: token <token>`; not "Basic": Stripe accepts
# `Authorization: Basic <key>`.)
WRONG_AUTH_SCHEME = "Digest"


@dataclass
class Servers:
    aws: str
    vault: str
    vault_token: str
    conjur: str
    conjur_standin: object
    providers: dict[str, tuple[str, object]]  # secret type id -> (stand-in URL, stand-in)


# What a snippet prints when the who-am-I answer names no account (api.whoami has no field),
# and where the secret is a URL (api.credential_in: url).
WORKS = "Token works"
URL_WORKS = "URL works"


@dataclass
class Case:
    env: dict[str, str]
    token: str
    username: str
    standin: object
    names_account: bool = True  # the snippet prints the username, not just WORKS
    works: str = WORKS  # how the snippet's line starts when it names no account
    token_id: str = ""  # the public half of a secret that comes as a pair (storage.id)


def isolated_env(home: Path) -> dict[str, str]:
    """A minimal environment: no real cloud credentials, no route off this machine."""
    keep = {name: os.environ[name] for name in ("PATH", "LANG", "TERM") if name in os.environ}
    return {
        **keep,
        "HOME": str(home),
        "HTTP_PROXY": DEAD_PROXY,
        "HTTPS_PROXY": DEAD_PROXY,
        "http_proxy": DEAD_PROXY,
        "https_proxy": DEAD_PROXY,
        "NO_PROXY": "127.0.0.1,localhost",
        "no_proxy": "127.0.0.1,localhost",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_REGION": "us-east-1",  # read by the JavaScript, Go, Java and Rust SDKs
        "AWS_DEFAULT_REGION": "us-east-1",  # read by boto3 and the AWS CLI
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def prepare(servers: Servers, secret: SecretType, backend: str, home: Path) -> Case:
    """Mint a token for a fresh account and store it where the backend's snippets look."""
    url, standin = servers.providers[secret.id]
    username = f"svc-{secrets.token_hex(4)}"
    user = standin.add_user(username)
    token_id, token = standin.create_token(user["id"], "snippet test")

    env = isolated_env(home)
    env["AWS_ENDPOINT_URL"] = servers.aws  # set by the tests, never in a snippet
    if secret.sdk:
        # The provider is the moto server that also keeps the backend's secrets; it checks
        # signatures, so the default chain's credentials are a key it knows.
        env["AWS_ENDPOINT_URL"] = url
        env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"] = standin.admin_pair
    else:
        if secret.api.base_url_env:  # a URL secret leads to the stand-in by itself
            env[secret.api.base_url_env] = url
        second = secret.api.auth.second_header
        if second:
            env[second.env] = standin.second_header_value(user)
        token_id = ""
    env["VAULT_ADDR"] = servers.vault
    env["VAULT_TOKEN"] = servers.vault_token
    works = URL_WORKS if secret.api and secret.api.credential_in == "url" else WORKS
    case = Case(env, token, user["username"], standin, works=works, token_id=token_id)
    # The name the provider reports the account by, which may not be the one asked for.
    case.names_account = bool(secret.sdk) or secret.api.whoami.field is not None
    _STORE[backend](servers, secret, case)
    return case


def _store_env(servers: Servers, secret: SecretType, case: Case) -> None:
    case.env[secret.storage.env_var] = case.token
    if secret.storage.id:
        case.env[secret.storage.id.env_var] = case.token_id


def _halves(secret: SecretType, case: Case) -> dict[str, str]:
    """The keys a backend holds for a secret: a pair keeps its ID beside the secret."""
    found = {secret.storage.vault.key: case.token}
    if secret.storage.id:
        found = {secret.storage.id.key: case.token_id, **found}
    return found


def _store_aws(servers: Servers, secret: SecretType, case: Case) -> None:
    env = case.env
    client = boto3.client(
        "secretsmanager",
        endpoint_url=env["AWS_ENDPOINT_URL"],
        region_name=env["AWS_REGION"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )
    name = secret.storage.aws_secret_id
    # A pair is kept as one JSON object with both keys.
    value = json.dumps(_halves(secret, case)) if secret.storage.id else case.token
    try:
        client.put_secret_value(SecretId=name, SecretString=value)
    except client.exceptions.ResourceNotFoundException:
        client.create_secret(Name=name, SecretString=value)


def _store_vault(servers: Servers, secret: SecretType, case: Case) -> None:
    client = hvac.Client(url=servers.vault, token=servers.vault_token, timeout=10)
    vault = secret.storage.vault
    client.secrets.kv.v2.create_or_update_secret(
        path=vault.path, mount_point=vault.mount, secret=_halves(secret, case)
    )


def _store_conjur(servers: Servers, secret: SecretType, case: Case) -> None:
    env = case.env
    host = f"host/app-{secrets.token_hex(4)}"
    env["CONJUR_APPLIANCE_URL"] = servers.conjur
    env["CONJUR_ACCOUNT"] = servers.conjur_standin.account
    env["CONJUR_AUTHN_LOGIN"] = host
    env["CONJUR_AUTHN_API_KEY"] = servers.conjur_standin.add_host(host.removeprefix("host/"))
    servers.conjur_standin.set_variable(secret.storage.conjur_variable, case.token)
    if secret.storage.id:
        servers.conjur_standin.set_variable(secret.storage.id.conjur_variable, case.token_id)


_STORE = {
    "env": _store_env,
    "aws-secrets-manager": _store_aws,
    "vault": _store_vault,
    "conjur": _store_conjur,
}


def check_run(case: Case, returncode: int, stdout: str, stderr: str) -> None:
    """The pass rule shared by every language."""
    assert returncode == 0, f"exit {returncode}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    if case.names_account:
        assert case.username in stdout, f"the username is not in the output:\n{stdout}"
    else:
        assert stdout.startswith(case.works), (
            f"the output does not start with {case.works!r}:\n{stdout}"
        )
    assert case.token not in stdout + stderr, "the snippet printed the token"
    assert case.token in case.standin.seen_tokens, "the stand-in never saw the stored token"
