"""Run a few calls of a generated client against a mock server; print one JSON line.

Usage (in a child interpreter whose sys.path holds the generated package):
    python smoke_client.py PACKAGE BASE_URL CALLS_JSON

CALLS_JSON is a list of [expression, expected type name]; each expression is evaluated
with `client` (sync), `aclient` (async, awaited when the expression starts with
"await "), `types` (the package's models) and `io` in scope. The output lists, per call,
the type name of the result or the error.
"""

from __future__ import annotations

import asyncio
import importlib
import io
import json
import sys
import warnings


def main() -> None:
    package, base_url, calls = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    module = importlib.import_module(package)
    types = importlib.import_module(f"{package}.types")
    results = []
    warnings.simplefilter("ignore", DeprecationWarning)  # deprecated operations warn by design
    # The client classes are named after the spec's title unless configured: find them.
    runtime = importlib.import_module(f"{package}._base_client")
    sync_cls = next(c for n in module.__all__ if isinstance(c := getattr(module, n), type) and issubclass(c, runtime.SyncAPIClient))
    async_cls = getattr(module, f"Async{sync_cls.__name__}")
    with sync_cls(base_url, token="smoke-token", max_retries=0) as client:

        async def run_async(expression: str) -> object:
            async with async_cls(base_url, token="smoke-token", max_retries=0) as aclient:
                scope = {"aclient": aclient, "types": types, "io": io}
                return await eval(expression.removeprefix("await "), scope)

        for expression, expected in calls:
            try:
                if expression.startswith("await "):
                    value = asyncio.run(run_async(expression))
                else:
                    value = eval(expression, {"client": client, "types": types, "io": io})
                results.append({"call": expression, "expected": expected, "got": type(value).__name__, "value": repr(value)[:200]})
            except Exception as exc:  # reported, not raised: the test shows every failure at once
                results.append({"call": expression, "expected": expected, "got": f"{type(exc).__name__}: {str(exc)[:500]}"})
    print(json.dumps(results))


if __name__ == "__main__":
    main()
