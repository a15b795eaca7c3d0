"""``git:`` and ``repo:`` overlay images fetched over real HTTP from a local server (no network)."""

from __future__ import annotations

import io
import textwrap
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from PIL import Image

from kometa.config import load_config
from kometa.config.files import load_documents
from kometa.config.remote import GIT_URL_ENV
from kometa.overlays.images import repo_url
from kometa.overlays.parse import load_overlays


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (40, 20), (0, 200, 0, 255)).save(out, "PNG")
    return out.getvalue()


class _Server:
    def __init__(self) -> None:
        self.paths: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                owner.paths.append(self.path)
                if self.path.endswith("/missing.png"):
                    self.send_response(404)
                    self.end_headers()
                    return
                body = _png()
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
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


def _load(tmp_path: Path, overlays: str, settings: str = ""):
    (tmp_path / "Overlays.yml").write_text(textwrap.dedent(overlays).lstrip("\n"), encoding="utf-8")
    (tmp_path / "config.yml").write_text(
        f"plex:\n  url: http://127.0.0.1:1\n  token: x\n{settings}libraries:\n  Movies:\n    overlay_files:\n"
        "      - file: Overlays.yml\n", encoding="utf-8")
    config = load_config(tmp_path / "config.yml")
    return load_overlays(config, config.libraries["Movies"], load_documents, "movie")


GIT = """
overlays:
  Green:
    overlay: {name: Green, git: someone/overlays/green, horizontal_offset: 0, vertical_offset: 0}
    plex_all: true
"""


def test_git_image_is_fetched_once_from_the_community_base(server: _Server, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(GIT_URL_ENV, server.url + "/configs/")
    found = _load(tmp_path, GIT)
    assert found.errors == []
    saved = tmp_path / "overlays" / "Green.png"
    assert found.definitions[0].spec.image == str(saved) and saved.read_bytes() == _png()
    assert server.paths == ["/configs/someone/overlays/green.png"]
    _load(tmp_path, GIT)
    assert len(server.paths) == 1  # the saved copy is reused: no request on later runs


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
