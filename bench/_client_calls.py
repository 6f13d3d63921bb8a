"""Child process for the client benchmarks; prints one JSON object on stdout.

Runs under whichever interpreter has the contender's dependencies (the project's venv for
our client and for raw httpx; openapi-python-client's venv for the client it generates),
with the generated packages on PYTHONPATH. Standard library only besides the contender.

    _client_calls.py import MODULE[,MODULE...]          seconds to import them
    _client_calls.py first-use                          import ours, build a Client, load .models
    _client_calls.py first-call KIND URL                import, build a client, make one call, parse it
    _client_calls.py list KIND URL CALLS BATCHES        per-call seconds of each batch
    _client_calls.py job KIND URL CALLS BATCHES         per-round-trip seconds of each batch
KIND: ours | raw | raw-json | opc (list); ours | raw (job). OPC_PACKAGE names opc's package.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

PROJECT = "65f1e2d3c4b5a69788000001"
TOKEN = "bench-token"
ITEMS = 100
WARMUP = 20


def _import(modules: str) -> dict[str, Any]:
    started = time.perf_counter()
    for name in modules.split(","):
        importlib.import_module(name)
    return {"seconds": time.perf_counter() - started}


def _first_use() -> dict[str, Any]:
    started = time.perf_counter()
    from datarobot_models_client import Client

    imported = time.perf_counter()
    client = Client(endpoint="http://127.0.0.1:9", token=TOKEN)
    _ = client.models
    return {"seconds": time.perf_counter() - started, "import": imported - started}


def _first_call(kind: str, url: str) -> dict[str, Any]:
    """From nothing imported to the first response parsed: ours (import the package, Client(),
    get_model() parsed into ModelDetailsResponse), or raw (import httpx and pydantic,
    httpx.Client(), the same GET, json.loads; no model)."""
    started = time.perf_counter()
    if kind == "ours":
        from datarobot_models_client import Client

        imported = time.perf_counter()
        with Client(endpoint=url, token=TOKEN, max_retries=0) as client:
            result: Any = client.models.get_model(PROJECT, "m1")
        if type(result).__name__ != "ModelDetailsResponse":
            raise SystemExit(f"first-call: expected ModelDetailsResponse, got {type(result).__name__}")
    elif kind == "raw":
        import httpx
        import pydantic  # noqa: F401 - the baseline imports both

        imported = time.perf_counter()
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}) as http:
            response = http.get(f"/api/v2/projects/{PROJECT}/models/m1/")
            response.raise_for_status()
            result = json.loads(response.content)
        if not isinstance(result, dict):
            raise SystemExit("first-call raw: expected a JSON object")
    else:
        raise SystemExit(f"unknown kind {kind}")
    done = time.perf_counter()
    return {"seconds": done - started, "import": imported - started}


def _list_call(kind: str, url: str) -> Callable[[], Any]:
    if kind == "ours":
        from datarobot_models_client import Client

        client = Client(endpoint=url, token=TOKEN, max_retries=0)
        return lambda: client.models.list_models(PROJECT)
    if kind == "raw":
        import httpx
        import pydantic
        from datarobot_models_client.types import ModelDetailsResponse

        http = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"})
        adapter = pydantic.TypeAdapter(list[ModelDetailsResponse])

        def raw() -> Any:
            response = http.get(f"/api/v2/projects/{PROJECT}/models/")
            response.raise_for_status()
            return adapter.validate_python(json.loads(response.content))

        return raw
    if kind == "raw-json":  # the floor: pydantic parses the bytes itself, no Python dicts in between
        import httpx
        import pydantic
        from datarobot_models_client.types import ModelDetailsResponse

        http = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"})
        adapter = pydantic.TypeAdapter(list[ModelDetailsResponse])

        def raw_json() -> Any:
            response = http.get(f"/api/v2/projects/{PROJECT}/models/")
            response.raise_for_status()
            return adapter.validate_json(response.content)

        return raw_json
    if kind == "opc":
        package = os.environ["OPC_PACKAGE"]
        client = importlib.import_module(package).AuthenticatedClient(base_url=url, token=TOKEN)
        list_models = importlib.import_module(f"{package}.api.models.list_models")
        return lambda: list_models.sync(PROJECT, client=client)
    raise SystemExit(f"unknown kind {kind}")


def _job_call(kind: str, url: str) -> Callable[[], Any]:
    body = {"blueprintId": "65f1e2d3c4b5a69788000002", "samplePct": 64.0}
    if kind == "ours":
        from datarobot_models_client import Client

        client = Client(endpoint=url, token=TOKEN, max_retries=0)
        return lambda: client.models.create_model(PROJECT, body=body).wait(poll_interval=0.0)
    if kind == "raw":
        import httpx
        from datarobot_models_client.types import ModelDetailsResponse

        http = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"})

        def raw() -> Any:
            started = http.post(f"/api/v2/projects/{PROJECT}/models/", json=body)
            assert started.status_code == 202, started.status_code
            status = http.get(started.headers["location"])
            assert status.status_code == 303, status.status_code
            done = http.get(status.headers["location"])
            done.raise_for_status()
            return ModelDetailsResponse.model_validate(json.loads(done.content))

        return raw
    raise SystemExit(f"unknown kind {kind}")


def _check(kind: str, mode: str, result: Any) -> str:
    """Prove the call did the whole job: parsed models, not dicts or None."""
    if mode == "list":
        if not isinstance(result, list) or len(result) != ITEMS:
            raise SystemExit(f"{kind}: expected a list of {ITEMS} models, got {type(result).__name__}")
        result = result[0]
    name = type(result).__name__
    if name != "ModelDetailsResponse":
        raise SystemExit(f"{kind}: expected ModelDetailsResponse, got {name}")
    return name


def _timed(kind: str, mode: str, url: str, calls: int, batches: int) -> dict[str, Any]:
    warnings.simplefilter("ignore", DeprecationWarning)  # listModels is deprecated; the warning is still raised
    call = _list_call(kind, url) if mode == "list" else _job_call(kind, url)
    checked = _check(kind, mode, call())
    for _ in range(WARMUP):
        call()
    per_call = []
    for _ in range(batches):
        started = time.perf_counter()
        for _ in range(calls):
            call()
        per_call.append((time.perf_counter() - started) / calls)
    import httpx

    return {"per_call": per_call, "parsed": checked, "httpx": httpx.__version__}


def main(argv: list[str]) -> None:
    mode = argv[0]
    if mode == "import":
        result = _import(argv[1])
    elif mode == "first-use":
        result = _first_use()
    elif mode == "first-call":
        result = _first_call(argv[1], argv[2])
    elif mode in ("list", "job"):
        result = _timed(argv[1], mode, argv[2], int(argv[3]), int(argv[4]))
    else:
        raise SystemExit(f"unknown mode {mode}")
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
