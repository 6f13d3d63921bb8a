"""Names from the document that collide with Python's or ours (issue 13, point 3): schema,
property, tag, operation and parameter names that shadow builtins, keywords, the
runtime's names or the package's own modules, and documents with no component schemas.
Each case is a minimal document; the generated package must import, and every operation
must be reachable as a method of both clients.

These tests describe what the IR/naming rewrite (generator/ir/naming.py, ir/nodes.py,
models.py) has to make true; on the `realworld` branch some of them fail (see
_notes/realworld.md), and the lead makes them pass after merging.
"""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from pathlib import Path
from typing import Any

import pytest

from .realworld_support import generate, package_of
from .support import PYTHON, import_all, minimal_spec

BUILTIN_AND_RUNTIME = ["Warning", "Exception", "str", "list", "type", "object", "Any", "Optional", "BaseModel", "Field",
                       "Client", "AsyncClient", "Settings", "Page", "Job", "APIStatusError", "httpx", "pydantic"]
MODULE_NAMES = ["types", "resources", "_models", "_client", "_base_client", "_errors", "__init__"]
KEYWORDS = ["class", "None", "True", "import", "match", "type_"]

# Call every operation of both clients through a transport that answers 204 (no network),
# and print the method paths reached; used to check that each operation is a method.
_CALL_ALL = textwrap.dedent(
    """
    import asyncio, inspect, json, sys
    import httpx
    package = __import__(sys.argv[1])
    from_base = __import__(sys.argv[1] + "._base_client", fromlist=["SyncAPIClient"]).SyncAPIClient
    cls = next(c for n in package.__all__ if isinstance(c := getattr(package, n), type) and issubclass(c, from_base) and c is not from_base)
    reached = []
    transport = httpx.MockTransport(lambda request: httpx.Response(204))
    client = cls(endpoint="http://127.0.0.1:9", token="t", http_client=httpx.Client(transport=transport))
    for attr in sorted(vars(type(client))):
        import functools
        resource = getattr(client, attr) if not attr.startswith("_") and isinstance(getattr(type(client), attr, None), functools.cached_property) else None
        if resource is None or "Resource" not in type(resource).__name__:
            continue
        for name, method in inspect.getmembers(resource, inspect.ismethod):
            if name.startswith("_"):
                continue
            required = [p for p in inspect.signature(method).parameters.values() if p.default is inspect.Parameter.empty and p.kind is p.POSITIONAL_OR_KEYWORD]
            method(*["x"] * len(required))
            reached.append(f"{attr}.{name}")
    print(json.dumps(sorted(reached)))
    """
)


def generated_ok(tmp_path: Path, spec: dict[str, Any]) -> tuple[Path, str, list[str]]:
    result = generate(tmp_path, spec)
    assert result.code == 0, result.stderr
    client_dir, package = package_of(result)
    import_all(client_dir, package)
    proc = subprocess.run(
        [PYTHON, "-c", _CALL_ALL, package], cwd=client_dir, capture_output=True, text=True, check=False, timeout=120,
        env={**os.environ, "PYTHONPATH": str(client_dir), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return client_dir, package, json.loads(proc.stdout.strip().splitlines()[-1])


def operations(spec: dict[str, Any]) -> int:
    return sum(1 for item in spec["paths"].values() for m in item if m in ("get", "put", "post", "delete", "patch"))


@pytest.mark.parametrize("names", [BUILTIN_AND_RUNTIME, MODULE_NAMES, KEYWORDS], ids=["builtins-runtime", "modules", "keywords"])
def test_schema_names(tmp_path: Path, names: list[str]) -> None:
    spec = minimal_spec()
    schemas = spec["components"]["schemas"]
    for name in names:
        schemas[name] = {"type": "object", "properties": {"n": {"type": "string"}}}
    schemas["Thing"]["properties"].update({f"p{i}": {"$ref": f"#/components/schemas/{n}"} for i, n in enumerate(names)})
    for name in names:  # each also used directly by an operation
        spec["paths"][f"/{name.strip('_')}x"] = {"get": {"operationId": f"get{name.strip('_')}X", "responses": {
            "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}}}}
    _, _, reached = generated_ok(tmp_path, spec)
    assert len(reached) == operations(spec)


def test_property_names(tmp_path: Path) -> None:
    spec = minimal_spec()
    names = ["self", "model_config", "model_fields", "model_dump", "json", "dict", "copy", "schema", "validate", "construct",
             "class", "from", "None", "type", "Field", "BaseModel", "__init__", "_private", "123", ""]
    spec["components"]["schemas"]["Thing"]["properties"] = {n: {"type": "string"} for n in names}
    generated_ok(tmp_path, spec)


def test_tag_names(tmp_path: Path) -> None:
    spec = minimal_spec()
    tags = ["types", "resources", "_base_client", "client", "close", "with", "request", "settings", "Default", "default", "__init__"]
    for index, tag in enumerate(tags):
        spec["paths"][f"/t{index}"] = {"get": {"operationId": f"op{index}", "tags": [tag], "responses": {"204": {"description": "ok"}}}}
    _, _, reached = generated_ok(tmp_path, spec)
    assert len(reached) == operations(spec)


def test_operation_names(tmp_path: Path) -> None:
    spec = minimal_spec()
    ids = ["close", "request", "__init__", "class", "import", "_client", "with_raw_response", "get", "str", "None", "type"]
    for index, op_id in enumerate(ids):
        spec["paths"][f"/o{index}"] = {"get": {"operationId": op_id, "tags": ["Things"], "responses": {"204": {"description": "ok"}}}}
    _, _, reached = generated_ok(tmp_path, spec)
    assert len(reached) == operations(spec)


def test_parameter_names(tmp_path: Path) -> None:
    spec = minimal_spec()
    names = ["timeout", "self", "body", "extra_headers", "extra_query", "httpx", "Mapping", "cast", "_cast", "str", "None",
             "class", "async", "await", "list", "Any"]
    params = [{"name": n, "in": "query", "schema": {"type": "string"}} for n in names]
    spec["paths"]["/p"] = {"post": {"operationId": "manyParams", "tags": ["Things"], "parameters": params,
                                    "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                                    "responses": {"204": {"description": "ok"}}}}
    generated_ok(tmp_path, spec)


@pytest.mark.parametrize("components", [None, {}, {"schemas": {}}, {"securitySchemes": {"k": {"type": "apiKey", "in": "header", "name": "X-Key"}}}],
                         ids=["no-components", "empty-components", "empty-schemas", "only-security"])
def test_no_component_schemas(tmp_path: Path, components: dict[str, Any] | None) -> None:
    spec = minimal_spec()
    if components is None:
        del spec["components"]
    else:
        spec["components"] = components
    spec["paths"]["/things/{thingId}"]["get"]["responses"] = {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "string"}}}}}
    _, _, reached = generated_ok(tmp_path, spec)
    assert reached == ["things.get_thing"]


def test_no_schemas_at_all(tmp_path: Path) -> None:
    spec = minimal_spec()
    del spec["components"]
    spec["paths"]["/things/{thingId}"]["get"]["responses"] = {"204": {"description": "gone"}}
    _, _, reached = generated_ok(tmp_path, spec)
    assert reached == ["things.get_thing"]


def test_inline_object_properties_named_like_builtins(tmp_path: Path) -> None:
    """SendGrid: an inline object under a property called `warning` must not become a model
    class `Warning` that shadows the builtin (the package then fails to import)."""
    spec = minimal_spec()
    inline = {"type": "object", "properties": {"message": {"type": "string"}}}
    spec["components"]["schemas"]["Thing"]["properties"].update(
        {name: dict(inline) for name in ("warning", "exception", "str", "list", "field", "base_model", "client")})
    spec["components"]["schemas"]["Thing"]["properties"]["warnings"] = {"type": "array", "items": dict(inline)}
    generated_ok(tmp_path, spec)
