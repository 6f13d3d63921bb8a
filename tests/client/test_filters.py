"""Unit tests of the client code helpers in generator/filters.py (pure functions of IR nodes)."""

from __future__ import annotations

import ast

import pytest

from generator.filters import example_call, example_operation, resource_imports, return_annotation, status_error

from .spec_calls import spec


@pytest.mark.parametrize(
    ("status", "cls"),
    [("400", "BadRequestError"), ("401", "AuthenticationError"), ("403", "PermissionDeniedError"), ("404", "NotFoundError"),
     ("409", "ConflictError"), ("422", "UnprocessableEntityError"), ("429", "RateLimitError"), ("500", "InternalServerError"),
     ("503", "InternalServerError"), ("5XX", "InternalServerError"), ("413", "APIStatusError"), ("4XX", "APIStatusError"),
     (418, "APIStatusError")],
)
def test_status_error(status: object, cls: str) -> None:
    assert status_error(status) == cls


def test_status_error_names_exist_in_the_package() -> None:
    import datarobot_models_client as pkg

    for status in ("400", "401", "403", "404", "409", "422", "429", "500", "418"):
        assert issubclass(getattr(pkg, status_error(status)), pkg.APIStatusError)


def test_return_annotation_per_result_kind() -> None:
    _, api = spec()
    by_id = {op.operation_id: op for op in api.operations}
    assert return_annotation(by_id["listRatingTables"], False) == "SyncPage[RatingTableRetrieveResponse]"
    assert return_annotation(by_id["listRatingTables"], True) == "AsyncPage[RatingTableRetrieveResponse]"
    assert return_annotation(by_id["createModel"], False) == "Job[ModelDetailsResponse]"
    assert return_annotation(by_id["createModelPrimeRulesets"], True) == "AsyncJob[Any]"
    assert return_annotation(by_id["downloadModelScoringCode"], False) == "int"
    assert return_annotation(by_id["deleteModel"], False) == "None"
    assert return_annotation(by_id["listModels"], False) == "list[ModelDetailsResponse]"


def test_resource_imports_are_valid_sorted_and_minimal() -> None:
    _, api = spec()
    for resource in api.resources:
        lines = resource_imports(resource)
        tree = ast.parse("\n".join(lines))
        names = [alias.asname or alias.name for node in tree.body if isinstance(node, ast.ImportFrom) for alias in node.names]
        assert len(names) == len(set(names)), resource.module
        runtime = next(node for node in tree.body if isinstance(node, ast.ImportFrom) and node.module == "_base_client")
        kinds = {op.result.kind for op in resource.operations}
        imported = {a.asname or a.name for a in runtime.names}
        assert ("SyncPage" in imported) == ("page" in kinds)
        assert ("Job" in imported) == ("job" in kinds)
        assert ("_Destination" in imported) == ("binary" in kinds)
        assert ("_deprecated" in imported) == any(op.deprecated for op in resource.operations)


def test_example_operation_prefers_simple_current_gets() -> None:
    _, api = spec()
    page = example_operation(api, "page")
    assert page is not None and page.http_method == "GET" and not page.deprecated
    assert not page.path_params and not any(p.required for p in page.other_params)
    model = example_operation(api, "model")
    assert model is not None and model.http_method == "GET"
    assert example_operation(api, "no-such-kind") is None


def test_example_call_is_valid_python_with_placeholders() -> None:
    _, api = spec()
    by_id = {op.operation_id: op for op in api.operations}
    assert example_call(by_id["downloadModelScoringCode"], api) == (
        'client.models.download_model_scoring_code("<projectId>", "<modelId>", destination="download.bin")'
    )
    assert example_call(by_id["listModelRecords"], api, "c") == 'c.models.list_model_records("<projectId>")'  # offset/limit have defaults
    assert example_call(by_id["getBiasMitigationFeatureInfo"], api) == (
        'client.bias_mitigation.get_bias_mitigation_feature_info("<projectId>", feature_name="...")'
    )
    for op in api.operations:
        ast.parse(example_call(op, api))
