"""The entries each model test changes: a fresh copy of a shipped catalog file per test."""

from __future__ import annotations

import pytest

from tests.catalog.entries import (
    GOOD,
    OK_FIELD,
    PAIR,
    PYPI,
    SECOND_HEADER,
    URL_SECRET,
    entry,
)


@pytest.fixture
def answered() -> dict:
    """An entry whose API answers 200 either way and says in the answer whether a call worked."""
    return entry(OK_FIELD)


@pytest.fixture
def data() -> dict:
    return entry(GOOD)


@pytest.fixture
def hook() -> dict:
    """An entry whose secret is a URL and whose check is a probe that must be refused."""
    return entry(URL_SECRET)


@pytest.fixture
def pair() -> dict:
    """A secret type that comes as a pair and is called through its provider's SDKs."""
    return entry(PAIR)


@pytest.fixture
def paired() -> dict:
    """An entry whose API wants the owner's user ID in a second header beside the token."""
    return entry(SECOND_HEADER)


@pytest.fixture
def upload_probe() -> dict:
    """An entry whose probe sends multipart/form-data with an empty file part, and whose token
    is a Basic password."""
    return entry(PYPI)
