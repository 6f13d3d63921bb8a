# Generated from spec.yaml; do not edit by hand.
"""The entry points: FeaturesClient and AsyncFeaturesClient.

Configuration comes from the arguments, else the environment (GOLDEN_ENDPOINT,
GOLDEN_TOKEN), else the default endpoint https://features.example.com/api/v1.
"""

from __future__ import annotations

import functools
from types import TracebackType
from typing import TYPE_CHECKING

import httpx

from ._base_client import DEFAULT_MAX_RETRIES, AsyncAPIClient, Settings, SyncAPIClient

if TYPE_CHECKING:
    from .resources.files import AsyncFilesResource, FilesResource
    from .resources.jobs import AsyncJobsResource, JobsResource

__version__ = "0.1.0"

SETTINGS = Settings(
    package="features-client",
    version=__version__,
    endpoint_env="GOLDEN_ENDPOINT",
    token_env="GOLDEN_TOKEN",
    default_endpoint="https://features.example.com/api/v1",
    path_prefix="/api/v1",
    auth_header="X-Api-Key",
    auth_prefix="",
)


class FeaturesClient(SyncAPIClient):
    """Synchronous client for Features API.

    Args:
        endpoint: Base URL; default from $GOLDEN_ENDPOINT, else https://features.example.com/api/v1.
            A trailing ``/api/v1`` is accepted and ignored.
        token: API token; default from $GOLDEN_TOKEN. Never shown in repr or errors.
        token_type: Authorization scheme sent before the token (default 'none').
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

    def __enter__(self) -> FeaturesClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @functools.cached_property
    def jobs(self) -> JobsResource:
        """Jobs"""
        from .resources.jobs import JobsResource

        return JobsResource(self)

    @functools.cached_property
    def files(self) -> FilesResource:
        """Files"""
        from .resources.files import FilesResource

        return FilesResource(self)


class AsyncFeaturesClient(AsyncAPIClient):
    """Asynchronous client for Features API; same arguments as FeaturesClient."""

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

    async def __aenter__(self) -> AsyncFeaturesClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    @functools.cached_property
    def jobs(self) -> AsyncJobsResource:
        """Jobs"""
        from .resources.jobs import AsyncJobsResource

        return AsyncJobsResource(self)

    @functools.cached_property
    def files(self) -> AsyncFilesResource:
        """Files"""
        from .resources.files import AsyncFilesResource

        return AsyncFilesResource(self)
