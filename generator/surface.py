"""The public surface of the generated client: what a team that vendors it can import and call.

Built from the IR (resources, methods, parameters, types, fields) plus the enum member names
the models module defines, and written as `API.md` by templates/client/API.md.jinja. It is
language-neutral data (names and Python type annotations as text), so two surfaces can be
compared (generator/compare.py) and `API.md` can be read back into one (`parse`) to judge a
drift. It renders no Jinja and reads no files.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from typing import Any

from . import pyast
from .filters import return_annotation
from .ir.nodes import Api, Schema, Type
from .ir.python_types import annotation

REQUEST, RESPONSE = "request", "response"


@dataclass(frozen=True)
class Param:
    name: str  # the Python argument
    type: str  # its annotation (without the `| None = None` of an optional argument)
    required: bool
    positional: bool  # a path parameter (positional); the others are keyword-only


@dataclass(frozen=True)
class Method:
    resource: str  # client.<resource>
    name: str
    params: tuple[Param, ...]
    returns: str  # the sync method's return annotation
    deprecated: bool = False

    @property
    def key(self) -> str:
        return f"client.{self.resource}.{self.name}"


@dataclass(frozen=True)
class Member:
    name: str  # Python member name: `MODEL`
    value: str  # JSON text of the wire value: `"model"`


@dataclass(frozen=True)
class FieldDef:
    name: str  # Python attribute
    wire: str
    type: str
    required: bool


@dataclass(frozen=True)
class TypeDef:
    name: str
    kind: str  # object, enum, union, array, map, primitive, any
    bases: tuple[str, ...] = ()
    fields: tuple[FieldDef, ...] = ()
    members: tuple[Member, ...] = ()
    alias: str = ""  # what a non-object, non-enum type holds: `AnimalCat | AnimalDog`
    usage: tuple[str, ...] = ()  # "request" (sent by a method), "response" (returned), both or none


@dataclass(frozen=True)
class Surface:
    package: str
    methods: tuple[Method, ...] = ()
    types: tuple[TypeDef, ...] = ()
    resources: tuple[tuple[str, str], ...] = field(default=())  # (attr, class name)


# -- from the IR ---------------------------------------------------------------------------
def extract(api: Api, package: str, models_code: str) -> Surface:
    methods = []
    for resource in api.resources:
        for op in resource.operations:
            params = [Param(p.py_name, p.annotation, True, True) for p in op.path_params]
            keyword = []
            if op.body is not None:
                keyword.append(Param("body", op.body.annotation, op.body.required, False))
            keyword += [Param(p.py_name, p.annotation, p.required, False) for p in op.other_params]
            if op.result.kind == "binary":
                keyword.append(Param("destination", "Destination", True, False))
            # the order of the generated signature: required keywords first
            params += [p for p in keyword if p.required] + [p for p in keyword if not p.required]
            methods.append(Method(resource.attr_name, op.method_name, tuple(params), return_annotation(op, False), op.deprecated))
    members = enum_members(models_code)
    usage = _usage(api)
    types = tuple(
        _type_def(node, members.get(node.class_name, ()), usage.get(node.class_name, ()), node.class_name in api.file_models)
        for node in sorted(api.types, key=lambda t: t.class_name)
    )
    return Surface(package, tuple(methods), types, tuple((r.attr_name, r.class_name) for r in api.resources))


def _type_def(node: Schema, members: tuple[Member, ...], usage: tuple[str, ...], has_files: bool) -> TypeDef:
    kind = "enum" if members else ("object" if node.kind == "object" and node.type is None else node.kind)
    if node.origin == "variant":
        kind = "object"
    # a union's shared properties live in its members' classes (origin "variant"), not in its own
    fields = () if kind == "union" else tuple(FieldDef(f.py_name, f.name, _field_annotation(f.type, has_files), f.required) for f in node.fields)
    alias = annotation(node.type) if node.type is not None and kind not in ("enum", "object") else ""
    return TypeDef(node.class_name, kind, node.bases, fields, members, alias, usage)


def _field_annotation(t: Type, has_files: bool) -> str:
    """A field's annotation; a binary string of a multipart body is a file part (Api.file_models)."""
    if has_files and t.kind == "primitive" and t.name == "string" and t.format == "binary":
        return "FileInput | None" if t.nullable else "FileInput"
    return annotation(t)


def _refs(node: Schema) -> set[str]:
    found = set(node.bases)
    for f in node.fields:
        found.update(f.type.refs())
    if node.type is not None:
        found.update(node.type.refs())
    return found


def _usage(api: Api) -> dict[str, tuple[str, ...]]:
    """Which types a method sends (request) or returns (response), through fields and bases."""
    roots: dict[str, set[str]] = {REQUEST: set(), RESPONSE: set()}
    for op in api.operations:
        if op.body is not None and op.body.type is not None:
            roots[REQUEST].update(op.body.type.refs())
        for t in (op.result.type, op.result.item_type, op.result.job_type):
            if isinstance(t, Type):
                roots[RESPONSE].update(t.refs())
    by_name = {t.class_name: t for t in api.types}
    reached: dict[str, set[str]] = {}
    for direction, names in roots.items():
        stack = list(names)
        seen: set[str] = set()
        while stack:
            name = stack.pop()
            if name in seen or name not in by_name:
                continue
            seen.add(name)
            reached.setdefault(name, set()).add(direction)
            stack.extend(_refs(by_name[name]))
    return {name: tuple(sorted(d)) for name, d in reached.items()}


def enum_members(code: str) -> dict[str, tuple[Member, ...]]:
    """Enum class -> its members, as the models module defines them."""
    out: dict[str, tuple[Member, ...]] = {}
    if not code.strip():
        return out
    for node in pyast.parse(code).body:
        if not isinstance(node, ast.ClassDef) or not any(isinstance(b, ast.Name) and b.id in ("OpenEnum", "OpenIntEnum") for b in node.bases):
            continue
        found = []
        for stmt in node.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                try:
                    value = ast.literal_eval(stmt.value)
                except ValueError:
                    continue
                found.append(Member(stmt.targets[0].id, _json(value)))
        out[node.name] = tuple(found)
    return out


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


# -- back from API.md ----------------------------------------------------------------------
# API.md is written so that each line that carries part of the surface can be read back.
# Every name, type and value is a code span (filters.md_code, so any backtick inside is
# fenced); a line is recognised by what is left when its spans are replaced by `§`:
#   ### § · §              a resource: `client.<attr>`, its class
#   - §[ · deprecated]     a method: `name(params) -> returns`
#   ### § · <kind>         a type
#   extends §, §           its bases
#   used in: request, response
#   holds §                what a union, array or alias type holds
#   - § · required · wire §    a field: `name: type`
#   - § = §                an enum member and its JSON value
_SPAN = re.compile(r"(`+)( ?)(.*?)\2\1(?!`)")


def _spans(line: str) -> tuple[str, list[str]]:
    values: list[str] = []

    def keep(m: re.Match[str]) -> str:
        values.append(m.group(3))
        return "§"

    return _SPAN.sub(keep, line), values


_TYPE_LINE = re.compile(r"^### § · (\w+)$")
_METHOD_CODE = re.compile(r"^(\w+)\((.*)\) -> (.*)$")


def parse(text: str, package: str = "") -> Surface:
    """The surface an API.md describes (the inverse of writing it; a test checks the round trip)."""
    methods: list[Method] = []
    types: list[TypeDef] = []
    resources: list[tuple[str, str]] = []
    resource = ""
    current: dict[str, Any] | None = None

    def close() -> None:
        if current is not None:
            types.append(TypeDef(**current))

    for line in text.splitlines():
        shape, values = _spans(line)
        if shape == "### § · §" and values[0].startswith("client."):
            close()
            current, resource = None, values[0][len("client."):]
            resources.append((resource, values[1]))
        elif m := _TYPE_LINE.match(shape):
            close()
            resource = ""
            current = {"name": values[0], "kind": m.group(1), "bases": (), "fields": (), "members": (), "alias": "", "usage": ()}
        elif current is None and resource and shape in ("- §", "- § · deprecated") and (m := _METHOD_CODE.match(values[0])):
            methods.append(Method(resource, m.group(1), _params(m.group(2)), m.group(3), shape.endswith("deprecated")))
        elif current is None:
            continue
        elif shape in ("- § · required · wire §", "- § · optional · wire §"):
            name, _, kind = values[0].partition(": ")
            current["fields"] += (FieldDef(name, values[1], kind, "required" in shape),)
        elif shape == "- § = §":
            current["members"] += (Member(values[0], values[1]),)
        elif shape.startswith("extends §"):
            current["bases"] = tuple(values)
        elif shape.startswith("used in: "):
            current["usage"] = tuple(u.strip() for u in shape[len("used in: "):].split(","))
        elif shape == "holds §":
            current["alias"] = values[0]
    close()
    return Surface(package, tuple(methods), tuple(types), tuple(resources))


def _params(text: str) -> tuple[Param, ...]:
    out = []
    positional = True
    for part in split_top_level(text, ","):
        if part == "*":
            positional = False
            continue
        name, _, rest = part.partition(": ")
        optional = rest.endswith(" | None = None")
        out.append(Param(name, rest[: -len(" | None = None")] if optional else rest, not optional, positional))
    return tuple(out)


def split_top_level(text: str, sep: str) -> list[str]:
    """`text` split at each `sep` outside brackets and quotes; empty parts left out."""
    parts, depth, start = [], 0, 0
    quote = ""
    for i, c in enumerate(text):
        if quote:
            if c == quote and text[i - 1] != "\\":
                quote = ""
        elif c in "'\"":
            quote = c
        elif c in "[(":
            depth += 1
        elif c in "])":
            depth -= 1
        elif c == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def signature(method: Method) -> str:
    """`name(a: str, *, b: int | None = None) -> X`, as API.md shows a method."""
    positional = [f"{p.name}: {p.type}" for p in method.params if p.positional]
    keyword = [f"{p.name}: {p.type}" if p.required else f"{p.name}: {p.type} | None = None" for p in method.params if not p.positional]
    params = positional + (["*"] + keyword if keyword else [])
    return f"{method.name}({', '.join(params)}) -> {method.returns}"
