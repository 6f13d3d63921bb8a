# Generated from spec.yaml; do not edit by hand.
"""The models of Minimal API: one pydantic class per schema."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .._models import BaseModel
from ._widget import Widget


class WidgetList(BaseModel):
    count: int | None = None
    data: list[Widget]
    next: Annotated[str | None, Field(...)]
    previous: Annotated[str | None, Field(...)]
