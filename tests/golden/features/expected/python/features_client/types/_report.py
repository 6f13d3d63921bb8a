# Generated from spec.yaml; do not edit by hand.
"""The models of Features API: one pydantic class per schema."""

from __future__ import annotations

from .._models import BaseModel
from ._report_status import ReportStatus


class Report(BaseModel):
    id: str | None = None
    status: ReportStatus | None = None
