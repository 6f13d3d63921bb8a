# Generated from spec.yaml; do not edit by hand.
"""Python client for Features API.

    from features_client import FeaturesClient

    with FeaturesClient() as client:  # $GOLDEN_ENDPOINT, $GOLDEN_TOKEN
        ...

Models live in ``features_client.types``; resources in ``features_client.resources``.
"""

from ._base_client import AsyncJob, AsyncPage, Job, ResponseLog, SyncPage
from ._client import AsyncFeaturesClient, FeaturesClient, __version__
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
    "AsyncFeaturesClient",
    "AsyncJob",
    "AsyncPage",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "FeaturesClient",
    "InternalServerError",
    "Job",
    "JobError",
    "JobFailedError",
    "JobTimeoutError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseLog",
    "ResponseParseError",
    "SyncPage",
    "UnprocessableEntityError",
]
