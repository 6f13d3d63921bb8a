"""The HTTP core shared by every resource: configuration, auth, retries, redirects,
parsing, pagination, asynchronous jobs and streamed downloads, for sync and async alike.

This file does not vary with the spec. The generated ``_client.py`` passes in what does
(environment variable names, default endpoint, auth header), and the generated
resources call ``request`` / ``request_page`` / ``request_job`` / ``download``.

Retry policy: a request is sent again only when that cannot do anything twice. Any
method is retried when the connection was never made (nothing was sent), on 429, and
on 503 with Retry-After (the server says it did not act); idempotent methods (GET, HEAD,
PUT, DELETE, OPTIONS) also on 5xx, timeouts and dropped connections. A POST that timed
out or got a 500 is never re-sent: it may already have started a job.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
import email.utils
import functools
import json as _json
import logging
import math
import os
import random
import re
import ssl
import tempfile
import time
import uuid
import warnings
import weakref
from collections.abc import AsyncIterator, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import IO, Any, Generic, TypeVar
from urllib.parse import quote

import httpx
import pydantic

from ._errors import (
    CREDENTIAL_HEADERS,
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    JobFailedError,
    JobTimeoutError,
    ResponseParseError,
    add_secret,
    error_for,
    install_log_filter,
    redact,
    remove_secret,
)
from ._files import file_part_error, is_file_content

T = TypeVar("T")

log = logging.getLogger(__package__ or __name__)

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
MAX_RETRY_AFTER = 60.0  # seconds: a longer Retry-After is capped to this
MAX_BACKOFF = 8.0  # seconds: the longest exponential backoff step
MAX_REDIRECTS = 10
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
REDIRECTS = frozenset({301, 302, 303, 307, 308})
FAILED_JOB_STATES = frozenset(
    {"error", "errored", "failed", "failure", "aborted", "abort", "cancelled", "canceled"}
)
DONE_JOB_STATES = frozenset({"completed", "complete", "succeeded", "success", "done", "finished"})
CHUNK = 64 * 1024

Destination = str | os.PathLike[str] | IO[bytes]

# Failures that happen before a single byte of the request can have reached the server.
_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)


_ssl_context: ssl.SSLContext | None = None


def _shared_ssl_context() -> ssl.SSLContext:
    """One default TLS context for every client this process makes: loading the CA bundle
    takes tens of milliseconds, and a context is safe to share between threads and loops.
    (Made on first use with httpx's defaults, SSL_CERT_FILE/SSL_CERT_DIR included; pass
    your own http_client for anything else.)"""
    global _ssl_context
    if _ssl_context is None:
        _ssl_context = httpx.create_ssl_context()
    return _ssl_context


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


async def _asleep(seconds: float) -> None:
    import asyncio  # here, not at the top: importing asyncio costs ~50 ms, and sync users never need it

    await asyncio.sleep(seconds)


# -- raw responses ------------------------------------------------------------------------
@dataclass
class ResponseLog:
    """Every httpx.Response received inside ``client.capture_responses()``, in order
    (redirects and retried attempts included); ``last`` is the one the value came from."""

    responses: list[httpx.Response] = field(default_factory=list)

    @property
    def last(self) -> httpx.Response:
        if not self.responses:
            raise LookupError("no response was received")
        return self.responses[-1]


_capture: contextvars.ContextVar[ResponseLog | None] = contextvars.ContextVar(
    "_capture", default=None
)


def _record(response: httpx.Response) -> None:
    captured = _capture.get()
    if captured is not None:
        captured.responses.append(response)


@contextlib.contextmanager
def _capturing() -> Iterator[ResponseLog]:
    captured = ResponseLog()
    token = _capture.set(captured)
    try:
        yield captured
    finally:
        _capture.reset(token)


# -- configuration ------------------------------------------------------------------------
def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    port = url.port if url.port is not None else {"http": 80, "https": 443}.get(url.scheme)
    return url.scheme, url.host, port


class _TokenAuth(httpx.Auth):
    """Adds the token only to requests for the configured origin (scheme, host, port),
    so a redirect, a `next` page or a job URL elsewhere never receives it. A header of the
    same name passed in ``extra_headers`` wins (on the configured origin only, see _Request.build).
    """

    def __init__(self, header: str, value: str, origin: httpx.URL) -> None:
        self._header = header
        self._value = value
        self._origin = _origin(origin)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} header={self._header!r} value=<redacted>>"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if _origin(request.url) == self._origin:
            request.headers.setdefault(self._header, self._value)
        else:
            request.headers.pop(self._header, None)
        yield request


def check_header_text(value: str | bytes, what: str) -> None:
    """Refuse a header value httpx could not send as is: a control character (CR, LF, NUL,
    any C0 or DEL) could split the header, and httpx encodes str header values as ASCII
    (bytes are sent as they are). The message says where, never what the value is (it may
    be a token)."""
    if isinstance(value, bytes):
        found = _BAD_HEADER_BYTES.search(value)
    elif isinstance(value, str):
        found = _BAD_HEADER_TEXT.search(value)  # type: ignore[assignment]
    else:
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if found is None:
        return
    index = found.start()
    code = value[index] if isinstance(value, bytes) else ord(value[index])
    if code < 0x20 or code == 0x7F:
        raise ValueError(
            f"{what} contains a control character (U+{code:04X} at position {index}); "
            "a header value must be printable ASCII (the value is not shown)"
        )
    raise ValueError(
        f"{what} contains a non-ASCII character at position {index}; "
        "a header value must be printable ASCII (the value is not shown)"
    )


_BAD_HEADER_TEXT = re.compile(r"[^\x20-\x7e]")
_BAD_HEADER_BYTES = re.compile(rb"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Settings:
    """What the generated client passes in: the parts that vary with the spec."""

    package: str
    version: str
    endpoint_env: str
    token_env: str
    default_endpoint: str
    path_prefix: str
    auth_header: str
    auth_prefix: str


def resolve_endpoint(endpoint: str | None, settings: Settings) -> str:
    value = endpoint or os.environ.get(settings.endpoint_env) or settings.default_endpoint
    value = value.strip().rstrip("/")
    # An endpoint may be given with the prefix every path of the spec starts with (e.g.
    # https://host/api/v2 when every path starts with /api/v2): accept both forms.
    if settings.path_prefix and value.endswith(settings.path_prefix):
        value = value[: -len(settings.path_prefix)]
    url = httpx.URL(value)
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"endpoint must be an http(s) URL, got {value!r}")
    if url.query or url.fragment:
        raise ValueError(f"endpoint must not have a query or fragment, got {value!r}")
    return value


def render_path(template: str, params: Mapping[str, Any]) -> str:
    """Fill `{name}` placeholders with percent-encoded values: a value such as ``a/b``
    or ``..`` stays inside its path segment and cannot change the route."""
    path = template
    for name, value in params.items():
        text = _to_text(value)
        if text == "":
            raise ValueError(f"path parameter {name!r} must not be empty")
        encoded = quote(text, safe="")
        if encoded in (".", ".."):
            # quote() leaves dots alone, and a bare '.' or '..' segment is resolved away
            encoded = encoded.replace(".", "%2E")
        path = path.replace("{" + name + "}", encoded)
    return path


def _to_text(value: Any) -> str:
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def build_query(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Query pairs; lists repeat the name (OpenAPI's form style, explode=true)."""
    query: list[tuple[str, str]] = []
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple, set, frozenset)):
            query.extend((name, _to_text(v)) for v in value if v is not None)
        else:
            query.append((name, _to_text(value)))
    return query


def to_jsonable(value: Any) -> Any:
    """A request body as JSON data: models by their wire names (only the fields that were
    set), enums by value, dates in ISO 8601; dicts are taken to use wire names already."""
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return to_jsonable(value.value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    return value


FilePart = tuple[str, Any] | tuple[str, Any, str]


def multipart(
    body: Any, file_fields: Sequence[str], opened: list[IO[bytes]]
) -> tuple[dict[str, Any], list[tuple[str, FilePart]]]:
    """Split a multipart body into (form fields, file parts).

    A file field, in a model or a dict alike, may be bytes, a binary file object, a path
    (a str, a pathlib.Path or another os.PathLike: opened here, and added to `opened` so
    the caller can close it; a str is always a path, never the content), or a tuple
    ``(filename, content[, content_type])`` whose content may be bytes, text, a file object
    or a path. Models are dumped by wire name in Python mode, so bytes stay bytes and file
    objects stay file objects.
    """
    if isinstance(body, pydantic.BaseModel):
        values = _model_values(body, file_fields)
    elif isinstance(body, Mapping):
        values = dict(body)
    else:
        raise TypeError(f"a multipart body must be a model or a mapping, not {type(body).__name__}")
    data: dict[str, Any] = {}
    files: list[tuple[str, FilePart]] = []
    try:
        for name, value in values.items():
            if value is None:
                continue
            if name in file_fields or is_file_content(value):
                files.append((name, _file_part(name, value, opened)))
            elif isinstance(value, (list, tuple)):
                data[name] = [_form_text(v) for v in value]
            else:
                data[name] = _form_text(value)
    except BaseException:
        for handle in opened:
            handle.close()
        raise
    return data, files


def _model_values(body: pydantic.BaseModel, file_fields: Sequence[str]) -> dict[str, Any]:
    """The fields set on a model by wire name; file fields as given (a dump would turn a
    file object, which is iterable, into something else), the rest dumped in Python mode."""
    fields = type(body).model_fields
    files: dict[str, tuple[str, Any]] = {}
    for attr in body.model_fields_set:
        info = fields.get(attr)
        wire = (info.alias or attr) if info is not None else attr
        value = getattr(body, attr)
        if wire in file_fields or is_file_content(value):
            files[attr] = (wire, value)
    values = body.model_dump(by_alias=True, exclude_unset=True, exclude=set(files))
    values.update(files.values())
    return values


def _file_part(name: str, value: Any, opened: list[IO[bytes]]) -> FilePart:
    problem = file_part_error(name, value)
    if problem is not None:
        raise problem
    if isinstance(value, tuple):
        filename, content, *content_type = value
        return (filename, _file_content(content, opened), *content_type)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return (name, bytes(value), "application/octet-stream")
    if isinstance(value, (str, os.PathLike)):
        return (Path(value).name, _open(name, value, opened))
    return (Path(str(getattr(value, "name", name))).name, value)  # a binary file object


def _file_content(content: Any, opened: list[IO[bytes]]) -> Any:
    if isinstance(content, os.PathLike):
        return _open("file", content, opened)
    if isinstance(content, (bytearray, memoryview)):
        return bytes(content)
    return content


def _open(name: str, path: str | os.PathLike[str], opened: list[IO[bytes]]) -> IO[bytes]:
    text = os.fspath(path)
    if isinstance(text, str) and ("\n" in text or len(text) > 4096 or not os.path.isfile(text)):
        shown = (
            repr(text)
            if len(text) <= 200 and "\n" not in text
            else f"a str of {len(text)} characters"
        )
        raise FileNotFoundError(
            f"{name}: no file at {shown}; a str in a file field is a path. To send text as "
            f"the file's content, pass bytes (text.encode()) or (filename, text, content_type)"
        )
    handle = Path(path).open("rb")
    opened.append(handle)
    return handle


def _form_text(value: Any) -> str:
    if isinstance(value, (Mapping, pydantic.BaseModel)):
        return _json.dumps(to_jsonable(value), separators=(",", ":"))
    return _to_text(value)


_adapters: dict[Any, pydantic.TypeAdapter[Any]] = {}


def _adapter(cast: Any) -> pydantic.TypeAdapter[Any]:
    adapter = _adapters.get(cast)
    if adapter is None:
        adapter = _adapters[cast] = pydantic.TypeAdapter(cast)
    return adapter


def _where(response: httpx.Response) -> str:
    return f"{response.request.method} {response.request.url.copy_with(query=None)}"


def parse(cast: Any, response: httpx.Response) -> Any:
    """The body parsed into `cast`; a body that is not that type is a ResponseParseError."""
    if not response.content:
        raise ResponseParseError(
            f"the {response.status_code} response of {_where(response)} has an empty body; "
            f"expected {getattr(cast, '__name__', cast)}",
            response=response,
        )
    try:
        return _adapter(cast).validate_json(response.content)
    except pydantic.ValidationError as exc:
        raise ResponseParseError(
            f"could not parse the {response.status_code} response of {_where(response)} "
            f"as {getattr(cast, '__name__', cast)}: {_first_error(exc)}",
            response=response,
        ) from None


def _first_error(exc: pydantic.ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    if not errors:
        return str(exc)
    where = "/".join(str(p) for p in errors[0]["loc"])
    return f"{errors[0]['msg']} at '{where}'" if where else str(errors[0]["msg"])


def deprecated(operation: str, replacement: str) -> None:
    message = f"{operation} is deprecated"
    if replacement:
        message += f"; use {replacement} instead"
    warnings.warn(message, DeprecationWarning, stacklevel=3)


def retry_after(response: httpx.Response | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), capped at
    MAX_RETRY_AFTER; None when absent or unreadable."""
    if response is None:
        return None
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=_dt.timezone.utc)
        seconds = when.timestamp() - time.time()
    if math.isnan(seconds):
        return None
    return max(0.0, min(seconds, MAX_RETRY_AFTER))


def _should_retry(method: str, response: httpx.Response | None, error: Exception | None) -> bool:
    if error is not None:
        if isinstance(error, _NOT_SENT):
            return not isinstance(error, (httpx.UnsupportedProtocol, httpx.LocalProtocolError))
        return method in IDEMPOTENT and isinstance(
            error, (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError)
        )
    assert response is not None
    if method in IDEMPOTENT:
        return response.status_code in RETRY_STATUSES
    # A non-idempotent request is retried only when the server says it did not act.
    return response.status_code == 429 or (
        response.status_code == 503 and "retry-after" in response.headers
    )


def backoff(attempt: int, response: httpx.Response | None) -> float:
    """Retry-After when the server gave one, else exponential backoff with jitter:
    0.5 s, 1 s, 2 s, ... up to MAX_BACKOFF, each scaled by a random factor in [0.5, 1]."""
    after = retry_after(response)
    if after is not None:
        return after
    return min(MAX_BACKOFF, 0.5 * (2.0**attempt)) * random.uniform(0.5, 1.0)


def _connection_error(exc: Exception, request: httpx.Request | None) -> Exception:
    where = (
        f" ({request.method} {request.url.copy_with(query=None)})" if request is not None else ""
    )
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"request timed out: {type(exc).__name__}{where}", request=request)
    return APIConnectionError(
        f"connection error: {type(exc).__name__}: {exc}{where}", request=request
    )


def _cause(exc: Exception, request: httpx.Request | None) -> Exception | None:
    """The httpx exception to chain as __cause__, unless its text holds a secret (a server
    can echo one into, say, a malformed status line): a traceback prints the cause."""
    return exc if redact(str(exc), request) == str(exc) else None


def _job_state(body: Any) -> str:
    if isinstance(body, dict):
        for key in ("status", "state"):
            if isinstance(body.get(key), str):
                return str(body[key]).lower()
    return ""


@dataclass
class _Request:
    method: str
    url: str
    query: list[tuple[str, str]]
    headers: dict[str, str]
    json: Any = None
    data: Any = None
    files: list[tuple[str, Any]] | None = None
    content: Any = None
    timeout: Any = None
    opened: list[IO[bytes]] = field(default_factory=list)  # files we opened and must close
    positions: list[tuple[Any, int]] = field(default_factory=list)  # (stream, offset) to rewind to

    def __post_init__(self) -> None:
        for stream in self._streams():
            with contextlib.suppress(OSError, ValueError, AttributeError):
                self.positions.append((stream, stream.tell()))

    def _streams(self) -> list[Any]:
        streams = [self.content] if hasattr(self.content, "read") else []
        for _, part in self.files or []:
            if isinstance(part, tuple) and len(part) > 1 and hasattr(part[1], "read"):
                streams.append(part[1])
            elif hasattr(part, "read"):
                streams.append(part)
        return streams

    def rewind(self) -> None:
        """Put every streamed body back where it started, for a retry."""
        for stream, offset in self.positions:
            stream.seek(offset)

    def close(self) -> None:
        for handle in self.opened:
            handle.close()

    def build(
        self,
        http: httpx.Client | httpx.AsyncClient,
        timeout: httpx.Timeout,
        origin: tuple[str, str, int | None],
        credentials: frozenset[str],
    ) -> httpx.Request:
        """The httpx request for one attempt. Off the configured `origin`, every credential
        header (Authorization, Cookie, Proxy-Authorization, the API's auth header), whether
        from extra_headers or the http_client's defaults, is removed."""
        kwargs: dict[str, Any] = {"headers": self.headers, "timeout": timeout}
        if self.query:
            kwargs["params"] = self.query
        if self.json is not None:
            kwargs["json"] = self.json
        if self.data is not None:
            kwargs["data"] = self.data
        if self.files:
            kwargs["files"] = self.files
        if self.content is not None:
            kwargs["content"] = self.content
        built = http.build_request(self.method, self.url, **kwargs)
        if _origin(built.url) != origin:
            for name in credentials:
                built.headers.pop(name, None)
        return built

    def redirected(self, response: httpx.Response) -> _Request | None:
        """The request to make after a redirect, or None when it must not be followed:
        GET/HEAD follow any redirect; other methods only a 303 (which becomes a GET);
        a 307/308 for a POST is not replayed, so a body is never sent twice."""
        if response.status_code not in REDIRECTS or "location" not in response.headers:
            return None
        if self.method in ("GET", "HEAD"):
            method = self.method
        elif response.status_code == 303:
            method = "GET"
        else:
            return None
        url = response.request.url.join(response.headers["location"])
        # credentials stay in the headers: build() leaves them out on any other origin, and a
        # redirect back to the configured origin gets them again
        return _Request(method, str(url), [], follow_up_headers(self.headers), timeout=self.timeout)


def follow_up_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The headers of a call that its follow-ups (redirects, `next` pages, job polls) repeat:
    all but those describing the request body."""
    return {k: v for k, v in headers.items() if k.lower() not in ("content-type", "content-length")}


def _timeout_within(timeout: httpx.Timeout, left: float) -> tuple[httpx.Timeout, bool]:
    """`timeout` with every phase cut to `left` seconds, and whether any phase was cut."""
    phases = (timeout.connect, timeout.read, timeout.write, timeout.pool)
    capped = tuple(left if p is None or p > left else p for p in phases)
    return (
        httpx.Timeout(connect=capped[0], read=capped[1], write=capped[2], pool=capped[3]),
        capped != phases,
    )


class _DeadlinePassed(Exception):
    """Raised inside the client when a deadline (Job.wait's timeout) leaves no time for the
    next attempt or cut an attempt short; ``error`` is the last failure, if any."""

    def __init__(self, error: BaseException | None) -> None:
        super().__init__("deadline passed")
        self.error = error


class _Core:
    """Settings and request assembly shared by the sync and async clients."""

    def __init__(
        self,
        settings: Settings,
        *,
        endpoint: str | None,
        token: str | None,
        token_type: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        user_agent: str | None,
    ) -> None:
        self._settings = settings
        self.base_url = resolve_endpoint(endpoint, settings)
        self.max_retries = max(0, int(max_retries))
        self.timeout = (
            DEFAULT_TIMEOUT
            if timeout is None
            else timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        )
        source = "the token argument" if token is not None else f"${settings.token_env}"
        token = token if token is not None else os.environ.get(settings.token_env)
        token = (
            token.strip(" \t\r\n") if token else None
        )  # a trailing newline from a file is not part of it
        prefix = settings.auth_prefix if token_type is None else token_type
        self._auth: _TokenAuth | None = None
        if token:
            check_header_text(token, f"the API token ({source})")
            check_header_text(prefix, "token_type")
            value = f"{prefix} {token}".strip()
            self._auth = _TokenAuth(settings.auth_header, value, httpx.URL(self.base_url))
            add_secret(value)
            weakref.finalize(self, remove_secret, value)
        install_log_filter(log.name)
        self._origin = _origin(httpx.URL(self.base_url))
        self._credentials = CREDENTIAL_HEADERS | {settings.auth_header.lower()}
        self.user_agent = (
            user_agent or f"{settings.package}/{settings.version} httpx/{httpx.__version__}"
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__} endpoint={self.base_url!r} token={'<set>' if self._auth else '<unset>'}>"

    def _headers(self) -> dict[str, str]:
        return {"User-Agent": self.user_agent, "Accept": "application/json"}

    def prepare(
        self,
        method: str,
        path: str,
        *,
        path_params: Mapping[str, Any] | None = None,
        query: Mapping[str, Any] | None = None,
        headers: Mapping[str, Any] | None = None,
        cookies: Mapping[str, Any] | None = None,
        json: Any = None,
        form: Any = None,
        files: Sequence[str] = (),
        content: Any = None,
        encoding: str = "json",
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
        accept: str | None = None,
    ) -> _Request:
        url = self.base_url + render_path(path, path_params or {})
        all_headers = self._headers()
        if accept:
            all_headers["Accept"] = accept
        all_headers.update({k: _to_text(v) for k, v in (headers or {}).items() if v is not None})
        if cookies:
            cookie = "; ".join(
                f"{k}={quote(_to_text(v), safe='')}" for k, v in cookies.items() if v is not None
            )
            if cookie:
                all_headers["Cookie"] = cookie
        all_headers.update(extra_headers or {})
        for name, value in all_headers.items():
            check_header_text(name, "a header name")
            check_header_text(value, f"the value of header {name!r}")
        if json is None and form is not None and encoding == "json":
            json = form
        opened: list[IO[bytes]] = []
        body: dict[str, Any] = {}
        if json is not None:
            body["json"] = to_jsonable(json)
        elif form is not None and encoding == "multipart":
            body["data"], body["files"] = multipart(form, files, opened)
        elif form is not None and encoding == "form":
            body["data"] = {k: _form_text(v) for k, v in to_jsonable(form).items() if v is not None}
        elif content is not None:
            body["content"] = content
            all_headers.setdefault("Content-Type", "application/octet-stream")
        return _Request(
            method,
            url,
            build_query(query or {}),
            all_headers,
            timeout=timeout,
            opened=opened,
            **body,
        )

    def _attempt_timeout(
        self, request: _Request, deadline: float | None, error: BaseException | None
    ) -> tuple[httpx.Timeout, bool]:
        """The timeout of the next attempt, cut to what is left before `deadline`."""
        timeout = self.timeout if request.timeout is None else request.timeout
        timeout = timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        if deadline is None:
            return timeout, False
        left = deadline - time.monotonic()
        if left <= 0:
            raise _DeadlinePassed(error)
        return _timeout_within(timeout, left)

    def _retry_log(
        self,
        request: _Request,
        attempt: int,
        delay: float,
        response: httpx.Response | None,
        error: Exception | None,
    ) -> None:
        why = f"{response.status_code}" if response is not None else type(error).__name__
        log.debug(
            "retrying %s %s after %s in %.2f s (retry %d of %d)",
            request.method,
            httpx.URL(request.url).copy_with(query=None),
            why,
            delay,
            attempt + 1,
            self.max_retries,
        )


# -- sync ----------------------------------------------------------------------------------
class SyncAPIClient(_Core):
    def __init__(
        self,
        settings: Settings,
        *,
        endpoint: str | None = None,
        token: str | None = None,
        token_type: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        user_agent: str | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            settings,
            endpoint=endpoint,
            token=token,
            token_type=token_type,
            timeout=timeout,
            max_retries=max_retries,
            user_agent=user_agent,
        )
        if http_client is not None and timeout is None:
            self.timeout = http_client.timeout  # bring-your-own client: its timeout is the default
        self._http = http_client or httpx.Client(
            timeout=self.timeout, follow_redirects=False, verify=_shared_ssl_context()
        )
        self._owns_http = http_client is None

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def capture_responses(self) -> contextlib.AbstractContextManager[ResponseLog]:
        """Collect the httpx.Response of every call made inside the block (this thread or
        task): ``with client.capture_responses() as log: ...; log.last.headers``."""
        return _capturing()

    def _send(
        self,
        request: _Request,
        *,
        stream: bool = False,
        follow: bool = True,
        deadline: float | None = None,
        trail: list[int] | None = None,
    ) -> httpx.Response:
        """Send with retries and redirects; raise the APIError for a 4xx/5xx or a failure.

        With a `deadline` (a time.monotonic() value), every attempt's timeout and every
        backoff sleep is cut to the time left, and _DeadlinePassed is raised when none is left.
        The status of every redirect followed is appended to `trail`.
        """
        attempt = redirects = 0
        last: BaseException | None = None
        try:
            while True:
                timeout, cut = self._attempt_timeout(request, deadline, last)
                built = request.build(self._http, timeout, self._origin, self._credentials)
                response: httpx.Response | None = None
                error: Exception | None = None
                try:
                    response = self._http.send(
                        built, auth=self._auth, stream=stream, follow_redirects=False
                    )
                except httpx.TransportError as exc:
                    error = exc
                if cut and isinstance(error, httpx.TimeoutException):
                    raise _DeadlinePassed(_connection_error(error, built))
                if attempt < self.max_retries and _should_retry(request.method, response, error):
                    delay = backoff(attempt, response)
                    if deadline is not None and delay >= deadline - time.monotonic():
                        if response is not None:
                            response.close()
                        raise _DeadlinePassed(
                            _connection_error(error, built) if error is not None else None
                        )
                    last = _connection_error(error, built) if error is not None else None
                    self._retry_log(request, attempt, delay, response, error)
                    if response is not None:
                        _record(response)
                        response.close()
                    _sleep(delay)
                    attempt += 1
                    request.rewind()
                    continue
                if error is not None:
                    raise _connection_error(error, built) from _cause(error, built)
                assert response is not None
                _record(response)
                target = request.redirected(response) if follow else None
                if target is None and follow and _is_redirect(response):
                    response.read()
                    raise _unfollowed(response)
                if target is not None:
                    response.close()
                    redirects += 1
                    if redirects > MAX_REDIRECTS:
                        raise APIConnectionError(
                            f"more than {MAX_REDIRECTS} redirects", request=built
                        )
                    if trail is not None:
                        trail.append(response.status_code)
                    request.close()
                    request, attempt = target, 0
                    continue
                if response.status_code >= 400:
                    try:
                        response.read()
                    except httpx.TransportError as exc:
                        raise _connection_error(exc, built) from _cause(exc, built)
                    finally:
                        response.close()
                    raise error_for(response)
                return response
        finally:
            request.close()

    def request(
        self, cast: Any, method: str, path: str, *, see_other: Any = None, **kwargs: Any
    ) -> Any:
        """Send and parse the answer as `cast`; an answer reached through a 303 See Other is
        parsed as `see_other` when given (a job status that answers 303 once the job is done
        leads to the finished resource, not to another status)."""
        trail: list[int] = []
        response = self._send(self.prepare(method, path, **kwargs), trail=trail)
        if cast is None or response.status_code == 204:
            return None
        return parse(see_other if see_other is not None and 303 in trail else cast, response)

    def request_page(self, item: Any, method: str, path: str, **kwargs: Any) -> Any:
        prepared = self.prepare(method, path, **kwargs)
        headers = follow_up_headers(prepared.headers)
        response = self._send(prepared)
        return SyncPage(self, item, response, headers)

    def request_job(self, initial: Any, result: Any, method: str, path: str, **kwargs: Any) -> Any:
        prepared = self.prepare(method, path, **kwargs)
        headers = follow_up_headers(prepared.headers)
        response = self._send(prepared, follow=False)
        if (
            _is_redirect(response) and response.status_code != 303
        ):  # a 303 means: already done, see there
            response.read()
            raise _unfollowed(response)
        body = (
            parse(initial, response)
            if initial is not None and response.content and response.status_code < 300
            else None
        )
        return Job(self, result, response, body, headers)

    def download(self, destination: Destination, method: str, path: str, **kwargs: Any) -> int:
        response = self._send(self.prepare(method, path, accept="*/*", **kwargs), stream=True)
        try:
            return _write_stream(response.iter_bytes(CHUNK), destination)
        except httpx.TransportError as exc:
            raise _connection_error(exc, response.request) from _cause(exc, response.request)
        finally:
            response.close()

    def get_url(
        self,
        url: str,
        *,
        follow: bool = True,
        headers: Mapping[str, str] | None = None,
        deadline: float | None = None,
    ) -> httpx.Response:
        """GET an absolute URL (a `next` page, a job location) with the client's policies and
        the `headers` of the call it follows up; the token and every other credential header
        go only to the configured endpoint's origin."""
        return self._send(
            _Request("GET", url, [], dict(headers or self._headers())),
            follow=follow,
            deadline=deadline,
        )


class SyncPage(Generic[T]):
    """One page of a list operation. Iterating it yields every item of every page,
    fetching the next page (following ``next``) when needed."""

    def __init__(
        self,
        client: SyncAPIClient,
        item: Any,
        response: httpx.Response,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self._client = client
        self._item = item
        self._headers = headers  # the call's headers, repeated for the next pages
        self.response = response
        body = _json_object(response)
        self.items: list[T] = parse_items(item, body, response)
        self.next_url: str | None = _link(response, body.get("next"))
        self.previous_url: str | None = _link(response, body.get("previous"))
        self.count: int | None = body.get("count")
        self.total_count: int | None = body.get("totalCount")
        self.body: dict[str, Any] = body

    def has_next_page(self) -> bool:
        return bool(self.next_url)

    def get_next_page(self) -> SyncPage[T]:
        """The following page; raises LookupError on the last one (see has_next_page())."""
        if not self.next_url:
            raise LookupError("this is the last page: check has_next_page() first")
        return SyncPage(
            self._client,
            self._item,
            self._client.get_url(self.next_url, headers=self._headers),
            self._headers,
        )

    def iter_pages(self) -> Iterator[SyncPage[T]]:
        page: SyncPage[T] = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            yield page

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.items

    def __repr__(self) -> str:
        return f"<{type(self).__name__} items={len(self.items)} next={self.next_url!r}>"


class Job(Generic[T]):
    """An asynchronous job started by a 202 Accepted with a Location header.

    ``wait()`` polls the location until the job finishes, follows the 303 See Other to
    the finished resource and returns it parsed.
    """

    def __init__(
        self,
        client: SyncAPIClient,
        result: Any,
        response: httpx.Response,
        initial: Any,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self._client = client
        self._result = result
        self._headers = headers  # the call's headers, repeated for the polls
        self.response = response
        self.initial = initial
        self.location: str = response.headers.get("location", "")

    def __repr__(self) -> str:
        return f"<Job location={self.location!r}>"

    def wait(
        self, *, timeout: float = 3600.0, poll_interval: float = 1.0, max_interval: float = 30.0
    ) -> T:
        """Poll until the job is done and return its result.

        Waits ``poll_interval`` seconds between polls, growing by half each time up to
        ``max_interval``, or what the server's Retry-After says. Raises JobFailedError when
        the job ends in an error state and JobTimeoutError once ``timeout`` seconds pass.
        """
        url = _job_url(self.response, self.location)
        deadline = time.monotonic() + timeout
        try:
            return self._wait(url, deadline, poll_interval, max_interval)
        except _DeadlinePassed as exc:
            raise _job_timeout(url, timeout, exc.error, self.response.request) from None

    def _wait(self, url: str, deadline: float, interval: float, max_interval: float) -> T:
        """Job.wait within `deadline`: every request (and its retries) gets only the time left."""
        get = functools.partial(self._client.get_url, headers=self._headers, deadline=deadline)
        if (
            self.response.status_code in REDIRECTS
        ):  # done before it was accepted: go straight to the result
            return _finished(self._result, get(url))  # type: ignore[no-any-return]
        while True:
            response = get(url, follow=False)
            outcome = _job_step(response, self._result)
            if isinstance(outcome, _Redirect):
                return _finished(self._result, get(outcome.url))  # type: ignore[no-any-return]
            if outcome is not _PENDING:
                return outcome  # type: ignore[no-any-return]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _DeadlinePassed(None)
            after = retry_after(response)
            _sleep(min(after if after is not None else interval, remaining))
            interval = min(max_interval, interval * 1.5)


# -- async ---------------------------------------------------------------------------------
class AsyncAPIClient(_Core):
    def __init__(
        self,
        settings: Settings,
        *,
        endpoint: str | None = None,
        token: str | None = None,
        token_type: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        user_agent: str | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            settings,
            endpoint=endpoint,
            token=token,
            token_type=token_type,
            timeout=timeout,
            max_retries=max_retries,
            user_agent=user_agent,
        )
        if http_client is not None and timeout is None:
            self.timeout = http_client.timeout  # bring-your-own client: its timeout is the default
        self._http = http_client or httpx.AsyncClient(
            timeout=self.timeout, follow_redirects=False, verify=_shared_ssl_context()
        )
        self._owns_http = http_client is None

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    def capture_responses(self) -> contextlib.AbstractContextManager[ResponseLog]:
        """Collect the httpx.Response of every call made inside the block (this task):
        ``with client.capture_responses() as log: await ...; log.last.headers``."""
        return _capturing()

    async def _send(
        self,
        request: _Request,
        *,
        stream: bool = False,
        follow: bool = True,
        deadline: float | None = None,
        trail: list[int] | None = None,
    ) -> httpx.Response:
        """Send with retries and redirects; raise the APIError for a 4xx/5xx or a failure.

        With a `deadline` (a time.monotonic() value), every attempt's timeout and every
        backoff sleep is cut to the time left, and _DeadlinePassed is raised when none is left.
        The status of every redirect followed is appended to `trail`.
        """
        attempt = redirects = 0
        last: BaseException | None = None
        try:
            while True:
                timeout, cut = self._attempt_timeout(request, deadline, last)
                built = request.build(self._http, timeout, self._origin, self._credentials)
                response: httpx.Response | None = None
                error: Exception | None = None
                try:
                    response = await self._http.send(
                        built, auth=self._auth, stream=stream, follow_redirects=False
                    )
                except httpx.TransportError as exc:
                    error = exc
                if cut and isinstance(error, httpx.TimeoutException):
                    raise _DeadlinePassed(_connection_error(error, built))
                if attempt < self.max_retries and _should_retry(request.method, response, error):
                    delay = backoff(attempt, response)
                    if deadline is not None and delay >= deadline - time.monotonic():
                        if response is not None:
                            await response.aclose()
                        raise _DeadlinePassed(
                            _connection_error(error, built) if error is not None else None
                        )
                    last = _connection_error(error, built) if error is not None else None
                    self._retry_log(request, attempt, delay, response, error)
                    if response is not None:
                        _record(response)
                        await response.aclose()
                    await _asleep(delay)
                    attempt += 1
                    request.rewind()
                    continue
                if error is not None:
                    raise _connection_error(error, built) from _cause(error, built)
                assert response is not None
                _record(response)
                target = request.redirected(response) if follow else None
                if target is None and follow and _is_redirect(response):
                    await response.aread()
                    raise _unfollowed(response)
                if target is not None:
                    await response.aclose()
                    redirects += 1
                    if redirects > MAX_REDIRECTS:
                        raise APIConnectionError(
                            f"more than {MAX_REDIRECTS} redirects", request=built
                        )
                    if trail is not None:
                        trail.append(response.status_code)
                    request.close()
                    request, attempt = target, 0
                    continue
                if response.status_code >= 400:
                    try:
                        await response.aread()
                    except httpx.TransportError as exc:
                        raise _connection_error(exc, built) from _cause(exc, built)
                    finally:
                        await response.aclose()
                    raise error_for(response)
                return response
        finally:
            request.close()

    async def request(
        self, cast: Any, method: str, path: str, *, see_other: Any = None, **kwargs: Any
    ) -> Any:
        """Send and parse the answer as `cast`; an answer reached through a 303 See Other is
        parsed as `see_other` when given (a job status that answers 303 once the job is done
        leads to the finished resource, not to another status)."""
        trail: list[int] = []
        response = await self._send(self.prepare(method, path, **kwargs), trail=trail)
        if cast is None or response.status_code == 204:
            return None
        return parse(see_other if see_other is not None and 303 in trail else cast, response)

    async def request_page(self, item: Any, method: str, path: str, **kwargs: Any) -> Any:
        prepared = self.prepare(method, path, **kwargs)
        headers = follow_up_headers(prepared.headers)
        response = await self._send(prepared)
        return AsyncPage(self, item, response, headers)

    async def request_job(
        self, initial: Any, result: Any, method: str, path: str, **kwargs: Any
    ) -> Any:
        prepared = self.prepare(method, path, **kwargs)
        headers = follow_up_headers(prepared.headers)
        response = await self._send(prepared, follow=False)
        if (
            _is_redirect(response) and response.status_code != 303
        ):  # a 303 means: already done, see there
            await response.aread()
            raise _unfollowed(response)
        body = (
            parse(initial, response)
            if initial is not None and response.content and response.status_code < 300
            else None
        )
        return AsyncJob(self, result, response, body, headers)

    async def download(
        self, destination: Destination, method: str, path: str, **kwargs: Any
    ) -> int:
        response = await self._send(self.prepare(method, path, accept="*/*", **kwargs), stream=True)
        try:
            return await _awrite_stream(response.aiter_bytes(CHUNK), destination)
        except httpx.TransportError as exc:
            raise _connection_error(exc, response.request) from _cause(exc, response.request)
        finally:
            await response.aclose()

    async def get_url(
        self,
        url: str,
        *,
        follow: bool = True,
        headers: Mapping[str, str] | None = None,
        deadline: float | None = None,
    ) -> httpx.Response:
        """GET an absolute URL (a `next` page, a job location) with the client's policies and
        the `headers` of the call it follows up; the token and every other credential header
        go only to the configured endpoint's origin."""
        return await self._send(
            _Request("GET", url, [], dict(headers or self._headers())),
            follow=follow,
            deadline=deadline,
        )


class AsyncPage(Generic[T]):
    """One page of a list operation; ``async for`` yields every item of every page."""

    def __init__(
        self,
        client: AsyncAPIClient,
        item: Any,
        response: httpx.Response,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self._client = client
        self._item = item
        self._headers = headers  # the call's headers, repeated for the next pages
        self.response = response
        body = _json_object(response)
        self.items: list[T] = parse_items(item, body, response)
        self.next_url: str | None = _link(response, body.get("next"))
        self.previous_url: str | None = _link(response, body.get("previous"))
        self.count: int | None = body.get("count")
        self.total_count: int | None = body.get("totalCount")
        self.body: dict[str, Any] = body

    def has_next_page(self) -> bool:
        return bool(self.next_url)

    async def get_next_page(self) -> AsyncPage[T]:
        """The following page; raises LookupError on the last one (see has_next_page())."""
        if not self.next_url:
            raise LookupError("this is the last page: check has_next_page() first")
        return AsyncPage(
            self._client,
            self._item,
            await self._client.get_url(self.next_url, headers=self._headers),
            self._headers,
        )

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        page: AsyncPage[T] = self
        yield page
        while page.has_next_page():
            page = await page.get_next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item

    def __repr__(self) -> str:
        return f"<{type(self).__name__} items={len(self.items)} next={self.next_url!r}>"


class AsyncJob(Generic[T]):
    """The async counterpart of Job: ``await job.wait()``."""

    def __init__(
        self,
        client: AsyncAPIClient,
        result: Any,
        response: httpx.Response,
        initial: Any,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self._client = client
        self._result = result
        self._headers = headers  # the call's headers, repeated for the polls
        self.response = response
        self.initial = initial
        self.location: str = response.headers.get("location", "")

    def __repr__(self) -> str:
        return f"<AsyncJob location={self.location!r}>"

    async def wait(
        self, *, timeout: float = 3600.0, poll_interval: float = 1.0, max_interval: float = 30.0
    ) -> T:
        """Poll until the job is done and return its result (see Job.wait)."""
        url = _job_url(self.response, self.location)
        deadline = time.monotonic() + timeout
        try:
            return await self._wait(url, deadline, poll_interval, max_interval)
        except _DeadlinePassed as exc:
            raise _job_timeout(url, timeout, exc.error, self.response.request) from None

    async def _wait(self, url: str, deadline: float, interval: float, max_interval: float) -> T:
        """Job.wait within `deadline`: every request (and its retries) gets only the time left."""
        get = functools.partial(self._client.get_url, headers=self._headers, deadline=deadline)
        if (
            self.response.status_code in REDIRECTS
        ):  # done before it was accepted: go straight to the result
            return _finished(self._result, await get(url))  # type: ignore[no-any-return]
        while True:
            response = await get(url, follow=False)
            outcome = _job_step(response, self._result)
            if isinstance(outcome, _Redirect):
                return _finished(self._result, await get(outcome.url))  # type: ignore[no-any-return]
            if outcome is not _PENDING:
                return outcome  # type: ignore[no-any-return]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise _DeadlinePassed(None)
            after = retry_after(response)
            await _asleep(min(after if after is not None else interval, remaining))
            interval = min(max_interval, interval * 1.5)


# -- shared helpers -------------------------------------------------------------------------
class _Pending:
    pass


_PENDING = _Pending()


@dataclass
class _Redirect:
    url: str


def _safe(url: str) -> str:
    return str(httpx.URL(url).copy_with(query=None))


def _job_timeout(
    url: str, timeout: float, last: BaseException | None, request: httpx.Request
) -> JobTimeoutError:
    message = f"job at {_safe(url)} did not finish within {timeout} s"
    if isinstance(last, APIError):
        message += f" (the last poll: {last.message})"
        request = last.request or request
    return JobTimeoutError(message, request=request)


def _is_redirect(response: httpx.Response) -> bool:
    return response.status_code in REDIRECTS and "location" in response.headers


def _unfollowed(response: httpx.Response) -> APIStatusError:
    return APIStatusError(
        f"{response.status_code} {response.reason_phrase} for {_where(response)} redirects to "
        f"{_safe(str(response.request.url.join(response.headers['location'])))}, which is not followed: "
        f"sending the {response.request.method} again could repeat its effect",
        response=response,
        body=None,
    )


def _job_url(response: httpx.Response, location: str) -> str:
    if not location:
        raise JobFailedError(
            f"the 202 response of {_where(response)} has no Location header to poll",
            status=None,
            request=response.request,
        )
    return str(response.request.url.join(location))


def _job_step(response: httpx.Response, result: Any) -> Any:
    """Interpret one poll: a redirect to the result, the finished result, an error, or pending."""
    if response.status_code in REDIRECTS:
        location = response.headers.get("location")
        if not location:
            raise JobFailedError(
                "the job redirected without a Location header",
                status=None,
                request=response.request,
            )
        return _Redirect(str(response.request.url.join(location)))
    body: Any = None
    if response.content:
        try:
            body = response.json()
        except ValueError:
            raise ResponseParseError(
                f"the job status from {_where(response)} is not JSON", response=response
            ) from None
    state = _job_state(body)
    if state in FAILED_JOB_STATES:
        detail = body.get("message") if isinstance(body, dict) else None
        raise JobFailedError(
            f"job at {_where(response)} ended as {state!r}" + (f": {detail}" if detail else ""),
            status=body,
            request=response.request,
        )
    if state in DONE_JOB_STATES or response.status_code == 201:
        return _finished(result, response)
    return _PENDING


def _finished(cast: Any, response: httpx.Response) -> Any:
    if cast is None:
        return response.json() if response.content else None
    return parse(cast, response)


def _link(response: httpx.Response, value: Any) -> str | None:
    """A `next`/`previous` link made absolute against the page it came from."""
    if not value or not isinstance(value, str):
        return None
    return str(response.request.url.join(value))


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        raise ResponseParseError(
            f"the list response of {_where(response)} is not JSON", response=response
        ) from None
    if not isinstance(body, dict):
        raise ResponseParseError(
            f"the list response of {_where(response)} is not a JSON object", response=response
        )
    return body


def parse_items(item: Any, body: dict[str, Any], response: httpx.Response) -> list[Any]:
    data = body.get("data")
    if data is None:
        data = []
    if not isinstance(data, list):
        raise ResponseParseError(
            f"the list response of {_where(response)} has no 'data' array", response=response
        )
    try:
        return list(_adapter(list[item]).validate_python(data))
    except pydantic.ValidationError as exc:
        raise ResponseParseError(
            f"could not parse an item of the page from {_where(response)}: {_first_error(exc)} (in 'data')",
            response=response,
        ) from None


def _write_stream(chunks: Iterator[bytes], destination: Destination) -> int:
    if not isinstance(destination, (str, os.PathLike)):
        written = 0
        for chunk in chunks:
            destination.write(chunk)
            written += len(chunk)
        return written
    with _atomic_file(Path(destination)) as handle:
        for chunk in chunks:
            handle.write(chunk)
        return handle.tell()


async def _awrite_stream(chunks: AsyncIterator[bytes], destination: Destination) -> int:
    if not isinstance(destination, (str, os.PathLike)):
        written = 0
        async for chunk in chunks:
            destination.write(chunk)
            written += len(chunk)
        return written
    with _atomic_file(Path(destination)) as handle:
        async for chunk in chunks:
            handle.write(chunk)
        return handle.tell()


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what open() would give a new file; mkstemp's is 0600


@contextlib.contextmanager
def _atomic_file(target: Path) -> Iterator[IO[bytes]]:
    """A temporary file beside `target`, renamed over it only when the block succeeds:
    a failed download leaves neither a partial file nor a changed target."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
