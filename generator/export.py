"""The JSON export: the catalog index and one file per secret type, for tools and scanners."""

from __future__ import annotations

import json

from generator.catalog import SecretType
from generator.snippets import BACKENDS


def _where(secret: SecretType) -> dict[str, dict[str, str]]:
    """Per backend, where the snippets expect the secret (and which variable overrides it)."""
    env = secret.storage.env_var
    vault = secret.storage.vault
    where = {
        "env": {"variable": env},
        "aws-secrets-manager": {
            "secret_id": secret.storage.aws_secret_id,
            "override": f"{env}_SECRET_ID",
        },
        "vault": {
            "mount": vault.mount,
            "path": vault.path,
            "key": vault.key,
            "override": f"{env}_VAULT_PATH",
        },
        "conjur": {
            "variable_id": secret.storage.conjur_variable,
            "override": f"{env}_CONJUR_VARIABLE",
        },
    }
    pair = secret.storage.id
    if pair is not None:
        # A pair: the ID half beside the secret half, in the same secret or path.
        where["env"]["id_variable"] = pair.env_var
        where["aws-secrets-manager"] |= {"json_keys": [pair.key, vault.key]}
        where["vault"]["id_key"] = pair.key
        where["conjur"] |= {
            "id_variable_id": pair.conjur_variable,
            "id_override": f"{env}_CONJUR_ID_VARIABLE",
        }
    return where


def _without_absent_choices(data: dict) -> dict:
    """Leave out the unset halves of either-or fields, so older entries export as before."""
    for key in ("api", "sdk", "provider_restricts"):
        if data[key] is None:
            del data[key]
    if data["storage"]["id"] is None:
        del data["storage"]["id"]
    if data["actions"]["first_minutes"] is None:
        del data["actions"]["first_minutes"]
    for action in data["actions"].values():
        if isinstance(action, dict):
            for key in ("request", "call", "ok"):
                if action.get(key, 0) is None:
                    del action[key]
    return data


def index(secrets: list[SecretType]) -> str:
    entries = [
        {
            "id": s.id,
            "name": s.name,
            "provider": s.provider,
            "category": s.category,
            "hosting": s.hosting,
            "last_checked": s.last_checked.isoformat(),
            "page": f"secrets/{s.id}/",
            "detail": f"api/secrets/{s.id}.json",
        }
        for s in secrets
    ]
    return _dump({"secret_types": entries})


def detail(secret: SecretType) -> str:
    data = _without_absent_choices(secret.model_dump(mode="json"))
    where = _where(secret)
    assert set(where) == {b.id for b in BACKENDS}, "every backend needs an export entry"
    data["backends"] = where
    data["sources"] = secret.sources()
    return _dump(data)


def _dump(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
