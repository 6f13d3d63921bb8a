"""The class-naming rule (ir/naming.py) on IR built from small spec fragments: names come
from the place in the spec, collisions are settled by one rule, and no name depends on the
order in which the generator meets schemas."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

from generator.ir import Api, build
from generator.load import load


def api_of(spec: dict[str, Any], folder: Path, name: str = "spec") -> Api:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return build(load(path))


def spec_with(schemas: dict[str, Any], paths: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths or {}, "components": {"schemas": schemas}}


OBJECT = {"type": "object", "properties": {"x": {"type": "string"}}}


def names(api: Api) -> dict[str, str]:
    return {t.pointer: t.class_name for t in api.types}


def test_inline_schemas_are_named_from_their_place(tmp_path: Path) -> None:
    schemas = {
        "Model": {"type": "object", "properties": {
            "capabilities": OBJECT,
            "kind": {"type": "string", "enum": ["a", "b"]},
            "items": {"type": "array", "items": {"type": "object", "properties": {"tags": {"type": "object", "additionalProperties": OBJECT}}}},
            "either": {"oneOf": [{"$ref": "#/components/schemas/Other"}, OBJECT]},
        }},
        "Other": OBJECT,
    }
    paths = {"/m": {"post": {"operationId": "make-model", "requestBody": {"content": {"application/json": {"schema": OBJECT}}},
                             "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
                                 "type": "array", "items": OBJECT}}}}}}}}
    found = names(api_of(spec_with(schemas, paths), tmp_path))
    base = "/components/schemas/Model/properties"
    assert found[f"{base}/capabilities"] == "ModelCapabilities"
    assert found[f"{base}/kind"] == "ModelKind"
    assert found[f"{base}/items/items"] == "ModelItemsItem"
    assert found[f"{base}/items/items/properties/tags/additionalProperties"] == "ModelItemsItemTagsValue"
    assert found[f"{base}/either/oneOf/1"] == "ModelEitherOption2"
    assert found["/paths/~1m/post/requestBody/content/application~1json/schema"] == "MakeModelRequest"
    assert found["/paths/~1m/post/responses/200/content/application~1json/schema/items"] == "MakeModelResponseItem"


def test_collisions_keep_components_and_settle_by_place(tmp_path: Path) -> None:
    schemas = {
        "A": {"type": "object", "properties": {"bC": OBJECT, "kind": {"type": "string", "enum": ["x"]}}},
        "AB": {"type": "object", "properties": {"c": OBJECT}},
        "AKind": OBJECT,  # a component owns the name its inline neighbour would take
        "Warning": OBJECT,  # a builtin
        "Client": OBJECT,  # one of the client's public names
    }
    found = names(api_of(spec_with(schemas), tmp_path))
    assert found["/components/schemas/AKind"] == "AKind"
    assert found["/components/schemas/A/properties/kind"] == "AKindEnum"
    assert found["/components/schemas/Warning"] == "WarningModel"
    assert found["/components/schemas/Client"] == "ClientModel"
    # A.bC and AB.c both want "ABC": the place that sorts first by JSON pointer keeps it
    assert found["/components/schemas/A/properties/bC"] == "ABC"
    assert found["/components/schemas/AB/properties/c"] == "ABCModel"


def test_names_do_not_depend_on_the_order_of_the_spec(tmp_path: Path) -> None:
    schemas = {
        "A": {"type": "object", "properties": {"bC": OBJECT}},
        "AB": {"type": "object", "properties": {"c": OBJECT}},
        "Z": {"type": "object", "properties": {"k": {"type": "string", "enum": ["1"]}, "o": OBJECT}},
    }
    forward = names(api_of(spec_with(schemas), tmp_path, "forward"))
    backward = names(api_of(spec_with(dict(reversed(list(schemas.items())))), tmp_path, "backward"))
    assert forward == backward


def test_one_schema_reached_twice_is_one_class(tmp_path: Path) -> None:
    schemas = {"Page": {"type": "object", "properties": {"next": {"type": "string"}, "data": {"type": "array", "items": OBJECT}}}}
    response = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}}}
    paths = {"/a": {"get": {"operationId": "listA", "responses": response}}, "/b": {"get": {"operationId": "listB", "responses": response}}}
    api = api_of(spec_with(schemas, paths), tmp_path)
    items = {op.result.item for op in api.operations}
    assert items == {"PageDataItem"}
    assert [t.class_name for t in api.types].count("PageDataItem") == 1


def test_shapes_the_model_generator_would_name_by_itself_get_designed_names(tmp_path: Path) -> None:
    """Found on GitHub's spec: constraint-only anyOf members, two inline allOf members
    declaring one property, and a subclass redeclaring a base's inline object."""
    schemas = {
        "Update": {"type": "object", "properties": {"state": {"type": "string"}, "kind": {"type": "string"}},
                   "anyOf": [{"required": ["state"]}, {"properties": {"kind": {"enum": ["a"]}}, "required": ["kind"]}]},
        "Issue": {"type": "object", "properties": {"issue": {"allOf": [
            {"type": "object", "properties": {"assignee": {"type": "object", "properties": {"login": {"type": "string"}}}}},
            {"type": "object", "properties": {"assignee": {"type": "object", "nullable": True}}},
        ]}}},
        "Base": {"type": "object", "properties": {"context": {"type": "object", "properties": {"a": {"type": "string"}}}}},
        "Child": {"allOf": [{"$ref": "#/components/schemas/Base"},
                            {"properties": {"context": {"type": "object", "properties": {"b": {"type": "string"}}}}}]},
    }
    api = api_of(spec_with(schemas), tmp_path)
    from generator.models import render_models

    code = render_models(api, "pkg")  # fails if the model generator names a class the IR did not design
    designed = {t.class_name for t in api.types}
    assert {"Update", "IssueIssue", "IssueIssueAssignee", "BaseContext", "ChildContext"} <= designed
    assert api.type_named("ChildContext").bases == ("BaseContext",)
    assert "class ChildContext(BaseContext)" in code


def test_model_attributes_are_the_installed_pydantic_base_models() -> None:
    """naming keeps pydantic.BaseModel's public attributes as a literal (importing pydantic's
    BaseModel costs every run 35 ms); after a pydantic upgrade this says what to update."""
    import pydantic

    from generator.ir.naming import MODEL_ATTRIBUTES

    public = {name for name in dir(pydantic.BaseModel) if not name.startswith("_")}
    assert MODEL_ATTRIBUTES == public | {"to_dict"}, f"update generator/ir/naming.py MODEL_ATTRIBUTES: {sorted(public ^ (MODEL_ATTRIBUTES - {'to_dict'}))}"
