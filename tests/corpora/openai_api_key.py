"""Where OpenAI API keys really leak, and values a scanner must leave alone.

`{token}` becomes a fresh key of a kind picked at random (project, service account, admin or
legacy user key) that a scanner must report; `{id}` a value that is no key: a project key's
shape and alphabet with the T3BlbkFJ marker replaced, as a truncated or made-up value would be.
"""

from __future__ import annotations

import secrets

from tests.standins.openai import KINDS, MARKER, URL_SAFE, new_key


def new_token() -> str:
    """A key of any kind OpenAI issues."""
    return new_key(secrets.choice(sorted(KINDS)))


def new_look_alike() -> str:
    """A project key without its marker: the same length and alphabet, but no key."""
    filler = MARKER
    while MARKER in filler:
        filler = "".join(secrets.choice(URL_SAFE) for _ in range(len(MARKER)))
    return new_key("project").replace(MARKER, filler)


LEAKS = {
    ".env": """\
OPENAI_API_URL=https://api.openai.com
OPENAI_API_KEY={token}
""",
    "docker-compose.yml": """\
services:
  assistant:
    image: acme/assistant:1.4
    environment:
      - OPENAI_API_KEY={token}
""",
    ".github/workflows/evals.yml": """\
name: evals
on: push
jobs:
  evals:
    runs-on: ubuntu-latest
    env:
      OPENAI_API_KEY: {token}
    steps:
      - run: python -m evals.run
""",
    ".bash_history": """\
export OPENAI_API_KEY={token}
curl https://api.openai.com/v1/models -H "Authorization: Bearer {token}"
python chat.py
""",
    "notebooks/explore.py": """\
from openai import OpenAI

client = OpenAI(api_key="{token}")
print(client.models.list())
""",
    "settings.json": """\
{
  "openai": {
    "baseUrl": "https://api.openai.com/v1",
    "apiKey": "{token}"
  }
}
""",
    "src/chat.mjs": """\
const res = await fetch("https://api.openai.com/v1/models", {
  headers: { Authorization: "Bearer {token}" },
});
""",
    "cmd/chat/main.go": """\
package main

import "net/http"

func main() {
\treq, _ := http.NewRequest("GET", "https://api.openai.com/v1/models", nil)
\treq.Header.Set("Authorization", "Bearer {token}")
\t_, _ = http.DefaultClient.Do(req)
}
""",
    "src/main/java/Chat.java": """\
public final class Chat {
  private static final String OPENAI_API_KEY = "{token}";
}
""",
    "src/chat.rs": """\
const OPENAI_API_KEY: &str = "{token}";
""",
}

NEAR_MISSES = {
    "docs/keys.md": """\
# Key rotation, 12 March

Project keys start with sk-proj- and carry the marker T3BlbkFJ halfway through.
The dashboard shows them shortened to the first and last few characters only.
The old key was deleted from the API Keys page and its usage checked.
""",
    "ci.log": """\
2026-03-12T09:14:03Z request rejected with 401 for a value without the marker
2026-03-12T09:14:03Z value={id}
""",
    "config/assistant.yaml": """\
openai:
  api_url: https://api.openai.com
  key_file: /run/secrets/openai-api-key
  request_id: {id}
""",
    ".env.example": """\
OPENAI_API_URL=https://api.openai.com
# Paste a project key (it starts with sk-proj-) here; never commit the real one.
OPENAI_API_KEY=
""",
}

# detect-secrets 1.5.0's own blind spots, which no plugin can see past: it drops a line that
# assigns the result of a call (its is_indirect_reference filter), and reports nothing from this
# compose file, although the same list item is found in a file without the image line.
DETECT_SECRETS_MISSES = {"notebooks/explore.py:3", "docker-compose.yml:5"}

# A settings file the pre-commit hooks must refuse to commit.
PRE_COMMIT = (".env", "OPENAI_API_URL=https://api.openai.com\nOPENAI_API_KEY={token}\n")
