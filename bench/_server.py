"""A minimal DataRobot-shaped server on 127.0.0.1 for the client benchmarks, run as its
own process (so serving a request never competes with the client for a GIL).

    python bench/_server.py FOLDER   # FOLDER holds list.json and model.json; prints the port

Routes (HTTP/1.1, keep-alive, bodies precomputed so the server costs the same every call):
    GET  /api/v2/projects/{pid}/models/         200 list.json (100 ModelDetailsResponse)
    POST /api/v2/projects/{pid}/models/         202 Location: /api/v2/status/{n}/
    GET  /api/v2/status/{n}/                    303 Location: /api/v2/projects/{pid}/models/{n}/
    GET  /api/v2/projects/{pid}/models/{mid}/   200 model.json
Stops when its standard input closes (the parent exited) or on SIGTERM.
"""

from __future__ import annotations

import itertools
import re
import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LIST = re.compile(r"^/api/v2/projects/([^/]+)/models/$")
ONE = re.compile(r"^/api/v2/projects/([^/]+)/models/([^/]+)/$")
STATUS = re.compile(r"^/api/v2/status/(\d+)/$")


def make_handler(list_body: bytes, model_body: bytes) -> type[BaseHTTPRequestHandler]:
    counter = itertools.count(1)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            # Small answers (202, 303) would otherwise wait on Nagle + delayed ACK: ~40 ms each.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
            pass

        def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            if body:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)

        def _path(self) -> str:
            return self.path.split("?", 1)[0]

        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            path = self._path()
            if LIST.match(path):
                self._send(200, list_body)
            elif match := STATUS.match(path):
                self._send(303, headers={"Location": f"/api/v2/projects/p1/models/{match.group(1)}/"})
            elif ONE.match(path):
                self._send(200, model_body)
            else:
                self._send(404, b'{"message": "not found"}')

        def do_POST(self) -> None:  # noqa: N802 - the stdlib's name
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            if LIST.match(self._path()):
                self._send(202, b"{}", headers={"Location": f"/api/v2/status/{next(counter)}/"})
            else:
                self._send(404, b'{"message": "not found"}')

    return Handler


def main() -> None:
    folder = Path(sys.argv[1])
    handler = make_handler((folder / "list.json").read_bytes(), (folder / "model.json").read_bytes())
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sys.stdin.read()  # returns when the parent closes our stdin or exits
    server.shutdown()


if __name__ == "__main__":
    main()
