"""Safety: path parameters cannot change the route, the token stays out of repr, messages
and logs and off other hosts, and deprecated operations warn with their replacement."""

from __future__ import annotations

import logging
import warnings
from typing import Any

import datarobot_models_client as pkg
import pytest

from .conftest import TOKEN
from .helpers import API, async_client, client, run, sample
from .servers import FaultServer, Reply, Reset, free_port


# -- path parameters ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "encoded"),
    [
        ("../x", "..%2Fx"),
        ("a/b", "a%2Fb"),
        ("..", "%2E%2E"),
        (".", "%2E"),
        ("a b?c=d#e", "a%20b%3Fc%3Dd%23e"),
        ("%2F", "%252F"),
        ("ünï", "%C3%BCn%C3%AF"),
    ],
)
def test_path_parameters_are_percent_encoded_and_keep_the_route(server: FaultServer, value: str, encoded: str) -> None:
    path = f"{API}/projects/{encoded}/models/m1/"
    server.script(path, Reply(200, sample("ModelDetailsResponse", id="m1")))
    with client(server) as c:
        assert c.models.get_model(value, "m1").id == "m1"
    assert server.requests[0].raw_path == path  # exactly this, as sent on the request line


def test_async_path_parameters_are_percent_encoded(server: FaultServer) -> None:
    path = f"{API}/projects/..%2F..%2Fadmin/models/a%2Fb/"
    server.script(path, Reply(204, b""))

    async def go() -> None:
        async with async_client(server) as c:
            await c.models.delete_model("../../admin", "a/b")

    run(go)
    assert server.requests[0].raw_path == path and server.requests[0].method == "DELETE"


def test_an_empty_path_parameter_is_refused_before_sending(server: FaultServer) -> None:
    with client(server) as c, pytest.raises(ValueError, match="must not be empty"):
        c.models.get_model("", "m1")
    assert server.requests == []


# -- the token ---------------------------------------------------------------------------------
def test_token_is_not_in_repr(server: FaultServer) -> None:
    c = client(server)
    a = async_client(server)
    try:
        for text in (repr(c), str(c), repr(a), repr(c._auth), repr(vars(c)), repr(c.models)):
            assert TOKEN not in text
        assert "token=<set>" in repr(c)
        assert "token=<unset>" in repr(pkg.Client(server.url))
    finally:
        c.close()
        run(a.aclose)


def test_token_is_not_in_exception_messages(server: FaultServer, sleeps: Any) -> None:
    server.script(f"{API}/projects/p1/models/m1/", Reply(401, {"message": "bad credentials"}), Reset(), Reset(), Reset())
    errors: list[BaseException] = []
    with client(server, max_retries=2) as c:
        for _ in range(2):
            try:
                c.models.get_model("p1", "m1")
            except pkg.APIError as exc:
                errors.append(exc)
    with pkg.Client(f"http://127.0.0.1:{free_port()}", TOKEN, max_retries=0) as c:
        try:
            c.models.get_model("p1", "m1")
        except pkg.APIError as exc:
            errors.append(exc)
    assert [type(e) for e in errors] == [pkg.AuthenticationError, pkg.APIConnectionError, pkg.APIConnectionError]
    for error in errors:
        assert TOKEN not in str(error) and TOKEN not in repr(error) and TOKEN not in repr(error.args)
        assert TOKEN not in repr(error.request)
        assert error.__cause__ is None or TOKEN not in str(error.__cause__)


def test_token_is_not_in_logs_even_at_debug(server: FaultServer, sleeps: Any, caplog: pytest.LogCaptureFixture) -> None:
    server.script(f"{API}/projects/p1/models/m1/", Reply(500, b""), Reply(200, sample("ModelDetailsResponse")))
    server.script(f"{API}/projects/p1/models/", Reply(202, b"", {"Location": f"{API}/status/1/"}))
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "datarobot_models_client"):
        caplog.set_level(logging.DEBUG, logger=name)
    with client(server) as c:
        c.models.get_model("p1", "m1")
        c.models.create_model("p1", body={"blueprintId": "bp"})
    loggers = {r.name.split(".")[0] for r in caplog.records}
    assert {"httpx", "httpcore", "datarobot_models_client"} <= loggers  # the test really captured them
    assert any("retrying GET" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        assert TOKEN not in record.getMessage()


def test_authorization_is_not_sent_to_another_host_on_redirect(server: FaultServer, other_server: FaultServer) -> None:
    server.script(f"{API}/projects/p1/models/m1/", Reply(301, b"", {"Location": f"{other_server.url}/elsewhere/m1/"}))
    other_server.script("/elsewhere/m1/", Reply(200, sample("ModelDetailsResponse", id="m1")))
    with client(server) as c:
        assert c.models.get_model("p1", "m1").id == "m1"
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert "authorization" not in other_server.requests[0].headers


def test_authorization_is_not_sent_on_a_downgrade_to_another_port(server: FaultServer) -> None:
    """Same host name, another port: another origin, so no token."""
    elsewhere = FaultServer().start()
    try:
        server.script(f"{API}/projects/p1/models/m1/", Reply(307, b"", {"Location": f"{elsewhere.url}/x/"}))
        elsewhere.script("/x/", Reply(200, sample("ModelDetailsResponse")))
        with client(server) as c:
            c.models.get_model("p1", "m1")
        assert "authorization" not in elsewhere.requests[0].headers
    finally:
        elsewhere.stop()


def test_same_origin_redirect_keeps_the_token(server: FaultServer) -> None:
    server.script(f"{API}/projects/p1/models/m1/", Reply(308, b"", {"Location": "/api/v2/projects/p1/models/m2/"}))
    server.script(f"{API}/projects/p1/models/m2/", Reply(200, sample("ModelDetailsResponse", id="m2")))
    with client(server) as c:
        assert c.models.get_model("p1", "m1").id == "m2"
    assert [r.headers.get("authorization") for r in server.requests] == [f"Bearer {TOKEN}"] * 2


@pytest.mark.parametrize("status", [301, 302, 307, 308])
def test_a_post_is_not_replayed_on_a_redirect(server: FaultServer, status: int) -> None:
    path = f"{API}/projects/p1/models/"
    server.script(path, Reply(status, b"", {"Location": "/api/v2/other/"}))
    server.script(f"{API}/customTrainingBlueprints/", Reply(status, b"", {"Location": "/api/v2/other/"}))
    with client(server) as c:
        with pytest.raises(pkg.APIStatusError, match="not followed") as caught:
            c.models.create_model("p1", body={"blueprintId": "bp"})  # a job operation...
        assert caught.value.status_code == status
        with pytest.raises(pkg.APIStatusError, match="not followed"):  # ...and a plain one
            c.custom_training_blueprints.create_custom_training_blueprint(body={"customModelVersionId": "v"})
    assert [r.method for r in server.requests] == ["POST", "POST"]


def test_a_post_answered_303_is_followed_with_a_get(server: FaultServer) -> None:
    path = f"{API}/customTrainingBlueprints/"
    server.script(path, Reply(303, b"", {"Location": f"{path}bp1/"}))
    server.script(f"{path}bp1/", Reply(200, sample("CustomTrainingBlueprintResponse", userBlueprintId="bp1")))
    with client(server) as c:
        created = c.custom_training_blueprints.create_custom_training_blueprint(body={"customModelVersionId": "v"})
    assert created.user_blueprint_id == "bp1"
    assert [(r.method, r.body) for r in server.requests] == [("POST", b'{"customModelVersionId":"v"}'), ("GET", b"")]


def test_a_job_answered_303_is_already_done(server: FaultServer) -> None:
    path = f"{API}/projects/p1/models/"
    server.script(path, Reply(303, {"status": "COMPLETED"}, {"Location": f"{path}m1/"}))
    server.script(f"{path}m1/", Reply(200, sample("ModelDetailsResponse", id="m1")))
    with client(server) as c:
        job = c.models.create_model("p1")
        assert job.initial is None
        assert job.wait().id == "m1"


def test_redirect_loops_end(server: FaultServer) -> None:
    path = f"{API}/projects/p1/models/m1/"
    server.always(path, Reply(302, b"", {"Location": path}))
    with client(server) as c, pytest.raises(pkg.APIConnectionError, match="redirects"):
        c.models.get_model("p1", "m1")
    assert len(server.requests) == 11


# -- deprecation -------------------------------------------------------------------------------
def test_deprecated_operation_warns_naming_the_replacement_route(server: FaultServer) -> None:
    path = f"{API}/customInferenceImages/img1/featureImpact/"
    server.script(path, Reply(200, sample("FeatureImpactResponse")))
    with client(server) as c, pytest.warns(DeprecationWarning) as caught:
        c.custom_inference_images.get_custom_inference_image_feature_impact("img1")
    (warning,) = caught.list
    message = str(warning.message)
    assert "GET /api/v2/customInferenceImages/{imageId}/featureImpact/ is deprecated" in message
    assert "use GET /api/v2/customModels/{customModelId}/versions/{customModelVersionId}/featureImpact/ instead" in message
    assert warning.filename == __file__  # points at the caller's line, not the client's internals


def test_async_deprecated_operation_warns(server: FaultServer) -> None:
    path = f"{API}/customInferenceImages/img1/featureImpact/"
    server.script(path, Reply(202, sample("FeatureImpactCreateResponse"), {"Location": "/s/"}))

    async def go() -> None:
        async with async_client(server) as c:
            await c.custom_inference_images.create_custom_inference_image_feature_impact("img1")

    with pytest.warns(DeprecationWarning, match=r"use POST /api/v2/customModels/.*/featureImpact/ instead"):
        run(go)


def test_deprecated_operation_without_replacement_still_warns(server: FaultServer) -> None:
    path = f"{API}/modelPackages/mp1/archive/"
    server.script(path, Reply(204, b""))
    with client(server) as c, pytest.warns(DeprecationWarning, match=r"archive/ is deprecated$"):
        c.model_packages.archive_model_package("mp1")


def test_current_operations_do_not_warn(server: FaultServer) -> None:
    server.script(f"{API}/projects/p1/models/m1/", Reply(200, sample("ModelDetailsResponse")))
    with client(server) as c, warnings.catch_warnings():
        warnings.simplefilter("error")
        c.models.get_model("p1", "m1")


def test_every_deprecated_operation_warns_and_no_other_does() -> None:
    """Across the whole spec: the generated method warns iff the operation is deprecated."""
    import inspect

    from .spec_calls import operations

    for resource, op in operations():
        for cls in (pkg.Client, pkg.AsyncClient):
            method = getattr(getattr(cls, resource.attr_name).func(None), op.method_name)  # type: ignore[attr-defined]
            source = inspect.getsource(method)
            assert ("_deprecated(" in source) == op.deprecated, op.operation_id
            if op.replaced_by:
                assert f"\"{op.replaced_by}\"" in source
