"""The HTTP core shared by every resource: configuration, auth, retries, parsing,
pagination, asynchronous jobs and streamed downloads, for sync and async alike.

This file does not vary with the spec. The generated ``_client.py`` passes in what does
(environment variable names, default endpoint, auth header), and the generated
resources call ``request`` / ``request_page`` / ``request_job`` / ``download``.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import email.utils
import os
import random
import tempfile
import time
import warnings
from collections.abc import AsyncIterator, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import IO, Any, Generic, TypeVar
from urllib.parse import quote

import httpx
import pydantic

from ._errors import (
    APIConnectionError,
    APITimeoutError,
    JobFailedError,
    JobTimeoutError,
    ResponseParseError,
    error_for,
)

T = TypeVar("T")

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
DEFAULT_MAX_RETRIES = 2
MAX_RETRY_AFTER = 60.0  # seconds: a Retry-After longer than this is capped
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
IDEMPOTENT = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS"})
FAILED_JOB_STATES = frozenset({"error", "failed", "aborted", "abort", "cancelled", "canceled"})
CHUNK = 64 * 1024

Destination = str | os.PathLike[str] | IO[bytes]


# -- raw responses ------------------------------------------------------------------------
@dataclass
class ResponseLog:
    """Every httpx.Response received inside ``client.capture_responses()``, in order."""

    responses: list[httpx.Response] = field(default_factory=list)

    @property
    def last(self) -> httpx.Response:
        if not self.responses:
            raise LookupError("no response was received")
        return self.responses[-1]


_capture: contextvars.ContextVar[ResponseLog | None] = contextvars.ContextVar("_capture", default=None)


def _record(response: httpx.Response) -> None:
    log = _capture.get()
    if log is not None:
        log.responses.append(response)


# -- configuration ------------------------------------------------------------------------
class _BearerAuth(httpx.Auth):
    """Adds the token only to requests for the configured origin, so a redirect or a
    job URL on another host never receives it."""

    def __init__(self, header: str, value: str, origin: httpx.URL) -> None:
        self._header = header
        self._value = value
        self._origin = (origin.scheme, origin.host, origin.port)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} header={self._header!r} value=<redacted>>"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if (request.url.scheme, request.url.host, request.url.port) == self._origin:
            request.headers[self._header] = self._value
        yield request


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
    value = value.rstrip("/")
    # DataRobot's convention (and its SDK's) is an endpoint ending in /api/v2, while the
    # spec's paths already start with it: accept both forms.
    if settings.path_prefix and value.endswith(settings.path_prefix):
        value = value[: -len(settings.path_prefix)]
    url = httpx.URL(value)
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"endpoint must be an http(s) URL, got {value!r}")
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
            encoded = encoded.replace(".", "%2E")
        path = path.replace("{" + name + "}", encoded)
    return path


def _to_text(value: Any) -> str:
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def build_query(params: Mapping[str, Any]) -> list[tuple[str, str]]:
    query: list[tuple[str, str]] = []
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            query.extend((name, _to_text(v)) for v in value)
        else:
            query.append((name, _to_text(value)))
    return query


def to_jsonable(value: Any) -> Any:
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Enum):
        return value.value
    return value


def multipart(body: Any, file_fields: Sequence[str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a multipart body into (form data, files)."""
    values = to_jsonable(body) if isinstance(body, pydantic.BaseModel) else dict(body)
    data: dict[str, Any] = {}
    files: dict[str, Any] = {}
    for name, value in values.items():
        if value is None:
            continue
        if name in file_fields or hasattr(value, "read") or isinstance(value, (bytes, bytearray)):
            if isinstance(value, (str, os.PathLike)) and name in file_fields:
                path = Path(value)
                files[name] = (path.name, path.open("rb"))
            else:
                files[name] = value
        else:
            data[name] = _to_text(value) if not isinstance(value, (list, tuple)) else [_to_text(v) for v in value]
    return data, files


_adapters: dict[Any, pydantic.TypeAdapter[Any]] = {}


def parse(cast: Any, response: httpx.Response) -> Any:
    if cast is None:
        return None
    adapter = _adapters.get(cast)
    if adapter is None:
        adapter = _adapters[cast] = pydantic.TypeAdapter(cast)
    try:
        return adapter.validate_json(response.content)
    except pydantic.ValidationError as exc:
        raise ResponseParseError(
            f"could not parse the {response.status_code} response of {response.request.method} "
            f"{response.request.url.copy_with(query=None)} as {getattr(cast, '__name__', cast)}: {_first_error(exc)}",
            response=response,
        ) from None


def _first_error(exc: pydantic.ValidationError) -> str:
    errors = exc.errors()
    if not errors:
        return str(exc)
    where = "/".join(str(p) for p in errors[0]["loc"])
    return f"{errors[0]['msg']} at '{where}'"


def deprecated(operation: str, replacement: str) -> None:
    message = f"{operation} is deprecated"
    if replacement:
        message += f"; use {replacement} instead"
    warnings.warn(message, DeprecationWarning, stacklevel=3)


def _retry_after(response: httpx.Response | None) -> float | None:
    if response is None:
        return None
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        if parsed is None:
            return None
        seconds = float(parsed.timestamp() - time.time())
    return max(0.0, min(seconds, MAX_RETRY_AFTER))


def _should_retry(method: str, response: httpx.Response | None, error: Exception | None) -> bool:
    if error is not None:
        if isinstance(error, httpx.ConnectError):
            return True  # the connection was never made: nothing was sent
        return method in IDEMPOTENT and isinstance(error, (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError))
    assert response is not None
    if method in IDEMPOTENT:
        return response.status_code in RETRY_STATUSES
    # A non-idempotent request is retried only when the server says it did not act.
    return response.status_code == 429 or (response.status_code == 503 and "retry-after" in response.headers)


def _backoff(attempt: int, response: httpx.Response | None) -> float:
    after = _retry_after(response)
    if after is not None:
        return after
    return min(8.0, 0.5 * (2.0**attempt)) * random.uniform(0.5, 1.0)


def _connection_error(exc: Exception, request: httpx.Request | None) -> Exception:
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"request timed out: {type(exc).__name__}", request=request)
    return APIConnectionError(f"connection error: {type(exc).__name__}: {exc}", request=request)


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
    files: Any = None
    content: Any = None
    timeout: Any = None

    def build(self, http: httpx.Client | httpx.AsyncClient) -> httpx.Request:
        kwargs: dict[str, Any] = {"params": self.query, "headers": self.headers}
        if self.json is not None:
            kwargs["json"] = self.json
        if self.data is not None:
            kwargs["data"] = self.data
        if self.files:
            kwargs["files"] = self.files
        if self.content is not None:
            kwargs["content"] = self.content
        if self.timeout is not None:
            kwargs["timeout"] = self.timeout
        return http.build_request(self.method, self.url, **kwargs)


class _Core:
    """Settings and request assembly shared by the sync and async clients."""

    def __init__(self, settings: Settings, *, endpoint: str | None, token: str | None, token_type: str | None,
                 timeout: float | httpx.Timeout | None, max_retries: int, user_agent: str | None) -> None:
        self._settings = settings
        self.base_url = resolve_endpoint(endpoint, settings)
        self.max_retries = max(0, int(max_retries))
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
        token = token if token is not None else os.environ.get(settings.token_env)
        prefix = settings.auth_prefix if token_type is None else token_type
        self._auth = _BearerAuth(settings.auth_header, f"{prefix} {token}".strip(), httpx.URL(self.base_url)) if token else None
        self.user_agent = user_agent or f"{settings.package}/{settings.version} httpx/{httpx.__version__}"

    def __repr__(self) -> str:
        return f"<{type(self).__name__} endpoint={self.base_url!r} token={'<set>' if self._auth else '<unset>'}>"

    def _headers(self) -> dict[str, str]:
        return {"User-Agent": self.user_agent, "Accept": "application/json"}

    def prepare(self, method: str, path: str, *, path_params: Mapping[str, Any] | None = None,
                query: Mapping[str, Any] | None = None, headers: Mapping[str, Any] | None = None,
                cookies: Mapping[str, Any] | None = None, json: Any = None, form: Any = None,
                files: Sequence[str] = (), content: Any = None, encoding: str = "json",
                timeout: float | httpx.Timeout | None = None,
                extra_headers: Mapping[str, str] | None = None, accept: str | None = None) -> _Request:
        url = self.base_url + render_path(path, path_params or {})
        all_headers = self._headers()
        if accept:
            all_headers["Accept"] = accept
        all_headers.update({k: _to_text(v) for k, v in (headers or {}).items() if v is not None})
        if cookies:
            cookie = "; ".join(f"{k}={quote(_to_text(v), safe='')}" for k, v in cookies.items() if v is not None)
            if cookie:
                all_headers["Cookie"] = cookie
        all_headers.update(extra_headers or {})
        request = _Request(method, url, build_query(query or {}), all_headers, timeout=timeout)
        if json is not None or encoding == "json" and form is not None:
            request.json = to_jsonable(json if json is not None else form)
        elif form is not None and encoding == "multipart":
            request.data, request.files = multipart(form, files)
        elif form is not None and encoding == "form":
            request.data = {k: v for k, v in to_jsonable(form).items() if v is not None}
        elif content is not None:
            request.content = content
            all_headers.setdefault("Content-Type", "application/octet-stream")
        return request


# -- sync ----------------------------------------------------------------------------------
class SyncAPIClient(_Core):
    def __init__(self, settings: Settings, *, endpoint: str | None = None, token: str | None = None,
                 token_type: str | None = None, timeout: float | httpx.Timeout | None = None,
                 max_retries: int = DEFAULT_MAX_RETRIES, user_agent: str | None = None,
                 http_client: httpx.Client | None = None) -> None:
        super().__init__(settings, endpoint=endpoint, token=token, token_type=token_type, timeout=timeout,
                         max_retries=max_retries, user_agent=user_agent)
        self._http = http_client or httpx.Client(timeout=self.timeout, follow_redirects=False)
        self._owns_http = http_client is None

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    @contextlib.contextmanager
    def capture_responses(self) -> Iterator[ResponseLog]:
        """Collect the httpx.Response of every call made inside the block."""
        log = ResponseLog()
        token = _capture.set(log)
        try:
            yield log
        finally:
            _capture.reset(token)

    def _send(self, request: _Request, *, stream: bool = False) -> httpx.Response:
        attempt = 0
        while True:
            built = request.build(self._http)
            response: httpx.Response | None = None
            error: Exception | None = None
            try:
                response = self._http.send(built, auth=self._auth, stream=stream, follow_redirects=False)
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                error = exc
            if attempt < self.max_retries and _should_retry(request.method, response, error):
                if response is not None:
                    response.close()
                time.sleep(_backoff(attempt, response))
                attempt += 1
                if request.files:
                    for value in request.files.values():
                        if hasattr(value, "seek"):
                            value.seek(0)
                        elif isinstance(value, tuple) and hasattr(value[1], "seek"):
                            value[1].seek(0)
                continue
            if error is not None:
                raise _connection_error(error, built) from error
            assert response is not None
            _record(response)
            if response.status_code >= 400:
                response.read()
                raise error_for(response)
            return response

    def _read(self, request: _Request) -> httpx.Response:
        response = self._send(request)
        try:
            response.read()
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise _connection_error(exc, response.request) from exc
        return response

    def request(self, cast: Any, method: str, path: str, **kwargs: Any) -> Any:
        response = self._read(self.prepare(method, path, **kwargs))
        if cast is None or response.status_code == 204 or not response.content:
            return None
        return parse(cast, response)

    def request_page(self, item: Any, method: str, path: str, **kwargs: Any) -> Any:
        response = self._read(self.prepare(method, path, **kwargs))
        return SyncPage(self, item, response)

    def request_job(self, initial: Any, result: Any, method: str, path: str, **kwargs: Any) -> Any:
        response = self._read(self.prepare(method, path, **kwargs))
        body = parse(initial, response) if initial is not None and response.content else None
        return Job(self, result, response, body)

    def download(self, destination: Destination, method: str, path: str, **kwargs: Any) -> int:
        response = self._send(self.prepare(method, path, accept="*/*", **kwargs), stream=True)
        try:
            return _write_stream(response.iter_bytes(CHUNK), destination, response)
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise _connection_error(exc, response.request) from exc
        finally:
            response.close()

    def get_url(self, url: str) -> httpx.Response:
        """GET an absolute URL (a `next` page or a job location) without following redirects."""
        return self._read(_Request("GET", url, [], self._headers()))


class SyncPage(Generic[T]):
    """One page of a list operation. Iterating it yields every item of every page,
    fetching the next page (following ``next``) when needed."""

    def __init__(self, client: SyncAPIClient, item: Any, response: httpx.Response) -> None:
        self._client = client
        self._item = item
        self.response = response
        body = _json_object(response)
        self.items: list[T] = parse_items(item, body, response)
        self.next_url: str | None = body.get("next") or None
        self.previous_url: str | None = body.get("previous") or None
        self.count: int | None = body.get("count")
        self.total_count: int | None = body.get("totalCount")
        self.body: dict[str, Any] = body

    def has_next_page(self) -> bool:
        return bool(self.next_url)

    def get_next_page(self) -> SyncPage[T]:
        if not self.next_url:
            raise StopIteration("this is the last page")
        return SyncPage(self._client, self._item, self._client.get_url(self.next_url))

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

    def __init__(self, client: SyncAPIClient, result: Any, response: httpx.Response, initial: Any) -> None:
        self._client = client
        self._result = result
        self.response = response
        self.initial = initial
        self.location: str = response.headers.get("location", "")

    def __repr__(self) -> str:
        return f"<Job location={self.location!r}>"

    def wait(self, *, timeout: float = 3600.0, poll_interval: float = 1.0, max_interval: float = 30.0) -> T:
        if not self.location:
            raise JobFailedError("the response had no Location header to poll", status=None, request=self.response.request)
        deadline = time.monotonic() + timeout
        url = str(self.response.request.url.join(self.location))
        interval = poll_interval
        while True:
            response = self._client.get_url(url)
            outcome = _job_step(response, self._result)
            if outcome is not _PENDING:
                if isinstance(outcome, _Redirect):
                    return parse_or_none(self._result, self._client.get_url(outcome.url))  # type: ignore[no-any-return]
                return outcome  # type: ignore[no-any-return]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise JobTimeoutError(f"job at {url} did not finish within {timeout} s", request=response.request)
            delay = _retry_after(response) or interval
            time.sleep(min(delay, remaining))
            interval = min(max_interval, interval * 1.5)


# -- async ---------------------------------------------------------------------------------
class AsyncAPIClient(_Core):
    def __init__(self, settings: Settings, *, endpoint: str | None = None, token: str | None = None,
                 token_type: str | None = None, timeout: float | httpx.Timeout | None = None,
                 max_retries: int = DEFAULT_MAX_RETRIES, user_agent: str | None = None,
                 http_client: httpx.AsyncClient | None = None) -> None:
        super().__init__(settings, endpoint=endpoint, token=token, token_type=token_type, timeout=timeout,
                         max_retries=max_retries, user_agent=user_agent)
        self._http = http_client or httpx.AsyncClient(timeout=self.timeout, follow_redirects=False)
        self._owns_http = http_client is None

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    @contextlib.contextmanager
    def capture_responses(self) -> Iterator[ResponseLog]:
        """Collect the httpx.Response of every call made inside the block."""
        log = ResponseLog()
        token = _capture.set(log)
        try:
            yield log
        finally:
            _capture.reset(token)

    async def _send(self, request: _Request, *, stream: bool = False) -> httpx.Response:
        attempt = 0
        while True:
            built = request.build(self._http)
            response: httpx.Response | None = None
            error: Exception | None = None
            try:
                response = await self._http.send(built, auth=self._auth, stream=stream, follow_redirects=False)
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                error = exc
            if attempt < self.max_retries and _should_retry(request.method, response, error):
                if response is not None:
                    await response.aclose()
                await asyncio.sleep(_backoff(attempt, response))
                attempt += 1
                if request.files:
                    for value in request.files.values():
                        if hasattr(value, "seek"):
                            value.seek(0)
                        elif isinstance(value, tuple) and hasattr(value[1], "seek"):
                            value[1].seek(0)
                continue
            if error is not None:
                raise _connection_error(error, built) from error
            assert response is not None
            _record(response)
            if response.status_code >= 400:
                await response.aread()
                raise error_for(response)
            return response

    async def _read(self, request: _Request) -> httpx.Response:
        response = await self._send(request)
        try:
            await response.aread()
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise _connection_error(exc, response.request) from exc
        return response

    async def request(self, cast: Any, method: str, path: str, **kwargs: Any) -> Any:
        response = await self._read(self.prepare(method, path, **kwargs))
        if cast is None or response.status_code == 204 or not response.content:
            return None
        return parse(cast, response)

    async def request_page(self, item: Any, method: str, path: str, **kwargs: Any) -> Any:
        response = await self._read(self.prepare(method, path, **kwargs))
        return AsyncPage(self, item, response)

    async def request_job(self, initial: Any, result: Any, method: str, path: str, **kwargs: Any) -> Any:
        response = await self._read(self.prepare(method, path, **kwargs))
        body = parse(initial, response) if initial is not None and response.content else None
        return AsyncJob(self, result, response, body)

    async def download(self, destination: Destination, method: str, path: str, **kwargs: Any) -> int:
        response = await self._send(self.prepare(method, path, accept="*/*", **kwargs), stream=True)
        try:
            return await _awrite_stream(response.aiter_bytes(CHUNK), destination, response)
        except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
            raise _connection_error(exc, response.request) from exc
        finally:
            await response.aclose()

    async def get_url(self, url: str) -> httpx.Response:
        return await self._read(_Request("GET", url, [], self._headers()))


class AsyncPage(Generic[T]):
    """One page of a list operation; ``async for`` yields every item of every page."""

    def __init__(self, client: AsyncAPIClient, item: Any, response: httpx.Response) -> None:
        self._client = client
        self._item = item
        self.response = response
        body = _json_object(response)
        self.items: list[T] = parse_items(item, body, response)
        self.next_url: str | None = body.get("next") or None
        self.previous_url: str | None = body.get("previous") or None
        self.count: int | None = body.get("count")
        self.total_count: int | None = body.get("totalCount")
        self.body: dict[str, Any] = body

    def has_next_page(self) -> bool:
        return bool(self.next_url)

    async def get_next_page(self) -> AsyncPage[T]:
        if not self.next_url:
            raise StopAsyncIteration("this is the last page")
        return AsyncPage(self._client, self._item, await self._client.get_url(self.next_url))

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

    def __init__(self, client: AsyncAPIClient, result: Any, response: httpx.Response, initial: Any) -> None:
        self._client = client
        self._result = result
        self.response = response
        self.initial = initial
        self.location: str = response.headers.get("location", "")

    def __repr__(self) -> str:
        return f"<AsyncJob location={self.location!r}>"

    async def wait(self, *, timeout: float = 3600.0, poll_interval: float = 1.0, max_interval: float = 30.0) -> T:
        if not self.location:
            raise JobFailedError("the response had no Location header to poll", status=None, request=self.response.request)
        deadline = time.monotonic() + timeout
        url = str(self.response.request.url.join(self.location))
        interval = poll_interval
        while True:
            response = await self._client.get_url(url)
            outcome = _job_step(response, self._result)
            if outcome is not _PENDING:
                if isinstance(outcome, _Redirect):
                    return parse_or_none(self._result, await self._client.get_url(outcome.url))  # type: ignore[no-any-return]
                return outcome  # type: ignore[no-any-return]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise JobTimeoutError(f"job at {url} did not finish within {timeout} s", request=response.request)
            delay = _retry_after(response) or interval
            await asyncio.sleep(min(delay, remaining))
            interval = min(max_interval, interval * 1.5)


# -- shared helpers -------------------------------------------------------------------------
class _Pending:
    pass


_PENDING = _Pending()


@dataclass
class _Redirect:
    url: str


def _job_step(response: httpx.Response, result: Any) -> Any:
    """Interpret one poll: a redirect to the result, the finished result, an error, or pending."""
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.headers.get("location")
        if not location:
            raise JobFailedError("the job redirected without a Location header", status=None, request=response.request)
        return _Redirect(str(response.request.url.join(location)))
    body: Any = None
    if response.content:
        try:
            body = response.json()
        except ValueError:
            raise ResponseParseError("the job status is not JSON", response=response) from None
    state = _job_state(body)
    if state in FAILED_JOB_STATES:
        detail = body.get("message") if isinstance(body, dict) else None
        raise JobFailedError(f"job at {response.request.url} ended as {state!r}" + (f": {detail}" if detail else ""), status=body, request=response.request)
    if state in ("completed", "complete", "succeeded", "success", "done") or response.status_code == 201:
        return parse_or_none(result, response) if result is not None else body
    return _PENDING


def parse_or_none(cast: Any, response: httpx.Response) -> Any:
    if cast is None:
        return response.json() if response.content else None
    return parse(cast, response)


def _json_object(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        raise ResponseParseError("the list response is not JSON", response=response) from None
    if not isinstance(body, dict):
        raise ResponseParseError("the list response is not a JSON object", response=response)
    return body


def parse_items(item: Any, body: dict[str, Any], response: httpx.Response) -> list[Any]:
    adapter = _adapters.get(("list", item))
    if adapter is None:
        adapter = _adapters[("list", item)] = pydantic.TypeAdapter(list[item])
    try:
        return list(adapter.validate_python(body.get("data") or []))
    except pydantic.ValidationError as exc:
        raise ResponseParseError(f"could not parse a page item: {_first_error(exc)} (in 'data')", response=response) from None


def _write_stream(chunks: Iterator[bytes], destination: Destination, response: httpx.Response) -> int:
    written = 0
    if not isinstance(destination, (str, os.PathLike)):
        for chunk in chunks:
            destination.write(chunk)
            written += len(chunk)
        return written
    target = Path(destination)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
                written += len(chunk)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return written


async def _awrite_stream(chunks: AsyncIterator[bytes], destination: Destination, response: httpx.Response) -> int:
    written = 0
    if not isinstance(destination, (str, os.PathLike)):
        async for chunk in chunks:
            destination.write(chunk)
            written += len(chunk)
        return written
    target = Path(destination)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as handle:
            async for chunk in chunks:
                handle.write(chunk)
                written += len(chunk)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return written
