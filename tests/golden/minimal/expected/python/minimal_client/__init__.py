# Generated from spec.yaml; do not edit by hand.
"""Python client for Minimal API.

    from minimal_client import MinimalClient

    with MinimalClient() as client:  # $GOLDEN_ENDPOINT, $GOLDEN_TOKEN
        ...

Models live in ``minimal_client.types``; resources in ``minimal_client.resources``.
"""

from ._base_client import AsyncJob, AsyncPage, Job, ResponseLog, SyncPage
from ._client import AsyncMinimalClient, MinimalClient, __version__
from ._errors import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    JobError,
    JobFailedError,
    JobTimeoutError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ResponseParseError,
    UnprocessableEntityError,
)

__all__ = [
    "__version__",
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncJob",
    "AsyncMinimalClient",
    "AsyncPage",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "Job",
    "JobError",
    "JobFailedError",
    "JobTimeoutError",
    "MinimalClient",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseLog",
    "ResponseParseError",
    "SyncPage",
    "UnprocessableEntityError",
]
