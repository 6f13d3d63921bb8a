"""Responses parsed into the documented types, forward compatibly: unknown fields kept and
reachable, unknown enum values kept as their string, nulls for nullable fields, 204 and
empty answers for operations that return nothing; request bodies by wire name."""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from typing import Any
from urllib.parse import parse_qsl

import pytest
from datarobot_models_client import types
from datarobot_models_client.types import ModelDetailsResponse

from .helpers import API, async_client, client, run, sample
from .servers import FaultServer, Reply

MODEL = f"{API}/projects/p1/models/m1/"


def test_unknown_fields_are_kept_and_reachable(server: FaultServer) -> None:
    body = sample("ModelDetailsResponse", id="m1", brandNewField={"nested": [1, 2]}, another=3)
    body["lifecycle"] = {"stage": "active", "reason": None, "lifecycleExtra": "kept too"}
    server.script(MODEL, Reply(200, body))
    with client(server) as c:
        model = c.models.get_model("p1", "m1")
    assert model.model_extra == {"brandNewField": {"nested": [1, 2]}, "another": 3}
    assert model.brandNewField == {"nested": [1, 2]}  # type: ignore[attr-defined]
    assert model.lifecycle.model_extra == {"lifecycleExtra": "kept too"}
    assert model.to_dict()["brandNewField"] == {"nested": [1, 2]}


def test_unknown_enum_values_are_kept_as_their_string(server: FaultServer) -> None:
    body = sample("ModelDetailsResponse", modelCategory="quantumModel")
    body["lifecycle"] = {"stage": "hibernating", "reason": "new in the server"}
    server.script(MODEL, Reply(200, body))
    with client(server) as c:
        model = c.models.get_model("p1", "m1")
    assert model.model_category == "quantumModel"
    assert isinstance(model.model_category, Enum) and isinstance(model.model_category, str)
    assert model.model_category.value == "quantumModel"
    assert model.lifecycle.stage == "hibernating"
    assert model.to_dict()["lifecycle"]["stage"] == "hibernating"
    assert json.loads(model.model_dump_json(by_alias=True))["modelCategory"] == "quantumModel"


def test_known_enum_values_are_members(server: FaultServer) -> None:
    server.script(MODEL, Reply(200, sample("ModelDetailsResponse", modelCategory="blend")))
    with client(server) as c:
        model = c.models.get_model("p1", "m1")
    category = type(model.model_category)
    assert model.model_category is category("blend")
    assert model.model_category.name == "BLEND"


def test_nullable_fields_accept_null(server: FaultServer) -> None:
    nullable = {"featurelistId": None, "featurelistName": None, "parentModelId": None, "linkFunction": None,
                "modelNumber": None, "monotonicDecreasingFeaturelistId": None, "trainingDuration": None}
    server.script(MODEL, Reply(200, sample("ModelDetailsResponse", **nullable)))
    with client(server) as c:
        model = c.models.get_model("p1", "m1")
    assert model.featurelist_name is None and model.model_number is None and model.parent_model_id is None


def test_every_required_nullable_property_of_every_schema_accepts_null() -> None:
    """Walk the spec: each object schema, with every nullable property set to null, parses."""
    from .spec_calls import spec

    data, api = spec()
    checked = 0
    for schema in api.schemas:
        nullable = [p.name for p in schema.properties if p.nullable]
        if schema.kind != "object" or not nullable:
            continue
        body = sample(schema.name, **{name: None for name in nullable})
        getattr(types, schema.class_name).model_validate(body)
        checked += 1
    assert checked > 20


def test_python_names_are_snake_case_and_wire_names_camel_case(server: FaultServer) -> None:
    server.script(MODEL, Reply(200, sample("ModelDetailsResponse", isFrozen=True, samplePct=64.0)))
    with client(server) as c:
        model = c.models.get_model("p1", "m1")
    assert model.is_frozen is True and model.sample_pct == 64.0
    assert model.to_dict()["isFrozen"] is True and "is_frozen" not in model.to_dict()
    assert isinstance(model.training_end_date, dt.datetime)


def test_delete_answering_204_returns_none(server: FaultServer) -> None:
    server.script(MODEL, Reply(204, b""))
    with client(server) as c:
        assert c.models.delete_model("p1", "m1") is None
    assert server.requests[0].method == "DELETE"


def test_patch_without_a_documented_body_ignores_whatever_comes_back(server: FaultServer) -> None:
    server.script(MODEL, Reply(200, b"not json, and nobody asked"))
    with client(server) as c:
        assert c.models.update_model("p1", "m1", body={"isStarred": True}) is None
    assert json.loads(server.requests[0].body) == {"isStarred": True}


def test_request_body_as_model_is_sent_by_wire_name_with_only_set_fields(server: FaultServer) -> None:
    path = f"{API}/projects/p1/models/"
    server.script(path, Reply(202, b"", {"Location": "/status/1/"}))
    body = types.TrainModel(blueprint_id="bp1", sample_pct=32.5, featurelist_id=None)
    with client(server) as c:
        c.models.create_model("p1", body=body)
    sent = json.loads(server.requests[0].body)
    assert sent == {"blueprintId": "bp1", "samplePct": 32.5, "featurelistId": None}
    assert server.requests[0].headers["content-type"] == "application/json"


def test_query_parameters_encode_booleans_lists_and_enums(server: FaultServer) -> None:
    path = f"{API}/projects/p1/modelRecords/"
    server.script(path, Reply(200, {"count": 0, "next": None, "previous": None, "data": []}))
    with client(server) as c:
        c.models.list_model_records("p1", offset=0, limit=10, with_metric="AUC", show_in_sample_scores=False,
                                    labels=["prepared for deployment", "starred"], families=["Blender"])
    query = server.requests[0].query
    assert "labels=prepared+for+deployment&labels=starred" in query  # form style, exploded, in order
    assert sorted(parse_qsl(query)) == sorted([
        ("offset", "0"), ("limit", "10"), ("withMetric", "AUC"), ("showInSampleScores", "false"),
        ("labels", "prepared for deployment"), ("labels", "starred"), ("families", "Blender"),
    ])


def test_real_booleans_are_sent_as_true_and_false(server: FaultServer) -> None:
    path = f"{API}/projects/p1/ratingTableModels/"
    server.script(path, Reply(200, []), Reply(200, []))
    with client(server) as c:
        c.rating_tables.list_rating_table_models("p1", show_in_sample_scores=True)
        c.rating_tables.list_rating_table_models("p1", show_in_sample_scores=False, sample_pct=12.5)
    assert [r.query for r in server.requests] == ["showInSampleScores=true", "showInSampleScores=false&samplePct=12.5"]


def test_async_parses_unknown_fields_and_enums(server: FaultServer) -> None:
    body = sample("ModelDetailsResponse", modelCategory="quantumModel", extra=True)
    server.script(MODEL, Reply(200, body))

    async def go() -> ModelDetailsResponse:
        async with async_client(server) as c:
            return await c.models.get_model("p1", "m1")

    model = run(go)
    assert model.model_category == "quantumModel" and model.model_extra == {"extra": True}


@pytest.mark.parametrize("value", [True, 1.5, {"a": 1}])
def test_a_value_of_the_wrong_type_is_still_an_error(server: FaultServer, value: Any) -> None:
    """Forward compatibility is about new names and values, not about accepting nonsense."""
    from datarobot_models_client import ResponseParseError

    server.script(MODEL, Reply(200, sample("ModelDetailsResponse", id=value)))
    with client(server) as c, pytest.raises(ResponseParseError, match="at 'id'"):
        c.models.get_model("p1", "m1")
