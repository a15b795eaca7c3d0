"""Loaded by the original Kometa's Python (``PYTHONPATH=bench/kometa_ref``) for side-by-side
benchmarks: the machine has no internet, so this stands in for it.

* ``https://api.themoviedb.org/...`` goes to metasim's TMDb (``KOMETA_REF_TMDB``, e.g.
  ``http://127.0.0.1:PORT/tmdb``), the same seeded world our tool reads;
* ``https://datasets.imdbws.com/...`` (IMDb's datasets) goes to metasim's (``KOMETA_REF_IMDB_DATASETS``,
  e.g. ``http://127.0.0.1:PORT/imdb/datasets``);
* ``https://raw.githubusercontent.com/...`` (Kometa's version check, anime id list, mediastinger
  list) answers from small local stand-ins: an empty id list, the local version;
* any other address outside this machine fails at once (as without a network), so Kometa takes its
  own "service unreachable" paths instead of waiting for timeouts.

Nothing of Kometa's is changed; only where its HTTP requests go.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.models import Response

TMDB = os.environ.get("KOMETA_REF_TMDB", "").rstrip("/")
IMDB_DATASETS = os.environ.get("KOMETA_REF_IMDB_DATASETS", "").rstrip("/")
CANNED = {
    "anime_ids.json": b"{}",
    "VERSION": os.environ.get("KOMETA_REF_VERSION", "2.4.4").encode(),
    "stingers.yml": b"{}\n",
}


def _canned(request: requests.PreparedRequest, status: int, body: bytes) -> Response:
    response = Response()
    response.status_code = status
    response._content = body
    response.url = request.url or ""
    response.request = request
    response.headers["Content-Type"] = "application/json" if body[:1] in (b"{", b"[") else "text/plain"
    response.encoding = "utf-8"
    return response


class _Elsewhere(HTTPAdapter):
    def send(self, request, **kwargs):  # type: ignore[no-untyped-def, override]
        parts = urlsplit(request.url or "")
        host = parts.hostname or ""
        if host == "api.themoviedb.org" and TMDB:
            request.url = TMDB + parts.path + (f"?{parts.query}" if parts.query else "")
            return super().send(request, **kwargs)
        if host == "datasets.imdbws.com" and IMDB_DATASETS:
            request.url = IMDB_DATASETS + parts.path
            return super().send(request, **kwargs)
        if host == "raw.githubusercontent.com":
            name = parts.path.rsplit("/", 1)[-1]
            return _canned(request, 200, CANNED[name]) if name in CANNED else _canned(request, 404, b"404: Not Found")
        if host in ("127.0.0.1", "localhost", "::1"):
            return super().send(request, **kwargs)
        raise requests.ConnectionError(f"no internet on this machine ({host})")


_original_init = requests.Session.__init__


def _init(self, *args, **kwargs):  # type: ignore[no-untyped-def]
    _original_init(self, *args, **kwargs)
    adapter = _Elsewhere()
    self.mount("https://", adapter)
    self.mount("http://", adapter)


requests.Session.__init__ = _init  # type: ignore[method-assign]
