"""Build, from the IR and the raw spec, a valid call of every operation of the generated
client: path parameters, query parameters (required only, or all of them) and a request
body (required properties only, or every property), plus what the result must look like.
"""

from __future__ import annotations

import io
import typing
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator.ir import build
from generator.ir.nodes import Api, Operation, Resource
from generator.load import load
from generator.validate import resolve_pointer, validate

from .schema_instance import SchemaInstances

SPEC = Path(__file__).resolve().parents[2] / "spec" / "openapi.yaml"
RATING_TABLE_CSV = b"Feature Name,Type,Coefficient\r\nage,numeric,0.25\r\n\xff\xfe binary tail\r\n"


@cache
def spec() -> tuple[dict[str, Any], Api]:
    document = load(SPEC)
    validate(document)
    return document.data, build(document)


def operations() -> list[tuple[Resource, Operation]]:
    _, api = spec()
    return [(r, op) for r in api.resources for op in r.operations]


@dataclass
class Call:
    resource: str
    method: str
    args: list[Any]
    kwargs: dict[str, Any]


def raw_parameters(op: Operation) -> dict[tuple[str, str], dict[str, Any]]:
    data, _ = spec()
    instances = SchemaInstances(data)
    item = data["paths"][op.path]
    raw = [instances.deref(p) for p in item.get("parameters") or []]
    raw += [instances.deref(p) for p in item[op.http_method.lower()].get("parameters") or []]
    return {(p["name"], p["in"]): p for p in raw}


def body_schema(op: Operation) -> dict[str, Any]:
    data, _ = spec()
    assert op.body is not None
    node = resolve_pointer(data, op.pointer[1:] if op.pointer.startswith("#") else op.pointer)
    return node["requestBody"]["content"][op.body.media_type]["schema"]  # type: ignore[no-any-return]


def path_value(name: str) -> str:
    return f"{name}-5f2b1c"


def build_call(resource: Resource, op: Operation, *, full: bool, types_module: Any) -> Call:
    data, _ = spec()
    instances = SchemaInstances(data)
    raw = raw_parameters(op)
    args = [path_value(p.name) for p in op.path_params]
    kwargs: dict[str, Any] = {}
    for p in op.other_params:
        if (p.required and p.default is None) or full:  # minimal: what the method cannot do without
            kwargs[p.py_name] = instances.instance(raw[(p.name, p.location)].get("schema") or {}, full=True)
    if op.body and (full or op.body.required or op.body.encoding == "multipart"):
        schema = body_schema(op)
        value = instances.instance(schema, full=full, binary=RATING_TABLE_CSV)
        if op.body.model and full:
            value = getattr(types_module, op.body.model).model_validate(value)
        kwargs["body"] = value
    if op.result.kind == "binary":
        kwargs["destination"] = io.BytesIO()
    return Call(resource.attr_name, op.method_name, args, kwargs)


def resolve_type(annotation: str, types_module: Any) -> Any:
    """The runtime type for an annotation string such as ``list[ModelDetailsResponse]``."""
    namespace = {**vars(types_module), "list": list, "dict": dict, "Any": Any}
    return eval(annotation, namespace)  # noqa: S307 - annotations come from our own IR


def check_instance(value: Any, annotation: str, types_module: Any) -> None:
    expected = resolve_type(annotation, types_module)
    origin = typing.get_origin(expected)
    if origin is list:
        assert isinstance(value, list), f"expected a list, got {type(value).__name__}"
        (item,) = typing.get_args(expected)
        assert all(isinstance(v, item) for v in value), f"items are not {item.__name__}: {value!r:.300}"
    else:
        assert isinstance(value, expected), f"expected {annotation}, got {type(value).__name__}: {value!r:.300}"
