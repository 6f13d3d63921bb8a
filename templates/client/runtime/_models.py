"""Base classes for the generated models: forward compatible by design.

Unknown fields are kept (``model.model_extra``) and unknown enum values are kept as
their string, so a server that learns something new never breaks an older client.
"""

from __future__ import annotations

import os
from enum import Enum
from typing import IO, TYPE_CHECKING, Annotated, Any

import pydantic

from ._files import file_part_error


class BaseModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(
        extra="allow", populate_by_name=True, protected_namespaces=()
    )

    def to_dict(self) -> dict[str, Any]:
        """The model as JSON-ready data with the wire (camelCase) names."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


class OpenEnum(str, Enum):
    """A string enum that accepts values the spec does not list.

    An unknown value becomes a pseudo-member whose value is the string itself, so
    ``member == "newValue"`` holds and serialisation round-trips. ``str()`` and f-strings
    give the wire value (``"model"``, not ``"ModelCategory.MODEL"``).
    """

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member


class OpenIntEnum(int, Enum):
    """An integer enum that accepts values the spec does not list, like OpenEnum:
    an unknown value becomes a pseudo-member equal to the integer itself; ``str()`` and
    f-strings give the number."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(int(self.value), spec)

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = str(value)
        member._value_ = value
        return member


# -- file fields of multipart request models -------------------------------------------------
def _file_input(value: Any, info: pydantic.ValidationInfo) -> Any:
    problem = file_part_error(info.field_name or "file", value)
    if problem is not None:
        raise problem
    return value


if TYPE_CHECKING:
    FileContent = bytes | str | os.PathLike[str] | IO[bytes]
    FileInput = FileContent | tuple[str, FileContent] | tuple[str, FileContent, str]
else:
    FileInput = Annotated[Any, pydantic.PlainValidator(_file_input, json_schema_input_type=Any)]
    """The type of a file field (``format: binary``) of a multipart request model: what the
    dict form of the body takes, kept as given and made a part when the request is sent
    (a path is opened then, so a str path is never sent as the file's content)."""
