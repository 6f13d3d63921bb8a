"""Validation, concern 3 of 3: conformance problems, the flaws of a published document
that the generator can work around by leaving out one construct, so that the rest of the
document still becomes a client.

Each is found here with its location and what leaving it out means, then `relax` makes
the copy of the document every later stage reads. The CLI prints them as warnings, or
refuses the document when asked to be strict (`--strict`, `strict = true`).

- a `pattern` Python cannot compile (e.g. ECMA-262's `\\p{L}`): not enforced;
- a `default` its own schema rejects: left out;
- a name in `required` that neither the schema nor its allOf members declare: ignored;
- a discriminator whose property some member of the union does not declare: the union
  is generated without it (pydantic then tries the members in turn);
- a `{name}` in a path that no `in: path` parameter declares: the method takes it as a
  string; an `in: path` parameter whose name is not in the path: left out.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from . import pointer as jp
from .errors import Problem
from .load import Document
from .references import canonical_refs, deref

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_SCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SCHEMA_VALUES = ("items", "additionalProperties", "not")


@dataclass(frozen=True)
class Relaxation:
    """One construct to leave out: the key at `pointer` (or, with `item`, one entry of the
    list there; with `add`, the entry to append to the list there instead), and the located
    problem that explains why."""

    pointer: str
    problem: Problem
    item: Any = None
    add: Any = None


def find(doc: Document) -> list[Relaxation]:
    found: dict[tuple[str, str, str], Relaxation] = {}
    for relaxation in [r for where, schema in iter_schemas(doc.data) for r in _check(doc, where, schema)] + list(_path_parameters(doc)):
        found.setdefault((relaxation.pointer, json.dumps(relaxation.item, sort_keys=True), json.dumps(relaxation.add, sort_keys=True)), relaxation)
    return [found[k] for k in sorted(found)]


def relax(doc: Document, relaxations: list[Relaxation]) -> Document:
    """The document later stages read: a copy of `doc` without the constructs
    `relaxations` name, every local `$ref` in canonical form (references.canonical_refs);
    `doc` itself when nothing changes."""
    data = canonical_refs(doc.data)
    if not relaxations:
        return doc if data is doc.data else dataclasses.replace(doc, data=data)
    data = copy.deepcopy(data) if data is doc.data else data
    for relaxation in relaxations:
        *parent_tokens, key = jp.split(relaxation.pointer)
        parent = jp.resolve(data, jp.build(parent_tokens))
        if relaxation.add is not None:
            parent.setdefault(key, []).append(copy.deepcopy(relaxation.add))
        elif relaxation.item is None:
            parent.pop(key, None)
        else:
            parent[key] = [v for v in parent[key] if v != relaxation.item]
            if not parent[key]:
                del parent[key]
    return dataclasses.replace(doc, data=data)


def iter_schemas(data: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object written in the document (inline ones too), with its pointer;
    a schema reached through a `$ref` is visited where it is defined."""
    roots: list[tuple[str, Any]] = []
    components = data.get("components") if isinstance(data.get("components"), dict) else {}
    for name, schema in _items(components.get("schemas")):
        roots.append((jp.join("/components/schemas", name), schema))
    for kind in ("parameters", "headers"):
        for name, holder in _items(components.get(kind)):
            roots += _holder_schemas(jp.join(f"/components/{kind}", name), holder)
    for kind in ("requestBodies", "responses"):
        for name, holder in _items(components.get(kind)):
            roots += _holder_schemas(jp.join(f"/components/{kind}", name), holder)
    for path, item in _items(data.get("paths")):
        item_pointer = jp.join("/paths", path)
        for index, param in enumerate(_list(item.get("parameters"))):
            roots += _holder_schemas(f"{item_pointer}/parameters/{index}", param)
        for method, op in item.items():
            if not isinstance(op, dict) or method == "parameters":
                continue
            pointer = jp.join(item_pointer, method)
            for index, param in enumerate(_list(op.get("parameters"))):
                roots += _holder_schemas(f"{pointer}/parameters/{index}", param)
            roots += _holder_schemas(f"{pointer}/requestBody", op.get("requestBody"))
            for status, response in _items(op.get("responses")):
                roots += _holder_schemas(jp.join(f"{pointer}/responses", status), response)
    stack = list(reversed(roots))
    while stack:
        where, node = stack.pop()
        if not isinstance(node, dict) or jp.is_reference(node):
            continue
        yield where, node
        children: list[tuple[str, Any]] = []
        for key in ("properties", "patternProperties"):
            children += [(jp.join(where, key, k), v) for k, v in _items(node.get(key))]
        for key in _SCHEMA_VALUES:
            children.append((f"{where}/{key}", node.get(key)))
        for key in _SCHEMA_LISTS:
            if isinstance(node.get(key), list):
                children += [(f"{where}/{key}/{i}", v) for i, v in enumerate(node[key])]
        stack.extend(reversed(children))


def _list(node: Any) -> list[Any]:
    return node if isinstance(node, list) else []


def _items(node: Any) -> list[tuple[str, Any]]:
    return [(str(k), v) for k, v in node.items() if isinstance(v, dict)] if isinstance(node, dict) else []


def _holder_schemas(where: str, holder: Any) -> list[tuple[str, Any]]:
    """Schemas of a parameter, header, request body or response written inline at `where`."""
    if not isinstance(holder, dict) or jp.is_reference(holder):
        return []
    out: list[tuple[str, Any]] = []
    if isinstance(holder.get("schema"), dict):
        out.append((f"{where}/schema", holder["schema"]))
    for media, spec in _items(holder.get("content")):
        if isinstance(spec.get("schema"), dict):
            out.append((jp.join(where, "content", media, "schema"), spec["schema"]))
    for name, header in _items(holder.get("headers")):
        out += _holder_schemas(jp.join(where, "headers", name), header)
    return out


def _check(doc: Document, where: str, schema: dict[str, Any]) -> Iterator[Relaxation]:
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            re.compile(pattern)
        except (re.error, RecursionError, OverflowError) as exc:
            yield _drop(doc, f"{where}/pattern", f"pattern {pattern[:80]!r} is not a regular expression Python can compile ({exc}); it is not enforced",
                        "write the pattern in the common subset of ECMA-262 and Python syntax (e.g. no \\p{...} classes)")
    if "default" in schema and not (schema["default"] is None and schema.get("nullable") is True):
        reason = _rejects(doc.data, schema, schema["default"])
        if reason:
            yield _drop(doc, f"{where}/default", f"the default {_short(schema['default'])} does not match its schema ({reason}); it is left out",
                        "make the default a value the schema accepts, or remove it")
    required = schema.get("required")
    if isinstance(required, list) and isinstance(schema.get("allOf"), list):
        declared = _declared(doc.data, schema)
        for name in required:
            if isinstance(name, str) and name not in declared:
                yield Relaxation(f"{where}/required", Problem(
                    doc.locate(f"{where}/required"),
                    f"required property {name!r} is declared neither here nor by an allOf member; it is not required",
                    "declare the property, or remove it from `required`"), item=name)
    discriminator = schema.get("discriminator")
    if isinstance(discriminator, dict) and isinstance(discriminator.get("propertyName"), str) and discriminator["propertyName"]:
        prop = discriminator["propertyName"]
        members = [m for key in ("oneOf", "anyOf") if isinstance(schema.get(key), list) for m in schema[key]]
        lacking = [m["$ref"] if jp.is_reference(m) else f"member {i}" for i, m in enumerate(members) if prop not in _declared(doc.data, m)]
        if lacking:
            yield _drop(doc, f"{where}/discriminator",
                        f"discriminator property {prop!r} is not declared by {', '.join(lacking[:3])}{' ...' if len(lacking) > 3 else ''}; "
                        "the union is generated without a discriminator", "declare the property in every member of the union")


_TEMPLATE = re.compile(r"\{([^{}]+)\}")


def _path_parameters(doc: Document) -> Iterator[Relaxation]:
    """Path templates and `in: path` parameters that do not match (the validator's "Path
    parameter ... was not resolved")."""
    for path, item in _items(doc.data.get("paths")):
        in_path = set(_TEMPLATE.findall(path))
        item_pointer = jp.join("/paths", path)
        shared = _list(item.get("parameters"))
        for method, op in item.items():
            if method not in _METHODS or not isinstance(op, dict):
                continue
            own = _list(op.get("parameters"))
            pointer = jp.join(item_pointer, method)
            declared: set[str] = set()
            for where, raw in [(f"{item_pointer}/parameters", p) for p in shared] + [(f"{pointer}/parameters", p) for p in own]:
                param = deref(doc.data, raw)[1]
                if not (isinstance(param, dict) and param.get("in") == "path" and isinstance(param.get("name"), str)):
                    continue
                declared.add(param["name"])
                if param["name"] not in in_path:
                    yield Relaxation(where, Problem(doc.locate(where), f"path parameter {param['name']!r} is not in the path {path!r}; it is left out",
                                                    "remove the parameter, or write {" + param["name"] + "} into the path"), item=raw)
            for name in sorted(in_path - declared):
                yield Relaxation(f"{pointer}/parameters", Problem(
                    doc.locate(pointer), f"{{{name}}} in the path {path!r} is declared by no `in: path` parameter; the method takes it as a string",
                    f"declare it: {{name: {name}, in: path, required: true, schema: {{type: string}}}}"),
                    add={"name": name, "in": "path", "required": True, "schema": {"type": "string"}})


def _drop(doc: Document, where: str, message: str, hint: str) -> Relaxation:
    return Relaxation(where, Problem(doc.locate(where), message, hint))


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _declared(data: Any, schema: Any, depth: int = 0) -> set[str]:
    """Property names a schema declares itself or through its allOf/anyOf/oneOf members
    (as openapi-spec-validator collects them), following $refs."""
    node = deref(data, schema)[1]
    if not isinstance(node, dict) or depth > 32:
        return set()
    names = set(node["properties"]) if isinstance(node.get("properties"), dict) else set()
    for key in _SCHEMA_LISTS:
        for member in _list(node.get(key)):
            names |= _declared(data, member, depth + 1)
    return names


def _rejects(data: Any, schema: dict[str, Any], value: Any) -> str:
    """Why `schema` (as OpenAPI 3.0 reads it, $refs resolved in `data`) rejects `value`; '' if it accepts it."""
    from openapi_schema_validator import OAS30Validator, oas30_format_checker
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    resource = Resource.from_contents(data, default_specification=DRAFT4)
    registry: Registry[Any] = Registry().with_resource("", resource)
    try:
        validator = OAS30Validator(schema, registry=registry, format_checker=oas30_format_checker)
        error = next(iter(validator.iter_errors(value)), None)
    except Exception as exc:  # a schema the validator cannot use: the spec check reports it
        return "" if not isinstance(exc, RecursionError) else "too deeply nested to check"
    if error is None:
        return ""
    return str(error.message).split("\n", 1)[0][:120]
