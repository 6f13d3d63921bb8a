# Generated from spec.yaml; do not edit by hand.
"""Widgets: Things with parts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import httpx

from .. import types as _types
from .._base_client import AsyncAPIClient, AsyncPage, SyncAPIClient, SyncPage

if TYPE_CHECKING:
    from ..types import Widget


class WidgetsResource:
    """Operations tagged 'Widgets'; reach them as ``client.widgets``."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def list_widgets(
        self,
        *,
        limit: int | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> SyncPage[Widget]:
        """List widgets

        ``GET /v1/widgets/`` (operationId ``listWidgets``)

        Args:
            limit: At most this many. (query parameter ``limit``)
            timeout: Override the client's timeout for this call.
            extra_headers: Headers to add to this request.

        Returns:
            The first page; iterate it to get every item of every page.

        Raises:
            APIStatusError: any other 4xx or 5xx answer.
            ResponseParseError: the answer is not Widget.
            APIConnectionError: the server could not be reached (APITimeoutError: it did not answer in time).
        """
        result: SyncPage[Widget] = self._client.request_page(
            _types.Widget,
            "GET",
            "/v1/widgets/",
            query={
                "limit": limit,
            },
            timeout=timeout,
            extra_headers=extra_headers,
        )
        return result

    def get_widget(
        self,
        widget_id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Widget:
        """Get one widget

        ``GET /v1/widgets/{widgetId}/`` (operationId ``getWidget``)

        Args:
            widget_id: The widget ID.
            timeout: Override the client's timeout for this call.
            extra_headers: Headers to add to this request.

        Returns:
            Widget

        Raises:
            NotFoundError: 404 No such widget.
            APIStatusError: any other 4xx or 5xx answer.
            ResponseParseError: the answer is not Widget.
            APIConnectionError: the server could not be reached (APITimeoutError: it did not answer in time).
        """
        result: Widget = self._client.request(
            _types.Widget,
            "GET",
            "/v1/widgets/{widgetId}/",
            path_params={
                "widgetId": widget_id,
            },
            timeout=timeout,
            extra_headers=extra_headers,
        )
        return result


class AsyncWidgetsResource:
    """Operations tagged 'Widgets'; reach them as ``async_client.widgets``."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def list_widgets(
        self,
        *,
        limit: int | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> AsyncPage[Widget]:
        """List widgets

        ``GET /v1/widgets/`` (operationId ``listWidgets``)

        Args:
            limit: At most this many. (query parameter ``limit``)
            timeout: Override the client's timeout for this call.
            extra_headers: Headers to add to this request.

        Returns:
            The first page; iterate it with ``async for`` to get every item of every page.

        Raises:
            APIStatusError: any other 4xx or 5xx answer.
            ResponseParseError: the answer is not Widget.
            APIConnectionError: the server could not be reached (APITimeoutError: it did not answer in time).
        """
        result: AsyncPage[Widget] = await self._client.request_page(
            _types.Widget,
            "GET",
            "/v1/widgets/",
            query={
                "limit": limit,
            },
            timeout=timeout,
            extra_headers=extra_headers,
        )
        return result

    async def get_widget(
        self,
        widget_id: str,
        *,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Widget:
        """Get one widget

        ``GET /v1/widgets/{widgetId}/`` (operationId ``getWidget``)

        Args:
            widget_id: The widget ID.
            timeout: Override the client's timeout for this call.
            extra_headers: Headers to add to this request.

        Returns:
            Widget

        Raises:
            NotFoundError: 404 No such widget.
            APIStatusError: any other 4xx or 5xx answer.
            ResponseParseError: the answer is not Widget.
            APIConnectionError: the server could not be reached (APITimeoutError: it did not answer in time).
        """
        result: Widget = await self._client.request(
            _types.Widget,
            "GET",
            "/v1/widgets/{widgetId}/",
            path_params={
                "widgetId": widget_id,
            },
            timeout=timeout,
            extra_headers=extra_headers,
        )
        return result
