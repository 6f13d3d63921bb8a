"""Retries against the fault server, counting what arrives: bursts of 5xx, 429 with
Retry-After (seconds and HTTP date, capped), dropped connections, read timeouts, and
the rule that a POST is re-sent only when it provably was not processed."""

from __future__ import annotations

import email.utils
import time
from typing import Any

import datarobot_models_client as pkg
import pytest
from datarobot_models_client import _base_client

from .helpers import API, async_client, client, run, sample
from .servers import FaultServer, Reply, Reset, Truncate, free_port

MODEL = f"{API}/projects/p1/models/m1/"
CREATE = f"{API}/projects/p1/models/"
TABLES = f"{API}/projects/p1/ratingTables/"


def _model() -> Reply:
    return Reply(200, sample("ModelDetailsResponse", id="m1"))


def _accepted() -> Reply:
    return Reply(202, b"", {"Location": f"{API}/status/1/"})


# -- idempotent requests --------------------------------------------------------------------
@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_get_is_retried_through_a_burst_of_5xx(server: FaultServer, sleeps: Any, status: int) -> None:
    server.script(MODEL, Reply(status, {"message": "busy"}), Reply(status, {"message": "busy"}), _model())
    with client(server, max_retries=2) as c:
        assert c.models.get_model("p1", "m1").id == "m1"
    assert len(server.hits(MODEL)) == 3
    # exponential backoff with jitter: 0.5 s then 1 s, each scaled by [0.5, 1]
    assert len(sleeps.delays) == 2
    assert 0.25 <= sleeps.delays[0] <= 0.5 and 0.5 <= sleeps.delays[1] <= 1.0


def test_get_gives_up_after_max_retries(server: FaultServer, sleeps: Any) -> None:
    server.always(MODEL, Reply(500, {"message": "still down"}))
    with client(server, max_retries=3) as c, pytest.raises(pkg.InternalServerError) as caught:
        c.models.get_model("p1", "m1")
    assert len(server.hits(MODEL)) == 4
    assert caught.value.status_code == 500 and caught.value.body == {"message": "still down"}
    assert len(sleeps.delays) == 3


def test_max_retries_zero_sends_once(server: FaultServer, sleeps: Any) -> None:
    server.script(MODEL, Reply(503, b""))
    with client(server, max_retries=0) as c, pytest.raises(pkg.InternalServerError):
        c.models.get_model("p1", "m1")
    assert len(server.hits(MODEL)) == 1 and sleeps.delays == []


def test_backoff_grows_exponentially_and_is_capped() -> None:
    for attempt, ceiling in enumerate([0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]):
        delays = [_base_client.backoff(attempt, None) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert max(delays) - min(delays) > ceiling / 10  # jitter: not one fixed value


def test_429_retry_after_seconds_is_honoured_for_real(server: FaultServer) -> None:
    server.script(MODEL, Reply(429, {"message": "slow down"}, {"Retry-After": "1"}), _model())
    with client(server) as c:
        c.models.get_model("p1", "m1")
    first, second = server.hits(MODEL)
    assert second.at - first.at >= 1.0


def test_429_retry_after_http_date_is_honoured(server: FaultServer, sleeps: Any) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    server.script(MODEL, Reply(429, b"", {"Retry-After": when}), _model())
    with client(server) as c:
        c.models.get_model("p1", "m1")
    assert len(sleeps.delays) == 1 and 28 <= sleeps.delays[0] <= 30


def test_retry_after_is_capped(server: FaultServer, sleeps: Any) -> None:
    server.script(MODEL, Reply(429, b"", {"Retry-After": "3600"}), _model())
    with client(server) as c:
        c.models.get_model("p1", "m1")
    assert sleeps.delays == [_base_client.MAX_RETRY_AFTER] == [60.0]


@pytest.mark.parametrize("value", ["soon", "-5", "Wed, 99 Foo 2024 99:99:99 GMT", ""])
def test_unreadable_retry_after_falls_back_to_backoff(server: FaultServer, sleeps: Any, value: str) -> None:
    server.script(MODEL, Reply(429, b"", {"Retry-After": value}), _model())
    with client(server) as c:
        c.models.get_model("p1", "m1")
    assert len(sleeps.delays) == 1
    assert sleeps.delays[0] == 0.0 if value == "-5" else 0.25 <= sleeps.delays[0] <= 0.5


def test_429_exhausted_raises_rate_limit_error(server: FaultServer, sleeps: Any) -> None:
    server.always(MODEL, Reply(429, {"message": "quota"}, {"Retry-After": "0"}))
    with client(server, max_retries=1) as c, pytest.raises(pkg.RateLimitError) as caught:
        c.models.get_model("p1", "m1")
    assert caught.value.response.headers["retry-after"] == "0"
    assert len(server.hits(MODEL)) == 2


@pytest.mark.parametrize("rst", [True, False], ids=["reset", "eof"])
def test_get_is_retried_after_the_connection_drops(server: FaultServer, sleeps: Any, rst: bool) -> None:
    server.script(MODEL, Reset(rst=rst), _model())
    with client(server) as c:
        assert c.models.get_model("p1", "m1").id == "m1"
    assert len(server.hits(MODEL)) == 2


def test_get_is_retried_after_a_body_cut_short(server: FaultServer, sleeps: Any) -> None:
    server.script(MODEL, Truncate(b'{"id": "m1", "blue', length=5000, headers={"Content-Type": "application/json"}), _model())
    with client(server) as c:
        assert c.models.get_model("p1", "m1").id == "m1"
    assert len(server.hits(MODEL)) == 2


def test_dropped_connections_exhaust_into_api_connection_error(server: FaultServer, sleeps: Any) -> None:
    server.always(MODEL, Reset())
    with client(server, max_retries=2) as c, pytest.raises(pkg.APIConnectionError) as caught:
        c.models.get_model("p1", "m1")
    assert not isinstance(caught.value, pkg.APITimeoutError)
    assert caught.value.request is not None and caught.value.request.url.path == MODEL
    assert len(server.hits(MODEL)) == 3


def test_get_read_timeout_is_retried_then_raises_timeout_error(server: FaultServer, sleeps: Any) -> None:
    server.always(MODEL, Reply(200, sample("ModelDetailsResponse"), delay=0.6))
    started = time.monotonic()
    with client(server, timeout=0.2, max_retries=1) as c, pytest.raises(pkg.APITimeoutError) as caught:
        c.models.get_model("p1", "m1")
    assert isinstance(caught.value, pkg.APIConnectionError)
    assert len(server.hits(MODEL)) == 2
    assert time.monotonic() - started < 1.5


def test_per_call_timeout_overrides_the_client_timeout(server: FaultServer) -> None:
    server.script(MODEL, Reply(200, sample("ModelDetailsResponse", id="m1"), delay=0.4))
    with client(server, timeout=0.1, max_retries=0) as c:
        assert c.models.get_model("p1", "m1", timeout=5).id == "m1"


# -- POST: only when provably not processed ---------------------------------------------------
def test_post_is_not_retried_on_500(server: FaultServer, sleeps: Any) -> None:
    server.script(CREATE, Reply(500, {"message": "oops"}))
    with client(server, max_retries=5) as c, pytest.raises(pkg.InternalServerError):
        c.models.create_model("p1", body={"blueprintId": "bp"})
    assert len(server.hits(CREATE)) == 1 and sleeps.delays == []


def test_post_is_not_retried_on_503_without_retry_after(server: FaultServer, sleeps: Any) -> None:
    server.script(CREATE, Reply(503, b""))
    with client(server, max_retries=5) as c, pytest.raises(pkg.InternalServerError):
        c.models.create_model("p1")
    assert len(server.hits(CREATE)) == 1


def test_post_is_not_retried_on_read_timeout(server: FaultServer, sleeps: Any) -> None:
    server.script(CREATE, Reply(202, b"", {"Location": "/x"}, delay=0.6))
    with client(server, timeout=0.2, max_retries=5) as c, pytest.raises(pkg.APITimeoutError):
        c.models.create_model("p1", body={"blueprintId": "bp"})
    time.sleep(0.5)  # let the stalled answer finish: a retry would show up as a second request
    assert len(server.hits(CREATE)) == 1


def test_post_is_not_retried_after_the_connection_drops(server: FaultServer, sleeps: Any) -> None:
    server.script(CREATE, Reset())
    with client(server, max_retries=5) as c, pytest.raises(pkg.APIConnectionError):
        c.models.create_model("p1")
    assert len(server.hits(CREATE)) == 1


def test_post_is_retried_on_429(server: FaultServer, sleeps: Any) -> None:
    server.script(CREATE, Reply(429, b"", {"Retry-After": "2"}), _accepted())
    with client(server) as c:
        job = c.models.create_model("p1", body={"blueprintId": "bp"})
    assert job.location == f"{API}/status/1/"
    first, second = server.hits(CREATE)
    assert first.body == second.body == b'{"blueprintId":"bp"}'
    assert sleeps.delays == [2.0]


def test_post_is_retried_on_503_with_retry_after(server: FaultServer, sleeps: Any) -> None:
    server.script(CREATE, Reply(503, b"", {"Retry-After": "1"}), _accepted())
    with client(server) as c:
        c.models.create_model("p1")
    assert len(server.hits(CREATE)) == 2 and sleeps.delays == [1.0]


def test_post_is_retried_when_the_connection_is_refused(sleeps: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing listens on the port for the first attempt (connection refused: nothing was
    sent); the server comes up during the backoff and the retry reaches it."""
    port = free_port()
    started: list[FaultServer] = []

    def start_server_instead_of_sleeping(seconds: float) -> None:
        sleeps.delays.append(seconds)
        if not started:
            srv = FaultServer(port=port).start()
            srv.script(CREATE, _accepted())
            started.append(srv)

    monkeypatch.setattr(_base_client, "_sleep", start_server_instead_of_sleeping)
    try:
        with pkg.Client(f"http://127.0.0.1:{port}", "t", max_retries=2) as c:
            job = c.models.create_model("p1", body={"blueprintId": "bp"})
        assert job.response.status_code == 202
        assert len(started[0].hits(CREATE)) == 1
        assert len(sleeps.delays) == 1
    finally:
        for srv in started:
            srv.stop()


def test_connection_refused_exhausts_into_api_connection_error(sleeps: Any) -> None:
    with pkg.Client(f"http://127.0.0.1:{free_port()}", "t", max_retries=2) as c, pytest.raises(pkg.APIConnectionError) as caught:
        c.models.create_model("p1")
    assert "ConnectError" in str(caught.value)
    assert len(sleeps.delays) == 2


def test_multipart_upload_retried_on_429_sends_the_whole_file_again(server: FaultServer, sleeps: Any, tmp_path: Any) -> None:
    csv = tmp_path / "table.csv"
    csv.write_bytes(b"Feature,Coefficient\nage,0.5\n" * 100)
    server.script(TABLES, Reply(429, b"", {"Retry-After": "0"}), Reply(202, sample("RatingTableCreateResponse"), {"Location": "/s/"}))
    with client(server) as c:
        c.rating_tables.create_rating_table("p1", body={"ratingTableFile": str(csv), "ratingTableName": "t"})
    first, second = (r.multipart() for r in server.hits(TABLES))
    assert first == second
    assert second["ratingTableFile"].data == csv.read_bytes()
    assert second["ratingTableFile"].filename == "table.csv"
    assert second["ratingTableName"].data == b"t"


def test_file_object_upload_is_sent_whole_on_every_attempt(server: FaultServer, sleeps: Any) -> None:
    import io

    stream = io.BytesIO(b"a,b\n1,2\n")
    stream.read()  # already consumed by the caller: the upload must still carry all of it
    server.script(TABLES, Reply(503, b"", {"Retry-After": "0"}), Reply(202, b"", {"Location": "/s/"}))
    with client(server) as c:
        c.rating_tables.create_rating_table("p1", body={"ratingTableFile": stream})
    first, second = (r.multipart() for r in server.hits(TABLES))
    assert first == second
    assert second["ratingTableFile"].data == b"a,b\n1,2\n"


# -- async parity -----------------------------------------------------------------------------
def test_async_get_retried_through_5xx_and_reset(server: FaultServer, sleeps: Any) -> None:
    server.script(MODEL, Reply(500, b""), Reset(), _model())

    async def go() -> str:
        async with async_client(server) as c:
            return (await c.models.get_model("p1", "m1")).id

    assert run(go) == "m1"
    assert len(server.hits(MODEL)) == 3 and len(sleeps.delays) == 2


def test_async_post_not_retried_on_500_or_timeout_but_on_429(server: FaultServer, sleeps: Any) -> None:
    server.script(CREATE, Reply(500, b""), Reply(202, b"", delay=0.6), Reply(429, b"", {"Retry-After": "0"}), _accepted())

    async def go() -> None:
        async with async_client(server, timeout=0.2, max_retries=3) as c:
            with pytest.raises(pkg.InternalServerError):
                await c.models.create_model("p1")
            with pytest.raises(pkg.APITimeoutError):
                await c.models.create_model("p1")
            await c.models.create_model("p1", timeout=5)

    run(go)
    assert len(server.hits(CREATE)) == 4


def test_async_post_retried_when_the_connection_is_refused(sleeps: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    started: list[FaultServer] = []

    async def start_server_instead_of_sleeping(seconds: float) -> None:
        if not started:
            srv = FaultServer(port=port).start()
            srv.script(CREATE, _accepted())
            started.append(srv)

    monkeypatch.setattr(_base_client, "_asleep", start_server_instead_of_sleeping)

    async def go() -> int:
        async with pkg.AsyncClient(f"http://127.0.0.1:{port}", "t") as c:
            return (await c.models.create_model("p1")).response.status_code

    try:
        assert run(go) == 202
        assert len(started[0].hits(CREATE)) == 1
    finally:
        for srv in started:
            srv.stop()
