# Generated from spec.yaml; do not edit by hand.
"""The models of Minimal API: one pydantic class per schema."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._widget import Widget as Widget
    from ._widget_kind import WidgetKind as WidgetKind
    from ._widget_list import WidgetList as WidgetList

__all__ = [
    "Widget",
    "WidgetKind",
    "WidgetList",
]

_MODULES: dict[str, str] = {
    "Widget": "_widget",
    "WidgetKind": "_widget_kind",
    "WidgetList": "_widget_list",
}


def __getattr__(name: str) -> Any:
    """Load a class on first use: its module, and the modules of the classes it refers to."""
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return list(__all__)
