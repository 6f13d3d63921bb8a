"""Run pure, CPU-bound functions in forked children while the caller goes on, and get
their results later.

- `Pending` forks now and runs the function on arguments the child inherits through fork
  (a 13 MB document is not pickled); only the result crosses back, through a pipe. Used for
  openapi-spec-validator (its verdict changes nothing later stages read) and, for a large
  document, datamodel-code-generator.
- `Ready` forks before the arguments exist: the child gets ready (imports, a warm-up call)
  while the caller builds them, then receives them pickled. Used for datamodel-code-generator
  on a document small enough that its first-call cost outweighs sending the IR.

Where fork is not available (or GENERATOR_NO_FORK is set) the function simply runs in the caller.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import traceback
from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")


class Pending(Generic[T]):
    def __init__(self, function: Callable[..., T], *args: Any) -> None:
        self._value: tuple[bool, Any] | None = None  # (ok, value or the exception)
        self._process: Any = None
        if "fork" not in multiprocessing.get_all_start_methods() or os.environ.get("GENERATOR_NO_FORK"):
            self._value = _call(function, args)
            return
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(writer, function, args), daemon=True)
        self._process.start()
        writer.close()

    @classmethod
    def _of(cls, process: Any, reader: Any) -> Pending[T]:
        """The pending result of a child already running (Ready.start)."""
        pending: Pending[T] = cls.__new__(cls)
        pending._value, pending._process, pending._reader = None, process, reader
        return pending

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
        ok, value = cast("tuple[bool, Any]", self._value)
        if not ok:
            raise value
        return cast(T, value)

    def cancel(self) -> None:
        if self._process is not None and self._value is None:
            self._process.kill()
            self._process.join()
            self._reader.close()
            self._value = (False, RuntimeError("cancelled"))


class Ready(Generic[T]):
    """A forked child that gets ready (imports, a warm-up call) while the caller goes on, then
    runs `function` on the arguments `start` sends it (pickled through a pipe: they did not
    exist when it forked). For work whose set-up costs more than its arguments take to send.
    Where fork is not available, `start` simply runs the function."""

    def __init__(self, function: Callable[..., T], prepare: Callable[[], object]) -> None:
        self._function = function
        self._process: Any = None
        if "fork" not in multiprocessing.get_all_start_methods() or os.environ.get("GENERATOR_NO_FORK"):
            return
        context = multiprocessing.get_context("fork")
        self._reader, writer = context.Pipe(duplex=False)
        arguments, self._sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_ready_child, args=(writer, arguments, function, prepare), daemon=True)
        self._process.start()
        writer.close()
        arguments.close()

    def start(self, *args: Any) -> Pending[T]:
        """The function's pending result on `args`."""
        if self._process is None:
            return Pending(self._function, *args)
        self._sender.send_bytes(pickle.dumps(args, protocol=pickle.HIGHEST_PROTOCOL))
        self._sender.close()
        pending: Pending[T] = Pending._of(self._process, self._reader)
        self._process = None
        return pending

    def cancel(self) -> None:
        """Not needed after all (or the caller failed): end the child."""
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._reader.close()
            self._sender.close()
            self._process = None


def _ready_child(writer: Any, arguments: Any, function: Callable[..., Any], prepare: Callable[[], object]) -> None:
    quiet_gc()
    try:
        prepare()
    except Exception:  # noqa: BLE001  # a failed warm-up only loses its head start
        pass
    try:
        args = pickle.loads(arguments.recv_bytes())
    except (EOFError, OSError):  # the caller went away without work for us
        os._exit(0)
    _child(writer, function, args)


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
