"""Small shared pieces of the behaviour tests: valid bodies from the spec's schemas, clients
pointed at a test server, and a recorder standing in for the runtime's sleeps."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import datarobot_models_client as pkg
import pytest
from datarobot_models_client import _base_client

from .conftest import TOKEN
from .schema_instance import SchemaInstances
from .servers import FaultServer
from .spec_calls import spec

T = TypeVar("T")
API = "/api/v2"


def sample(schema: str, *, full: bool = False, **overrides: Any) -> dict[str, Any]:
    """A valid instance of the component schema `schema` (wire names), with overrides."""
    data, _ = spec()
    value = SchemaInstances(data).instance({"$ref": f"#/components/schemas/{schema}"}, full=full)
    assert isinstance(value, dict)
    value = copy.deepcopy(value)
    value.update(overrides)
    return value


def client(server: FaultServer, **kwargs: Any) -> pkg.Client:
    kwargs.setdefault("token", TOKEN)
    return pkg.Client(server.url, **kwargs)


def async_client(server: FaultServer, **kwargs: Any) -> pkg.AsyncClient:
    kwargs.setdefault("token", TOKEN)
    return pkg.AsyncClient(server.url, **kwargs)


def run(factory: Callable[[], Awaitable[T]]) -> T:
    async def main() -> T:
        return await factory()

    return asyncio.run(main())


class Sleeps:
    """Records the delays the runtime asks for instead of sleeping."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def sync(self, seconds: float) -> None:
        self.delays.append(seconds)

    async def async_(self, seconds: float) -> None:
        self.delays.append(seconds)

    def install(self, monkeypatch: pytest.MonkeyPatch) -> Sleeps:
        monkeypatch.setattr(_base_client, "_sleep", self.sync)
        monkeypatch.setattr(_base_client, "_asleep", self.async_)
        return self
