# Generated from spec.yaml; do not edit by hand.
"""The models of Features API: one pydantic class per schema."""

from __future__ import annotations

from .._models import OpenEnum


class ReportStatus(OpenEnum):
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"
