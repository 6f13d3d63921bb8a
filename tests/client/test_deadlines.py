"""Job.wait(timeout=T) is a deadline: each poll's own HTTP timeout, its retries and their
backoff are cut to the time left, so wait() raises JobTimeoutError within T plus a small
margin even when the status endpoint never answers, keeps dropping the connection, or the
finished resource hangs; the client's own timeout (60 s) and retries would otherwise take
minutes. Sync and async, against real servers and real sleeps."""

from __future__ import annotations

import time
from typing import Any

import datarobot_models_client as pkg
import pytest

from .helpers import API, async_client, client, run, sample
from .servers import FaultServer, Hang, Reply, Reset

CREATE = f"{API}/projects/p1/models/"
STATUS = f"{API}/projects/p1/modelJobs/77/"
MODEL = f"{API}/projects/p1/models/m9/"
T = 1.0
MARGIN = 1.5  # generous: the property is "not 60 s, not minutes", and CI machines are slow


def _running() -> Reply:
    return Reply(200, {"status": "inprogress"})


def _wait(server: FaultServer, mode: str, **client_kwargs: Any) -> tuple[pkg.JobTimeoutError, float]:
    """Start the job, then time wait(timeout=T); returns the error it raised and the seconds."""
    if mode == "sync":
        with client(server, **client_kwargs) as c:
            job = c.models.create_model("p1")
            started = time.monotonic()
            with pytest.raises(pkg.JobTimeoutError) as caught:
                job.wait(timeout=T, poll_interval=0.05)
            return caught.value, time.monotonic() - started

    async def go() -> tuple[pkg.JobTimeoutError, float]:
        async with async_client(server, **client_kwargs) as c:
            job = await c.models.create_model("p1")
            started = time.monotonic()
            with pytest.raises(pkg.JobTimeoutError) as caught:
                await job.wait(timeout=T, poll_interval=0.05)
            return caught.value, time.monotonic() - started

    return run(go)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_wait_ends_in_time_when_the_status_endpoint_never_answers(server: FaultServer, mode: str) -> None:
    server.script(CREATE, Reply(202, b"", {"Location": STATUS}))
    server.always(STATUS, Hang())
    error, elapsed = _wait(server, mode, max_retries=3)  # the client's timeout stays its default 60 s
    assert elapsed < T + MARGIN, elapsed
    assert elapsed >= T * 0.9
    assert f"did not finish within {T} s" in str(error)
    assert "timed out" in str(error)  # says what the last poll ran into
    assert len(server.hits(STATUS)) == 1  # the hung poll was cut at the deadline, not retried


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_wait_ends_in_time_when_a_later_poll_hangs(server: FaultServer, mode: str) -> None:
    server.script(CREATE, Reply(202, b"", {"Location": STATUS}))
    server.script(STATUS, _running(), _running())
    server.always(STATUS, Hang())
    _error, elapsed = _wait(server, mode)
    assert T * 0.9 <= elapsed < T + MARGIN, elapsed
    assert len(server.hits(STATUS)) == 3


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_retries_and_their_backoff_fit_in_the_time_left(server: FaultServer, mode: str) -> None:
    """Every poll is answered by a dropped connection: a GET is retried with backoff
    (0.25-0.5 s, 0.5-1 s, 1-2 s, ...), and no sleep may run past the deadline."""
    server.script(CREATE, Reply(202, b"", {"Location": STATUS}))
    server.always(STATUS, Reset())
    error, elapsed = _wait(server, mode, max_retries=10)
    assert elapsed < T + MARGIN, elapsed
    assert "did not finish" in str(error)
    assert 2 <= len(server.hits(STATUS)) <= 4


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_fetching_the_finished_resource_is_bounded_too(server: FaultServer, mode: str) -> None:
    server.script(CREATE, Reply(202, b"", {"Location": STATUS}))
    server.script(STATUS, Reply(303, b"", {"Location": MODEL}))
    server.always(MODEL, Hang())
    _error, elapsed = _wait(server, mode)
    assert T * 0.9 <= elapsed < T + MARGIN, elapsed


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_slow_answer_inside_the_deadline_still_counts(server: FaultServer, mode: str) -> None:
    """The deadline cuts only what would run past it: a poll answered after 0.3 s is fine."""
    server.script(CREATE, Reply(202, b"", {"Location": STATUS}))
    server.script(STATUS, Reply(303, b"", {"Location": MODEL}, delay=0.3))
    server.script(MODEL, Reply(200, sample("ModelDetailsResponse", id="m9")))
    if mode == "sync":
        with client(server) as c:
            assert c.models.create_model("p1").wait(timeout=T).id == "m9"
    else:
        async def go() -> str:
            async with async_client(server) as c:
                return (await (await c.models.create_model("p1")).wait(timeout=T)).id

        assert run(go) == "m9"
