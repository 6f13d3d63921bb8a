# Generated from spec.yaml; do not edit by hand.
"""Jobs"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import httpx

from .. import types as _types
from .._base_client import AsyncAPIClient, AsyncJob, Job, SyncAPIClient

if TYPE_CHECKING:
    from ..types import Report, ReportCreate


class JobsResource:
    """Operations tagged 'Jobs'; reach them as ``client.jobs``."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def create_report(
        self,
        *,
        body: ReportCreate | Mapping[str, Any],
        x_tenant: str,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> Job[Report]:
        """Start a report

        Starts building a report.

        Poll the Location header.

        ``POST /api/v1/reports/`` (operationId ``createReport``)

        Args:
            body: The request body (ReportCreate), as application/json: the model, or a dict with the wire (camelCase) names.
            x_tenant: Tenant header shared by the path. (header parameter ``X-Tenant``)
            timeout: Override the client's timeout for this call.
            extra_headers: Headers to add to this request.

        Returns:
            A job handle; ``job.wait()`` polls until it is done and returns Report.

        Raises:
            APIStatusError: any other 4xx or 5xx answer.
            APIConnectionError: the server could not be reached (APITimeoutError: it did not answer in time).
        """
        result: Job[Report] = self._client.request_job(
            None,
            _types.Report,
            "POST",
            "/api/v1/reports/",
            headers={
                "X-Tenant": x_tenant,
            },
            json=body,
            timeout=timeout,
            extra_headers=extra_headers,
        )
        return result


class AsyncJobsResource:
    """Operations tagged 'Jobs'; reach them as ``async_client.jobs``."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def create_report(
        self,
        *,
        body: ReportCreate | Mapping[str, Any],
        x_tenant: str,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> AsyncJob[Report]:
        """Start a report

        Starts building a report.

        Poll the Location header.

        ``POST /api/v1/reports/`` (operationId ``createReport``)

        Args:
            body: The request body (ReportCreate), as application/json: the model, or a dict with the wire (camelCase) names.
            x_tenant: Tenant header shared by the path. (header parameter ``X-Tenant``)
            timeout: Override the client's timeout for this call.
            extra_headers: Headers to add to this request.

        Returns:
            A job handle; ``await job.wait()`` polls until it is done and returns Report.

        Raises:
            APIStatusError: any other 4xx or 5xx answer.
            APIConnectionError: the server could not be reached (APITimeoutError: it did not answer in time).
        """
        result: AsyncJob[Report] = await self._client.request_job(
            None,
            _types.Report,
            "POST",
            "/api/v1/reports/",
            headers={
                "X-Tenant": x_tenant,
            },
            json=body,
            timeout=timeout,
            extra_headers=extra_headers,
        )
        return result
