# Generated from spec.yaml; do not edit by hand.
"""Files"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

import httpx

from .. import types as _types
from .._base_client import AsyncAPIClient, SyncAPIClient
from .._base_client import Destination as _Destination
from .._base_client import deprecated as _deprecated

if TYPE_CHECKING:
    from ..types import UploadTableRequest, UploadTableResponse


class FilesResource:
    """Operations tagged 'Files'; reach them as ``client.files``."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def download_report_file(
        self,
        report_id: str,
        *,
        destination: _Destination,
        format: Literal["csv", "tab separated"] | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> int:
        """Download the report

        Deprecated: use GET /api/v2/reports/{reportId}/file/ instead.

        ``GET /api/v1/reports/{reportId}/file/`` (operationId ``downloadReportFile``)

        Args:
            report_id: reportId
            format: format One of: csv, tab separated. (query parameter ``format``)
            destination: A path (written atomically) or a binary file object to stream the body into.
            timeout: Override the client's timeout for this call.
            extra_headers: Headers to add to this request.

        Returns:
            The number of bytes written.

        Raises:
            APIStatusError: any other 4xx or 5xx answer.
            APIConnectionError: the server could not be reached (APITimeoutError: it did not answer in time).
        """
        _deprecated("GET /api/v1/reports/{reportId}/file/", "GET /api/v2/reports/{reportId}/file/")
        return self._client.download(
            destination,
            "GET",
            "/api/v1/reports/{reportId}/file/",
            path_params={
                "reportId": report_id,
            },
            query={
                "format": format,
            },
            timeout=timeout,
            extra_headers=extra_headers,
        )

    def upload_table(
        self,
        *,
        body: UploadTableRequest | Mapping[str, Any],
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> UploadTableResponse:
        """Upload a table

        ``POST /api/v1/uploads/`` (operationId ``uploadTable``)

        Args:
            body: The request body, as multipart/form-data: the model, or a dict with the wire (camelCase) names. File fields take bytes, a path, a binary file object or (filename, content, content_type).
            timeout: Override the client's timeout for this call.
            extra_headers: Headers to add to this request.

        Returns:
            UploadTableResponse

        Raises:
            APIStatusError: any other 4xx or 5xx answer.
            ResponseParseError: the answer is not UploadTableResponse.
            APIConnectionError: the server could not be reached (APITimeoutError: it did not answer in time).
        """
        result: UploadTableResponse = self._client.request(
            _types.UploadTableResponse,
            "POST",
            "/api/v1/uploads/",
            form=body,
            encoding="multipart",
            files=("file",),
            timeout=timeout,
            extra_headers=extra_headers,
        )
        return result


class AsyncFilesResource:
    """Operations tagged 'Files'; reach them as ``async_client.files``."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    async def download_report_file(
        self,
        report_id: str,
        *,
        destination: _Destination,
        format: Literal["csv", "tab separated"] | None = None,
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> int:
        """Download the report

        Deprecated: use GET /api/v2/reports/{reportId}/file/ instead.

        ``GET /api/v1/reports/{reportId}/file/`` (operationId ``downloadReportFile``)

        Args:
            report_id: reportId
            format: format One of: csv, tab separated. (query parameter ``format``)
            destination: A path (written atomically) or a binary file object to stream the body into.
            timeout: Override the client's timeout for this call.
            extra_headers: Headers to add to this request.

        Returns:
            The number of bytes written.

        Raises:
            APIStatusError: any other 4xx or 5xx answer.
            APIConnectionError: the server could not be reached (APITimeoutError: it did not answer in time).
        """
        _deprecated("GET /api/v1/reports/{reportId}/file/", "GET /api/v2/reports/{reportId}/file/")
        return await self._client.download(
            destination,
            "GET",
            "/api/v1/reports/{reportId}/file/",
            path_params={
                "reportId": report_id,
            },
            query={
                "format": format,
            },
            timeout=timeout,
            extra_headers=extra_headers,
        )

    async def upload_table(
        self,
        *,
        body: UploadTableRequest | Mapping[str, Any],
        timeout: float | httpx.Timeout | None = None,
        extra_headers: Mapping[str, str] | None = None,
    ) -> UploadTableResponse:
        """Upload a table

        ``POST /api/v1/uploads/`` (operationId ``uploadTable``)

        Args:
            body: The request body, as multipart/form-data: the model, or a dict with the wire (camelCase) names. File fields take bytes, a path, a binary file object or (filename, content, content_type).
            timeout: Override the client's timeout for this call.
            extra_headers: Headers to add to this request.

        Returns:
            UploadTableResponse

        Raises:
            APIStatusError: any other 4xx or 5xx answer.
            ResponseParseError: the answer is not UploadTableResponse.
            APIConnectionError: the server could not be reached (APITimeoutError: it did not answer in time).
        """
        result: UploadTableResponse = await self._client.request(
            _types.UploadTableResponse,
            "POST",
            "/api/v1/uploads/",
            form=body,
            encoding="multipart",
            files=("file",),
            timeout=timeout,
            extra_headers=extra_headers,
        )
        return result
