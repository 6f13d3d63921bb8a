"""Field trees for the reference: every property of a schema, at every depth.

A `Field` here is what the docs show for one property (or array item, or map value): its
type, format, flags, constraints, enum values, default and description, and its own fields
below it. Trees are built once per API from the IR's schema tree (`Api.types`, issue 10)
and looked up by the templates, which never see a schema dict.

Inline schemas (nested objects, item objects, inline enums) are shown in place at every
depth. A reference to a component links to that component's section instead of repeating
it; `expand` says how many such references are followed (the operation page follows the
body's and each response's own reference, so their fields show in place). A followed
component's allOf bases are its own fields, so they are followed with it.

`Source` reads the document for the little the IR does not carry yet (server and security
descriptions, the media types' own examples).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from ..ir import nodes as ir
from ..validate import resolve_pointer

_MAX_DEPTH = 24  # deeper inline nesting than this is cut (the IR has no cycles without a component)


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
    """The validated document, for what the IR does not carry (see the module docstring)."""

    data: dict[str, Any]

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


def _text(value: str | None) -> str | None:
    """A JSON text as the docs show a value: strings bare, the rest as JSON."""
    if value is None:
        return None
    try:
        parsed = json.loads(value)
    except ValueError:
        return value
    if isinstance(parsed, str):
        return parsed
    if isinstance(parsed, bool):
        return "true" if parsed else "false"
    if parsed is None:
        return "null"
    return json.dumps(parsed, ensure_ascii=False, sort_keys=True) if isinstance(parsed, (dict, list)) else str(parsed)


def _restrictions(items: tuple[ir.Restriction, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((r.name, r.value) for r in items)


class _Trees:
    def __init__(self, api: ir.Api) -> None:
        self.api = api
        self.by_class = {t.class_name: t for t in api.types}

    def node(self, class_name: str) -> ir.Schema | None:
        return self.by_class.get(class_name)

    def label(self, t: ir.Type) -> str:
        """The type as a word: primitives by name, components by their spec name, inline schemas by shape."""
        if t.kind == "primitive":
            return t.name
        if t.kind == "literal":
            return t.name or "string"
        if t.kind == "array":
            return "array of " + self.label(t.of[0]) if t.of else "array"
        if t.kind == "map":
            return "map of " + self.label(t.of[0]) if t.of else "object"
        if t.kind == "union":
            return "oneOf"
        if t.kind == "ref":
            node = self.node(t.name)
            if node is None:
                return t.name
            if not node.inline:
                return node.name
            if node.type is not None and node.kind != "object":
                return self.label(node.type)
            return "object"
        return "any"

    def field(self, name: str, path: str, t: ir.Type, *, required: bool, description: str, pointer: str, expand: int, depth: int,
              own: ir.Field | None = None) -> Field:
        """The view of one typed place: a property (own), an item, a map value or a body."""
        base: dict[str, Any] = {
            "name": name, "path": path, "required": required, "description": description, "pointer": pointer,
            "nullable": t.nullable, "read_only": bool(own and own.read_only), "write_only": bool(own and own.write_only),
            "deprecated": bool(own and own.deprecated), "default": _text(own.default) if own else None,
            "constraints": _restrictions(own.constraints) if own else (), "format": "", "enum": (),
        }
        if t.kind == "primitive":
            return Field(type=t.name, ref=None, **{**base, "format": t.format})
        if t.kind == "literal":
            return Field(type=t.name or "string", ref=None, **{**base, "enum": t.values})
        if t.kind == "any":
            return Field(type="any", ref=None, **base)
        if t.kind == "array":
            item = self.field("", path + "[]", t.of[0] if t.of else ir.Type("any"), required=True, description="", pointer=pointer,
                              expand=expand, depth=depth + 1)
            return Field(type="array of " + item.type, ref=item.ref, fields=item.fields, combinator=item.combinator, variants=item.variants,
                         extra=item.extra, expanded=item.expanded,
                         **{**base, "format": item.format, "enum": item.enum, "constraints": base["constraints"] + item.constraints,
                            "nullable": base["nullable"] or item.nullable})
        if t.kind == "map" and (not t.of or t.of[0].kind == "any"):
            return Field(type="object", ref=None, **base)  # free-form: no value type to show
        if t.kind == "map":
            value = self.field("{key}", f"{path}.{{key}}" if path else "{key}", t.of[0] if t.of else ir.Type("any"), required=False,
                               description="", pointer=pointer, expand=expand, depth=depth + 1)
            return Field(type="map of " + value.type, ref=None, extra=value, **base)
        if t.kind == "union":
            variants = tuple(self.variant(member, path, pointer, expand, depth + 1) for member in t.of)
            return Field(type="oneOf", ref=None, combinator="oneOf", variants=variants, **base)
        if t.kind != "ref":
            return Field(type=t.kind or "any", ref=None, **base)
        node = self.node(t.name)
        if node is None:
            return Field(type=t.name, ref=None, **base)
        if not node.inline and (expand <= 0 or depth > _MAX_DEPTH):
            enum = node.type.values if node.type is not None and node.type.kind == "literal" else ()
            return Field(type=node.name, ref=node.name, **{**base, "enum": enum, "description": description or node.description,
                                                            "nullable": base["nullable"] or node.nullable})
        return self.schema(node, name=name, path=path, required=required, description=description or node.description,
                           pointer=pointer, expand=expand - (0 if node.inline else 1), bases_expand=expand, depth=depth, own=own, base=base)

    def variant(self, member: ir.Type, path: str, pointer: str, expand: int, depth: int) -> Variant:
        node = self.node(member.name) if member.kind == "ref" else None
        if node is not None and not node.inline and expand <= 0:
            return Variant(node.name, node.name, ())
        view = self.field("", path, member, required=True, description="", pointer=pointer, expand=expand, depth=depth)
        return Variant(node.name if node is not None and not node.inline else view.type, view.ref if view.expanded else None, view.fields)

    def schema(self, node: ir.Schema, *, name: str, path: str, required: bool, description: str, pointer: str, expand: int, bases_expand: int,
               depth: int, own: ir.Field | None = None, base: dict[str, Any] | None = None) -> Field:
        """A schema node in place: an object's fields and bases, an enum's values, a union's members."""
        base = dict(base or {"name": name, "path": path, "required": required, "description": description, "pointer": pointer,
                             "nullable": False, "read_only": False, "write_only": False, "deprecated": False, "default": None,
                             "constraints": (), "format": "", "enum": ()})
        base.update(description=description, nullable=base["nullable"] or node.nullable, deprecated=base["deprecated"] or node.deprecated)
        if node.default is not None and base["default"] is None:
            base["default"] = _text(node.default)
        base["constraints"] = base["constraints"] + tuple(c for c in _restrictions(node.constraints) if c not in base["constraints"])
        ref = None if node.inline else node.name
        if node.kind != "object" and node.type is not None:
            inner = self.field(name, path, node.type, required=required, description=description, pointer=pointer, expand=expand, depth=depth)
            return Field(**{**inner.__dict__, "ref": ref, "expanded": ref is not None,
                            "nullable": inner.nullable or base["nullable"], "default": inner.default or base["default"],
                            "constraints": base["constraints"] + tuple(c for c in inner.constraints if c not in base["constraints"])})
        fields = []
        if depth <= _MAX_DEPTH:
            for f in node.fields:
                child = f"{path}.{f.name}" if path else f.name
                fields.append(self.field(f.name, child, f.type, required=f.required, description=f.description, pointer=f.pointer,
                                         expand=expand, depth=depth + 1, own=f))
        variants = tuple(self.variant(ir.Type("ref", name=b), path, pointer, bases_expand, depth + 1) for b in node.bases)
        return Field(type=self.label(ir.Type("ref", name=node.class_name)), ref=ref, fields=tuple(fields), combinator="allOf" if variants else "",
                     variants=variants, expanded=ref is not None, **base)


def component_trees(api: ir.Api) -> dict[str, Field]:
    """Component name -> its fields at every depth (references to other components linked)."""
    trees = _Trees(api)
    return {s.name: trees.schema(s, name="", path="", required=True, description=s.description, pointer=s.pointer, expand=0, bases_expand=0,
                                 depth=0) for s in api.schemas}


def body_tree(api: ir.Api, t: ir.Type, pointer: str, *, required: bool = True) -> Field:
    """A request or response body: its own reference followed, deeper ones linked."""
    return _Trees(api).field("", "", t, required=required, description="", pointer=pointer, expand=1, depth=0)
