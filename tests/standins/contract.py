"""Hold a WSGI app to an OpenAPI contract: openapi-core checks every request and response."""

from __future__ import annotations

import io
import json
import re
import threading
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from openapi_core import Config, OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest, WerkzeugOpenAPIResponse
from openapi_core.templating.responses.exceptions import ResponseNotFound
from openapi_core.validation.request.exceptions import SecurityValidationError
from werkzeug.wrappers import Request, Response

CONTRACTS = Path(__file__).resolve().parent.parent / "contracts"

# HTTP content codings that every client offers in Accept-Encoding.
_CONTENT_CODINGS = {"gzip", "deflate", "br", "zstd", "compress", "identity", "*"}

# Schema checks whose message names a key rather than quoting the value, which may be a secret
# the client sent; "properties" is how openapi-core reports a documented response field missing.
_MESSAGES_WITHOUT_VALUES = {"required", "properties", "additionalProperties"}


def raw_path(environ: Mapping) -> str:
    """The path as the client sent it, so an encoded slash stays inside its segment."""
    uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if uri:
        return urlsplit(uri).path
    return environ.get("PATH_INFO", "")


@lru_cache
def _load(spec: Path) -> OpenAPI:
    # Required response properties make the guard insist on the full documented shape, so a
    # stand-in that drops a field from a User or an AppError is caught.
    config = Config(response_properties_default_policy="required")
    return OpenAPI.from_file_path(str(spec), config=config)


class _AsSent(WerkzeugOpenAPIRequest):
    """The request as openapi-core sees it, with two corrections named below."""

    def __init__(self, request: Request):
        super().__init__(request)
        header = self.parameters.header
        # Conjur's contract declares Accept-Encoding as an enum of base64/application/json, yet
        # every HTTP client sends gzip/deflate there; drop those codings before the check.
        # Remove when the contract stops declaring Accept-Encoding as a parameter.
        offered = [part.strip() for part in header.get("Accept-Encoding", "").split(",")]
        kept = [part for part in offered if part and _coding(part) not in _CONTENT_CODINGS]
        header.pop("Accept-Encoding", None)
        if kept:
            header["Accept-Encoding"] = ", ".join(kept)

    @property
    def path(self) -> str:
        # openapi-core matches the WSGI path, which is already percent-decoded, so Conjur's
        # host%2Fname login splits into two segments; remove when openapi-core reads the raw URI.
        return raw_path(self.request.environ)


def _coding(part: str) -> str:
    return part.split(";", 1)[0].strip().lower()


def describe(error: Exception) -> str:
    """One line naming what broke the contract."""
    cause = error.__cause__
    schema_errors = getattr(cause, "schema_errors", None)
    if not schema_errors:
        return f"{error}: {cause}" if cause and str(cause) not in str(error) else str(error)

    where = "body"
    if hasattr(error, "location"):
        where = f"{error.location} parameter {error.name}"
    reasons = []
    for item in schema_errors:
        at = "/".join(str(step) for step in item.absolute_path)
        text = item.message
        if item.validator not in _MESSAGES_WITHOUT_VALUES:
            text = f"breaks {item.validator} {item.validator_value!r}"
        reasons.append(f"{at}: {text}" if at else text)
    return f"{where}: {'; '.join(reasons)}"


class ContractGuard:
    """WSGI middleware: refuses requests that break the contract and flags responses that do.

    `undocumented` maps (METHOD, path) to statuses the provider really returns there although its
    contract does not list them; each entry is a known gap in the contract, not in the stand-in.
    """

    def __init__(
        self,
        app: Callable,
        spec: Path,
        undocumented: Mapping[tuple[str, str], Iterable[int]] | None = None,
    ):
        self._app = app
        self._spec = spec
        self._api = _load(spec)
        self._undocumented = {key: set(codes) for key, codes in (undocumented or {}).items()}
        self._lock = threading.Lock()
        self.violations: list[str] = []

    def __call__(self, environ, start_response):
        request = Request(environ)
        path = raw_path(environ)
        label = f"{request.method} {path}"

        # Read the body once and put it back, so both the check and the app can read it.
        body = request.get_data()
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        seen = _AsSent(request)

        # A missing or foreign credential is left to the app: the contract documents the 401
        # that the provider answers, so that exchange is within the contract.
        problems = [
            describe(error)
            for error in self._api.iter_request_errors(seen)
            if not isinstance(error, SecurityValidationError)
        ]
        if problems:
            return self._refuse(400, f"request {label}", problems)(environ, start_response)

        try:
            response = Response.from_app(self._app, environ, buffered=True)
        except Exception as error:
            return self._refuse(500, f"stand-in failed on {label}", [repr(error)])(
                environ, start_response
            )

        tolerated = self._undocumented.get((request.method, path), set())
        problems = [
            describe(error)
            for error in self._api.iter_response_errors(seen, WerkzeugOpenAPIResponse(response))
            if not (isinstance(error, ResponseNotFound) and response.status_code in tolerated)
        ]
        if problems:
            status = response.status_code
            return self._refuse(500, f"response {status} to {label}", problems)(
                environ, start_response
            )
        return response(environ, start_response)

    def _refuse(self, status: int, what: str, problems: list[str]) -> Response:
        message = f"{what} breaks {self._spec.name}: {'; '.join(problems)}"
        with self._lock:
            self.violations.append(message)
        body = {"message": message, "violations": problems, "status_code": status}
        return Response(json.dumps(body), status=status, mimetype="application/json")

    def assert_clean(self) -> None:
        """Fail with every recorded violation, if there is any."""
        with self._lock:
            found = list(self.violations)
        if found:
            raise AssertionError("contract violations:\n" + "\n".join(found))

    def reset(self) -> None:
        with self._lock:
            self.violations.clear()


class Answer(Exception):
    """Raised by a handler to end the request with `response`."""

    def __init__(self, response: Response):
        super().__init__(response.status)
        self.response = response


def json_response(status: int, body: object) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


class StandIn:
    """Base of a stand-in: routes requests to handlers, always behind a ContractGuard."""

    spec: Path
    undocumented: Mapping[tuple[str, str], Iterable[int]] = {}

    def __init__(self):
        self._lock = threading.RLock()
        self._routes = [
            (method, re.compile(pattern), handler) for method, pattern, handler in self.routes()
        ]
        self._guard = ContractGuard(self._dispatch, self.spec, self.undocumented)

    def routes(self) -> list[tuple[str, str, Callable[..., Response]]]:
        """(METHOD, regex on the raw path, handler); the first match wins."""
        raise NotImplementedError

    def __call__(self, environ, start_response):
        return self._guard(environ, start_response)

    @property
    def violations(self) -> list[str]:
        return self._guard.violations

    def assert_clean(self) -> None:
        self._guard.assert_clean()

    def reset(self) -> None:
        self._guard.reset()

    def _dispatch(self, environ, start_response):
        request = Request(environ)
        path = raw_path(environ)
        with self._lock:
            response = self._handle(request, path)
        return response(environ, start_response)

    def _handle(self, request: Request, path: str) -> Response:
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(path)
            if match and method == request.method:
                try:
                    return handler(request, *(unquote(group) for group in match.groups()))
                except Answer as answer:
                    return answer.response
        # The guard lets through only what the contract names, so a miss is a gap in the routes;
        # 501 is undocumented everywhere, which makes the guard report it.
        return json_response(501, {"message": f"{request.method} {path} is not imitated"})
