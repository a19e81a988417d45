"""Where GitHub fine-grained personal access tokens leak, and values a scanner must leave alone.

`{token}` becomes a fresh `github_pat_` token a scanner must report; `{id}` a value that is no
token: the 82 characters after the prefix without it, as a cache key or request ID would be.
"""

from __future__ import annotations

from tests.corpora import github_classic_token as classic
from tests.standins.github_fine_grained import PREFIX, new_token

__all__ = ["new_token"]  # re-exported: the fixtures' maker of {token} values


def new_look_alike() -> str:
    """A token without its prefix: 82 letters, digits and an underscore, not to be reported."""
    return new_token().removeprefix(PREFIX)


# The classic type's leak places hold these tokens just as well; only the Go file differs,
# sending the token with the Bearer scheme GitHub documents for it.
LEAKS = {
    **classic.LEAKS,
    "cmd/release/main.go": classic.LEAKS["cmd/release/main.go"].replace(
        '"token {token}"', '"Bearer {token}"'
    ),
}

NEAR_MISSES = {
    "docs/tokens.md": """\
# Token rotation, 12 March

Fine-grained tokens start with github_pat_ and then 82 characters, as in github_pat_11ABC.
The old one was listed as token_id 4711 under Active tokens; it was deleted in Settings.
""",
    "ci.log": """\
Restoring cache {id}
Revoked organization access for pat_id 1296269 in acme-corp
""",
    "config/release.yaml": """\
github:
  api_url: https://api.github.com
  token_file: /run/secrets/github-token
  request_id: {id}
  artifact: https://api.github.com/repos/acme-corp/app/actions/artifacts/{id}
""",
    ".env.example": """\
GITHUB_API_URL=https://api.github.com
# Paste a fine-grained token (it starts with github_pat_) here; never commit the real one.
GITHUB_TOKEN=
""",
}

# A settings file the pre-commit hooks must refuse to commit.
PRE_COMMIT = (".env", "GITHUB_API_URL=https://api.github.com\nGITHUB_TOKEN={token}\n")
