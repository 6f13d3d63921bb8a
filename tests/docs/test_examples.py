"""The example values behind the request samples (generator/ir/examples.py), from inline
schema fragments, and as they reach the IR."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from generator.ir import build
from generator.ir.examples import example, parameter_example, to_json_text
from generator.load import load

COMPONENTS: dict[str, Any] = {
    "Pet": {"type": "object", "properties": {"id": {"type": "integer", "readOnly": True}, "name": {"type": "string"}, "tag": {"$ref": "#/components/schemas/Tag"}}},
    "Tag": {"type": "string", "enum": ["a", "b"]},
    "Node": {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Node"}}},
}


def deref(node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        node = COMPONENTS[node["$ref"].rsplit("/", 1)[1]]
    return node


def test_spec_values_win() -> None:
    assert example({"type": "string", "example": "given"}, deref) == "given"
    assert example({"type": "integer", "default": 7}, deref) == 7
    assert example({"type": "string", "enum": [None, "x", "y"]}, deref) == "x"


def test_types_formats_and_bounds() -> None:
    assert example({"type": "string"}, deref) == "string"
    assert example({"type": "string", "format": "date-time"}, deref) == "2019-08-24T14:15:22Z"
    assert example({"type": "string", "format": "binary"}, deref) == "file.bin"
    assert example({"type": "string", "minLength": 10}, deref) == "stringxxxx"
    assert example({"type": "string", "maxLength": 3}, deref) == "str"
    assert example({"type": "integer", "minimum": 5}, deref) == 5
    assert example({"type": "integer", "minimum": 0, "exclusiveMinimum": True}, deref) == 1
    assert example({"type": "integer", "maximum": -3}, deref) == -3
    assert example({"type": "number"}, deref) == 0.0
    assert example({"type": "boolean"}, deref) is True
    assert example({"type": "array", "items": {"type": "integer"}, "minItems": 2}, deref) == [0, 0]
    assert example({"type": "object", "additionalProperties": {"type": "integer"}}, deref) == {"key": 0}


def test_objects_follow_refs_and_skip_read_only_in_requests() -> None:
    pet = {"$ref": "#/components/schemas/Pet"}
    assert example(pet, deref) == {"name": "Example name", "tag": "a"}
    assert example(pet, deref, for_request=False) == {"id": 0, "name": "Example name", "tag": "a"}


def test_compositions_and_recursion() -> None:
    merged = {"allOf": [{"$ref": "#/components/schemas/Pet"}, {"type": "object", "properties": {"extra": {"type": "boolean"}}}]}
    assert example(merged, deref) == {"name": "Example name", "tag": "a", "extra": True}
    assert example({"oneOf": [{"type": "integer"}, {"type": "string"}]}, deref) == 0
    # a self-referencing schema ends instead of recursing forever
    assert example({"$ref": "#/components/schemas/Node"}, deref) == {"child": {}}


def test_names_pick_likelier_values() -> None:
    """Where the schema says only "string" or "number", the property name picks the value."""
    ids = [example({"type": "string"}, deref, name=n) for n in ("modelId", "projectId")]
    assert all(len(i) == 24 and int(i, 16) >= 0 for i in ids) and ids[0] != ids[1]
    assert example({"type": "string"}, deref, name="createdAt") == "2019-08-24T14:15:22Z"
    assert example({"type": "string"}, deref, name="location").startswith("https://")
    assert example({"type": "string"}, deref, name="userEmail") == "user@example.com"
    assert example({"type": "string"}, deref, name="modelType") == "model type"
    assert example({"type": "number", "maximum": 50}, deref, name="samplePct") == 50
    assert example({"type": "string", "format": "date"}, deref, name="modelId") == "2019-08-24"  # a format wins
    assert example({"type": "array", "items": {"type": "string"}}, deref, name="modelIds")[0] == example({"type": "string"}, deref, name="modelId")


def test_parameters_get_readable_placeholders() -> None:
    assert parameter_example("projectId", {"type": "string"}, deref) == "PROJECT_ID"
    assert parameter_example("q|`<x>`", {"type": "string"}, deref).isupper()
    assert parameter_example("count", {"type": "integer", "minimum": 1}, deref) == 10
    assert parameter_example("limit", {"type": "integer", "minimum": 1, "maximum": 50}, deref) == 50  # the hint, within bounds
    assert parameter_example("offset", {"type": "integer", "minimum": 1}, deref) == 1
    assert parameter_example("other", {"type": "integer", "minimum": 1}, deref) == 1
    assert parameter_example("sort", {"type": "string", "enum": ["asc", "desc"]}, deref) == "asc"


def test_json_text_survives_yaml_values() -> None:
    import datetime

    assert json.loads(to_json_text({"when": datetime.date(2020, 1, 2), "n": float("inf")})) == {"when": "2020-01-02", "n": "inf"}


def test_examples_reach_the_ir(tmp_path: Path) -> None:
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/pets/{petId}": {
                "put": {
                    "operationId": "putPet",
                    "parameters": [
                        {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}},
                        {"name": "dryRun", "in": "query", "example": True, "schema": {"type": "boolean"}},
                    ],
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}},
                    "responses": {"204": {"description": "done"}},
                }
            }
        },
        "components": {"schemas": COMPONENTS},
    }
    path = tmp_path / "spec.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    op = build(load(path)).operations[0]
    assert [json.loads(p.example) for p in op.parameters] == ["PET_ID", True]
    assert op.body is not None and json.loads(op.body.example) == {"name": "Example name", "tag": "a"}
