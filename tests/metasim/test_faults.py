"""Faults, rate limits and the /_sim control endpoints."""

from __future__ import annotations

import requests
from metasim_helpers import SESSION, tmdb

from metasim.server import MetaSim


def test_stats_count_by_service_endpoint_and_status(fresh_metasim: MetaSim):
    meta = fresh_metasim
    tmdb(meta, "/configuration")
    tmdb(meta, f"/movie/{meta.world.movies[0].tmdb_id}")
    tmdb(meta, "/movie/995000000", expect=404)
    requests.get(f"{meta.tmdb_url}/configuration", params={"api_key": "nope"}, timeout=10)
    stats = SESSION.get(f"{meta.url}/_sim/stats", timeout=10).json()
    assert stats["requests"] == 4 and stats["by_service"] == {"tmdb": 4}
    assert stats["by_endpoint"]["GET /tmdb/3/movie/{movie_id}"] == 2
    assert stats["by_status"] == {"200": 2, "401": 1, "404": 1}
    log = SESSION.get(f"{meta.url}/_sim/log", params={"limit": 1}, timeout=10).json()
    assert log[0]["status"] == 401 and "nope" not in log[0]["query"]
    assert SESSION.post(f"{meta.url}/_sim/reset", timeout=10).json()["requests"] == 0
    assert meta.stats()["requests"] == 0


def test_rate_limit_answers_429_with_retry_after(metasim_factory):
    meta = metasim_factory(movies=10, shows=2, faults={"rate_limit": 3})
    statuses = []
    for _ in range(8):
        response = SESSION.get(f"{meta.tmdb_url}/genre/movie/list", params={"api_key": meta.tmdb_key}, timeout=10)
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert int(response.headers["Retry-After"]) >= 1
            assert response.json()["status_code"] == 25 and response.json()["success"] is False
    assert 429 in statuses and statuses.count(200) >= 3
    meta.clear_faults()
    assert SESSION.get(f"{meta.tmdb_url}/genre/movie/list", params={"api_key": meta.tmdb_key}, timeout=10).ok


def test_fail_rate_is_deterministic_and_tmdb_shaped(metasim_factory):
    runs = []
    for _ in range(2):
        meta = metasim_factory(movies=10, shows=2, faults={"error_rate": 0.5, "seed": 7})
        codes = [SESSION.get(f"{meta.tmdb_url}/genre/tv/list", params={"api_key": meta.tmdb_key},
                             timeout=10).status_code for _ in range(20)]
        runs.append(codes)
    assert runs[0] == runs[1] and 503 in runs[0] and 200 in runs[0]
    body = SESSION.get(f"{meta.tmdb_url}/genre/tv/list", params={"api_key": meta.tmdb_key}, timeout=10)
    while body.status_code != 503:
        body = SESSION.get(f"{meta.tmdb_url}/genre/tv/list", params={"api_key": meta.tmdb_key}, timeout=10)
    assert body.json()["status_code"] == 9


def test_faults_endpoint(fresh_metasim: MetaSim):
    url = f"{fresh_metasim.url}/_sim/faults"
    assert SESSION.get(url, timeout=10).json()["rate_limit"] == 0
    changed = SESSION.post(url, json={"latency_ms": 5, "rate_limit": 100}, timeout=10).json()
    assert changed["latency_ms"] == 5 and changed["rate_limit"] == 100
    assert SESSION.post(url, json={"bogus": 1}, timeout=10).status_code == 400
    assert SESSION.post(url, json={"error_rate": 3}, timeout=10).status_code == 400
    assert fresh_metasim.set_faults(latency_ms=0)["latency_ms"] == 0
    fresh_metasim.clear_faults()
    assert fresh_metasim.meta.faults.as_dict()["rate_limit"] == 0
