"""A tiny threaded HTTP server on 127.0.0.1 that records every request it gets.

``Receiver.answer(path, status, body)`` sets what a path answers (default 200 ``{}``);
``Receiver.hold(path, seconds)`` makes a path answer late (for timeout tests).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


class Receiver:
    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.answers: dict[str, tuple[int, bytes]] = {}
        self.queued: dict[str, list[tuple[int, bytes, dict[str, str]]]] = {}
        self.delays: dict[str, threading.Event] = {}
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                owner.requests.append(Request(self.command, self.path, dict(self.headers.items()), body))
                path = self.path.split("?", 1)[0]
                if path in owner.delays:
                    owner.delays[path].wait(5)
                queued = owner.queued.get(path)
                status, answer, headers = queued.pop(0) if queued else (*owner.answers.get(path, (200, b"{}")), {})
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            do_POST = do_GET = do_PUT = _handle

            def log_message(self, format: str, *args: Any) -> None:
                pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a client that gave up (timeout tests) is expected

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, path: str, status: int, body: Any = None) -> None:
        self.answers[path] = (status, json.dumps(body if body is not None else {}).encode())

    def answer_once(self, path: str, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
        """The next request to ``path`` gets this answer (queued in order), later ones the usual."""
        self.queued.setdefault(path, []).append(
            (status, json.dumps(body if body is not None else {}).encode(), headers or {}))

    def hold(self, path: str) -> threading.Event:
        """Requests to ``path`` wait (up to 5 s) until the returned event is set."""
        event = threading.Event()
        self.delays[path] = event
        return event

    def to(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.path.split("?", 1)[0] == path]

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        for event in self.delays.values():
            event.set()
        self.server.shutdown()
        self.server.server_close()
