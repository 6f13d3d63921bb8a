# Generated from templates/client/runtime/_errors.py; do not edit by hand.
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

import json
from typing import Any

import httpx


class APIError(Exception):
    """Base class of every error the client raises."""

    message: str
    request: httpx.Request | None

    def __init__(self, message: str, *, request: httpx.Request | None = None) -> None:
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
