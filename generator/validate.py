"""Check that a loaded document is an OpenAPI 3.0 document this generator can use.

Order matters: first the shape of the root and the version, then every `$ref` (local,
resolvable, no pure-reference cycles), then openapi-spec-validator over the whole
document, then house rules. Problems are collected and reported together as one
SpecValidationError; nothing is fixed up here.
"""

from __future__ import annotations

from typing import Any, Iterator

from .errors import Problem, SpecValidationError, UnsupportedError
from .load import Document, escape_token

MAX_REPORTED = 50
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def validate(doc: Document) -> None:
    data = doc.data
    if not isinstance(data, dict):
        raise SpecValidationError(
            Problem(doc.locate(""), f"the document is a {type(data).__name__}, not a mapping", "an OpenAPI document starts with `openapi: 3.0.3`")
        )
    if "swagger" in data:
        raise UnsupportedError(
            Problem(doc.locate("/swagger"), f"Swagger/OpenAPI {data['swagger']} is not supported", "convert it to OpenAPI 3.0 (e.g. with swagger2openapi)")
        )
    version = data.get("openapi")
    if version is None:
        raise SpecValidationError(Problem(doc.locate(""), "no `openapi` field: this is not an OpenAPI document", "add `openapi: 3.0.3` at the top"))
    if not (isinstance(version, str) and version.startswith("3.0.")):
        raise UnsupportedError(Problem(doc.locate("/openapi"), f"OpenAPI version {version!r} is not supported", "this generator reads OpenAPI 3.0.x documents"))

    problems = list(_check_root(doc))
    if problems:  # the validator below cannot walk a document whose skeleton is wrong
        raise SpecValidationError(problems)
    problems = list(_check_refs(doc))
    if problems:
        raise SpecValidationError(problems[:MAX_REPORTED])
    problems = list(_schema_errors(doc))
    problems += list(_house_rules(doc))
    if problems:
        raise SpecValidationError(problems[:MAX_REPORTED])


_ROOT_SHAPES = {"info": dict, "paths": dict, "components": dict, "servers": list, "tags": list, "security": list}


def _check_root(doc: Document) -> Iterator[Problem]:
    for key, kind in _ROOT_SHAPES.items():
        if key in doc.data and not isinstance(doc.data[key], kind):
            what = "mapping" if kind is dict else "list"
            yield Problem(doc.locate(f"/{key}"), f"`{key}` must be a {what}, not {type(doc.data[key]).__name__}",
                          "see the OpenAPI 3.0 specification for the root object")
    if isinstance(doc.data.get("components"), dict):
        for key, value in doc.data["components"].items():
            if not isinstance(value, dict):
                yield Problem(doc.locate(f"/components/{escape_token(key)}"), f"`components.{key}` must be a mapping, not {type(value).__name__}",
                              "see the OpenAPI 3.0 specification for the components object")


def resolve_pointer(data: Any, pointer: str) -> Any:
    """Follow a JSON pointer ('' or '/a/b'); raise KeyError if it leads nowhere."""
    node = data
    if not pointer:
        return node
    for raw in pointer.lstrip("/").split("/"):
        token = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(pointer)
    return node


def iter_refs(data: Any) -> Iterator[tuple[str, str]]:
    """Yield (pointer of the object holding $ref, ref value) for every $ref, iteratively."""
    stack: list[tuple[Any, str]] = [(data, "")]
    while stack:
        node, pointer = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref is not None:
                yield pointer, ref
            for key, value in node.items():
                if isinstance(value, (dict, list)):
                    stack.append((value, f"{pointer}/{escape_token(key)}"))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                if isinstance(value, (dict, list)):
                    stack.append((value, f"{pointer}/{index}"))


def _check_refs(doc: Document) -> Iterator[Problem]:
    cycles: set[frozenset[str]] = set()  # each cycle is reported once, at a $ref inside it
    for pointer, ref in sorted(iter_refs(doc.data)):
        where = doc.locate(f"{pointer}/$ref")
        if not isinstance(ref, str):
            yield Problem(where, "$ref must be a string", "write it as text, e.g. '#/components/schemas/Name'")
            continue
        if not ref.startswith("#"):
            kind = "a URL" if "://" in ref else "another file"
            yield Problem(
                where,
                f"$ref {ref!r} points to {kind}; only references inside this document are supported",
                "bundle the document first (e.g. `redocly bundle`) so every $ref starts with '#/'",
            )
            continue
        try:
            target_node = resolve_pointer(doc.data, ref[1:])
        except KeyError:
            yield Problem(where, f"$ref {ref!r} points to nothing", "fix the name or add the missing component")
            continue
        if not isinstance(target_node, dict):  # every referenceable OpenAPI object is a mapping
            yield Problem(where, f"$ref {ref!r} points to a {type(target_node).__name__}, not an object", "point it at a schema, parameter, response, ...")
            continue
        chain = [ref]
        target = ref
        while True:
            node = resolve_pointer(doc.data, target[1:])
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#")):
                break
            target = node["$ref"]
            if target in chain:
                members = frozenset(chain[chain.index(target):])
                if "#" + pointer in members and members not in cycles:
                    cycles.add(members)
                    yield Problem(where, f"$ref cycle: {' -> '.join(chain + [target])}", "a chain of references must end at a real definition")
                break
            chain.append(target)
            try:
                resolve_pointer(doc.data, target[1:])
            except KeyError:
                break  # reported where that $ref itself is written


def _schema_errors(doc: Document) -> Iterator[Problem]:
    from openapi_spec_validator import (
        OpenAPIV30SpecValidator,  # slow to import: only when needed
    )

    validator = OpenAPIV30SpecValidator(doc.data)
    try:
        errors = list(validator.iter_errors())
    except RecursionError:
        yield Problem(doc.locate(""), "the document is too deeply nested to validate", "flatten it with $ref")
        return
    except Exception as exc:  # the validator raises on shapes it cannot walk
        yield Problem(doc.locate(""), f"openapi-spec-validator could not check the document: {type(exc).__name__}: {str(exc)[:300]}", "fix the problems reported above first")
        return
    seen: set[str] = set()
    for error in errors:
        error = _most_specific(error)
        path = [escape_token(p) for p in getattr(error, "absolute_path", []) or []]
        pointer = "/" + "/".join(path) if path else ""
        message = str(getattr(error, "message", error)).split("\n", 1)[0]
        if message in seen:  # the validator reports some problems twice, once with a relative path
            continue
        seen.add(message)
        if message.startswith("Operation ID ") and message.endswith(" is not unique"):
            continue  # _house_rules reports it with the operation's location
        if message.startswith("Duplicate parameter ") or (pointer.endswith("/parameters") and message.endswith("has non-unique elements")):
            continue  # likewise, naming the parameter declared twice
        if len(message) > 300:
            message = message[:300] + "..."
        yield Problem(doc.locate(pointer), message, "see the OpenAPI 3.0 specification for this object")


def _most_specific(error: Any) -> Any:
    """For "is not valid under any of the given schemas" (a schema or a $ref, say), the
    deepest reason inside it; an alternative that merely lacks `$ref` explains nothing."""
    while getattr(error, "context", None):
        reasons = [c for c in error.context if c.message != "'$ref' is a required property"]
        if not reasons:
            break
        error = max(reasons, key=lambda c: len(list(c.absolute_path)))
    return error


def _duplicate_parameters(doc: Document, pointer: str, params: Any) -> Iterator[Problem]:
    seen: dict[tuple[str, str], int] = {}
    for index, raw in enumerate(params if isinstance(params, list) else []):
        param = _deref(doc.data, raw)[1]
        if not isinstance(param, dict) or not isinstance(param.get("name"), str) or not isinstance(param.get("in"), str):
            continue
        key = (param["name"], param["in"])
        if key in seen:
            yield Problem(doc.locate(f"{pointer}/parameters/{index}"),
                          f"{key[1]} parameter {key[0]!r} is declared twice (also at {pointer}/parameters/{seen[key]})",
                          "a parameter is identified by its name and location; keep one")
        else:
            seen[key] = index


def _kind(data: Any, schema: Any) -> str | None:
    """What a schema says its values are ("object", "string", "enum", ...), following $refs;
    None when it does not say (annotations only, or a composition)."""
    node = _deref(data, schema)[1]
    if not isinstance(node, dict):
        return None
    if isinstance(node.get("enum"), list):
        return "enum"
    if isinstance(node.get("type"), str):
        return str(node["type"])
    return "object" if "properties" in node or "additionalProperties" in node else None


def _allof_conflicts(doc: Document) -> Iterator[Problem]:
    """allOf means every member holds at once; members of different kinds (an enum and an
    object, a string and an array) describe no value at all and no class can model them."""
    roots = [(f"/components/schemas/{escape_token(k)}", v) for k, v in ((doc.data.get("components") or {}).get("schemas") or {}).items()]
    for path, item in (doc.data.get("paths") or {}).items():
        for method, op in (item.items() if isinstance(item, dict) else ()):
            for status, response in ((op.get("responses") or {}).items() if isinstance(op, dict) and isinstance(op.get("responses"), dict) else ()):
                for media, spec in ((response.get("content") or {}).items() if isinstance(response, dict) and isinstance(response.get("content"), dict) else ()):
                    if isinstance(spec, dict):
                        roots.append((f"/paths/{escape_token(path)}/{method}/responses/{escape_token(status)}/content/{escape_token(media)}/schema", spec.get("schema")))
            body = op.get("requestBody") if isinstance(op, dict) else None
            for media, spec in ((body.get("content") or {}).items() if isinstance(body, dict) and isinstance(body.get("content"), dict) else ()):
                if isinstance(spec, dict):
                    roots.append((f"/paths/{escape_token(path)}/{method}/requestBody/content/{escape_token(media)}/schema", spec.get("schema")))
    for root, schema in roots:
        for where, node, _ in iter_schema_nodes(root, schema):
            members = node.get("allOf")
            if not isinstance(members, list):
                continue
            kinds = {k for m in members if (k := _kind(doc.data, m)) is not None}
            if kinds in ({"enum", "string"}, {"enum", "integer"}, {"integer", "number"}, {"enum", "number"}, {"enum", "boolean"}):
                continue  # an enum of that type, or an integer that is also a number: fine
            if len(kinds) > 1:
                yield Problem(doc.locate(f"{where}/allOf"), f"allOf combines {' and '.join(sorted(kinds))}; no value is all of these",
                              "use oneOf/anyOf for alternatives, or make the members agree on the type")


def _declares(data: Any, schema: Any, prop: str, depth: int = 0) -> bool:
    """Whether `schema` (or an allOf member, following $refs) declares property `prop`."""
    node = _deref(data, schema)[1]
    if not isinstance(node, dict) or depth > 32:
        return False
    if isinstance(node.get("properties"), dict) and prop in node["properties"]:
        return True
    members = node.get("allOf") if isinstance(node.get("allOf"), list) else []  # house rules also see invalid documents
    return any(_declares(data, member, prop, depth + 1) for member in members)


def _discriminators(doc: Document) -> Iterator[Problem]:
    """A discriminated union needs its tag property in every member (OpenAPI says so, and
    the pydantic union built from it cannot exist otherwise)."""
    for name, schema in ((doc.data.get("components") or {}).get("schemas") or {}).items():
        for where, node, _ in iter_schema_nodes(f"/components/schemas/{escape_token(name)}", schema):
            discriminator = node.get("discriminator")
            if not isinstance(discriminator, dict):
                continue
            prop = discriminator.get("propertyName")
            if not isinstance(prop, str) or not prop:
                yield Problem(doc.locate(f"{where}/discriminator/propertyName"), "discriminator.propertyName must name a property",
                              "set it to the property that tells the members apart, e.g. `kind`")
                continue
            members = [m for key in ("oneOf", "anyOf") if isinstance(node.get(key), list) for m in node[key]]
            for index, member in enumerate(members):
                if not _declares(doc.data, member, prop):
                    label = member.get("$ref") if isinstance(member, dict) and isinstance(member.get("$ref"), str) else f"member {index}"
                    yield Problem(doc.locate(f"{where}/discriminator/propertyName"), f"discriminator property {prop!r} is not declared by {label}",
                                  "declare the property in every member of the union")


def _house_rules(doc: Document) -> Iterator[Problem]:
    yield from _allof_conflicts(doc)
    yield from _discriminators(doc)
    seen: dict[str, str] = {}
    paths = doc.data.get("paths")
    if not isinstance(paths, dict):  # the schema check has reported it
        return
    for path, item in paths.items():
        if not isinstance(item, dict):
            continue
        yield from _duplicate_parameters(doc, f"/paths/{escape_token(path)}", item.get("parameters"))
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            pointer = f"/paths/{escape_token(path)}/{method}"
            yield from _duplicate_parameters(doc, pointer, operation.get("parameters"))
            op_id = operation.get("operationId")
            if isinstance(op_id, str):
                if op_id in seen:
                    yield Problem(doc.locate(f"{pointer}/operationId"), f"operationId {op_id!r} is also used at {seen[op_id]}", "operationIds must be unique")
                else:
                    seen[op_id] = pointer


# -- valid, but approximated by the generated client ---------------------------------------------
# Not errors: the document is fine, and the client is still generated. Each is reported
# with its location (the IR stage issues them as SpecWarning), so nothing is skipped silently.
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


def allof_bases(data: Any) -> set[str]:
    """Component schema names used as a member of an allOf that composes (see _composes):
    such a base may legitimately require what a sibling member declares."""
    bases: set[str] = set()
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            members = node.get("allOf")
            if isinstance(members, list) and _composes(members):
                for member in members:
                    ref = member.get("$ref") if isinstance(member, dict) else None
                    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                        bases.add(ref[len("#/components/schemas/"):].replace("~1", "/").replace("~0", "~"))
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
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
                stack.extend((f"{where}/{key}/{escape_token(k)}", v, False) for k, v in value.items())
            elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
                stack.append((f"{where}/{key}", value, False))
            elif key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
                shared = key == "allOf" and _composes(value)
                stack.extend((f"{where}/{key}/{i}", v, shared) for i, v in enumerate(value))


def approximations(doc: Document, auth_header: str, auth_prefix: str) -> list[Problem]:
    """What the generated client does not do exactly as the document says, located."""
    from .ir.build import (
        _pick_media,  # the IR's choice of request media type; imported late (cycle)
    )

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
        item_pointer = f"/paths/{escape_token(path)}"
        shared = [(f"{item_pointer}/parameters/{i}", p) for i, p in enumerate(item.get("parameters") or [])]
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            pointer = f"{item_pointer}/{method}"
            own = [(f"{pointer}/parameters/{i}", p) for i, p in enumerate(op.get("parameters") or [])]
            for where, param in shared + own:
                _check_parameter(data, where, param, note)
            body = _deref(data, op.get("requestBody"))[1]
            content = body.get("content") if isinstance(body, dict) else None
            if isinstance(content, dict) and len(content) > 1:
                chosen = _pick_media(content)
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
        _check_schema(f"/components/schemas/{escape_token(name)}", schema, note, bases)
    for name, body in (components.get("requestBodies") or {}).items():
        if isinstance(body, dict):
            _check_schema(f"/components/requestBodies/{escape_token(name)}", body, note, bases, media_level=True)
    responses = {k: v for k, v in (components.get("responses") or {}).items() if isinstance(v, dict)}
    _check_schema("/components/responses", responses, note, bases, media_level=True)
    return [found[p] for p in sorted(found)]


def _deref(data: Any, node: Any) -> tuple[str | None, Any]:
    """(pointer of the final target or None if inline, the target) following local $refs."""
    target: str | None = None
    for _ in range(64):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#")):
            break
        target = node["$ref"][1:]
        try:
            node = resolve_pointer(data, target)
        except KeyError:
            return target, None
    return target, node


def _check_parameter(data: Any, where: str, raw: Any, note: Any) -> None:
    target, param = _deref(data, raw)
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
    schema = _deref(data, param.get("schema"))[1]
    kind = schema.get("type") if isinstance(schema, dict) else None
    items = _deref(data, schema.get("items"))[1] if kind == "array" and isinstance(schema, dict) else None
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
                    prefix = f"{pointer}/{escape_token(status)}" if status else pointer
                    roots.append((f"{prefix}/content/{escape_token(media)}/schema", spec["schema"]))
    for root, node in roots:
        exempt = root.startswith("/components/schemas/") and root.count("/") == 3 and \
            root.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~") in bases
        for where, item, skip in iter_schema_nodes(root, node, exempt):
            values = item.get("enum")
            if isinstance(values, list) and enum_kind(values) is None:
                note(f"{where}/enum", "an enum of numbers, booleans or mixed types becomes its plain type in the models",
                     "the reference still lists the values; use strings or integers for a Python enum")
            for name in [] if skip else undeclared_required(item):
                note(f"{where}/required", f"required property {name!r} is not declared in properties; the model does not require it",
                     "declare the property, or remove it from `required`")
