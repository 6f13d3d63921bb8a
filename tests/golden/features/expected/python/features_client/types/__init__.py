# Generated from spec.yaml; do not edit by hand.
"""The models of Features API: one pydantic class per schema."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._report import Report as Report
    from ._report_create import ReportCreate as ReportCreate
    from ._report_status import ReportStatus as ReportStatus
    from ._upload_table_request import UploadTableRequest as UploadTableRequest
    from ._upload_table_response import UploadTableResponse as UploadTableResponse

__all__ = [
    "Report",
    "ReportCreate",
    "ReportStatus",
    "UploadTableRequest",
    "UploadTableResponse",
]

_MODULES: dict[str, str] = {
    "Report": "_report",
    "ReportCreate": "_report_create",
    "ReportStatus": "_report_status",
    "UploadTableRequest": "_upload_table_request",
    "UploadTableResponse": "_upload_table_response",
}


def __getattr__(name: str) -> Any:
    """Load a class on first use: its module, and the modules of the classes it refers to."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)
