# Generated from spec.yaml; do not edit by hand.
"""The models of Features API: one pydantic class per schema."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .._models import BaseModel


class UploadTableResponse(BaseModel):
    upload_id: Annotated[str | None, Field(alias="uploadId")] = None
