"""Where PyPI API tokens really leak, and values a scanner must leave alone.

`{token}` becomes a fresh pypi.org token a scanner must report, account-wide or scoped to a
project. `{id}` becomes a token cut to 80 characters, as a log line or a note shortens one: the
same start, but shorter than any token PyPI issues. Look-alikes stand outside quotes, since
detect-secrets' entropy plugins report any quoted random string, whatever its prefix.
"""

from __future__ import annotations

import secrets
import uuid

from tests.standins import pypi

# A token's value: `pypi-`, then a macaroon of 85 characters or more (docs.pypi.org/api/secrets).
SHORTENED = 80


def new_token() -> str:
    """A pypi.org token, half of them scoped to one project."""
    if secrets.randbelow(2):
        return pypi.new_token(caveat=[1, [f"project-{secrets.token_hex(3)}"]])
    return pypi.new_token(caveat=[3, str(uuid.uuid4())])


def new_look_alike() -> str:
    """A token cut short: the pypi.org start, too few characters after it to be a token."""
    return new_token()[:SHORTENED]


LEAKS = {
    # The file PyPI's own token page shows, with the value where it says to put it.
    ".pypirc": """\
[distutils]
index-servers =
    pypi

[pypi]
  username = __token__
  password = {token}
""",
    ".env": """\
PYPI_UPLOAD_URL=https://upload.pypi.org
PYPI_API_TOKEN={token}
""",
    ".github/workflows/release.yml": """\
name: release
on:
  push:
    tags: ["v*"]
jobs:
  pypi:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: python -m build
      - run: python -m twine upload dist/*
        env:
          TWINE_USERNAME: __token__
          TWINE_PASSWORD: {token}
""",
    "Makefile": """\
release:
\tpython -m build
\ttwine upload --username __token__ --password {token} dist/*
""",
    ".bash_history": """\
python -m build
uv publish --token {token}
pip index versions mypackage
""",
    "Dockerfile": """\
FROM python:3.13-slim
ENV TWINE_USERNAME=__token__
ENV TWINE_PASSWORD={token}
COPY dist/ /dist/
RUN pip install twine && twine upload /dist/*
""",
    "config/release.yaml": """\
pypi:
  repository: https://upload.pypi.org/legacy/
  token: {token}
""",
    "scripts/release.py": """\
import subprocess

PYPI_TOKEN = "{token}"


def upload():
    subprocess.run(["twine", "upload", "-u", "__token__", "-p", PYPI_TOKEN, "dist/*"])
""",
    "scripts/release.mjs": """\
const pypiToken = "{token}";
const auth = Buffer.from(`__token__:${pypiToken}`).toString("base64");
""",
    "cmd/release/main.go": """\
package main

const pypiToken = "{token}"
""",
    "src/main/java/Release.java": """\
public final class Release {
  private static final String PYPI_TOKEN = "{token}";
}
""",
    "src/release.rs": """\
const PYPI_TOKEN: &str = "{token}";
""",
}

NEAR_MISSES = {
    "docs/releasing.md": """\
# Releasing

PyPI tokens start with pypi- and run to 180 characters or more, as in pypi-AgEIcHl.
The one we removed began {id} and was scoped to this project.
""",
    "release.log": """\
Uploading distributions to https://upload.pypi.org/legacy/
token prefix {id}
""",
    ".env.example": """\
PYPI_UPLOAD_URL=https://upload.pypi.org
# Paste a project-scoped token (it starts with pypi-) here; never commit a real one.
PYPI_API_TOKEN=
""",
    # twine's own way: the variable's name, never its value.
    ".github/workflows/publish.yml": """\
      - run: python -m twine upload dist/*
        env:
          TWINE_USERNAME: __token__
          TWINE_PASSWORD: ${{ secrets.PYPI_API_TOKEN }}
""",
}

# A settings file the pre-commit hooks must refuse to commit.
PRE_COMMIT = (".pypirc", "[pypi]\n  username = __token__\n  password = {token}\n")
