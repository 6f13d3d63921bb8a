"""Asynchronous jobs against the fault server: 202 + Location, polls answering 200 while
running (with and without Retry-After), then 303 See Other to the finished resource,
parsed as the documented type; failed jobs, timeouts, and a job on another origin."""

from __future__ import annotations

import time
from typing import Any

import datarobot_models_client as pkg
import pytest
from datarobot_models_client.types import ModelDetailsResponse, RatingTableRetrieveResponse

from .conftest import TOKEN
from .helpers import API, async_client, client, run, sample
from .servers import FaultServer, Reply

CREATE = f"{API}/projects/p1/models/"
STATUS = f"{API}/projects/p1/modelJobs/77/"
MODEL = f"{API}/projects/p1/models/m9/"


def _script_job(server: FaultServer, *, running: list[Reply], location: str = STATUS) -> None:
    server.script(CREATE, Reply(202, b"", {"Location": location}))
    server.script(STATUS, *running, Reply(303, {"status": "COMPLETED"}, {"Location": MODEL}))
    server.script(MODEL, Reply(200, sample("ModelDetailsResponse", id="m9", modelType="Gradient Boosting")))


def _running(**headers: str) -> Reply:
    return Reply(200, {"status": "inprogress", "id": "77"}, headers)


def test_job_polls_then_follows_303_to_the_parsed_model(server: FaultServer, sleeps: Any) -> None:
    _script_job(server, running=[_running(), _running(), _running()])
    with client(server) as c:
        job = c.models.create_model("p1", body={"blueprintId": "bp1"})
        assert isinstance(job, pkg.Job)
        assert job.location == STATUS
        assert job.response.status_code == 202
        model = job.wait(poll_interval=0.2, max_interval=0.4)
    assert isinstance(model, ModelDetailsResponse)
    assert model.id == "m9" and model.model_type == "Gradient Boosting"
    assert [r.path for r in server.requests] == [CREATE, STATUS, STATUS, STATUS, STATUS, MODEL]
    assert server.requests[0].method == "POST" and server.requests[0].body == b'{"blueprintId":"bp1"}'
    # backoff: the interval grows by half each poll, capped at max_interval
    assert sleeps.delays == pytest.approx([0.2, 0.3, 0.4])
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in server.requests)


def test_job_honours_retry_after_while_running(server: FaultServer, sleeps: Any) -> None:
    _script_job(server, running=[_running(**{"Retry-After": "3"}), _running()])
    with client(server) as c:
        c.models.create_model("p1").wait(poll_interval=0.1)
    assert sleeps.delays == pytest.approx([3.0, 0.15])


def test_job_wait_really_sleeps_between_polls(server: FaultServer) -> None:
    _script_job(server, running=[_running(**{"Retry-After": "0.3"}), _running()])
    with client(server) as c:
        c.models.create_model("p1").wait(poll_interval=0.2)
    polls = [r.at for r in server.hits(STATUS)]
    assert polls[1] - polls[0] >= 0.29
    assert polls[2] - polls[1] >= 0.29  # 0.2 * 1.5


def test_async_job_polls_then_follows_303(server: FaultServer, sleeps: Any) -> None:
    _script_job(server, running=[_running(), _running(**{"Retry-After": "2"})])

    async def go() -> ModelDetailsResponse:
        async with async_client(server) as c:
            job = await c.models.create_model("p1", body={"blueprintId": "bp1"})
            assert isinstance(job, pkg.AsyncJob)
            return await job.wait(poll_interval=0.5)

    model = run(go)
    assert isinstance(model, ModelDetailsResponse) and model.id == "m9"
    assert sleeps.delays == pytest.approx([0.5, 2.0])
    assert [r.path for r in server.requests] == [CREATE, STATUS, STATUS, STATUS, MODEL]


def test_job_with_an_initial_body_and_a_relative_location(server: FaultServer, sleeps: Any) -> None:
    path = f"{API}/projects/p1/ratingTables/"
    table = f"{path}rt5/"
    server.script(path, Reply(202, sample("RatingTableCreateResponse", id="rt5"), {"Location": "../../../status/s1/"}))
    server.script(f"{API}/status/s1/", _running(), Reply(303, b"", {"Location": table}))
    server.script(table, Reply(200, sample("RatingTableRetrieveResponse", id="rt5")))
    with client(server) as c:
        job = c.rating_tables.create_rating_table("p1", body={"ratingTableFile": b"a,b\n"})
        assert job.initial is not None and job.initial.id == "rt5"
        result = job.wait(poll_interval=0.01)
    assert isinstance(result, RatingTableRetrieveResponse) and result.id == "rt5"


@pytest.mark.parametrize("state", ["ERROR", "ABORTED", "failed"])
def test_failed_job_raises_job_failed_error(server: FaultServer, sleeps: Any, state: str) -> None:
    server.script(CREATE, Reply(202, b"", {"Location": STATUS}))
    server.script(STATUS, _running(), Reply(200, {"status": state, "message": "out of memory"}))
    with client(server) as c, pytest.raises(pkg.JobFailedError) as caught:
        c.models.create_model("p1").wait(poll_interval=0.01)
    error = caught.value
    assert isinstance(error, pkg.JobError) and isinstance(error, pkg.APIError)
    assert error.status == {"status": state, "message": "out of memory"}
    assert state.lower() in str(error) and "out of memory" in str(error)
    assert error.request is not None and error.request.url.path == STATUS


def test_async_failed_job_raises_job_failed_error(server: FaultServer, sleeps: Any) -> None:
    server.script(CREATE, Reply(202, b"", {"Location": STATUS}))
    server.script(STATUS, Reply(200, {"status": "ERROR"}))

    async def go() -> None:
        async with async_client(server) as c:
            await (await c.models.create_model("p1")).wait()

    with pytest.raises(pkg.JobFailedError):
        run(go)


def test_job_that_never_finishes_times_out_in_time(server: FaultServer) -> None:
    server.script(CREATE, Reply(202, b"", {"Location": STATUS}))
    server.always(STATUS, _running())
    with client(server) as c:
        job = c.models.create_model("p1")
        started = time.monotonic()
        with pytest.raises(pkg.JobTimeoutError) as caught:
            job.wait(timeout=0.6, poll_interval=0.1, max_interval=0.2)
        elapsed = time.monotonic() - started
    assert 0.6 <= elapsed < 1.5
    assert "did not finish within 0.6 s" in str(caught.value)
    assert 3 <= len(server.hits(STATUS)) <= 8


def test_async_job_that_never_finishes_times_out_in_time(server: FaultServer) -> None:
    server.script(CREATE, Reply(202, b"", {"Location": STATUS}))
    server.always(STATUS, _running(**{"Retry-After": "30"}))

    async def go() -> None:
        async with async_client(server) as c:
            await (await c.models.create_model("p1")).wait(timeout=0.4)

    started = time.monotonic()
    with pytest.raises(pkg.JobTimeoutError):
        run(go)
    assert 0.4 <= time.monotonic() - started < 1.5  # Retry-After 30 is cut to the time left
    # the first poll, and at most one more in the instant left (none once the deadline has passed)
    assert 1 <= len(server.hits(STATUS)) <= 2


def test_job_location_on_another_origin_gets_no_token(server: FaultServer, other_server: FaultServer, sleeps: Any) -> None:
    server.script(CREATE, Reply(202, b"", {"Location": f"{other_server.url}{STATUS}"}))
    other_server.script(STATUS, _running(), Reply(303, b"", {"Location": f"{server.url}{MODEL}"}))
    server.script(MODEL, Reply(200, sample("ModelDetailsResponse", id="m9")))
    with client(server) as c:
        model = c.models.create_model("p1").wait(poll_interval=0.01)
    assert model.id == "m9"
    assert all("authorization" not in r.headers for r in other_server.requests)
    assert len(other_server.requests) == 2
    # back on the configured origin, the token is sent again
    assert [r.headers.get("authorization") for r in server.requests] == [f"Bearer {TOKEN}"] * 2


def test_303_to_another_origin_gets_no_token(server: FaultServer, other_server: FaultServer, sleeps: Any) -> None:
    server.script(CREATE, Reply(202, b"", {"Location": STATUS}))
    server.script(STATUS, Reply(303, b"", {"Location": f"{other_server.url}/results/m9"}))
    other_server.script("/results/m9", Reply(200, sample("ModelDetailsResponse", id="m9")))
    with client(server) as c:
        assert c.models.create_model("p1").wait().id == "m9"
    assert "authorization" not in other_server.requests[0].headers


def test_job_without_a_documented_result_returns_the_final_json(server: FaultServer, sleeps: Any) -> None:
    path = f"{API}/projects/p1/models/m1/primeRulesets/"
    server.script(path, Reply(202, b"", {"Location": STATUS}))
    server.script(STATUS, Reply(303, b"", {"Location": MODEL}))
    server.script(MODEL, Reply(200, [{"rulesetId": 1}]))
    with client(server) as c:
        with pytest.warns(DeprecationWarning):
            job = c.prime_models.create_model_prime_rulesets("p1", "m1")
        assert job.wait() == [{"rulesetId": 1}]


def test_a_202_without_location_cannot_be_waited_on(server: FaultServer) -> None:
    server.script(CREATE, Reply(202, b""))
    with client(server) as c:
        job = c.models.create_model("p1")
        assert job.location == ""
        with pytest.raises(pkg.JobFailedError, match="no Location header"):
            job.wait()


def test_creating_a_job_is_not_retried_after_a_500(server: FaultServer, sleeps: Any) -> None:
    server.script(CREATE, Reply(500, {"message": "boom"}))
    with client(server, max_retries=3) as c, pytest.raises(pkg.InternalServerError):
        c.models.create_model("p1", body={"blueprintId": "bp1"})
    assert len(server.hits(CREATE)) == 1


# -- getModelJob: the job while it runs, the model once it is done --------------------------------
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_get_model_job_returns_the_job_then_the_finished_model(server: FaultServer, mode: str) -> None:
    """The status route answers 200 with the job while it runs and 303 See Other to the model
    once it is done (spec: getModelJob's 303, x-job-result ModelDetailsResponse): the method
    returns ModelJobResponse | ModelDetailsResponse, never a ResponseParseError."""
    from datarobot_models_client.types import ModelJobResponse

    server.script(STATUS, Reply(200, sample("ModelJobResponse", id="77", status="inprogress")),
                  Reply(303, b"", {"Location": MODEL}))
    server.script(MODEL, Reply(200, sample("ModelDetailsResponse", id="m9")))
    if mode == "sync":
        with client(server) as c:
            results = [c.model_jobs.get_model_job("p1", "77") for _ in range(2)]
    else:
        async def go() -> list[Any]:
            async with async_client(server) as c:
                return [await c.model_jobs.get_model_job("p1", "77") for _ in range(2)]

        results = run(go)
    running, done = results
    assert isinstance(running, ModelJobResponse) and running.id == "77"
    assert isinstance(done, ModelDetailsResponse) and done.id == "m9"
    assert [r.path for r in server.requests] == [STATUS, STATUS, MODEL]


def test_get_model_job_return_type_says_so() -> None:
    import typing

    from datarobot_models_client import types
    from datarobot_models_client.resources.model_jobs import AsyncModelJobsResource, ModelJobsResource

    for cls in (ModelJobsResource, AsyncModelJobsResource):
        # model classes load on first use, so annotations resolve against the types package
        hints = typing.get_type_hints(cls.get_model_job, localns={n: getattr(types, n) for n in types.__all__})
        assert set(typing.get_args(hints["return"])) == {types.ModelJobResponse, ModelDetailsResponse}
