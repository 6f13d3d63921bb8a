"""The intermediate representation: what the templates see instead of raw spec dicts."""

from .build import build
from .nodes import Api

__all__ = ["Api", "build"]
