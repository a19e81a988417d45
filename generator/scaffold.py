"""Start a new catalog file from the model, so a maintainer sees every field to fill in."""

from __future__ import annotations

import types
import typing
from pathlib import Path

import yaml
from pydantic import BaseModel

from generator.catalog import SecretType


def _skeleton(model: type[BaseModel]) -> dict:
    """Every field of a model: nested models expanded, every value left empty to fill in."""
    out: dict = {}
    for name, field in model.model_fields.items():
        out[name] = _blank(field.annotation)
    return out


def _blank(annotation: object) -> object:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin in (typing.Union, types.UnionType) and args:
        return _blank(args[0])
    if origin is list:
        item = args[0] if args else None
        return [_blank(item)] if isinstance(item, type) and issubclass(item, BaseModel) else []
    if origin is dict:
        return {}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _skeleton(annotation)
    return None


def scaffold(secret_id: str) -> str:
    """YAML for a new secret type: it fails validation until every empty field is filled."""
    data = _skeleton(SecretType)
    data["id"] = secret_id
    body = yaml.safe_dump(data, sort_keys=False, default_flow_style=False, width=100)
    head = (
        f"# {secret_id}: every empty value must be filled before the build accepts this file.\n"
        "# Each fact needs the provider's own page as its source; copy the Mattermost entry's\n"
        "# shape, never its wording. Run `uv run python -m generator check` to see what is left.\n"
    )
    return head + body


def write(root: Path, secret_id: str) -> Path:
    path = root / "catalog" / f"{secret_id}.yaml"
    if path.exists():
        raise FileExistsError(f"{path} already exists")
    path.write_text(scaffold(secret_id), encoding="utf-8")
    return path
