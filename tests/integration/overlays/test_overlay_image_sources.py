"""``git:`` and ``repo:`` overlay images fetched over real HTTP from a local server (no network), through
the client policy (retries, Retry-After) and the run's cache (asked at most once a day; the cached
copy when the address is down)."""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from kometa.clients import files
from kometa.clients.cache import CACHE_NAME, Cache
from kometa.clients.files import RemoteFiles
from kometa.config import load_config
from kometa.config.files import DocumentCache, load_documents
from kometa.config.remote import GIT_URL_ENV
from kometa.overlays.images import repo_url
from kometa.overlays.model import OverlaySet
from kometa.overlays.parse import load_overlays
from metasim.testing import age_cache


def _png(colour: tuple[int, int, int, int] = (0, 200, 0, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (40, 20), colour).save(out, "PNG")
    return out.getvalue()


class _Server:
    """Serves ``body`` as image/png; ``answers`` (status, content type) are given first, one per request."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.body = _png()
        self.answers: list[tuple[int, str]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                owner.paths.append(self.path)
                if self.path.endswith("/missing.png"):
                    self.send_response(404)
                    self.end_headers()
                    return
                status, kind = owner.answers.pop(0) if owner.answers else (200, "image/png")
                body = owner.body if status == 200 else b"busy"
                self.send_response(status)
                self.send_header("Content-Type", kind)
                if status == 429:
                    self.send_header("Retry-After", "0")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"


@pytest.fixture
def server() -> Iterator[_Server]:
    found = _Server()
    thread = threading.Thread(target=found.httpd.serve_forever, daemon=True)
    thread.start()
    yield found
    found.httpd.shutdown()
    found.httpd.server_close()


def _load(tmp_path: Path, overlays: str, settings: str = "", cache: bool = True) -> OverlaySet:
    """Load the overlay file as a run does: a document cache whose remote is the client policy over the
    cache beside config.yml (``cache``), each call a new run."""
    (tmp_path / "Overlays.yml").write_text(textwrap.dedent(overlays).lstrip("\n"), encoding="utf-8")
    (tmp_path / "config.yml").write_text(
        f"plex:\n  url: http://127.0.0.1:1\n  token: x\n{settings}libraries:\n  Movies:\n    overlay_files:\n"
        "      - file: Overlays.yml\n", encoding="utf-8")
    config = load_config(tmp_path / "config.yml")
    if not cache:
        return load_overlays(config, config.libraries["Movies"], load_documents, "movie")
    store = Cache(tmp_path / CACHE_NAME)
    try:
        documents = DocumentCache(RemoteFiles.for_config(config, store))
        return load_overlays(config, config.libraries["Movies"], documents.load, "movie")
    finally:
        store.close()


GIT = """
overlays:
  Green:
    overlay: {name: Green, git: someone/overlays/green, horizontal_offset: 0, vertical_offset: 0}
    plex_all: true
"""


def test_git_image_is_asked_once_a_day_through_the_runs_cache(server: _Server, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(GIT_URL_ENV, server.url + "/configs/")
    found = _load(tmp_path, GIT)
    assert found.errors == []
    saved = tmp_path / "overlays" / "Green.png"
    assert found.definitions[0].spec.image == str(saved) and saved.read_bytes() == _png()
    assert server.paths == ["/configs/someone/overlays/green.png"]
    saved.unlink()
    assert _load(tmp_path, GIT).errors == []
    assert len(server.paths) == 1 and saved.read_bytes() == _png()  # the next run the same day: from the cache
    before = saved.stat().st_mtime_ns
    server.body = _png((200, 0, 0, 255))
    age_cache(tmp_path, hours=25)
    assert _load(tmp_path, GIT).errors == []
    assert len(server.paths) == 2 and saved.read_bytes() == server.body  # a day later: asked again, changed
    assert saved.stat().st_mtime_ns >= before
    age_cache(tmp_path, hours=25)
    stamp = saved.stat().st_mtime_ns
    assert _load(tmp_path, GIT).errors == [] and len(server.paths) == 3
    assert saved.stat().st_mtime_ns == stamp  # unchanged image: the saved file is not rewritten


def test_a_down_address_uses_the_cached_image_and_429_is_waited_out(server: _Server, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv(GIT_URL_ENV, server.url)
    monkeypatch.setattr("kometa.clients.files.POLICY", {**files.POLICY, "backoff": 0.01})
    server.answers = [(429, "text/plain")]
    assert _load(tmp_path, GIT).errors == []
    assert len(server.paths) == 2  # asked again after Retry-After
    age_cache(tmp_path, hours=25)
    server.answers = [(503, "text/plain")] * 3
    server.body = _png((200, 0, 0, 255))
    found = _load(tmp_path, GIT)
    assert found.errors == [] and len(server.paths) == 5  # three tries, then the cached copy
    assert (tmp_path / "overlays" / "Green.png").read_bytes() == _png()
    assert any("using the cached copy" in r.getMessage() and "Overlays.yml:3" in r.getMessage()
               for r in caplog.records)


def test_an_answer_that_is_not_a_png_is_a_located_error(server: _Server, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(GIT_URL_ENV, server.url)
    server.answers = [(200, "text/html")]
    found = _load(tmp_path, GIT)
    assert len(found.errors) == 1 and "Overlays.yml:3:" in found.errors[0]
    assert "not image/png" in found.errors[0] and "green.png" in found.errors[0]
    assert not (tmp_path / "overlays" / "Green.png").exists()


def test_outside_a_run_the_image_is_fetched_with_the_policy(server: _Server, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(GIT_URL_ENV, server.url)
    server.answers = [(503, "text/plain")]
    found = _load(tmp_path, GIT, cache=False)
    assert found.errors == [] and len(server.paths) == 2  # retried once, then the image
    assert (tmp_path / "overlays" / "Green.png").read_bytes() == _png()


def test_repo_image_uses_custom_repo(server: _Server, tmp_path: Path) -> None:
    found = _load(tmp_path, """
    overlays:
      Mine:
        overlay: {name: Mine, repo: badges/mine, horizontal_offset: 0, vertical_offset: 0}
        plex_all: true
    """, settings=f"settings:\n  custom_repo: {server.url}/myrepo\n")
    assert found.errors == []
    assert server.paths == ["/myrepo/badges/mine.png"]


def test_a_missing_git_image_is_a_located_error(server: _Server, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(GIT_URL_ENV, server.url)
    found = _load(tmp_path, GIT.replace("someone/overlays/green", "missing"))
    assert len(found.errors) == 1
    assert "Overlays.yml:3:" in found.errors[0] and "/missing.png answered HTTP 404" in found.errors[0]


def test_github_tree_addresses_read_as_raw() -> None:
    assert repo_url("a/b", "https://github.com/me/configs/tree/main/overlays") == \
        "https://raw.githubusercontent.com/me/configs/main/overlays/a/b.png"
    assert repo_url("a.png", "https://example.org/x/") == "https://example.org/x/a.png"
