"""The token never shows: a token (or token_type, or a header value) with a control character
is refused when the client is built or the call is made, with an error that does not show it;
and across every failure path (connection refused, timeouts, status errors, unfollowed and
followed redirects, malformed answers, failed jobs) against a server that echoes the token
back wherever it can, neither an exception (its message, repr, cause, whole traceback) nor a
log record of ours, httpx's or httpcore's at DEBUG contains it. Sync and async alike."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

import datarobot_models_client as pkg
import pytest

from .conftest import TOKEN
from .helpers import API, async_client, client, run, sample
from .servers import FaultServer, Raw, Recorded, Reply, free_port

MODEL = f"{API}/projects/p1/models/m1/"
CREATE = f"{API}/projects/p1/models/"
STATUS = f"{API}/status/1/"
CONTROL = ["\n", "\r", "\r\n", "\x00", "\x01", "\t", "\x0b", "\x1b", "\x1f", "\x7f"]


def _texts(error: BaseException) -> str:
    """Everything a user or a log could print of an exception: the whole traceback with its
    causes, str, repr and args."""
    return "".join(traceback.format_exception(error)) + str(error) + repr(error) + repr(error.args)


# -- refused when the client is built -----------------------------------------------------------
@pytest.mark.parametrize("char", CONTROL, ids=[f"U+{ord(c[0]):04X}" for c in CONTROL])
@pytest.mark.parametrize("cls", [pkg.Client, pkg.AsyncClient])
def test_a_token_with_a_control_character_is_refused_without_showing_it(cls: Any, char: str) -> None:
    secret = f"tok-{char}X-Injected: 1-5ecret"
    with pytest.raises(ValueError, match="control character") as caught:
        cls("http://127.0.0.1:9", secret)
    assert "the token argument" in str(caught.value)
    for part in (secret, "5ecret", "X-Injected"):
        assert part not in _texts(caught.value)


@pytest.mark.parametrize("cls", [pkg.Client, pkg.AsyncClient])
def test_a_token_from_the_environment_is_checked_too(cls: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATAROBOT_API_TOKEN", "tok\x1b-" + "5ecret")  # (the environment cannot hold NUL)
    with pytest.raises(ValueError, match=r"\$DATAROBOT_API_TOKEN.*U\+001B at position 3") as caught:
        cls("http://127.0.0.1:9")
    assert "5ecret" not in _texts(caught.value)


@pytest.mark.parametrize("cls", [pkg.Client, pkg.AsyncClient])
def test_a_non_ascii_token_and_a_bad_token_type_are_refused(cls: Any) -> None:
    secret = "tök-" + "5ecret"  # (a literal would show in the traceback's source line)
    with pytest.raises(ValueError, match="non-ASCII") as caught:
        cls("http://127.0.0.1:9", secret)
    assert "5ecret" not in _texts(caught.value)
    with pytest.raises(ValueError, match="token_type contains a control character"):
        cls("http://127.0.0.1:9", TOKEN, token_type="Bearer\r\nX-Evil: 1")


def test_surrounding_whitespace_is_not_part_of_the_token(server: FaultServer) -> None:
    """A token read from a file keeps its newline: leading and trailing spaces, tabs, CR and LF
    are stripped (never sent); the same characters inside the token are refused above."""
    server.script(MODEL, Reply(200, sample("ModelDetailsResponse")))
    with pkg.Client(server.url, f"  {TOKEN}\r\n") as c:
        c.models.get_model("p1", "m1")
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_header_value_with_a_control_character_is_refused_before_sending(server: FaultServer, mode: str) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}\r\nX-Injected: 1"}
    with pytest.raises(ValueError, match="value of header 'Authorization' contains a control character") as caught:
        if mode == "sync":
            with pkg.Client(server.url) as c:
                c.models.get_model("p1", "m1", extra_headers=headers)
        else:
            async def go() -> None:
                async with pkg.AsyncClient(server.url) as c:
                    await c.models.get_model("p1", "m1", extra_headers=headers)

            run(go)
    assert TOKEN not in _texts(caught.value)
    assert server.requests == []


# -- never shown on any failure path ----------------------------------------------------------------
def _echo(status: int) -> Callable[[Recorded], Reply]:
    """A misbehaving server: it echoes the Authorization header in the body, a header and the
    Location."""
    def answer(request: Recorded) -> Reply:
        credential = request.headers.get("authorization", "none")
        return Reply(status, {"message": f"bad credentials {credential}", "status": "ERROR"},
                     {"X-Echo": credential, "Location": f"/echo/{credential.split()[-1]}/"})
    return answer


def _paths(server: FaultServer, *, status_path: str) -> list[tuple[str, Callable[[Any], Any]]]:
    """(label, call) for every failure path; `call(c)` returns the awaitable or value."""
    server.always(f"{API}/projects/p401/models/m1/", _echo(401))
    server.always(f"{API}/projects/p500/models/m1/", _echo(500))
    server.always(f"{API}/projects/p200/models/m1/", _echo(200))  # not a ModelDetailsResponse: parse error
    server.always(f"{API}/projects/pjob/models/", _echo(307))  # a POST redirect is not followed
    server.always(f"{API}/projects/pjob2/models/", Reply(202, b"", {"Location": status_path}))
    server.always(status_path, _echo(200))  # the job "failed", with the token in its message
    server.always(f"{API}/projects/pbad/models/m1/", Raw(b"HTTP/1.1 2x0 " + TOKEN.encode() + b"\r\n\r\n"))
    server.always(f"{API}/projects/preason/models/m1/", Raw(b"HTTP/1.1 403 " + TOKEN.encode() + b"\r\nContent-Length: 0\r\n\r\n"))
    server.always(f"{API}/projects/pslow/models/m1/", Reply(200, sample("ModelDetailsResponse"), delay=1.0))
    return [
        ("401 echoing the token", lambda c: c.models.get_model("p401", "m1")),
        ("500 echoing the token, retried", lambda c: c.models.get_model("p500", "m1")),
        ("200 that does not parse", lambda c: c.models.get_model("p200", "m1")),
        ("307 for a POST, not followed", lambda c: c.models.create_model("pjob")),
        ("malformed status line", lambda c: c.models.get_model("pbad", "m1")),
        ("403 whose reason phrase is the token", lambda c: c.models.get_model("preason", "m1")),
        ("read timeout", lambda c: c.models.get_model("pslow", "m1", timeout=0.2)),
    ]


def _capture_all(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for name in ("httpx", "httpcore", "datarobot_models_client"):
        caplog.set_level(logging.DEBUG, logger=name)


def _check(errors: list[BaseException], caplog: pytest.LogCaptureFixture) -> None:
    kinds = {type(e) for e in errors}
    assert {pkg.AuthenticationError, pkg.InternalServerError, pkg.ResponseParseError, pkg.APIStatusError,
            pkg.APIConnectionError, pkg.APITimeoutError, pkg.JobFailedError, pkg.PermissionDeniedError} <= kinds, kinds
    assert sum(isinstance(e, pkg.APIConnectionError) and "RemoteProtocolError" in str(e) for e in errors) == 1
    echoed = [e for e in errors if isinstance(e, pkg.APIStatusError) and e.status_code == 401]
    assert TOKEN in str(echoed[0].body)  # the server really sent it back: there was something to hide
    for error in errors:
        assert TOKEN not in _texts(error), _texts(error)
    loggers = {r.name.split(".")[0] for r in caplog.records}
    assert {"httpx", "httpcore", "datarobot_models_client"} <= loggers  # the capture really worked
    for record in caplog.records:
        assert TOKEN not in record.getMessage(), record.getMessage()
        assert TOKEN not in logging.Formatter().format(record)


def test_the_token_is_in_no_message_and_no_log_on_any_failure_path(
        server: FaultServer, caplog: pytest.LogCaptureFixture, sleeps: Any) -> None:
    _capture_all(caplog)
    errors: list[BaseException] = []
    with client(server, max_retries=1) as c:
        for _label, call in _paths(server, status_path=STATUS):
            with pytest.raises(pkg.APIError) as caught:
                call(c)
            errors.append(caught.value)
        with pytest.raises(pkg.JobFailedError) as failed:
            c.models.create_model("pjob2").wait()
        errors.append(failed.value)
        server.script(f"{API}/projects/pr/models/m1/", Reply(302, b"", {"Location": f"/echo/{TOKEN}/"}))
        server.always(f"/echo/{TOKEN}/", _echo(404))
        with pytest.raises(pkg.NotFoundError) as followed:
            c.models.get_model("pr", "m1")
        errors.append(followed.value)
    with pkg.Client(f"http://127.0.0.1:{free_port()}", TOKEN, max_retries=0) as refused:
        with pytest.raises(pkg.APIConnectionError) as caught_refused:
            refused.models.get_model("p1", "m1")
        errors.append(caught_refused.value)
    _check(errors, caplog)


def test_async_the_token_is_in_no_message_and_no_log_on_any_failure_path(
        server: FaultServer, caplog: pytest.LogCaptureFixture, sleeps: Any) -> None:
    _capture_all(caplog)
    errors: list[BaseException] = []

    async def go() -> None:
        async with async_client(server, max_retries=1) as c:
            for _label, call in _paths(server, status_path=STATUS):
                try:
                    await call(c)
                except pkg.APIError as exc:
                    errors.append(exc)
            try:
                await (await c.models.create_model("pjob2")).wait()
            except pkg.JobFailedError as exc:
                errors.append(exc)
        async with pkg.AsyncClient(f"http://127.0.0.1:{free_port()}", TOKEN, max_retries=0) as refused:
            try:
                await refused.models.get_model("p1", "m1")
            except pkg.APIConnectionError as exc:
                errors.append(exc)

    run(go)
    assert len(errors) == 9
    _check(errors, caplog)
