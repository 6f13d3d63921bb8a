"""Run one pure, CPU-bound function in a forked child while the caller goes on, and get
its result later.

Used for openapi-spec-validator: its verdict changes nothing the later stages read, so it
runs on the second core beside IR building, model generation and formatting. The child
inherits its arguments through fork (a 13 MB document is not pickled); only the result
crosses back, through a pipe. Where fork is not available the function simply runs now.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Pending(Generic[T]):
    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        self._value: tuple[bool, Any] | None = None
        self._process: Any = None
        if "fork" not in multiprocessing.get_all_start_methods() or os.environ.get("GENERATOR_NO_FORK"):
            self._value = _call(function, args)
            return
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(writer, function, args), daemon=True)
        self._process.start()
        writer.close()

    def result(self) -> T:
        """The function's value (its exception is raised here, in the caller)."""
        if self._value is None:
            try:
                self._value = pickle.loads(self._reader.recv_bytes())
            except (EOFError, OSError):  # the child died without answering (killed, out of memory)
                self._value = (False, RuntimeError("the background check ended without a result"))
            finally:
                self._reader.close()
                self._process.join()
        ok, value = self._value
        if not ok:
            raise value
        return value  # type: ignore[no-any-return]

    def cancel(self) -> None:
        if self._process is not None and self._value is None:
            self._process.kill()
            self._process.join()
            self._reader.close()
            self._value = (False, RuntimeError("cancelled"))


def _call(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[bool, Any]:
    try:
        return True, function(*args)
    except Exception as exc:  # noqa: BLE001  # carried to the caller, who decides what it means
        return False, exc


def _child(writer: Any, function: Callable[..., Any], args: tuple[Any, ...]) -> None:
    quiet_gc()
    outcome = _call(function, args)
    try:
        data = pickle.dumps(outcome)
    except Exception:  # noqa: BLE001  # an exception that cannot be pickled: send its text
        data = pickle.dumps((False, RuntimeError("".join(traceback.format_exception_only(outcome[1])).strip())))
    writer.send_bytes(data)
    writer.close()
    os._exit(0)  # skip atexit handlers and buffered output inherited from the parent


def quiet_gc() -> None:
    """For a short-lived forked child: leave what it inherited out of garbage collection, and
    collect no cycles at all. Each full collection walks every tracked object; in a child that
    inherited a large document and IR that is most of its time (datamodel-code-generator on
    GitHub's description: 24.7 s with collections, 16.2 s without), and it writes to every
    inherited page (copy-on-write). The child exits when its one function returns, so the
    cycles it leaves cost memory only until then (+24 MB peak there)."""
    gc.freeze()
    gc.disable()
