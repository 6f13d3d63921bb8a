# Generated from spec.yaml; do not edit by hand.
"""The models of Minimal API: one pydantic class per schema."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from .._models import BaseModel
from ._widget_kind import WidgetKind


class Widget(BaseModel):
    id: str
    """
    The ID.
    """
    kind: WidgetKind
    """
    How big.
    """
    created_at: Annotated[datetime | None, Field(alias="createdAt")] = None
