# Generated from spec.yaml; do not edit by hand.
"""The models of Minimal API: one pydantic class per schema."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import Field

from ._models import BaseModel, OpenEnum


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


class WidgetKind(OpenEnum):
    """
    How big.
    """

    SMALL = "small"
    LARGE = "large"


class WidgetList(BaseModel):
    count: int | None = None
    data: list[Widget]
    next: Annotated[str | None, Field(...)]
    previous: Annotated[str | None, Field(...)]
