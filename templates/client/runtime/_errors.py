"""The exception hierarchy of the client.

APIError
 +-- APIConnectionError            the request never got an HTTP answer
 |    +-- APITimeoutError
 +-- APIStatusError                 the server answered 4xx/5xx (or an unsafe redirect)
 |    +-- BadRequestError (400), AuthenticationError (401), PermissionDeniedError (403),
 |        NotFoundError (404), ConflictError (409), UnprocessableEntityError (422),
 |        RateLimitError (429), InternalServerError (5xx)
 +-- ResponseParseError             2xx, but the body is not what the spec says
 +-- JobError
      +-- JobFailedError            an asynchronous job ended in error
      +-- JobTimeoutError           wait() ran out of time
"""

from __future__ import annotations

import collections
import json
import logging
from typing import Any

import httpx

# -- secrets never shown ----------------------------------------------------------------------
# The tokens of the live clients of this process. Every error message and every log record of
# this package, httpx and httpcore is scrubbed of them (and of the credential headers of the
# request an error is about), so a server that echoes a token back (in an error body, a
# malformed status line, a header logged at DEBUG) cannot make it appear in a traceback or log.
_SECRETS: collections.Counter[str] = collections.Counter()
CREDENTIAL_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})
REDACTED = "<redacted>"
_MIN_SECRET = 4  # shorter values would garble messages and protect nothing


def add_secret(value: str) -> None:
    for part in _parts(value):
        _SECRETS[part] += 1


def remove_secret(value: str) -> None:
    for part in _parts(value):
        _SECRETS[part] -= 1
        if _SECRETS[part] <= 0:
            del _SECRETS[part]


def _parts(value: str) -> set[str]:
    """A header value and its credentials (``Bearer abc`` -> also ``abc``)."""
    parts = {value, value.split(" ", 1)[-1]}
    return {p for p in parts if len(p) >= _MIN_SECRET}


def redact(text: str, request: httpx.Request | None = None) -> str:
    secrets = set(_SECRETS)
    if request is not None:
        for name, value in request.headers.items():
            if name.lower() in CREDENTIAL_HEADERS:
                secrets |= _parts(value)
    for secret in sorted(secrets, key=len, reverse=True):  # "Bearer abc" before "abc"
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class _RedactingFilter(logging.Filter):
    """Scrubs the registered secrets from a record (only runs for records that are emitted)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if _SECRETS:
            message = record.getMessage()
            cleaned = redact(message)
            if cleaned != message:
                record.msg, record.args = cleaned, None
        return True


_FILTERED_LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "hpack.hpack",
    "hpack.table",
)
_filter_installed = False


def install_log_filter(own_logger: str) -> None:
    """Attach the redacting filter to our logger and to the transport's (a logger's filters
    apply only to records created on it, so each module logger gets it)."""
    global _filter_installed
    if _filter_installed:
        return
    _filter_installed = True
    for name in (own_logger, *_FILTERED_LOGGERS):
        logging.getLogger(name).addFilter(_RedactingFilter())


class APIError(Exception):
    """Base class of every error the client raises. Its message never contains a token."""

    message: str
    request: httpx.Request | None

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
        message = redact(message, request)
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    def __init__(
        self, message: str = "Connection error.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class APITimeoutError(APIConnectionError):
    def __init__(
        self, message: str = "Request timed out.", *, request: httpx.Request | None = None
    ) -> None:
        super().__init__(message, request=request)


class APIStatusError(APIError):
    """The server answered with a 4xx or 5xx status (a subclass per common status), or
    with a redirect the client will not follow because it would re-send a request body."""

    status_code: int
    response: httpx.Response
    body: Any

    def __init__(self, message: str, *, response: httpx.Response, body: Any) -> None:
        super().__init__(message, request=response.request)
        self.status_code = response.status_code
        self.response = response
        self.body = body


class BadRequestError(APIStatusError):
    pass


class AuthenticationError(APIStatusError):
    pass


class PermissionDeniedError(APIStatusError):
    pass


class NotFoundError(APIStatusError):
    pass


class ConflictError(APIStatusError):
    pass


class UnprocessableEntityError(APIStatusError):
    pass


class RateLimitError(APIStatusError):
    pass


class InternalServerError(APIStatusError):
    pass


class ResponseParseError(APIError):
    """A successful response whose body could not be parsed into the documented type."""

    response: httpx.Response

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        super().__init__(message, request=response.request)
        self.response = response


class JobError(APIError):
    pass


class JobFailedError(JobError):
    """The job ended in an error state; ``status`` is the last status body seen."""

    status: Any

    def __init__(self, message: str, *, status: Any, request: httpx.Request | None = None) -> None:
        super().__init__(message, request=request)
        self.status = status


class JobTimeoutError(JobError):
    pass


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_for(response: httpx.Response) -> APIStatusError:
    """Build the error for a 4xx/5xx response (the body must already be read)."""
    body: Any
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError, ValueError):
        body = response.text[:2000] if response.content else None
    detail = ""
    if isinstance(body, dict):
        for key in ("message", "detail", "error", "errors"):
            if body.get(key):
                detail = str(body[key])
                break
    elif isinstance(body, str):
        detail = body
    detail = detail[:500]
    request = response.request
    status = f"{response.status_code} {response.reason_phrase}".strip()
    message = f"{status} for {request.method} {request.url.copy_with(query=None)}"
    if detail:
        message += f": {detail}"
    cls = _BY_STATUS.get(response.status_code)
    if cls is None:
        cls = InternalServerError if response.status_code >= 500 else APIStatusError
    return cls(message, response=response, body=body)
