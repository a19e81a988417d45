"""The JSON export: the catalog index and one file per secret type, for tools and scanners."""

from __future__ import annotations

import json

from generator.catalog import SecretType
from generator.snippets import BACKENDS


def _where(secret: SecretType) -> dict[str, dict[str, str]]:
    """Per backend, where the snippets expect the secret (and which variable overrides it)."""
    env = secret.storage.env_var
    vault = secret.storage.vault
    return {
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
    data = secret.model_dump(mode="json")
    where = _where(secret)
    assert set(where) == {b.id for b in BACKENDS}, "every backend needs an export entry"
    data["backends"] = where
    data["sources"] = secret.sources()
    return _dump(data)


def _dump(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
