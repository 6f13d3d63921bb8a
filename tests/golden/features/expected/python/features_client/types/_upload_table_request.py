# Generated from spec.yaml; do not edit by hand.
"""The models of Features API: one pydantic class per schema."""

from __future__ import annotations

from pydantic import ConfigDict

from .._models import BaseModel, FileInput


class UploadTableRequest(BaseModel):
    model_config = ConfigDict(
        arbitrary_types_allowed=True,
    )
    file: FileInput
    name: str | None = None
