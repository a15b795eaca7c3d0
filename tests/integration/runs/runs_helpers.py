"""Process-level helpers (imported by the tests and conftest): run the real ``kometa`` in a subprocess against fake Plex endpoints."""

from __future__ import annotations

import http.server
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[3] / "src"


def kometa_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KOMETA_", "PMM_"))}
    env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
    env["KOMETA_DOCKER"] = "false"
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


def kometa(*args: str, env: dict[str, str] | None = None, **kwargs):
    return subprocess.run([sys.executable, "-m", "kometa", *args], env=kometa_env(env), capture_output=True,
                          text=True, timeout=60, **kwargs)


def spawn(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kometa", *args], env=kometa_env(env), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def wait_for(predicate, timeout: float = 10.0, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False


class _Handler(http.server.BaseHTTPRequestHandler):
    delay = 0.0
    status = 401

    def do_GET(self):  # noqa: N802
        time.sleep(self.delay)
        self.send_response(self.status)
        self.send_header("Content-Type", "text/xml;charset=utf-8")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def _serve(delay: float, status: int):
    handler = type("H", (_Handler,), {"delay": delay, "status": status})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def refusing_plex():
    """A server that answers every request with 401 (wrong token)."""
    server = _serve(0.0, 401)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def slow_plex():
    """A server that takes 30 s to answer: runs against it stay busy (for lock and signal tests)."""
    server = _serve(30.0, 401)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_config(folder: Path, url: str, token: str = "tok") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "config.yml"
    path.write_text(f"libraries:\n  Movies:\nplex:\n  url: {url}\n  token: {token}\n  timeout: 60\n")
    return path
