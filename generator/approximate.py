"""Model-shape approximations: what is valid OpenAPI but what the generated client does
only approximately (an enum of floats, a parameter in deepObject style, a credential the
client cannot send ...). Not errors and not conformance problems: the document is fine.
The IR stage reports each as a located SpecWarning, so nothing is skipped silently; the
model stage uses the same helpers to decide what it relaxes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import pointer as jp
from .errors import Problem
from .load import Document
from .media import pick_media
from .references import deref

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def enum_kind(values: list[Any]) -> str | None:
    """'str' or 'int' when an enum's non-null values are all strings or all integers (the
    kinds the models turn into open enums); None for floats, booleans or a mix."""
    kinds = {type(v) for v in values if v is not None}
    if kinds == {str}:
        return "str"
    if kinds == {int}:
        return "int"
    return None if kinds else "null"


def undeclared_required(schema: dict[str, Any]) -> list[str]:
    """Names a plain object schema requires but does not declare in `properties` (a spec
    defect the models forgive: they do not require what they cannot describe)."""
    props = schema.get("properties")
    required = schema.get("required")
    if not isinstance(props, dict) or not isinstance(required, list) or any(k in schema for k in ("allOf", "anyOf", "oneOf")):
        return []
    return [name for name in required if isinstance(name, str) and name not in props]


def iter_mappings(data: Any) -> Iterator[dict[str, Any]]:
    """Every mapping in `data`, at any depth, each before the ones inside it. A caller may
    change a mapping before the walk goes on: its values are read only when it resumes."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            yield node
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))


def allof_bases(data: Any) -> set[str]:
    """Component schema names used as a member of an allOf that composes (see _composes):
    such a base may legitimately require what a sibling member declares."""
    bases: set[str] = set()
    for node in iter_mappings(data):
        members = node.get("allOf")
        if isinstance(members, list) and _composes(members):
            for member in members:
                ref = member.get("$ref") if isinstance(member, dict) else None
                name = jp.schema_name(ref) if isinstance(ref, str) else None
                if name is not None:
                    bases.add(name)
    return bases


def _composes(members: list[Any]) -> bool:
    """An allOf whose members could split properties and `required` between them: two or
    more that reference or declare something (not just a description or `nullable`)."""
    keys = ("$ref", "properties", "allOf", "anyOf", "oneOf", "additionalProperties")
    return sum(1 for m in members if isinstance(m, dict) and any(k in m for k in keys)) >= 2


def iter_schema_nodes(pointer: str, schema: Any, exempt: bool = False) -> Iterator[tuple[str, dict[str, Any], bool]]:
    """Every schema object inside `schema` (following schema keywords, not $refs), with its
    pointer and whether its `required` list may rely on allOf siblings (`exempt`)."""
    stack: list[tuple[str, Any, bool]] = [(pointer, schema, exempt)]
    while stack:
        where, node, skip = stack.pop()
        if not isinstance(node, dict):
            continue
        yield where, node, skip
        for key, value in node.items():
            if key in ("properties", "patternProperties") and isinstance(value, dict):
                stack.extend((f"{where}/{key}/{jp.escape(k)}", v, False) for k, v in value.items())
            elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
                stack.append((f"{where}/{key}", value, False))
            elif key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
                shared = key == "allOf" and _composes(value)
                stack.extend((f"{where}/{key}/{i}", v, shared) for i, v in enumerate(value))


def approximations(doc: Document, auth_header: str, auth_prefix: str) -> list[Problem]:
    """What the generated client does not do exactly as the document says, located."""
    data = doc.data
    found: dict[str, Problem] = {}  # pointer -> first problem there (shared $refs report once)

    def note(pointer: str, message: str, hint: str) -> None:
        found.setdefault(pointer, Problem(doc.locate(pointer), message, hint))

    schemes = (data.get("components") or {}).get("securitySchemes") or {}
    bases = allof_bases(data)
    root_security = data.get("security")
    for path, item in (data.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        item_pointer = f"/paths/{jp.escape(path)}"
        shared = [(f"{item_pointer}/parameters/{i}", p) for i, p in enumerate(item.get("parameters") or [])]
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            pointer = f"{item_pointer}/{method}"
            own = [(f"{pointer}/parameters/{i}", p) for i, p in enumerate(op.get("parameters") or [])]
            for where, param in shared + own:
                _check_parameter(data, where, param, note)
            body = deref(data, op.get("requestBody"))[1]
            content = body.get("content") if isinstance(body, dict) else None
            if isinstance(content, dict) and len(content) > 1:
                chosen = pick_media(content)
                note(f"{pointer}/requestBody/content", f"the request body may be {', '.join(content)}; the generated method sends {chosen} only",
                     "for another media type, call the client's low-level request() with content=")
            for key, node in (("requestBody", body), ("responses", op.get("responses"))):
                if isinstance(node, dict) and "$ref" not in (op.get(key) or {}):
                    _check_schema(f"{pointer}/{key}", node if key == "responses" else {"content": content}, note, bases, media_level=True)
            if op.get("callbacks"):
                note(f"{pointer}/callbacks", "callbacks are not generated (they describe requests the server makes)", "handle them in your own server code")
            security, where = (op["security"], f"{pointer}/security") if "security" in op else (root_security, "/security")
            if isinstance(security, list) and security and not any(
                isinstance(req, dict) and all(_sendable(schemes.get(name), auth_header, auth_prefix) for name in req) for req in security
            ):
                names = sorted({str(name) for req in security if isinstance(req, dict) for name in req})
                note(where, f"requires {' or '.join(names)}; the client sends only `{auth_header}: {(auth_prefix + ' ').lstrip()}<token>`",
                     "pass the credential yourself with extra_headers=")
    components = data.get("components") or {}
    for name, schema in (components.get("schemas") or {}).items():
        _check_schema(f"/components/schemas/{jp.escape(name)}", schema, note, bases)
    for name, body in (components.get("requestBodies") or {}).items():
        if isinstance(body, dict):
            _check_schema(f"/components/requestBodies/{jp.escape(name)}", body, note, bases, media_level=True)
    responses = {k: v for k, v in (components.get("responses") or {}).items() if isinstance(v, dict)}
    _check_schema("/components/responses", responses, note, bases, media_level=True)
    return [found[p] for p in sorted(found)]


def _check_parameter(data: Any, where: str, raw: Any, note: Any) -> None:
    target, param = deref(data, raw)
    if not isinstance(param, dict):
        return
    where = target if target is not None else where
    name, location = param.get("name"), param.get("in")
    if "content" in param and "schema" not in param:
        note(where, f"parameter {name!r} is described by `content`; the client sends the value as plain text",
             "encode the value yourself (e.g. json.dumps) before passing it")
        return
    style = param.get("style")
    if style in ("deepObject", "pipeDelimited", "spaceDelimited"):
        note(where, f"parameter {name!r} uses style {style}, which the client does not implement (it sends form style)",
             "pass the serialised value yourself with extra_query or as a string")
        return
    schema = deref(data, param.get("schema"))[1]
    kind = schema.get("type") if isinstance(schema, dict) else None
    items = deref(data, schema.get("items"))[1] if kind == "array" and isinstance(schema, dict) else None
    if kind == "object" or (kind is None and isinstance(schema, dict) and "properties" in schema):
        note(where, f"{location} parameter {name!r} is an object; the client sends str(value)", "pass the serialised text yourself")
    elif isinstance(items, dict) and (items.get("type") == "object" or "properties" in items):
        note(where, f"{location} parameter {name!r} is a list of objects; the client sends str() of each", "pass the serialised text yourself")
    elif kind == "array" and location == "query" and param.get("explode", style in (None, "form")) is False:
        note(where, f"query parameter {name!r} has explode: false; the client repeats it (name=a&name=b) instead of joining (name=a,b)",
             "pass a pre-joined string, e.g. ','.join(values), if the server insists")
    elif kind == "array" and location in ("path", "header", "cookie"):
        note(where, f"{location} parameter {name!r} is an array; the client sends str(value)", "pass ','.join(values) yourself")


def _sendable(scheme: Any, auth_header: str, auth_prefix: str) -> bool:
    """Whether the client's single credential (`auth_header: auth_prefix token`) satisfies `scheme`."""
    if not isinstance(scheme, dict):
        return False
    kind = scheme.get("type")
    bearer = auth_header.lower() == "authorization" and auth_prefix.lower() == "bearer"
    if kind in ("oauth2", "openIdConnect") or (kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer"):
        return bearer
    if kind == "apiKey":
        return scheme.get("in") == "header" and str(scheme.get("name", "")).lower() == auth_header.lower() and not auth_prefix
    return False


def _check_schema(pointer: str, schema: Any, note: Any, bases: set[str], media_level: bool = False) -> None:
    """Check one schema for enums and `required` lists the models relax. With media_level,
    `schema` is a request body or a responses object: check the schemas of its media
    types (inline ones only: a $ref is checked where it points)."""
    roots: list[tuple[str, Any]] = [(pointer, schema)]
    if media_level:
        roots = []
        holders = schema.items() if "content" not in schema else [("", schema)]
        for status, holder in holders:
            content = holder.get("content") if isinstance(holder, dict) else None
            for media, spec in (content or {}).items() if isinstance(content, dict) else ():
                if isinstance(spec, dict) and isinstance(spec.get("schema"), dict):
                    prefix = f"{pointer}/{jp.escape(status)}" if status else pointer
                    roots.append((f"{prefix}/content/{jp.escape(media)}/schema", spec["schema"]))
    for root, node in roots:
        exempt = root.startswith("/components/schemas/") and root.count("/") == 3 and \
            jp.unescape(root.rsplit("/", 1)[1]) in bases
        for where, item, skip in iter_schema_nodes(root, node, exempt):
            values = item.get("enum")
            if isinstance(values, list) and enum_kind(values) is None:
                note(f"{where}/enum", "an enum of numbers, booleans or mixed types becomes its plain type in the models",
                     "the reference still lists the values; use strings or integers for a Python enum")
            for name in [] if skip else undeclared_required(item):
                note(f"{where}/required", f"required property {name!r} is not declared in properties; the model does not require it",
                     "declare the property, or remove it from `required`")
