"""Fixtures for the generated client's tests: the package on sys.path, a clean environment,
Prism (static and dynamic) for the session, and a fault-injecting server per test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .servers import FaultServer, Prism

ROOT = Path(__file__).resolve().parents[2]
CLIENT_DIR = ROOT / "generated" / "python"
PRISM = ROOT / "node_modules" / ".bin" / "prism"
SPEC = ROOT / "spec" / "openapi.yaml"
TOKEN = "tok-5ecret-9f8e7d6c5b4a"

if str(CLIENT_DIR) not in sys.path:
    sys.path.insert(0, str(CLIENT_DIR))

_ENV = ("DATAROBOT_ENDPOINT", "DATAROBOT_API_TOKEN", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY",
        "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client reads DATAROBOT_* and httpx reads proxy variables: neither may leak in."""
    for name in _ENV:
        monkeypatch.delenv(name, raising=False)


def _prism(tmp_path_factory: pytest.TempPathFactory, name: str, *extra: str) -> Iterator[Prism]:
    if not PRISM.exists():
        pytest.skip("node_modules/.bin/prism is missing: run `npm ci` (the Makefile does) to install @stoplight/prism-cli")
    server = Prism(PRISM, SPEC, tmp_path_factory.mktemp("prism") / f"{name}.log", *extra).start()
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prism]:
    """Prism answering from the spec's examples (or its static schema-made example)."""
    yield from _prism(tmp_path_factory, "static")


@pytest.fixture(scope="session")
def prism_dynamic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Prism]:
    """Prism making random (seeded) answers from the schemas, with extra properties the
    spec does not list: the client must parse them all (forward compatibility)."""
    yield from _prism(tmp_path_factory, "dynamic", "--dynamic", "--seed", "4", "--json-schema-faker-fillProperties")


@pytest.fixture
def server() -> Iterator[FaultServer]:
    srv = FaultServer().start()
    try:
        yield srv
    finally:
        srv.stop()
    assert not srv.unexpected, f"unscripted requests: {[(r.method, r.raw_path) for r in srv.unexpected]}"


@pytest.fixture
def other_server() -> Iterator[FaultServer]:
    """A second server on another port, reached as `localhost`: another origin."""
    srv = FaultServer().start()
    srv.url = f"http://localhost:{srv.port}"
    try:
        yield srv
    finally:
        srv.stop()
    assert not srv.unexpected, f"unscripted requests: {[(r.method, r.raw_path) for r in srv.unexpected]}"


@pytest.fixture
def second_server() -> Iterator[FaultServer]:
    """A second server on 127.0.0.1 too, on another port: another origin (scheme+host+port)."""
    srv = FaultServer().start()
    try:
        yield srv
    finally:
        srv.stop()
    assert not srv.unexpected, f"unscripted requests: {[(r.method, r.raw_path) for r in srv.unexpected]}"


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> object:
    """Record the delays the runtime would sleep (retries, job polls) without sleeping."""
    from .helpers import Sleeps

    return Sleeps().install(monkeypatch)
