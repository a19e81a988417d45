"""The entries each model test changes: a fresh copy of a shipped catalog file per test."""

from __future__ import annotations

import pytest
import yaml

from tests.catalog.entries import (
    GOOD,
    OK_FIELD,
    PAIR,
    PYPI,
    SECOND_HEADER,
    URL_SECRET,
)


@pytest.fixture
def answered() -> dict:
    """An entry whose API answers 200 either way and says in the answer whether a call worked."""
    return yaml.safe_load(OK_FIELD.read_text(encoding="utf-8"))


@pytest.fixture
def data() -> dict:
    return yaml.safe_load(GOOD.read_text(encoding="utf-8"))


@pytest.fixture
def hook() -> dict:
    """An entry whose secret is a URL and whose check is a probe that must be refused."""
    return yaml.safe_load(URL_SECRET.read_text(encoding="utf-8"))


@pytest.fixture
def pair() -> dict:
    """A secret type that comes as a pair and is called through its provider's SDKs."""
    return yaml.safe_load(PAIR.read_text(encoding="utf-8"))


@pytest.fixture
def paired() -> dict:
    """An entry whose API wants the owner's user ID in a second header beside the token."""
    return yaml.safe_load(SECOND_HEADER.read_text(encoding="utf-8"))


@pytest.fixture
def upload_probe() -> dict:
    """An entry whose probe sends multipart/form-data with an empty file part, and whose token
    is a Basic password."""
    return yaml.safe_load(PYPI.read_text(encoding="utf-8"))
