"""Python annotations for the IR's language-neutral types (ir.nodes.Type).

The resource templates and the API manifest show types as Python; the model generator
writes the same types in the models module. Pure functions, no I/O.
"""

from __future__ import annotations

from .nodes import Type

FORMATS = {"binary": "bytes", "date-time": "datetime", "date": "date"}  # as the models module types them
PRIMITIVES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}


def annotation(t: Type, *, nullable: bool = True) -> str:
    """`t` as a Python annotation; `nullable=False` leaves out the `| None` of a nullable type."""
    text = _bare(t)
    if nullable and t.nullable and text not in ("Any", "None") and not text.endswith("| None"):
        text += " | None"
    return text


def _bare(t: Type) -> str:
    if t.kind == "ref":
        return t.name
    if t.kind == "primitive":
        if t.name == "string" and t.format in FORMATS:
            return FORMATS[t.format]
        return PRIMITIVES.get(t.name, "Any")
    if t.kind == "array":
        return f"list[{annotation(t.of[0]) if t.of else 'Any'}]"
    if t.kind == "map":
        return f"dict[str, {annotation(t.of[0]) if t.of else 'Any'}]"
    if t.kind == "union":
        members = list(dict.fromkeys(annotation(m) for m in t.of))
        return "Any" if not members or "Any" in members else " | ".join(members)
    if t.kind == "literal":
        if t.name == "string" or (not t.name and t.values):
            return "str"
        return PRIMITIVES.get(t.name, "Any")
    return "Any"
