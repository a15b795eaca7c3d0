"""The client policy follows redirects one hop at a time (over loopback HTTP): each hop is a counted,
rate-limited request, a 429 on a later hop retries that hop (not the chain), and the Authorization
header is not sent on to another host (as requests does)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kometa.clients.policy import Policy, Service


class _Server:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str | None]] = []  # (path, Authorization)
        self.routes: dict[str, list[tuple[int, dict[str, str], bytes]]] = {}  # path -> answers, in turn
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                owner.seen.append((self.path, self.headers.get("Authorization")))
                answers = owner.routes.get(self.path.split("?", 1)[0]) or [(404, {}, b"{}")]
                status, headers, body = answers.pop(0) if len(answers) > 1 else answers[0]
                self.send_response(status)
                for name, value in {"Content-Type": "application/json", **headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.http.server_port
        threading.Thread(target=self.http.serve_forever, daemon=True).start()


@pytest.fixture
def servers() -> Iterator[tuple[_Server, _Server]]:
    a, b = _Server(), _Server()
    yield a, b
    a.http.shutdown()
    b.http.shutdown()


def _service(port: int) -> Service:
    service = Service(Policy("Test", rate=None, backoff=0.0), f"http://127.0.0.1:{port}", sleep=lambda s: None)
    service.session.headers["Authorization"] = "Bearer secret"
    return service


def test_same_host_hops_keep_auth_and_count(servers):
    a, _b = servers
    a.routes["/start"] = [(302, {"Location": "/middle"}, b"")]
    a.routes["/middle"] = [(301, {"Location": f"http://127.0.0.1:{a.port}/end"}, b"")]
    a.routes["/end"] = [(200, {}, b'{"ok": 1}')]
    service = _service(a.port)
    assert service.get("/start", {"q": "1"}, cache=False) == {"ok": 1}
    assert [p for p, _ in a.seen] == ["/start?q=1", "/middle", "/end"]
    assert all(auth == "Bearer secret" for _, auth in a.seen)
    assert service.counters.requests == 3


def test_another_host_gets_no_auth_and_a_429_retries_only_that_hop(servers):
    a, b = servers
    a.routes["/start"] = [(302, {"Location": f"http://localhost:{b.port}/page"}, b"")]
    b.routes["/page"] = [(429, {"Retry-After": "0"}, b"{}"), (200, {}, b'{"page": 2}')]
    service = _service(a.port)
    assert service.get("/start", cache=False) == {"page": 2}
    assert [p for p, _ in a.seen] == ["/start"]  # the retry went straight to the redirect's target
    assert [p for p, _ in b.seen] == ["/page", "/page"]
    assert all(auth is None for _, auth in b.seen)
    assert service.counters.retries == 1
