"""``--listen HOST:PORT``: a small local HTTP endpoint for webhooks (the waiter's side).

Standard library only (``http.server``), so the waiter stays small. Every request needs the token
(``KOMETA_LISTEN_TOKEN`` / ``--listen-token``), given as ``?token=``, ``X-Kometa-Token``,
``Authorization: Bearer``, or as the password of HTTP basic auth (what Sonarr/Radarr's webhook
form offers). ``POST /plex|/sonarr|/radarr|/tautulli|/run`` (payloads: :mod:`kometa.events.webhooks`);
``GET /health`` answers 200 ``ok`` (with the token too). Answers are one line of JSON:
202 ``{"accepted": n}``, 200 ``{"ignored": reason}``, or 4xx ``{"error": reason}``.

Nothing a request says can run anything but a scoped run of the configured config: the handler
only hands :class:`~kometa.events.scope.Change` objects to the waiter's sink.
"""

from __future__ import annotations

import base64
import hmac
import json
import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from kometa.core.errors import UsageError
from kometa.core.options import parse_listen_address
from kometa.events.scope import Change
from kometa.events.webhooks import Ignored, PayloadError, parse

MAX_BODY = 1 << 20  # 1 MiB: a Plex payload with its thumbnail is well below
Sink = Callable[[list[Change]], None]
NO_TOKEN = ("--listen needs a token: set KOMETA_LISTEN_TOKEN (or --listen-token) to a long random string and give "
            "it to each sender")


def parse_listen(text: str) -> tuple[str, int]:
    """``PORT``, ``HOST:PORT`` or ``[v6]:PORT`` -> (host, port); a bare port listens on 127.0.0.1."""
    try:
        return parse_listen_address(text)
    except ValueError:
        raise UsageError(f"--listen {text!r}: give HOST:PORT or PORT, e.g. --listen 127.0.0.1:8765") from None


def _token_of(handler: BaseHTTPRequestHandler) -> str | None:
    query = parse_qs(urlsplit(handler.path).query)
    if query.get("token"):
        return query["token"][0]
    if handler.headers.get("X-Kometa-Token"):
        return str(handler.headers["X-Kometa-Token"])
    auth = handler.headers.get("Authorization") or ""
    scheme, _sp, value = auth.partition(" ")
    if scheme.lower() == "bearer":
        return value.strip()
    if scheme.lower() == "basic":
        try:
            return base64.b64decode(value.strip()).decode("utf-8").partition(":")[2]
        except (ValueError, UnicodeDecodeError):
            return None
    return None


class _Handler(BaseHTTPRequestHandler):
    server: EventServer
    protocol_version = "HTTP/1.1"
    timeout = 30  # a client that connects and sends nothing (or too little) does not hold a thread forever

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass  # requests are summarised by the waiter, not logged line by line with tokens in URLs

    def _answer(self, status: int, data: dict[str, object]) -> None:
        body = (json.dumps(data) + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.server.answered(status)

    def _authorised(self) -> bool:
        given = _token_of(self)
        if not given:
            self._answer(401, {"error": "token missing: add ?token=..., X-Kometa-Token or basic auth"})
            return False
        if not hmac.compare_digest(given.encode(), self.server.token.encode()):
            self._answer(403, {"error": "wrong token"})
            return False
        return True

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if not self._authorised():
            return
        if urlsplit(self.path).path == "/health":
            self._answer(200, {"ok": True})
        else:
            self._answer(405 if urlsplit(self.path).path in self.server.paths else 404,
                         {"error": f"GET {urlsplit(self.path).path}: use POST /plex, /sonarr, /radarr, /tautulli or /run"})

    def do_POST(self) -> None:  # noqa: N802
        if not self._authorised():
            return
        length_text = self.headers.get("Content-Length")
        if length_text is None or not length_text.isdigit():
            self._answer(411, {"error": "Content-Length required"})
            return
        if int(length_text) > MAX_BODY:
            self._answer(413, {"error": f"body larger than {MAX_BODY} bytes"})
            self.close_connection = True
            return
        body = self.rfile.read(int(length_text))
        try:
            changes = parse(urlsplit(self.path).path, body, self.headers.get("Content-Type") or "")
        except PayloadError as exc:
            self._answer(exc.status, {"error": exc.reason})
            return
        except Ignored as exc:
            self._answer(200, {"ignored": str(exc)})
            return
        except Exception:  # noqa: BLE001 - a payload shape no check foresaw: the sender's mistake, not ours
            self._answer(400, {"error": "unreadable payload"})
            return
        self.server.sink(changes)
        self._answer(202, {"accepted": len(changes)})

    def do_PUT(self) -> None:  # noqa: N802
        if self._authorised():
            self._answer(405, {"error": "use POST"})

    do_DELETE = do_PATCH = do_PUT  # noqa: N815


class EventServer(ThreadingHTTPServer):
    daemon_threads = True
    paths = ("/plex", "/sonarr", "/radarr", "/tautulli", "/run")

    def __init__(self, address: tuple[str, int], token: str, sink: Sink) -> None:
        if not token:
            raise UsageError(NO_TOKEN)
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        try:
            super().__init__(address, _Handler)
        except OSError as exc:
            raise UsageError(f"--listen {address[0]}:{address[1]}: cannot listen there ({exc.strerror or exc})") \
                from None
        self.token = token
        self.sink = sink
        self.counts: dict[int, int] = {}
        self._thread: threading.Thread | None = None

    def answered(self, status: int) -> None:
        self.counts[status] = self.counts.get(status, 0) + 1

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> EventServer:
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 2.0},
                                        name="kometa-listen", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:  # shutdown() waits for serve_forever: only once it was started
            self.shutdown()
        self.server_close()
