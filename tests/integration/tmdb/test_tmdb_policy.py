"""The client policy over real HTTP (metasim): Retry-After, giving up, isolation, quota, cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kometa.clients.cache import Cache
from kometa.clients.policy import AuthError, NotFound, Policy, QuotaReached, Service, ServiceDown
from metasim.server import MetaSim


@pytest.fixture
def meta() -> Iterator[MetaSim]:
    with MetaSim(seed=1, movies=20, shows=2, tmdb_key="k") as server:
        yield server


def _service(meta: MetaSim, waits: list[float], **policy: object) -> Service:
    return Service(Policy("TMDb", rate=None, **policy), meta.tmdb_url, params={"api_key": "k"},  # type: ignore[arg-type]
                   cache=Cache(None), sleep=waits.append)


def test_retry_after_is_honoured_then_the_service_is_down_for_the_run(meta):
    waits: list[float] = []
    service = _service(meta, waits)
    meta.set_faults(rate_limit=1)
    meta.meta.faults.clock = lambda: 1000.25  # the server's window never ends: a loaded machine cannot slip out
    service.get("/configuration")
    with pytest.raises(ServiceDown, match=r"still rate limited \(HTTP 429\).*gave up after 12 tries"):
        service.get("/genre/movie/list")  # same second: 429 + Retry-After every time (sleep is not real)
    held = [w for w in waits if w > 0]  # tenacity's own sleep is 0: the limiter holds for Retry-After
    assert len(held) == 11 and all(w > 0.9 for w in held)  # the server's Retry-After, not the 0.5 s backoff
    sent = meta.stats()["requests"]
    with pytest.raises(ServiceDown):
        service.get("/genre/tv/list")
    assert meta.stats()["requests"] == sent  # isolation: no request to a service that is down
    assert service.counters.retries == 11


def test_backoff_on_errors_then_success(meta):
    waits: list[float] = []
    service = _service(meta, waits)
    meta.set_faults(error_rate=0.5, seed=2)
    for _ in range(6):
        service.get("/configuration", cache=False)
    assert service.counters.retries == len(waits) > 0
    assert set(waits) <= {0.5, 1.0, 2.0}


def test_errors_for_people(meta):
    service = Service(Policy("TMDb", rate=None), meta.tmdb_url, params={"api_key": "bad"}, sleep=lambda s: None)
    with pytest.raises(AuthError, match=r"TMDb: the service refused the credentials \(HTTP 401: Invalid API key"):
        service.get("/configuration")
    good = _service(meta, [])
    with pytest.raises(NotFound, match="not found"):
        good.get("/collection/995000000")
    before = meta.stats()["requests"]
    with pytest.raises(NotFound):  # an unknown id is cached too
        good.get("/collection/995000000")
    assert meta.stats()["requests"] == before


def test_daily_quota_stops_requests_and_uses_the_cache(meta, tmp_path):
    now = [1_000_000.0]
    cache = Cache(tmp_path / "c.db", clock=lambda: now[0])
    service = Service(Policy("MDBList", rate=None, daily_quota=2, expiration_days=1), meta.tmdb_url,
                      params={"api_key": "k"}, cache=cache, sleep=lambda s: None)
    first = service.get("/genre/movie/list")
    service.get("/genre/tv/list")
    with pytest.raises(QuotaReached, match="daily quota of 2 requests is used up"):
        service.get("/configuration")
    assert service.get("/genre/movie/list") == first  # what is cached is still served
    assert service.counters.quota_blocked == 1 and service.counters.requests == 2
    now[0] += 86400  # the next (UTC) day: a new quota
    assert service.get("/configuration")["images"]


def test_concurrent_map_keeps_order(meta):
    service = _service(meta, [], concurrency=4)
    ids = [t.tmdb_id for t in meta.world.movies[:12]]
    got = service.map(lambda i: service.get(f"/movie/{i}")["id"], ids)
    assert got == ids


def test_daily_answers_are_kept_under_a_day_then_asked_again(meta, tmp_path):
    now = [1_000_000.0]
    cache = Cache(tmp_path / "c.db", clock=lambda: now[0])
    service = Service(Policy("TMDb", rate=None, list_expiration_hours=20), meta.tmdb_url, params={"api_key": "k"},
                      cache=cache, sleep=lambda s: None)
    first = service.get("/movie/popular", {"page": 1}, revalidate=True)
    sent = meta.stats()["requests"]
    now[0] += 19 * 3600  # the same day: served from the cache
    assert service.get("/movie/popular", {"page": 1}, revalidate=True) == first
    assert meta.stats()["requests"] == sent and service.counters.cache_hits == 1
    # a second run (a new Service, the same cache file) within the 20 hours sends nothing either
    again = Service(Policy("TMDb", rate=None, list_expiration_hours=20), meta.tmdb_url, params={"api_key": "k"},
                    cache=Cache(tmp_path / "c.db", clock=lambda: now[0]), sleep=lambda s: None)
    assert again.get("/movie/popular", {"page": 1}, revalidate=True) == first
    assert meta.stats()["requests"] == sent
    now[0] += 2 * 3600  # 21 hours on: asked again
    service.get("/movie/popular", {"page": 1}, revalidate=True)
    assert meta.stats()["requests"] == sent + 1


def test_cache_builders_keeps_a_list_for_its_days_then_asks_again(meta, tmp_path):
    from kometa.clients.policy import keep_answers

    now = [1_000_000.0]
    cache = Cache(tmp_path / "c.db", clock=lambda: now[0])
    service = Service(Policy("TMDb", rate=None, list_expiration_hours=20, expiration_days=1), meta.tmdb_url,
                      params={"api_key": "k"}, cache=cache, sleep=lambda s: None)
    with keep_answers(3):
        first = service.get("/movie/popular", {"page": 1}, revalidate=True)
    sent = meta.stats()["requests"]
    now[0] += 2.5 * 86400  # past the daily revalidation and past the entry's own expiry (1 day)
    with keep_answers(3):
        assert service.get("/movie/popular", {"page": 1}, revalidate=True) == first
    assert meta.stats()["requests"] == sent
    service.get("/movie/popular", {"page": 1}, revalidate=True)  # without cache_builders: asked again
    assert meta.stats()["requests"] == sent + 1
    now[0] += 3.5 * 86400  # older than the 3 days: asked again, even with cache_builders
    with keep_answers(3):
        service.get("/movie/popular", {"page": 2}, revalidate=True)  # a fresh key: asked (and kept)
        service.get("/movie/popular", {"page": 1}, revalidate=True)
    assert meta.stats()["requests"] == sent + 3


def test_cache_builders_reaches_the_concurrent_lookups(meta, tmp_path):
    from kometa.clients.policy import keep_answers

    now = [1_000_000.0]
    service = Service(Policy("TMDb", rate=None, concurrency=4, expiration_days=1), meta.tmdb_url,
                      params={"api_key": "k"}, cache=Cache(tmp_path / "c.db", clock=lambda: now[0]),
                      sleep=lambda s: None)
    ids = [t.tmdb_id for t in meta.world.movies[:8]]
    service.map(lambda i: service.get(f"/movie/{i}"), ids)
    sent = meta.stats()["requests"]
    now[0] += 1.5 * 86400  # every entry has expired (1 day)
    with keep_answers(2):
        service.map(lambda i: service.get(f"/movie/{i}"), ids)  # lookups in the pool's threads
    assert meta.stats()["requests"] == sent
