# Generated from spec.yaml; do not edit by hand.
"""The models of Features API: one pydantic class per schema."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from ._models import BaseModel, FileInput, OpenEnum


class Report(BaseModel):
    id: str | None = None
    status: ReportStatus | None = None


class ReportCreate(BaseModel):
    name: str
    """
    Quotes \"\"\" and \\ back\\slashes.
    """
    class_: Annotated[str | None, Field(alias="class")] = None
    """
    A Python keyword as a name.
    """


class ReportStatus(OpenEnum):
    RUNNING = "RUNNING"
    COMPLETED = "COMPLETED"


class UploadTableRequest(BaseModel):
    model_config = ConfigDict(
        arbitrary_types_allowed=True,
    )
    file: FileInput
    name: str | None = None


class UploadTableResponse(BaseModel):
    upload_id: Annotated[str | None, Field(alias="uploadId")] = None
