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

    problems = list(_check_refs(doc))
    if problems:
        raise SpecValidationError(problems[:MAX_REPORTED])
    problems = list(_schema_errors(doc))
    problems += list(_house_rules(doc))
    if problems:
        raise SpecValidationError(problems[:MAX_REPORTED])


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
    for pointer, ref in sorted(iter_refs(doc.data)):
        where = doc.locate(f"{pointer}/$ref")
        if not isinstance(ref, str):
            yield Problem(where, "$ref must be a string")
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
            resolve_pointer(doc.data, ref[1:])
        except KeyError:
            yield Problem(where, f"$ref {ref!r} points to nothing", "fix the name or add the missing component")
            continue
        chain = [ref]
        target = ref
        while True:
            node = resolve_pointer(doc.data, target[1:])
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#")):
                break
            target = node["$ref"]
            if target in chain:
                yield Problem(where, f"$ref cycle: {' -> '.join(chain + [target])}", "a chain of references must end at a real definition")
                break
            chain.append(target)
            try:
                resolve_pointer(doc.data, target[1:])
            except KeyError:
                break  # reported where that $ref itself is written


def _schema_errors(doc: Document) -> Iterator[Problem]:
    from openapi_spec_validator import OpenAPIV30SpecValidator  # slow to import: only when needed

    validator = OpenAPIV30SpecValidator(doc.data)
    try:
        errors = list(validator.iter_errors())
    except RecursionError:
        yield Problem(doc.locate(""), "the document is too deeply nested to validate", "flatten it with $ref")
        return
    except Exception as exc:  # the validator raises on shapes it cannot walk
        yield Problem(doc.locate(""), f"openapi-spec-validator could not check the document: {type(exc).__name__}: {str(exc)[:300]}", "fix the problems reported above first")
        return
    for error in errors:
        path = [escape_token(p) for p in getattr(error, "absolute_path", []) or []]
        pointer = "/" + "/".join(path) if path else ""
        message = str(getattr(error, "message", error)).split("\n", 1)[0]
        if len(message) > 300:
            message = message[:300] + "..."
        yield Problem(doc.locate(pointer), message, "see the OpenAPI 3.0 specification for this object")


def _house_rules(doc: Document) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for path, item in (doc.data.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            pointer = f"/paths/{escape_token(path)}/{method}"
            op_id = operation.get("operationId")
            if isinstance(op_id, str):
                if op_id in seen:
                    yield Problem(doc.locate(f"{pointer}/operationId"), f"operationId {op_id!r} is also used at {seen[op_id]}", "operationIds must be unique")
                else:
                    seen[op_id] = pointer
