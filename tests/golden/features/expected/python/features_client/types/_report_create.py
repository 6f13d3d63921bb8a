# Generated from spec.yaml; do not edit by hand.
"""The models of Features API: one pydantic class per schema."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .._models import BaseModel


class ReportCreate(BaseModel):
    name: str
    """
    Quotes \"\"\" and \\ back\\slashes.
    """
    class_: Annotated[str | None, Field(alias="class")] = None
    """
    A Python keyword as a name.
    """
