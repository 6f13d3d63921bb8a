"""Find every schema that becomes a class or an enum, and describe it as an IR node.

A schema becomes a class when it is a component, an inline request or response body (or
an `x-job-result`) that is not a plain type, or, nested to any depth, an inline object with
properties, an inline enum, a composition (`allOf` of more than one reference) or an inline
member of a `oneOf`/`anyOf`. Each such place is keyed by its JSON pointer in the spec, so one
spec schema gives exactly one class however many routes lead to it; ir.naming designs its
name from the place alone.

This module also writes the document handed to the model generator: every class-worthy
schema is a named component there and every place that used it inline refers to it, so the
model generator never has to invent a name. It renders nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..load import escape_token
from ..pointer import unescape
from ..approximate import iter_mappings
from ..validate import enum_kind, resolve_pointer
from . import naming
from . import nodes as n

SCHEMA_PREFIX = "#/components/schemas/"
# Keys that stay on the reference when an inline schema is hoisted: they describe the field
# (its docs, whether it may be null, its default), not the class.
FIELD_KEYS = ("description", "nullable", "default", "deprecated", "readOnly", "writeOnly", "example")


@dataclass(frozen=True)
class Place:
    """A class-worthy schema at `pointer`: where it is and what it would be called."""

    pointer: str
    kind: str  # "object", "enum", "union", "array", "primitive", "any" (component roots may be any)
    parent: str  # pointer of the enclosing place ("" at the top)
    role: str  # PascalCase words naming it from its parent: "Capabilities", "DataItem", "Request"
    root: str  # the name to start from when there is no parent place (component or operation name)
    origin: str  # "component", "property", "item", "value", "option", "request", "response", "job-result"


def component_of(pointer: str) -> str | None:
    """The component name when `pointer` is a component schema's root."""
    prefix = "/components/schemas/"
    if pointer.startswith(prefix) and "/" not in pointer[len(prefix):]:
        return unescape(pointer[len(prefix):])
    return None


def is_single_ref_allof(schema: dict[str, Any]) -> bool:
    """`allOf: [{$ref}]` with only field notes beside it: a reference with a description."""
    members = schema.get("allOf")
    return (
        isinstance(members, list) and len(members) == 1 and isinstance(members[0], dict) and "$ref" in members[0]
        and not any(k in schema for k in ("properties", "oneOf", "anyOf", "enum", "items", "additionalProperties"))
    )


def is_enum(schema: dict[str, Any]) -> bool:
    values = schema.get("enum")
    return isinstance(values, list) and bool(values) and enum_kind(values) in ("str", "int")


def is_plain_primitive(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and schema.get("type") in ("string", "integer", "number", "boolean")
        and not schema.get("enum")
        and not any(k in schema for k in ("oneOf", "anyOf", "allOf", "properties"))
    )


def nested_kind(schema: dict[str, Any], origin: str = "property") -> str | None:
    """What an inline schema nested in another becomes: a class ("object"), an enum, or
    nothing (None: a reference, a list, a map, a union of other types, a plain value)."""
    if "$ref" in schema:
        return None
    if origin == "item" and isinstance(schema.get("discriminator"), dict) and any(k in schema for k in ("oneOf", "anyOf")):
        return "union"  # the model generator gives a list's discriminated union a class of its own
    if is_enum(schema):
        return "enum"
    if isinstance(schema.get("enum"), list) and schema["enum"] and enum_kind(schema["enum"]) == "null":
        return "null"  # `enum: [null]`: the model generator makes a class holding None
    if any(k in schema for k in ("oneOf", "anyOf")):
        return None
    if isinstance(schema.get("allOf"), list) and schema["allOf"]:
        return None if is_single_ref_allof(schema) else "object"
    props = schema.get("properties")
    if isinstance(props, dict) and props:
        return "object"
    return None


def root_kind(schema: Any) -> str | None:
    """What an operation's inline body becomes: a class unless it is a reference, a list,
    a plain value or empty (those need no class of their own)."""
    if not isinstance(schema, dict) or not schema or "$ref" in schema or is_single_ref_allof(schema):
        return None
    if schema.get("type") == "array" or is_plain_primitive(schema):
        return None
    return shape(schema)


def shape(schema: dict[str, Any]) -> str:
    if is_enum(schema):
        return "enum"
    if any(k in schema for k in ("oneOf", "anyOf")):
        return "union"
    if schema.get("type") == "array":
        return "array"
    if schema.get("type") in (None, "object"):
        return "object" if schema else "any"
    return "primitive"


class Places:
    """Collects the places of a document, then designs their names (ir.naming)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.tags = inherited_tags(data)
        self.overrides = overriding_objects(data)
        self.found: dict[str, Place] = {}
        self.order: list[str] = []  # spec order, for listing
        self.names: dict[str, str] = {}

    def add(self, place: Place) -> bool:
        if place.pointer in self.found:
            return False
        self.found[place.pointer] = place
        self.order.append(place.pointer)
        return True

    def component(self, name: str, schema: Any) -> None:
        pointer = f"/components/schemas/{escape_token(name)}"
        kind = shape(schema) if isinstance(schema, dict) else "any"
        self.add(Place(pointer, kind, "", "", name, "component"))
        self.walk(schema, pointer, pointer, "")

    def root(self, schema: Any, pointer: str, base: str, origin: str) -> None:
        """An operation's body, response or job result at `pointer`, named from `base`."""
        if not isinstance(schema, dict):
            return
        if "$ref" in schema:
            ref = schema["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/") or component_of(ref[1:]) is not None:
                return
            target = ref[1:]
            if target in self.found or target.startswith("/components/schemas/"):
                return  # nested in a component: walked with it
            try:
                resolved = resolve_pointer(self.data, target)
            except KeyError:
                return
            return self.root(resolved, target, base, origin)
        kind = root_kind(schema)
        if kind is not None:
            if not self.add(Place(pointer, kind, "", "", base, origin)):
                return
            self.walk(schema, pointer, pointer, "")
        else:
            self.walk(schema, pointer, "", "", base)

    def variants(self, schema: dict[str, Any], pointer: str) -> None:
        """An object with properties that is also a oneOf/anyOf of references: the model
        generator makes one subclass per member (the member plus the shared properties);
        each is a place named from the member (`Animal` + `Cat`), written by the model
        generator and renamed by models.py."""
        if not (isinstance(schema.get("properties"), dict) and schema["properties"]):
            return
        for key in ("oneOf", "anyOf"):
            for index, member in enumerate(schema.get(key) or [] if isinstance(schema.get(key), list) else []):
                target = component_of(member["$ref"][1:]) if isinstance(member, dict) and isinstance(member.get("$ref"), str) else None
                if target is not None:
                    self.add(Place(f"{pointer}/{key}/{index}", "variant", pointer, naming.class_name(target), "", "variant"))

    def walk(self, schema: Any, pointer: str, parent: str, role: str, root: str = "") -> None:
        """Find the places nested in `schema` (itself already handled)."""
        if not isinstance(schema, dict) or "$ref" in schema:
            return
        if parent == pointer:
            self.variants(schema, pointer)

        def visit(child: Any, where: str, more: str, origin: str) -> None:
            if not isinstance(child, dict):
                return
            kind = "object" if where in self.overrides else nested_kind(child, origin) if where not in self.tags else None
            if kind is not None and self.add(Place(where, kind, parent, role + more, root, origin)):
                self.walk(child, where, where, "")
            elif kind is None:
                self.walk(child, where, parent, role + more, root)

        props = schema.get("properties")
        if isinstance(props, dict):
            for key, child in props.items():
                visit(child, f"{pointer}/properties/{escape_token(str(key))}", naming.role_of_property(str(key)), "property")
        if isinstance(schema.get("items"), dict):
            visit(schema["items"], f"{pointer}/items", naming.ITEM, "item")
        if isinstance(schema.get("additionalProperties"), dict):
            visit(schema["additionalProperties"], f"{pointer}/additionalProperties", naming.VALUE, "value")
        for key in ("oneOf", "anyOf"):
            for index, child in enumerate(schema.get(key) or [] if isinstance(schema.get(key), list) else []):
                visit(child, f"{pointer}/{key}/{index}", naming.role_of_option(index), "option")
        members = schema.get("allOf")
        if isinstance(members, list):
            for index, child in enumerate(members):
                # an inline allOf member is merged into the class of its parent
                self.walk(child, f"{pointer}/allOf/{index}", parent, role, root)

    def design(self, component_names: dict[str, str]) -> dict[str, str]:
        """pointer -> class name, for every place (ir.naming.design_names has the rule)."""
        wanted = []
        for pointer in self.order:
            place = self.found[pointer]
            component = component_of(pointer)
            wanted.append(naming.Wanted(pointer, place.parent, place.role, place.root, place.kind,
                                        component_names[component] if component is not None else None))
        self.names = naming.design_names(wanted)
        return self.names


class Types:
    """Language-neutral type trees for schemas at known places."""

    def __init__(self, data: dict[str, Any], names: dict[str, str]) -> None:
        self.data = data
        self.names = names

    def of(self, schema: Any, pointer: str, depth: int = 0, expand: bool = False) -> n.Type:
        """The type of `schema` written at `pointer`: a reference when a place is there
        (unless `expand`: then the structure of the place itself)."""
        if not isinstance(schema, dict) or depth > 32:
            return n.Type("any")
        nullable = bool(schema.get("nullable"))
        if pointer in self.names and not expand:
            return n.Type("ref", name=self.names[pointer], nullable=nullable)
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            target = ref[1:]
            if target in self.names:
                return n.Type("ref", name=self.names[target], nullable=nullable)
            try:
                resolved = resolve_pointer(self.data, ref[1:])
            except KeyError:
                return n.Type("any")
            inner = self.of(resolved, ref[1:], depth + 1)
            return _with_nullable(inner, nullable)
        if is_single_ref_allof(schema):
            return _with_nullable(self.of(schema["allOf"][0], f"{pointer}/allOf/0", depth + 1), nullable)
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list):
                members = tuple(self.of(m, f"{pointer}/{key}/{i}", depth + 1) for i, m in enumerate(schema[key]))
                return n.Type("union", of=members, nullable=nullable)
        values = schema.get("enum")
        if isinstance(values, list) and values:
            return n.Type("literal", name=str(schema.get("type") or ""), values=tuple(_text(v) for v in values if v is not None), nullable=nullable)
        kind = schema.get("type")
        if kind == "array":
            return n.Type("array", of=(self.of(schema.get("items") or {}, f"{pointer}/items", depth + 1),), nullable=nullable)
        if kind == "object" or (kind is None and ("properties" in schema or "additionalProperties" in schema)):
            extra = schema.get("additionalProperties")
            value = self.of(extra, f"{pointer}/additionalProperties", depth + 1) if isinstance(extra, dict) else n.Type("any")
            return n.Type("map", of=(value,), nullable=nullable)
        if kind in ("string", "integer", "number", "boolean"):
            return n.Type("primitive", name=str(kind), format=str(schema.get("format") or ""), nullable=nullable)
        return n.Type("any", nullable=nullable)


def _with_nullable(t: n.Type, nullable: bool) -> n.Type:
    if not nullable or t.nullable:
        return t
    return n.Type(t.kind, t.name, t.format, t.of, t.values, True)


def _text(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


class ModelDocument:
    """The document for the model generator: one component per place, references elsewhere."""

    def __init__(self, data: dict[str, Any], names: dict[str, str], found: dict[str, Place]) -> None:
        self.data = data
        self.names = names
        self.found = found

    def build(self, order: list[str]) -> dict[str, Any]:
        schemas: dict[str, Any] = {}
        for pointer in order:
            if self.found[pointer].kind == "variant":
                continue  # made by the model generator from its parent (Places.variants)
            raw = resolve_pointer(self.data, pointer)
            body = self.copy(raw, pointer, top=True)
            if component_of(pointer) is None and isinstance(body, dict):
                body.pop("nullable", None)  # it says the field may be null, which the reference keeps
                if isinstance(body.get("enum"), list) and None in body["enum"]:
                    body["enum"] = [v for v in body["enum"] if v is not None]
            schemas[self.names[pointer]] = body
        return schemas

    def ref(self, name: str) -> dict[str, Any]:
        return {"$ref": SCHEMA_PREFIX + escape_token(name)}

    def copy(self, schema: Any, pointer: str, top: bool = False, depth: int = 0) -> Any:
        if not isinstance(schema, dict) or depth > 64:
            return schema
        if not top and pointer in self.names and self.found[pointer].kind != "variant":
            notes = {k: schema[k] for k in FIELD_KEYS if k in schema}
            if isinstance(schema.get("enum"), list) and None in schema["enum"]:
                notes["nullable"] = True  # null leaves the hoisted enum: the field says it instead
            return {**self.ref(self.names[pointer]), **notes}
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            target = ref[1:]
            notes = {k: v for k, v in schema.items() if k != "$ref"}
            if target in self.names:
                return {**self.ref(self.names[target]), **notes}
            try:
                resolved = resolve_pointer(self.data, target)
            except KeyError:
                return dict(schema)
            return {**self.copy(resolved, target, depth=depth + 1), **notes}
        out: dict[str, Any] = {}
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                out[key] = {k: self.copy(v, f"{pointer}/properties/{escape_token(str(k))}", depth=depth + 1) for k, v in value.items()}
            elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
                out[key] = self.copy(value, f"{pointer}/{key}", depth=depth + 1)
            elif key in ("allOf", "oneOf", "anyOf") and isinstance(value, list):
                out[key] = [self.copy(v, f"{pointer}/{key}/{i}", depth=depth + 1) for i, v in enumerate(value)]
            elif key == "discriminator" and isinstance(value, dict) and isinstance(value.get("mapping"), dict):
                mapping = {k: (SCHEMA_PREFIX + escape_token(self.names[v[1:]]) if isinstance(v, str) and v[1:] in self.names else v)
                           for k, v in value["mapping"].items()}
                out[key] = {**value, "mapping": mapping}
            else:
                out[key] = value
        return out


# Keys of a union member that only constrains its holder's properties.
CONSTRAINTS = frozenset({"required", "not", "minProperties", "maxProperties", "description", "title", "additionalProperties", "properties"})
# Keys of a property declaration that only loosely states its type.
LOOSE = frozenset({"type", "nullable", "description", "title", "format"})
# Keys that annotate a schema without constraining it.
NOTES = frozenset({"description", "title", "example", "examples", "nullable", "readOnly", "writeOnly", "deprecated", "externalDocs"})


def normalise(data: Any) -> Any:
    """A copy of the document with allOf written the plain way: a member that only annotates
    (`{description: ...}`) gives its notes to the schema holding the allOf, and a lone inline
    member left is merged into it. Same meaning; one shape for the IR and the model generator.

    Shapes published specs use are first written as their authors meant them, so that
    the model generator never makes a class the IR did not design (and names it by a counter):
    a `$ref` to a part of a component (`#/components/schemas/Disk/properties/image`) is
    replaced by a copy of that part, and a schema `$ref`'s sibling keys, which OpenAPI 3.0
    ignores, are dropped; `items` beside a `type` other than array (which JSON
    Schema ignores) is dropped; an `enum` of plain values on an array is moved to its items."""
    return _normalise(_authored(data, data, frozenset()))


def _authored(node: Any, root: Any, seen: frozenset[str]) -> Any:
    if isinstance(node, list):
        return [_authored(v, root, seen) for v in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/") and ref.count("/") > 3 and ref not in seen:
        try:
            target = resolve_pointer(root, ref[1:])
        except KeyError:  # validation reports a reference to nothing; nothing to inline
            target = None
        if isinstance(target, dict):
            return _authored(target, root, seen | {ref})
    if isinstance(ref, str) and len(node) > 1 and "/components/schemas/" in ref:
        # OpenAPI 3.0 ignores a Reference Object's other keys; the model generator would
        # make a copy of the target named after the property (an enum twice, by a counter).
        # `nullable: true` beside it is kept: authors mean it, and a client must accept null.
        return {"$ref": ref, "nullable": True} if node.get("nullable") is True else {"$ref": ref}
    out = {k: _authored(v, root, seen) for k, v in node.items()}
    kind = out.get("type")
    if "items" in out and isinstance(kind, str) and kind != "array" and "properties" not in out.get("items", {}):
        del out["items"]
    enum, items = out.get("enum"), out.get("items")
    if kind == "array" and isinstance(enum, list) and enum and not any(isinstance(v, (list, dict)) for v in enum) \
            and isinstance(items, dict) and "enum" not in items and "$ref" not in items:
        out["items"] = {**items, "enum": enum}
        del out["enum"]
    return out


def _normalise(data: Any) -> Any:
    if isinstance(data, list):
        return [_normalise(v) for v in data]
    if not isinstance(data, dict):
        return data
    out = {k: _normalise(v) for k, v in data.items()}
    for key in ("oneOf", "anyOf"):
        # members that only constrain which properties are present (`anyOf: [{required: [a]},
        # {required: [b]}]`) describe no type: the client does not enforce them
        options = out.get(key)
        declared = out.get("properties")
        if isinstance(options, list) and options and isinstance(declared, dict) and all(
            isinstance(m, dict) and set(m) <= CONSTRAINTS
            and (not isinstance(m.get("properties"), dict) or set(m["properties"]) <= set(declared))
            for m in options
        ):
            del out[key]
    members = out.get("allOf")
    if isinstance(members, list) and sum(1 for m in members if isinstance(m, dict) and "$ref" not in m and m) > 1:
        out["allOf"] = members = _merge_inline(members)
    if isinstance(members, list) and all(isinstance(m, dict) for m in members):
        kept = []
        for member in members:
            if member and "$ref" not in member and set(member) <= NOTES | {k for k in member if k.startswith("x-")}:
                for key, value in member.items():
                    out.setdefault(key, value)
            else:
                kept.append(member)
        if kept and len(kept) < len(members):
            out["allOf"] = kept
        if len(kept) == 1 and "$ref" not in kept[0] and not (set(kept[0]) & (set(out) - NOTES - {"allOf"})):
            merged = {k: v for k, v in out.items() if k != "allOf"}
            merged.update({k: v for k, v in kept[0].items() if k not in merged})
            out = merged
    return out


def inherited_tags(data: dict[str, Any]) -> set[str]:
    """Pointers of discriminator properties that a union member inherits from a base (an
    allOf member): the model generator narrows the member's tag to `Literal["x"]`, so the
    base keeps a plain string there (models.py) rather than an enum class of its own."""
    schemas = (data.get("components") or {}).get("schemas") or {}
    found: set[str] = set()

    def declared(name: str, prop: str, seen: frozenset[str]) -> str | None:
        schema = schemas.get(name)
        if name in seen or not isinstance(schema, dict):
            return None
        base = f"/components/schemas/{escape_token(name)}"
        if isinstance(schema.get("properties"), dict) and prop in schema["properties"]:
            return f"{base}/properties/{escape_token(prop)}"
        for index, part in enumerate(schema.get("allOf") or []):
            if not isinstance(part, dict):
                continue
            target = component_of(part["$ref"][1:]) if isinstance(part.get("$ref"), str) else None
            if target is not None:
                where = declared(target, prop, seen | {name})
            elif isinstance(part.get("properties"), dict) and prop in part["properties"]:
                where = f"{base}/allOf/{index}/properties/{escape_token(prop)}"
            else:
                where = None
            if where is not None:
                return where
        return None

    for node in iter_mappings(data):
        tag = node["discriminator"].get("propertyName") if isinstance(node.get("discriminator"), dict) else None
        if not isinstance(tag, str):
            continue
        refs = [m.get("$ref") for key in ("oneOf", "anyOf") for m in node.get(key) or [] if isinstance(m, dict)]
        refs += list((node["discriminator"].get("mapping") or {}).values())
        for ref in refs:
            member = component_of(ref[1:]) if isinstance(ref, str) else None
            if member is None:
                continue
            where = declared(member, tag, frozenset())
            if where is not None and not where.startswith(f"/components/schemas/{escape_token(member)}/properties/"):
                found.add(where)
    return found


def _plain_object(schema: Any) -> bool:
    """An inline object schema (the shape models.py narrows when a subclass redeclares it)."""
    return (
        isinstance(schema, dict)
        and "$ref" not in schema
        and not any(k in schema for k in ("allOf", "oneOf", "anyOf", "enum"))
        and (schema.get("type") == "object" or isinstance(schema.get("properties"), dict))
    )


def overriding_objects(data: dict[str, Any]) -> set[str]:
    """Pointers of inline objects that must be classes because a schema extending another
    (allOf) redeclares a property the base declares as an object: the child's property
    becomes a subclass of the base's (models.py), so both need a designed name."""
    schemas = (data.get("components") or {}).get("schemas") or {}
    found: set[str] = set()

    def declared(name: str, prop: str, seen: frozenset[str]) -> tuple[str, Any] | None:
        schema = schemas.get(name)
        if name in seen or not isinstance(schema, dict):
            return None
        base = f"/components/schemas/{escape_token(name)}"
        if isinstance(schema.get("properties"), dict) and isinstance(schema["properties"].get(prop), dict):
            return f"{base}/properties/{escape_token(prop)}", schema["properties"][prop]
        for index, part in enumerate(schema.get("allOf") or []):
            if not isinstance(part, dict):
                continue
            target = component_of(part["$ref"][1:]) if isinstance(part.get("$ref"), str) else None
            if target is not None:
                hit = declared(target, prop, seen | {name})
            elif isinstance(part.get("properties"), dict) and isinstance(part["properties"].get(prop), dict):
                hit = f"{base}/allOf/{index}/properties/{escape_token(prop)}", part["properties"][prop]
            else:
                hit = None
            if hit is not None:
                return hit
        return None

    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        pointer, node = stack.pop()
        if isinstance(node, list):
            stack.extend((f"{pointer}/{i}", v) for i, v in enumerate(node))
            continue
        if not isinstance(node, dict):
            continue
        stack.extend((f"{pointer}/{escape_token(str(k))}", v) for k, v in node.items() if isinstance(v, (dict, list)))
        parts = node.get("allOf")
        if not isinstance(parts, list):
            continue
        bases = [b for part in parts if isinstance(part, dict) and isinstance(part.get("$ref"), str) and (b := component_of(part["$ref"][1:]))]
        for index, part in enumerate(parts):
            props = part.get("properties") if isinstance(part, dict) and "$ref" not in part else None
            if not isinstance(props, dict):
                continue
            for prop, child in props.items():
                if not _plain_object(child):
                    continue
                for base in bases:
                    hit = declared(base, str(prop), frozenset())
                    if hit is None:
                        continue
                    where, parent = hit
                    if parent == child:
                        break
                    if _plain_object(parent) or (isinstance(parent.get("$ref"), str) and component_of(parent["$ref"][1:])):
                        found.add(f"{pointer}/allOf/{index}/properties/{escape_token(str(prop))}")
                        if _plain_object(parent):
                            found.add(where)
                    break
    return found


def _merge_inline(members: list[Any]) -> list[Any]:
    """allOf with several inline members: one inline member (at the first one's place) with
    their properties and required names together. A property declared twice keeps the more
    specific declaration (a loose `{type: object, nullable: true}` adds only its nullable)."""
    merged: dict[str, Any] = {}
    out: list[Any] = []
    for member in members:
        if not isinstance(member, dict) or "$ref" in member or not member:
            out.append(member)
            continue
        if not merged:
            out.append(merged)
        for key, value in member.items():
            if key == "properties" and isinstance(value, dict):
                props = merged.setdefault("properties", {})
                for name, declaration in value.items():
                    props[name] = _more_specific(props[name], declaration) if name in props else declaration
            elif key == "required" and isinstance(value, list):
                merged["required"] = list(dict.fromkeys([*merged.get("required", []), *value]))
            else:
                merged.setdefault(key, value)
    return out


def _more_specific(first: Any, second: Any) -> Any:
    if first == second or not isinstance(first, dict) or not isinstance(second, dict):
        return first
    loose_first, loose_second = set(first) <= LOOSE, set(second) <= LOOSE
    keep, other = (second, first) if loose_first and not loose_second else (first, second)
    if other.get("nullable") and not keep.get("nullable"):
        keep = {**keep, "nullable": True}
    return keep
