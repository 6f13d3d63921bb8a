"""The error hierarchy against the fault server: one class per common status, each carrying
the status, the parsed body, a message, the request and the response; parse errors for
bodies that are not what the spec says; connection and timeout errors kept apart."""

from __future__ import annotations

from typing import Any

import datarobot_models_client as pkg
import httpx
import pytest

from .helpers import API, async_client, client, run, sample
from .servers import FaultServer, Reply, free_port

MODEL = f"{API}/projects/p1/models/m1/"

STATUS_CLASSES = [
    (400, pkg.BadRequestError), (401, pkg.AuthenticationError), (403, pkg.PermissionDeniedError),
    (404, pkg.NotFoundError), (409, pkg.ConflictError), (422, pkg.UnprocessableEntityError),
    (429, pkg.RateLimitError), (500, pkg.InternalServerError), (502, pkg.InternalServerError),
    (503, pkg.InternalServerError), (504, pkg.InternalServerError), (599, pkg.InternalServerError),
    (405, pkg.APIStatusError), (410, pkg.APIStatusError), (413, pkg.APIStatusError),
]


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES, ids=[str(s) for s, _ in STATUS_CLASSES])
def test_each_status_raises_its_class_with_everything_attached(server: FaultServer, status: int, cls: type) -> None:
    body = {"message": f"it went wrong ({status})", "errors": {"field": ["bad"]}}
    server.script(MODEL, Reply(status, body, {"X-Request-Id": "req-1"}))
    with client(server, max_retries=0) as c, pytest.raises(pkg.APIStatusError) as caught:
        c.models.get_model("p1", "m1")
    error = caught.value
    assert type(error) is cls
    assert isinstance(error, pkg.APIError)
    assert error.status_code == status
    assert error.body == body
    assert error.message == str(error)
    assert str(error).startswith(f"{status} ") and f"GET {server.url}{MODEL}" in str(error)
    assert f"it went wrong ({status})" in str(error)
    assert isinstance(error.request, httpx.Request) and error.request.url.path == MODEL
    assert isinstance(error.response, httpx.Response) and error.response.headers["x-request-id"] == "req-1"


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES[:8], ids=[str(s) for s, _ in STATUS_CLASSES[:8]])
def test_async_each_status_raises_its_class(server: FaultServer, status: int, cls: type) -> None:
    server.script(MODEL, Reply(status, {"detail": "nope"}))

    async def go() -> None:
        async with async_client(server, max_retries=0) as c:
            await c.models.get_model("p1", "m1")

    with pytest.raises(cls) as caught:
        run(go)
    assert caught.value.status_code == status and caught.value.body == {"detail": "nope"}
    assert "nope" in caught.value.message


def test_error_body_that_is_not_json_is_kept_as_text(server: FaultServer) -> None:
    server.script(MODEL, Reply(502, "<html>Bad Gateway</html>", {"Content-Type": "text/html"}))
    with client(server, max_retries=0) as c, pytest.raises(pkg.InternalServerError) as caught:
        c.models.get_model("p1", "m1")
    assert caught.value.body == "<html>Bad Gateway</html>"


def test_error_with_an_empty_body(server: FaultServer) -> None:
    server.script(MODEL, Reply(404, b""))
    with client(server) as c, pytest.raises(pkg.NotFoundError) as caught:
        c.models.get_model("p1", "m1")
    assert caught.value.body is None
    assert str(caught.value) == f"404 Not Found for GET {server.url}{MODEL}"


def test_a_huge_error_body_makes_a_bounded_message(server: FaultServer) -> None:
    server.script(MODEL, Reply(400, {"message": "x" * 100_000}))
    with client(server) as c, pytest.raises(pkg.BadRequestError) as caught:
        c.models.get_model("p1", "m1")
    assert len(str(caught.value)) < 1000
    assert len(caught.value.body["message"]) == 100_000


def test_error_for_a_download_reads_the_error_body(server: FaultServer, tmp_path: Any) -> None:
    path = f"{MODEL}scoringCode/"
    server.script(path, Reply(403, {"message": "no scoring code for you"}))
    target = tmp_path / "model.jar"
    with client(server) as c, pytest.raises(pkg.PermissionDeniedError) as caught:
        c.models.download_model_scoring_code("p1", "m1", destination=target)
    assert caught.value.body == {"message": "no scoring code for you"}
    assert not target.exists() and list(tmp_path.iterdir()) == []


def test_connection_and_timeout_errors_are_separate_from_status_errors(server: FaultServer) -> None:
    server.script(MODEL, Reply(200, sample("ModelDetailsResponse"), delay=0.5))
    with client(server, timeout=0.1, max_retries=0) as c, pytest.raises(pkg.APITimeoutError) as timeout:
        c.models.get_model("p1", "m1")
    with pkg.Client(f"http://127.0.0.1:{free_port()}", "t", max_retries=0) as c, pytest.raises(pkg.APIConnectionError) as refused:
        c.models.get_model("p1", "m1")
    for error in (timeout.value, refused.value):
        assert not isinstance(error, pkg.APIStatusError)
        assert isinstance(error.__cause__, httpx.TransportError)
        assert error.request is not None and error.request.url.path == MODEL
    assert not isinstance(refused.value, pkg.APITimeoutError)


# -- parse errors ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "body",
    [b'{"id": "m1", "blueprintId": ', b"{not json at all", b"<html>maintenance</html>", b"\xff\xfe\x00garbage", b"[]", b'"a string"'],
    ids=["truncated", "malformed", "html", "binary", "wrong-shape", "scalar"],
)
def test_a_body_that_is_not_the_model_is_a_response_parse_error(server: FaultServer, body: bytes) -> None:
    server.script(MODEL, Reply(200, body, {"Content-Type": "application/json"}))
    with client(server) as c, pytest.raises(pkg.ResponseParseError) as caught:
        c.models.get_model("p1", "m1")
    error = caught.value
    assert isinstance(error, pkg.APIError) and not isinstance(error, pkg.APIStatusError)
    assert error.response.status_code == 200 and error.response.content == body
    assert f"GET {server.url}{MODEL}" in str(error) and "ModelDetailsResponse" in str(error)


def test_a_missing_required_field_names_the_field(server: FaultServer) -> None:
    body = sample("ModelDetailsResponse")
    del body["projectId"]
    server.script(MODEL, Reply(200, body))
    with client(server) as c, pytest.raises(pkg.ResponseParseError, match="at 'projectId'"):
        c.models.get_model("p1", "m1")


def test_an_empty_200_body_for_a_model_is_a_parse_error(server: FaultServer) -> None:
    server.script(MODEL, Reply(200, b""))
    with client(server) as c, pytest.raises(pkg.ResponseParseError, match="empty body"):
        c.models.get_model("p1", "m1")


def test_async_malformed_json_is_a_response_parse_error(server: FaultServer) -> None:
    server.script(MODEL, Reply(200, b'{"id": "m1"', {"Content-Type": "application/json"}))

    async def go() -> None:
        async with async_client(server) as c:
            await c.models.get_model("p1", "m1")

    with pytest.raises(pkg.ResponseParseError):
        run(go)
