"""Real HTTP servers on 127.0.0.1 for the client tests.

``FaultServer`` is a threaded HTTP/1.1 server scripted per test: each path has a queue of
actions (a response, a streamed body, a closed socket, a stall, a truncated body, or a
function of the request), and every request it receives is recorded as it arrived on the
wire, raw path and all. An unscripted request gets a 599 and is recorded as unexpected, so
a test fails loudly instead of hanging.

``Prism`` runs the spec-driven mock server from node_modules as a child process.
"""

from __future__ import annotations

import collections
import email.parser
import email.policy
import os
import signal
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# -- fault-injecting server ----------------------------------------------------------------
@dataclass
class Recorded:
    """One request as the server saw it."""

    method: str
    raw_path: str  # path and query exactly as sent on the request line
    headers: dict[str, str]  # lower-cased names
    body: bytes
    at: float  # time.monotonic() when the request line arrived

    @property
    def path(self) -> str:
        return urlsplit(self.raw_path).path

    @property
    def query(self) -> str:
        return urlsplit(self.raw_path).query

    def multipart(self) -> dict[str, Part]:
        """The multipart/form-data body parsed, field name -> part (a strict parser: a
        body that is not well-formed multipart raises)."""
        content_type = self.headers.get("content-type", "")
        assert content_type.startswith("multipart/form-data; boundary="), content_type
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + self.body
        )
        assert message.is_multipart() and not message.defects, message.defects
        parts: dict[str, Part] = {}
        for item in message.iter_parts():
            disposition = item.get("content-disposition", "")
            assert disposition.startswith("form-data"), disposition
            name = item.get_param("name", header="content-disposition")
            payload = item.get_payload(decode=True)
            parts[str(name)] = Part(item.get_filename(), item.get_content_type(), payload if isinstance(payload, bytes) else b"")
        return parts


@dataclass
class Part:
    filename: str | None
    content_type: str
    data: bytes


@dataclass
class Reply:
    status: int = 200
    body: bytes | str | Any = b""  # bytes, text, or JSON-able data (sent as application/json)
    headers: dict[str, str] = field(default_factory=dict)
    chunks: Iterable[bytes] | None = None  # stream these instead of `body`
    length: int | None = None  # Content-Length to announce with `chunks`
    delay: float = 0.0  # sleep before answering (a read timeout on the client side)


@dataclass
class Reset:
    """Drop the connection after reading the request, without answering: with ``rst`` an
    abortive close (the client reads ECONNRESET), else an orderly one (EOF)."""

    rst: bool = True


@dataclass
class Truncate:
    """Announce `length` bytes, send `body` (shorter), then close the connection."""

    body: bytes
    length: int
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Hang:
    """Read the request and never answer (until the server stops): a status endpoint that hangs."""


@dataclass
class Raw:
    """Write these bytes as the whole answer (a malformed one, say), then close."""

    data: bytes


Action = Reply | Reset | Truncate | Hang | Raw | Callable[[Recorded], "Reply | Reset | Truncate | Hang | Raw"]


class FaultServer:
    def __init__(self, port: int = 0) -> None:
        self.requests: list[Recorded] = []
        self.unexpected: list[Recorded] = []
        self._script: dict[str, collections.deque[Action]] = collections.defaultdict(collections.deque)
        self._sticky: dict[str, Action] = {}
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def setup(self) -> None:
                super().setup()
                # headers and body go out in separate writes; without this, Nagle's algorithm
                # and the client's delayed ACK add ~40 ms to every answer
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
                pass

            def handle_one(self) -> None:
                body = self._read_body()
                record = Recorded(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body, time.monotonic())
                action = server._next(record)
                if callable(action):
                    action = action(record)
                if isinstance(action, Hang):
                    server._stopped.wait()
                    self.close_connection = True
                    return
                if isinstance(action, Raw):
                    self.wfile.write(action.data)
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if isinstance(action, Reset):
                    self.close_connection = True
                    if action.rst:
                        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        self.connection.close()
                    else:
                        self.connection.shutdown(socket.SHUT_RDWR)
                    return
                if isinstance(action, Truncate):
                    self.send_response(action.status)
                    for k, v in action.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(action.length))
                    self.end_headers()
                    self.wfile.write(action.body)
                    self.wfile.flush()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self._reply(action)

            def _read_body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = bytearray()
                    while True:
                        size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                        if size == 0:
                            self.rfile.readline()
                            return bytes(data)
                        data += self.rfile.read(size)
                        self.rfile.readline()
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def _reply(self, reply: Reply) -> None:
                if reply.delay:
                    time.sleep(reply.delay)
                headers = dict(reply.headers)
                if reply.chunks is not None:
                    self.send_response(reply.status)
                    for k, v in headers.items():
                        self.send_header(k, v)
                    if reply.length is not None:
                        self.send_header("Content-Length", str(reply.length))
                        self.end_headers()
                        for chunk in reply.chunks:
                            self.wfile.write(chunk)
                    else:
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        for chunk in reply.chunks:
                            self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                        self.wfile.write(b"0\r\n\r\n")
                    return
                payload = reply.body
                if isinstance(payload, str):
                    data = payload.encode("utf-8")
                elif isinstance(payload, (bytes, bytearray)):
                    data = bytes(payload)
                else:
                    import json

                    data = json.dumps(payload).encode("utf-8")
                    headers.setdefault("Content-Type", "application/json")
                self.send_response(reply.status)
                for k, v in headers.items():
                    self.send_header(k, v)
                if reply.status not in (204, 304):
                    self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if reply.status not in (204, 304) and self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = handle_one

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            block_on_close = False
            allow_reuse_address = True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that hangs up mid-stream is part of the tests

        self._server = Server(("127.0.0.1", port), Handler)
        self.port = int(self._server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)

    def start(self) -> FaultServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopped.set()
        self._server.shutdown()
        self._server.server_close()

    # -- scripting ---------------------------------------------------------------
    def script(self, path: str, *actions: Action) -> None:
        """Queue `actions` for requests whose raw path (without query) is `path`."""
        with self._lock:
            self._script[path].extend(actions)

    def always(self, path: str, action: Action) -> None:
        """Answer every request for `path` with `action` once its queue is empty."""
        with self._lock:
            self._sticky[path] = action

    def _next(self, record: Recorded) -> Action:
        with self._lock:
            self.requests.append(record)
            queue = self._script.get(record.path)
            if queue:
                return queue.popleft()
            if record.path in self._sticky:
                return self._sticky[record.path]
            self.unexpected.append(record)
            return Reply(599, {"message": f"unscripted request {record.method} {record.raw_path}"})

    def hits(self, path: str) -> list[Recorded]:
        return [r for r in self.requests if r.path == path]


def generated_chunks(total: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    """`total` bytes made on the fly (never held at once): a repeating, position-dependent pattern."""
    block = bytes(range(256)) * (chunk // 256)
    sent = 0
    while sent < total:
        n = min(chunk, total - sent)
        yield block[:n]
        sent += n


# -- Prism ---------------------------------------------------------------------------------
class Prism:
    """`prism mock` on 127.0.0.1 from the project's node_modules."""

    def __init__(self, executable: Path, spec: Path, log: Path, *extra: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self._args = [str(executable), "mock", "-h", "127.0.0.1", "-p", str(self.port), str(spec), *extra]
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> Prism:
        handle = self.log.open("wb")
        self._proc = subprocess.Popen(self._args, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                      start_new_session=True, env={**os.environ, "NO_COLOR": "1"})
        handle.close()
        return self

    def wait_ready(self, timeout: float = 90.0) -> None:
        assert self._proc is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"prism exited with {self._proc.returncode}:\n{self.log.read_text(errors='replace')[-3000:]}")
            try:
                httpx.get(self.url + "/__ready__", timeout=1.0, trust_env=False)
                return  # any HTTP answer (a 404 here) means it is serving
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError(f"prism did not answer within {timeout} s:\n{self.log.read_text(errors='replace')[-3000:]}")

    def stop(self) -> None:
        if self._proc is None or self._proc.poll() is not None:
            return
        os.killpg(self._proc.pid, signal.SIGTERM)  # the group this fixture started, nothing else
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self._proc.pid, signal.SIGKILL)
            self._proc.wait(timeout=10)
