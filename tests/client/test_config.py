"""Configuration: arguments, then DATAROBOT_ENDPOINT / DATAROBOT_API_TOKEN, then the default;
an endpoint with or without /api/v2; the token type; the User-Agent; timeouts; a custom
httpx client; raw responses next to parsed values."""

from __future__ import annotations

import asyncio
from typing import Any

import datarobot_models_client as pkg
import httpx
import pytest
from datarobot_models_client.types import ModelDetailsResponse

from .conftest import TOKEN
from .helpers import API, async_client, client, run, sample
from .servers import FaultServer, Reply

MODEL = f"{API}/projects/p1/models/m1/"


def _model(**headers: str) -> Reply:
    return Reply(200, sample("ModelDetailsResponse", id="m1"), headers)


def test_arguments_win_over_the_environment(server: FaultServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAROBOT_ENDPOINT", "http://127.0.0.1:9/api/v2")
    monkeypatch.setenv("DATAROBOT_API_TOKEN", "env-token")
    server.script(MODEL, _model())
    with pkg.Client(server.url, "arg-token") as c:
        c.models.get_model("p1", "m1")
    assert server.requests[0].headers["authorization"] == "Bearer arg-token"


def test_environment_is_used_when_arguments_are_missing(server: FaultServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAROBOT_ENDPOINT", f"{server.url}/api/v2")
    monkeypatch.setenv("DATAROBOT_API_TOKEN", "env-token")
    server.script(MODEL, _model())
    with pkg.Client() as c:
        assert c.base_url == server.url
        c.models.get_model("p1", "m1")
    assert server.requests[0].headers["authorization"] == "Bearer env-token"


def test_default_endpoint_is_the_documented_one() -> None:
    with pkg.Client() as c:
        assert c.base_url == "https://app.datarobot.com"
        assert c._auth is None
    assert "https://app.datarobot.com" in (pkg.Client.__doc__ or "")


def test_no_token_sends_no_authorization(server: FaultServer) -> None:
    server.script(MODEL, _model())
    with pkg.Client(server.url) as c:
        c.models.get_model("p1", "m1")
    assert "authorization" not in server.requests[0].headers


@pytest.mark.parametrize("suffix", ["", "/", "/api/v2", "/api/v2/"])
def test_endpoint_with_or_without_api_v2_reaches_the_same_url(server: FaultServer, suffix: str) -> None:
    server.script(MODEL, _model())
    with pkg.Client(server.url + suffix, TOKEN) as c:
        c.models.get_model("p1", "m1")
    assert server.requests[0].raw_path == MODEL


def test_endpoint_behind_a_path_prefix(server: FaultServer) -> None:
    server.script(f"/datarobot{MODEL}", _model())
    with pkg.Client(f"{server.url}/datarobot/api/v2", TOKEN) as c:
        c.models.get_model("p1", "m1")
    assert server.requests[0].raw_path == f"/datarobot{MODEL}"


@pytest.mark.parametrize("endpoint", ["app.datarobot.com", "ftp://example.com", "http://", "https://x.com/api/v2?x=1"])
def test_a_bad_endpoint_is_refused_at_construction(endpoint: str) -> None:
    with pytest.raises(ValueError, match="endpoint"):
        pkg.Client(endpoint)


@pytest.mark.parametrize(("token_type", "expected"), [(None, f"Bearer {TOKEN}"), ("Token", f"Token {TOKEN}"), ("", TOKEN)])
def test_token_type_is_configurable(server: FaultServer, token_type: str | None, expected: str) -> None:
    server.script(MODEL, _model())
    with pkg.Client(server.url, TOKEN, token_type=token_type) as c:
        c.models.get_model("p1", "m1")
    assert server.requests[0].headers["authorization"] == expected


def test_user_agent_carries_the_package_version(server: FaultServer) -> None:
    server.script(MODEL, _model(), _model())
    with client(server) as c:
        c.models.get_model("p1", "m1")
    with client(server, user_agent="my-app/2.0") as c:
        c.models.get_model("p1", "m1")
    default, custom = (r.headers["user-agent"] for r in server.requests)
    assert default.startswith(f"datarobot-models-client/{pkg.__version__} ")
    assert pkg.__version__ == "0.1.0"
    assert custom == "my-app/2.0"


def test_extra_headers_are_sent(server: FaultServer) -> None:
    server.script(MODEL, _model())
    with client(server) as c:
        c.models.get_model("p1", "m1", extra_headers={"X-Trace": "abc"})
    assert server.requests[0].headers["x-trace"] == "abc"


def test_bring_your_own_httpx_client_keeps_its_timeout_unless_one_is_given(server: FaultServer) -> None:
    server.script(MODEL, Reply(200, sample("ModelDetailsResponse"), delay=0.4), _model())
    with httpx.Client(timeout=0.1) as http:
        c = pkg.Client(server.url, TOKEN, http_client=http, max_retries=0)
        assert c.timeout == http.timeout
        with pytest.raises(pkg.APITimeoutError):
            c.models.get_model("p1", "m1")
        c.close()
        assert not http.is_closed  # not ours to close
    server.always(MODEL, Reply(200, sample("ModelDetailsResponse"), delay=0.3))
    with httpx.Client(timeout=0.1) as http, pkg.Client(server.url, TOKEN, http_client=http, timeout=5, max_retries=0) as c:
        c.models.get_model("p1", "m1")


def test_capture_responses_exposes_status_and_headers_next_to_the_value(server: FaultServer) -> None:
    server.script(MODEL, _model(**{"X-Request-Id": "r-1", "X-RateLimit-Remaining": "99"}))
    with client(server) as c:
        with c.capture_responses() as log:
            model = c.models.get_model("p1", "m1")
        assert isinstance(model, ModelDetailsResponse)
        assert log.last.status_code == 200
        assert log.last.headers["x-request-id"] == "r-1" and log.last.headers["x-ratelimit-remaining"] == "99"
        assert log.last.json()["id"] == "m1"
        assert len(log.responses) == 1
        with pytest.raises(LookupError):
            with c.capture_responses() as empty:
                pass
            empty.last  # noqa: B018


def test_capture_responses_includes_retries_and_redirects(server: FaultServer, sleeps: Any) -> None:
    server.script(MODEL, Reply(503, b""), Reply(302, b"", {"Location": f"{API}/projects/p1/models/m2/"}))
    server.script(f"{API}/projects/p1/models/m2/", _model())
    with client(server) as c, c.capture_responses() as log:
        c.models.get_model("p1", "m1")
    assert [r.status_code for r in log.responses] == [503, 302, 200]


def test_async_capture_responses_is_per_task(server: FaultServer) -> None:
    server.always(MODEL, _model())
    server.always(f"{API}/projects/p1/models/m2/", Reply(200, sample("ModelDetailsResponse", id="m2")))

    async def go() -> tuple[list[str], list[str]]:
        async with async_client(server) as c:
            async def one(model_id: str) -> list[str]:
                with c.capture_responses() as log:
                    for _ in range(3):
                        await c.models.get_model("p1", model_id)
                        await asyncio.sleep(0)
                return [str(r.url.path) for r in log.responses]

            first, second = await asyncio.gather(one("m1"), one("m2"))
            return first, second

    first, second = run(go)
    assert first == [MODEL] * 3 and second == [f"{API}/projects/p1/models/m2/"] * 3


def test_max_retries_is_validated_and_exposed(server: FaultServer) -> None:
    with client(server, max_retries=-3) as c:
        assert c.max_retries == 0
    with client(server, max_retries=7) as c:
        assert c.max_retries == 7


def test_resources_are_reached_by_tag_and_cached(server: FaultServer) -> None:
    with client(server) as c:
        assert c.models is c.models
        assert type(c.model_packages).__name__ == "ModelPackagesResource"
    a = async_client(server)
    assert type(a.blender_models).__name__ == "AsyncBlenderModelsResource"
    run(a.aclose)
