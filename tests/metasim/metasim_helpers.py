"""Small HTTP helpers for the metasim tests."""

from __future__ import annotations

from typing import Any

import requests

from metasim.server import MetaSim

SESSION = requests.Session()


def tmdb(meta: MetaSim, path: str, expect: int = 200, **params: Any) -> Any:
    """GET a TMDb v3 path with the server's key; assert the status; return the JSON body."""
    params.setdefault("api_key", meta.tmdb_key)
    response = SESSION.get(f"{meta.tmdb_url}{path}", params=params, timeout=10)
    assert response.status_code == expect, (path, params, response.status_code, response.text[:300])
    return response.json()


def all_pages(meta: MetaSim, path: str, **params: Any) -> list[dict[str, Any]]:
    first = tmdb(meta, path, **params)
    results = list(first["results"])
    for page in range(2, first["total_pages"] + 1):
        results += tmdb(meta, path, page=page, **params)["results"]
    assert len(results) == first["total_results"]
    return results
