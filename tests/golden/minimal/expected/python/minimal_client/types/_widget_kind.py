# Generated from spec.yaml; do not edit by hand.
"""The models of Minimal API: one pydantic class per schema."""

from __future__ import annotations

from .._models import OpenEnum


class WidgetKind(OpenEnum):
    """
    How big.
    """

    SMALL = "small"
    LARGE = "large"
