# Generated from spec.yaml; do not edit by hand.
"""The entry points: MinimalClient and AsyncMinimalClient.

Configuration comes from the arguments, else the environment (GOLDEN_ENDPOINT,
GOLDEN_TOKEN), else the default endpoint https://api.example.com.
"""

from __future__ import annotations

import functools
from types import TracebackType
from typing import TYPE_CHECKING

import httpx

from ._base_client import DEFAULT_MAX_RETRIES, AsyncAPIClient, Settings, SyncAPIClient

if TYPE_CHECKING:
    from .resources.widgets import AsyncWidgetsResource, WidgetsResource

__version__ = "0.1.0"

SETTINGS = Settings(
    package="minimal-client",
    version=__version__,
    endpoint_env="GOLDEN_ENDPOINT",
    token_env="GOLDEN_TOKEN",
    default_endpoint="https://api.example.com",
    path_prefix="/v1",
    auth_header="Authorization",
    auth_prefix="Bearer",
)


class MinimalClient(SyncAPIClient):
    """Synchronous client for Minimal API.

    Args:
        endpoint: Base URL; default from $GOLDEN_ENDPOINT, else https://api.example.com.
            A trailing ``/v1`` is accepted and ignored.
        token: API token; default from $GOLDEN_TOKEN. Never shown in repr or errors.
        token_type: Authorization scheme sent before the token (default 'Bearer').
        timeout: Seconds, or an httpx.Timeout (default 60 s, 10 s to connect).
        max_retries: Retries on connection errors, 429 and 5xx (POST/PATCH only when provably not processed).
        user_agent: Override the User-Agent header.
        http_client: Bring your own httpx.Client (proxies, certificates, transports).
    """

    def __init__(
        self,
        endpoint: str | None = None,
        token: str | None = None,
        *,
        token_type: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        user_agent: str | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            SETTINGS,
            endpoint=endpoint,
            token=token,
            token_type=token_type,
            timeout=timeout,
            max_retries=max_retries,
            user_agent=user_agent,
            http_client=http_client,
        )

    def __enter__(self) -> MinimalClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @functools.cached_property
    def widgets(self) -> WidgetsResource:
        """Widgets: Things with parts."""
        from .resources.widgets import WidgetsResource

        return WidgetsResource(self)


class AsyncMinimalClient(AsyncAPIClient):
    """Asynchronous client for Minimal API; same arguments as MinimalClient."""

    def __init__(
        self,
        endpoint: str | None = None,
        token: str | None = None,
        *,
        token_type: str | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = DEFAULT_MAX_RETRIES,
        user_agent: str | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            SETTINGS,
            endpoint=endpoint,
            token=token,
            token_type=token_type,
            timeout=timeout,
            max_retries=max_retries,
            user_agent=user_agent,
            http_client=http_client,
        )

    async def __aenter__(self) -> AsyncMinimalClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    @functools.cached_property
    def widgets(self) -> AsyncWidgetsResource:
        """Widgets: Things with parts."""
        from .resources.widgets import AsyncWidgetsResource

        return AsyncWidgetsResource(self)
