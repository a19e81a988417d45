"""AWS for the access key's tests: moto's own server, in this process, checking signatures.

Not a stand-in written here: moto (moto[server], pinned in uv.lock) implements STS, IAM and
Secrets Manager. What this module adds is only what the other stand-ins offer the tests
(users, keys, `seen_tokens`) and moto's request authentication, which is off by default:
with it on, moto checks each request's SigV4 signature against the secret access key of an
IAM user's key it knows, and answers InvalidClientTokenId for a key it does not know (a
deleted one). Read in moto 5.2.5: moto/core/authorization.py, moto/iam/access_control.py.

It also unwraps moto's query-API errors into the shape AWS documents for them
(https://docs.aws.amazon.com/AWSSimpleQueryService/latest/SQSDeveloperGuide/sqs-api-responses.html
shows it for a query API: ErrorResponse, then Error with Type, Code and Message).

Known shortcoming: moto accepts a key whose status is Inactive (IAMUserAccessKey looks up
keys whatever their status), where AWS rejects it; so the tests read a disabled key's status
from ListAccessKeys instead of calling the check. Removed when moto checks the status.
"""

from __future__ import annotations

import json
import re
import secrets
import threading

import boto3
from moto import settings
from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.models import iam_backends
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

REGION = "us-east-1"
WRAPPED_ERROR = b"<ErrorResponse><Errors>"
CREDENTIAL = re.compile(r"Credential=([A-Z0-9]+)/")
ALLOW_ALL = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)


class AwsStandIn:
    """moto's server with authentication on, and one administrator to bootstrap it."""

    def __init__(self) -> None:
        self._app = DomainDispatcherApplication(create_backend_app)
        self._secrets: dict[str, str] = {}  # access key ID -> secret access key
        self._lock = threading.Lock()
        self.seen_tokens: list[str] = []
        self.url = ""
        # Every request from now on must be signed by a key moto knows.
        settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
        backend = iam_backends[DEFAULT_ACCOUNT_ID]["aws"]
        name = f"admin-{secrets.token_hex(3)}"
        backend.create_user(REGION, name)
        backend.put_user_policy(name, "allow-all", ALLOW_ALL)
        key = backend.create_access_key(name)
        self.admin = {"username": name}
        self.admin_pair = (key.access_key_id, key.secret_access_key)
        self._secrets[key.access_key_id] = key.secret_access_key

    def __call__(self, environ, start_response):
        match = CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
        answered: list = []
        body = b"".join(self._app(environ, lambda *args: answered.append(args)))
        status, headers, *exc_info = answered[0]
        if match and int(status.split()[0]) < 400:
            with self._lock:
                if match[1] in self._secrets:
                    self.seen_tokens.append(self._secrets[match[1]])
        if WRAPPED_ERROR in body:
            # moto wraps a query API's error in <Errors>, which AWS's documented error answer
            # (ErrorResponse > Error > Code) has not; the Java SDK then finds no error code.
            body = body.replace(WRAPPED_ERROR, b"<ErrorResponse>").replace(b"</Errors>", b"")
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
        start_response(status, headers, *exc_info)
        return [body]

    def client(self, service: str):
        """A client signed by the administrator, talking to this server."""
        key_id, secret = self.admin_pair
        return boto3.client(
            service,
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=key_id,
            aws_secret_access_key=secret,
        )

    def add_user(self, username: str) -> dict:
        self.client("iam").create_user(UserName=username)
        return {"id": username, "username": username}

    def create_token(self, user_id: str, description: str) -> tuple[str, str]:
        """A new access key of the user: (access key ID, secret access key)."""
        key = self.client("iam").create_access_key(UserName=user_id)["AccessKey"]
        self._secrets[key["AccessKeyId"]] = key["SecretAccessKey"]
        return key["AccessKeyId"], key["SecretAccessKey"]

    def inputs(self, owner: dict, token_id: str, token: str) -> dict[str, str]:
        return {"token_id": token_id, "user_name": owner["username"]}

    def key_status(self, username: str, key_id: str) -> str | None:
        """The key's Status as IAM lists it, or None once it is deleted."""
        keys = self.client("iam").list_access_keys(UserName=username)["AccessKeyMetadata"]
        return next((k["Status"] for k in keys if k["AccessKeyId"] == key_id), None)

    def assert_clean(self) -> None:
        """moto holds itself to AWS's API models; there is no contract excerpt to break."""
