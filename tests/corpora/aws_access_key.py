"""Where AWS access keys really leak, and values a scanner must leave alone.

`{token}` becomes a fresh access key ID (`AKIA` and 16 capital letters and digits), the half a
scanner finds; the secret access key beside it, made when this module loads, has no prefix.
`{id}` becomes an IAM user's unique ID (`AIDA`), which has the same look and is public.
"""

from __future__ import annotations

import base64
import secrets

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def new_token() -> str:
    return "AKIA" + "".join(secrets.choice(ALPHABET) for _ in range(16))


def new_look_alike() -> str:
    """An IAM user ID: public, shown by GetUser and in policies."""
    return "AIDA" + "".join(secrets.choice(ALPHABET) for _ in range(17))


def _secret() -> str:
    """A secret access key: 40 characters of base64, made fresh, never committed."""
    return base64.b64encode(secrets.token_bytes(30)).decode("ascii")


_S = [_secret() for _ in range(8)]

LEAKS = {
    ".env": f"""\
AWS_ACCESS_KEY_ID={{token}}
AWS_SECRET_ACCESS_KEY={_S[0]}
AWS_REGION=eu-west-1
""",
    ".aws/credentials": f"""\
[default]
aws_access_key_id = {{token}}
aws_secret_access_key = {_S[1]}
""",
    ".github/workflows/deploy.yml": f"""\
name: deploy
on: push
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      AWS_ACCESS_KEY_ID: {{token}}
      AWS_SECRET_ACCESS_KEY: {_S[2]}
    steps:
      - run: aws s3 sync site/ s3://example-site
""",
    ".bash_history": f"""\
export AWS_ACCESS_KEY_ID={{token}}
export AWS_SECRET_ACCESS_KEY={_S[3]}
aws sts get-caller-identity
""",
    "app/storage.py": f"""\
import boto3

s3 = boto3.client(
    "s3",
    aws_access_key_id="{{token}}",
    aws_secret_access_key="{_S[4]}",
)
""",
    "src/upload.mjs": f"""\
import {{ S3Client }} from "@aws-sdk/client-s3";

const accessKeyId = "{{token}}";
const secretAccessKey = "{_S[5]}";
const s3 = new S3Client({{ credentials: {{ accessKeyId, secretAccessKey }} }});
""",
    "terraform/provider.tf": f"""\
provider "aws" {{
  region     = "eu-west-1"
  access_key = "{{token}}"
  secret_key = "{_S[6]}"
}}
""",
    "src/main/java/Upload.java": f"""\
public final class Upload {{
  static final String AWS_ACCESS_KEY_ID = "{{token}}";
  static final String AWS_SECRET_ACCESS_KEY = "{_S[7]}";
}}
""",
}

NEAR_MISSES = {
    "docs/iam.md": """\
# Access

Long-term access key IDs start with AKIA; ask the platform team for a role instead.
The deploy user's unique ID is {id}, as GetUser shows it.
""",
    "logs/audit.log": """\
2026-11-30T10:02:11Z policy attached to principal {id}
2026-11-30T10:02:12Z deploy finished
""",
    ".env.example": """\
# Paste an access key ID (it starts with AKIA) and its secret here; never commit real ones.
AWS_ACCESS_KEY_ID=
AWS_SECRET_ACCESS_KEY=
""",
}

# A settings file the pre-commit hooks must refuse to commit.
PRE_COMMIT = (".env", "AWS_ACCESS_KEY_ID={token}\nAWS_REGION=eu-west-1\n")
