"""Check that a loaded document is an OpenAPI 3.0 document this generator can use, and
say what it must leave out to use it.

Validation has three concerns, one module each, run in this order:

1. the document (this module): the root's shape and version, then, after references,
   openapi-spec-validator over the whole document (spec_validator.py) and the house
   rules (unique operationIds, no parameter declared twice, allOf members that agree);
2. references (references.py): every `$ref` local, resolvable, and no pure cycles;
3. conformance (conformance.py): flaws the generator works around by leaving one
   construct out (a pattern Python cannot compile, a default its schema rejects ...).

Fatal problems raise one SpecValidationError listing them all; conformance problems come
back, with the relaxed copy of the document, for the caller to print or to refuse
(`--strict`). The model-shape approximations of a valid document are approximate.py's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from . import pointer as jp
from .approximate import (  # re-exported: generator/models.py and ir/build.py import them from here
    HTTP_METHODS,
    allof_bases,
    approximations,
    enum_kind,
    iter_schema_nodes,
    undeclared_required,
)
from .conformance import Relaxation, find, relax
from .errors import Problem, SpecValidationError, UnsupportedError
from .load import Document
from .references import check_refs, deref, iter_refs
from .spec_validator import schema_errors

__all__ = ["HTTP_METHODS", "Validated", "allof_bases", "approximations", "enum_kind", "iter_refs", "iter_schema_nodes",
           "resolve_pointer", "schema_problems", "undeclared_required", "validate"]

MAX_REPORTED = 50


def resolve_pointer(data: Any, pointer: str) -> Any:
    """The node at a JSON pointer (no percent-decoding: see pointer.resolve_ref for a `$ref`)."""
    return jp.resolve(data, pointer)


@dataclass
class Validated:
    """A usable document: `document` is the one to generate from (without what
    `relaxations` leave out); each relaxation carries its located problem."""

    document: Document
    relaxations: list[Relaxation] = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return [r.problem for r in self.relaxations]


def validate(doc: Document, *, defer_schema_check: bool = False) -> Validated:
    """Raise SpecValidationError (or UnsupportedError) with every fatal problem; else the
    document to generate from and the conformance problems worked around.

    With `defer_schema_check`, openapi-spec-validator (the one slow check, whose verdict
    changes nothing the later stages read) is left to the caller, who runs
    `schema_problems(result.document)` beside generation and must refuse the document if it
    finds any; the problems reported are then exactly those of an undeferred run."""
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
    problems = list(check_refs(doc))
    if problems:
        raise SpecValidationError(problems[:MAX_REPORTED])
    relaxations = find(doc)
    relaxed = relax(doc, relaxations)
    house = list(_house_rules(relaxed))
    if defer_schema_check and not house:
        return Validated(relaxed, relaxations)
    problems = schema_problems(relaxed) + house
    if problems:
        raise SpecValidationError(problems[:MAX_REPORTED])
    return Validated(relaxed, relaxations)


def schema_problems(relaxed: Document) -> list[Problem]:
    """openapi-spec-validator's problems with a document `validate` accepted (or relaxed)."""
    return list(schema_errors(relaxed))


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
                yield Problem(doc.locate(f"/components/{jp.escape(key)}"), f"`components.{key}` must be a mapping, not {type(value).__name__}",
                              "see the OpenAPI 3.0 specification for the components object")


def _duplicate_parameters(doc: Document, pointer: str, params: Any) -> Iterator[Problem]:
    seen: dict[tuple[str, str], int] = {}
    for index, raw in enumerate(params if isinstance(params, list) else []):
        param = deref(doc.data, raw)[1]
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
    node = deref(data, schema)[1]
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
    roots = [(f"/components/schemas/{jp.escape(k)}", v) for k, v in ((doc.data.get("components") or {}).get("schemas") or {}).items()]
    for path, item in (doc.data.get("paths") or {}).items():
        for method, op in (item.items() if isinstance(item, dict) else ()):
            for status, response in ((op.get("responses") or {}).items() if isinstance(op, dict) and isinstance(op.get("responses"), dict) else ()):
                for media, spec in ((response.get("content") or {}).items() if isinstance(response, dict) and isinstance(response.get("content"), dict) else ()):
                    if isinstance(spec, dict):
                        roots.append((f"/paths/{jp.escape(path)}/{method}/responses/{jp.escape(status)}/content/{jp.escape(media)}/schema", spec.get("schema")))
            body = op.get("requestBody") if isinstance(op, dict) else None
            for media, spec in ((body.get("content") or {}).items() if isinstance(body, dict) and isinstance(body.get("content"), dict) else ()):
                if isinstance(spec, dict):
                    roots.append((f"/paths/{jp.escape(path)}/{method}/requestBody/content/{jp.escape(media)}/schema", spec.get("schema")))
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


def _discriminators(doc: Document) -> Iterator[Problem]:
    """A discriminator must name its property (that every member of the union declares it
    is a conformance check: conformance.py drops a discriminator some member lacks)."""
    for name, schema in ((doc.data.get("components") or {}).get("schemas") or {}).items():
        for where, node, _ in iter_schema_nodes(f"/components/schemas/{jp.escape(name)}", schema):
            discriminator = node.get("discriminator")
            if not isinstance(discriminator, dict):
                continue
            prop = discriminator.get("propertyName")
            if not isinstance(prop, str) or not prop:
                yield Problem(doc.locate(f"{where}/discriminator/propertyName"), "discriminator.propertyName must name a property",
                              "set it to the property that tells the members apart, e.g. `kind`")


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
        yield from _duplicate_parameters(doc, f"/paths/{jp.escape(path)}", item.get("parameters"))
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            pointer = f"/paths/{jp.escape(path)}/{method}"
            yield from _duplicate_parameters(doc, pointer, operation.get("parameters"))
            op_id = operation.get("operationId")
            if isinstance(op_id, str):
                if op_id in seen:
                    yield Problem(doc.locate(f"{pointer}/operationId"), f"operationId {op_id!r} is also used at {seen[op_id]}", "operationIds must be unique")
                else:
                    seen[op_id] = pointer


