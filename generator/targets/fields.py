"""Field trees for the reference: every property of a schema, at every depth.

A `Field` is what the docs show for one property (or one parameter, array item or map
value): its type, format, flags, constraints, enum values, default and description, and
its own fields below it. Trees are built once per API and looked up by the templates,
which never see a schema dict.

Where a schema refers to a component, the field links to that component's anchor instead
of repeating it; `expand` says how many such references are followed (the operation page
follows the body's and each response's own reference, so their fields show in place).

The source is the validated document (`Source` below is the only place that reads it):
the adapter until the IR carries the schema tree (issue 10), when `Source` is replaced by
a walk over IR nodes and nothing else here changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ..load import escape_token
from ..validate import resolve_pointer

SCHEMA_PREFIX = "#/components/schemas/"
_MAX_DEPTH = 12  # inline nesting deeper than this is shown as a link-less "object"
_CONSTRAINTS = ("minLength", "maxLength", "pattern", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "multipleOf")


@dataclass(frozen=True)
class Variant:
    """One member of an allOf/oneOf/anyOf: a named component (linked) or an inline schema."""

    label: str  # the component name, or "object", "string", ...
    ref: str | None
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Field:
    name: str  # wire name; "" for the root of a tree
    path: str  # from the root: "data[].validationError"
    type: str  # "object", "string", "array of object", "array of Foo", "map of string"
    format: str
    ref: str | None  # component the type names (linked; expanded only within `expand`)
    required: bool
    nullable: bool
    read_only: bool
    write_only: bool
    deprecated: bool
    description: str
    enum: tuple[str, ...]
    constraints: tuple[tuple[str, str], ...]
    default: str | None
    pointer: str
    fields: tuple[Field, ...] = ()  # properties (of the object, or of the array's items)
    combinator: str = ""  # "allOf", "oneOf" or "anyOf"
    variants: tuple[Variant, ...] = ()
    extra: Field | None = None  # the value schema of additionalProperties
    expanded: bool = False  # `ref` was followed: `fields` are the component's

    def walk(self) -> list[Field]:
        """This field's descendants at every depth (variants and map values included)."""
        out: list[Field] = []
        for child in self.children:
            out.append(child)
            out.extend(child.walk())
        return out

    @property
    def children(self) -> tuple[Field, ...]:
        kids = list(self.fields)
        for variant in self.variants:
            kids.extend(variant.fields)
        if self.extra is not None:
            kids.append(self.extra)
        return tuple(kids)

    @property
    def count(self) -> int:
        return len(self.walk())


@dataclass
class Source:
    """The document, read through JSON pointers; component refs are reported by name."""

    data: dict[str, Any]
    file: str = ""
    _cache: dict[tuple[str, int], Field] = field(default_factory=dict)

    def component(self, schema: Any) -> str | None:
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = schema["$ref"]
            if ref.startswith(SCHEMA_PREFIX) and "/" not in ref[len(SCHEMA_PREFIX):]:
                return ref[len(SCHEMA_PREFIX):].replace("~1", "/").replace("~0", "~")
        return None

    def deref(self, schema: Any) -> tuple[Any, str]:
        """(the schema a `$ref` chain ends at, its pointer)."""
        pointer = ""
        for _ in range(64):
            if not (isinstance(schema, dict) and isinstance(schema.get("$ref"), str) and schema["$ref"].startswith("#")):
                break
            pointer = schema["$ref"][1:]
            try:
                schema = resolve_pointer(self.data, pointer)
            except KeyError:
                return {}, pointer
        return schema, pointer

    def at(self, pointer: str) -> Any:
        try:
            return resolve_pointer(self.data, pointer)
        except KeyError:
            return None


def tree(source: Source, schema: Any, pointer: str, *, expand: int = 0, required: bool = True) -> Field:
    """The root field of a schema (a body, a response, a component)."""
    return _field(source, "", "", schema, pointer, required, expand, 0)


def component_tree(source: Source, name: str) -> Field:
    pointer = "/components/schemas/" + escape_token(name)
    return tree(source, source.at(pointer), pointer, expand=0)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _constraints(schema: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    out = [(key, _text(schema[key])) for key in _CONSTRAINTS if key in schema]
    for key, flag in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
        if key in schema:
            out.append((key + (" (exclusive)" if schema.get(flag) is True else ""), _text(schema[key])))
    return tuple(out)


def _type_of(schema: dict[str, Any]) -> str:
    kind = schema.get("type")
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    return "any"


def _field(source: Source, name: str, path: str, raw: Any, pointer: str, required: bool, expand: int, depth: int) -> Field:
    ref = source.component(raw)
    schema, target = source.deref(raw) if ref or (isinstance(raw, dict) and "$ref" in raw) else (raw, pointer)
    if not isinstance(schema, dict):
        schema = {}
    own = raw if isinstance(raw, dict) else {}
    # A property's own description (next to its $ref) wins over the component's.
    description = str(own.get("description") or schema.get("description") or "")
    base: dict[str, Any] = {
        "name": name,
        "path": path,
        "format": str(schema.get("format") or ""),
        "required": required,
        "nullable": bool(own.get("nullable") or schema.get("nullable")),
        "read_only": bool(own.get("readOnly") or schema.get("readOnly")),
        "write_only": bool(own.get("writeOnly") or schema.get("writeOnly")),
        "deprecated": bool(own.get("deprecated") or schema.get("deprecated")),
        "description": description,
        "enum": tuple(_text(v) for v in schema.get("enum") or []),
        "constraints": _constraints(schema),
        "default": _text(own["default"] if "default" in own else schema["default"]) if "default" in own or "default" in schema else None,
        "pointer": pointer,
    }
    if ref is not None and (expand <= 0 or depth > _MAX_DEPTH):
        return Field(type=ref, ref=ref, **{**base, "format": ""})
    outer = expand  # allOf members are this schema's own fields: a followed $ref follows its bases too
    if ref is not None:
        expand -= 1
    at = target or pointer
    kind = _type_of(schema)
    if kind == "array":
        items_raw = schema.get("items") or {}
        item = _field(source, "", path + "[]", items_raw, at + "/items", True, expand, depth + 1)
        label = f"array of {item.type}"
        return Field(
            type=label, ref=item.ref, fields=item.fields, combinator=item.combinator, variants=item.variants, extra=item.extra,
            expanded=item.expanded or ref is not None,
            **{**base, "enum": base["enum"] or item.enum, "format": item.format,
               "constraints": base["constraints"] + tuple(c for c in item.constraints if c not in base["constraints"])},
        )
    fields: list[Field] = []
    variants: list[Variant] = []
    combinator = ""
    for key in ("allOf", "oneOf", "anyOf"):
        members = schema.get(key)
        if isinstance(members, list) and members:
            combinator = key
            for index, member in enumerate(members):
                member_ref = source.component(member)
                member_field = _field(source, "", path, member, f"{at}/{key}/{index}", True, outer if key == "allOf" else expand, depth + 1)
                if member_ref and not member_field.expanded:
                    variants.append(Variant(member_ref, member_ref, ()))
                else:
                    variants.append(Variant(member_ref or member_field.type, member_ref, member_field.fields))
            break
    required_names = {r for r in schema.get("required") or [] if isinstance(r, str)}
    props = schema.get("properties")
    if isinstance(props, dict) and depth <= _MAX_DEPTH:
        for prop_name, prop in props.items():
            child_path = f"{path}.{prop_name}" if path else str(prop_name)
            fields.append(_field(source, str(prop_name), child_path, prop, f"{at}/properties/{escape_token(str(prop_name))}",
                                 prop_name in required_names, expand, depth + 1))
    extra = None
    additional = schema.get("additionalProperties")
    if isinstance(additional, dict) and depth <= _MAX_DEPTH:
        extra = _field(source, "{key}", f"{path}.{{key}}" if path else "{key}", additional, at + "/additionalProperties", False, expand, depth + 1)
    label = kind
    if extra is not None and not fields:
        label = f"map of {extra.type}"
    elif combinator and kind == "any":
        label = combinator
    return Field(type=label, ref=ref, fields=tuple(fields), combinator=combinator, variants=tuple(variants), extra=extra,
                 expanded=ref is not None, **base)
