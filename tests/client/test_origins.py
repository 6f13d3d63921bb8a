"""Credentials stay on the configured origin (scheme, host and port): any Authorization header,
the configured token's or one passed in extra_headers (or set on a bring-your-own http_client),
and any Cookie, is dropped from a request that a redirect, a `next` link or a job location
sends elsewhere, and sent again when a follow-up comes back. Two servers on 127.0.0.1 on
different ports are two origins. Sync and async."""

from __future__ import annotations

from typing import Any

import datarobot_models_client as pkg
import httpx
import pytest

from .conftest import TOKEN
from .helpers import API, run, sample
from .servers import FaultServer, Reply

MODEL = f"{API}/projects/p1/models/m1/"
INTERVALS = f"{API}/projects/p1/models/m1/predictionIntervals/"
CREATE = f"{API}/projects/p1/models/"
STATUS = f"{API}/projects/p1/modelJobs/7/"
OWN = "Bearer per-call-credential"
MODES = ["sync", "async"]


def _call(mode: str, url: str, token: str | None, action: Any, **kwargs: Any) -> Any:
    """Run `action(client)` (a coroutine for async) with a client for `url`."""
    if mode == "sync":
        with pkg.Client(url, token, **kwargs) as c:
            return action(c)

    async def go() -> Any:
        async with pkg.AsyncClient(url, token, **kwargs) as c:
            return await action(c)

    return run(go)


def _auth(server: FaultServer) -> list[str | None]:
    return [r.headers.get("authorization") for r in server.requests]


@pytest.mark.parametrize("mode", MODES)
def test_configured_token_is_dropped_by_a_redirect_to_another_port_and_sent_again_back_home(
        server: FaultServer, second_server: FaultServer, mode: str) -> None:
    assert server.url.startswith("http://127.0.0.1:") and second_server.url.startswith("http://127.0.0.1:")
    server.script(MODEL, Reply(302, b"", {"Location": f"{second_server.url}/hop/"}))
    second_server.script("/hop/", Reply(307, b"", {"Location": f"{server.url}{API}/projects/p1/models/m2/"}))
    server.script(f"{API}/projects/p1/models/m2/", Reply(200, sample("ModelDetailsResponse", id="m2")))
    model = _call(mode, server.url, TOKEN, lambda c: c.models.get_model("p1", "m1"))
    assert model.id == "m2"
    assert _auth(second_server) == [None]
    assert _auth(server) == [f"Bearer {TOKEN}"] * 2


@pytest.mark.parametrize("mode", MODES)
def test_extra_headers_authorization_and_cookie_are_dropped_by_a_redirect_to_another_port(
        server: FaultServer, second_server: FaultServer, mode: str) -> None:
    server.script(MODEL, Reply(301, b"", {"Location": f"{second_server.url}/elsewhere/"}))
    second_server.script("/elsewhere/", Reply(200, sample("ModelDetailsResponse")))
    headers = {"Authorization": OWN, "Cookie": "session=s3cr3t", "X-Trace": "t1"}
    _call(mode, server.url, None, lambda c: c.models.get_model("p1", "m1", extra_headers=headers))
    assert server.requests[0].headers["authorization"] == OWN and server.requests[0].headers["cookie"] == "session=s3cr3t"
    elsewhere = second_server.requests[0].headers
    assert "authorization" not in elsewhere and "cookie" not in elsewhere
    assert elsewhere["x-trace"] == "t1"  # other headers of the call are kept


@pytest.mark.parametrize("mode", MODES)
def test_extra_headers_authorization_wins_over_the_token_and_survives_a_same_origin_redirect(
        server: FaultServer, mode: str) -> None:
    server.script(MODEL, Reply(308, b"", {"Location": f"{API}/projects/p1/models/m2/"}))
    server.script(f"{API}/projects/p1/models/m2/", Reply(200, sample("ModelDetailsResponse")))
    _call(mode, server.url, TOKEN, lambda c: c.models.get_model("p1", "m1", extra_headers={"Authorization": OWN}))
    assert _auth(server) == [OWN, OWN]


def _page(data: list[Any], next_url: str | None) -> Reply:
    return Reply(200, {"count": len(data), "next": next_url, "previous": None, "data": data})


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("token", [TOKEN, None], ids=["configured-token", "no-token"])
def test_a_next_link_to_another_port_gets_no_authorization_of_either_kind(
        server: FaultServer, second_server: FaultServer, mode: str, token: str | None) -> None:
    server.script(INTERVALS,
                  _page([1], f"{INTERVALS}?offset=1"),  # same origin: the call's headers again
                  _page([2], f"{second_server.url}{INTERVALS}?offset=2"))
    second_server.script(INTERVALS, _page([3], f"{server.url}{INTERVALS}?offset=3"))
    server.script(INTERVALS, _page([4], None))  # back home: credentials again

    def action(c: Any) -> Any:
        page = c.models.list_model_prediction_intervals("p1", "m1", extra_headers={"Authorization": OWN, "X-Trace": "t"})
        if mode == "sync":
            return list(page)

        async def collect() -> list[int]:
            return [x async for x in await page]

        return collect()

    assert _call(mode, server.url, token, action) == [1, 2, 3, 4]
    assert _auth(server) == [OWN, OWN, OWN]
    assert _auth(second_server) == [None]
    assert all(r.headers["x-trace"] == "t" for r in server.requests + second_server.requests)


@pytest.mark.parametrize("mode", MODES)
def test_a_job_polled_on_another_port_gets_no_authorization(
        server: FaultServer, second_server: FaultServer, mode: str, sleeps: Any) -> None:
    server.script(CREATE, Reply(202, b"", {"Location": f"{second_server.url}{STATUS}"}))
    second_server.script(STATUS, Reply(200, {"status": "RUNNING"}), Reply(303, b"", {"Location": f"{server.url}{MODEL}"}))
    server.script(MODEL, Reply(200, sample("ModelDetailsResponse", id="m1")))

    def action(c: Any) -> Any:
        job = c.models.create_model("p1", extra_headers={"Authorization": OWN})
        if mode == "sync":
            return job.wait(poll_interval=0.01)

        async def finish() -> Any:
            return await (await job).wait(poll_interval=0.01)

        return finish()

    assert _call(mode, server.url, TOKEN, action).id == "m1"
    assert _auth(second_server) == [None, None]
    assert _auth(server) == [OWN, OWN]  # the POST, and the model fetched back home


@pytest.mark.parametrize("mode", MODES)
def test_default_headers_of_a_bring_your_own_http_client_are_dropped_off_origin(
        server: FaultServer, second_server: FaultServer, mode: str) -> None:
    server.script(MODEL, Reply(302, b"", {"Location": f"{second_server.url}/x/"}))
    second_server.script("/x/", Reply(200, sample("ModelDetailsResponse")))
    defaults = {"Authorization": OWN, "Proxy-Authorization": "Basic cHJveHk6cHc="}
    if mode == "sync":
        with httpx.Client(headers=defaults) as http:
            _call(mode, server.url, None, lambda c: c.models.get_model("p1", "m1"), http_client=http)
    else:
        async def go() -> None:
            async with httpx.AsyncClient(headers=defaults) as http, pkg.AsyncClient(server.url, http_client=http) as c:
                await c.models.get_model("p1", "m1")

        run(go)
    assert _auth(server) == [OWN]
    assert "authorization" not in second_server.requests[0].headers
    assert "proxy-authorization" not in second_server.requests[0].headers
