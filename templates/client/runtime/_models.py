"""Base classes for the generated models: forward compatible by design.

Unknown fields are kept (``model.model_extra``) and unknown enum values are kept as
their string, so a server that learns something new never breaks an older client.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import pydantic


class BaseModel(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="allow", populate_by_name=True, protected_namespaces=())

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
