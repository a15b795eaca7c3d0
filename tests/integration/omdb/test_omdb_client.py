"""The OMDb ratings client against metasim's OMDb over real HTTP: ratings, unknown ids (cached),
a refused key, the daily limit (no more requests, cached answers used), OMDb down, the section."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

_SRC = str(Path(__file__).resolve().parents[3] / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

from kometa.clients.cache import Cache  # noqa: E402
from kometa.clients.omdb import OmdbClient  # noqa: E402
from kometa.clients.policy import AuthError, NotFound, Policy, QuotaReached  # noqa: E402
from metasim.server import MetaSim  # noqa: E402

KEY = "metasim-omdb"


@pytest.fixture
def meta() -> Iterator[MetaSim]:
    with MetaSim(seed=1, movies=60, shows=6) as server:
        yield server


def client(meta: MetaSim, cache: Cache, key: str = KEY) -> OmdbClient:
    return OmdbClient(key, cache, base_url=f"{meta.url}/omdb",
                      policy=Policy("OMDb", rate=None, backoff=0.0, quota_marker="Request limit reached"))


def test_ratings_of_a_movie_and_a_show(meta, tmp_path):
    from metasim.imdb.graphql import rating
    from metasim.omdb import scores
    omdb = client(meta, Cache(tmp_path / "c.db"))
    movie = max((t for t in meta.world.library if t.kind == "movie"), key=lambda t: t.vote_count)
    got = omdb.ratings(movie.imdb_id)
    metascore, tomatoes = scores(meta.world.seed, movie)
    assert got["imdb"] == rating(meta.world.seed, movie) and got["imdb_votes"] == movie.vote_count * 3
    assert got["metacritic"] == metascore and got["rotten_tomatoes"] == tomatoes
    assert got["rated"] == (movie.certifications.get("US") or None) and got["type"] == "movie"
    assert got["title"] == movie.title and got["year"] == movie.year and got["imdb_id"] == movie.imdb_id
    show = next(t for t in meta.world.library if t.kind == "tv" and t.imdb_id)
    assert omdb.ratings(show.imdb_id)["type"] == "series"
    sent = meta.stats()["requests"]
    assert omdb.ratings(movie.imdb_id) == got  # cached: no request
    assert meta.stats()["requests"] == sent


def test_an_episode_record_names_its_series_season_and_episode(meta, tmp_path):
    omdb = client(meta, Cache(tmp_path / "c.db"))
    show = next(t for t in meta.world.library if t.kind == "tv" and t.imdb_id and t.seasons)
    record = omdb.record(show.episode_imdb_id(1, 2))
    assert (record["Type"], record["seriesID"], record["Season"], record["Episode"]) == ("episode", show.imdb_id, "1", "2")
    with pytest.raises(NotFound):
        omdb.record(show.episode_imdb_id(1, show.seasons[0].episode_count + 1))


def test_unknown_ids_are_not_found_and_cached(meta, tmp_path):
    omdb = client(meta, Cache(tmp_path / "c.db"))
    with pytest.raises(NotFound, match="Error getting data"):
        omdb.ratings("tt99999990")
    sent = meta.stats()["requests"]
    with pytest.raises(NotFound):
        omdb.ratings("tt99999990")
    with pytest.raises(NotFound, match="not an IMDb id"):
        omdb.ratings("12345")
    assert meta.stats()["requests"] == sent


def test_a_refused_key(meta, tmp_path):
    with pytest.raises(AuthError, match=r"OMDb: .*Invalid API key"):
        client(meta, Cache(tmp_path / "c.db"), key="wrong").ratings(meta.world.library[0].imdb_id)


def test_the_daily_limit_stops_asking_and_cached_answers_stand_in(meta, tmp_path, caplog):
    ids = [t.imdb_id for t in meta.world.library if t.imdb_id][:3]
    cache = Cache(tmp_path / "c.db", clock=lambda: now[0])
    now = [1_000_000.0]
    first = client(meta, cache).ratings(ids[0])
    now[0] += 400 * 86400  # long expired: OMDb is asked again
    meta.meta.omdb.daily_limit, meta.meta.omdb.used = 0, 0
    omdb = client(meta, cache)
    assert omdb.ratings(ids[0]) == first  # 401 "Request limit reached!": not a refused key; the cache stands in
    assert any("daily quota" in rec.getMessage() and "using cached data" in rec.getMessage() for rec in caplog.records)
    with pytest.raises(QuotaReached):
        omdb.ratings(ids[1])  # never cached: fails, without a request
    assert meta.meta.omdb.used == 1 and omdb.service.counters.quota_blocked == 2


def test_omdb_down_uses_the_cache(meta, tmp_path, caplog):
    now = [1_000_000.0]
    cache = Cache(tmp_path / "c.db", clock=lambda: now[0])
    ident = meta.world.library[1].imdb_id
    first = client(meta, cache).ratings(ident)
    now[0] += 400 * 86400
    meta.set_faults(error_rate=1.0, error_statuses=[503])
    omdb = OmdbClient(KEY, cache, base_url=f"{meta.url}/omdb", policy=Policy("OMDb", rate=None, backoff=0.0))
    omdb.service.sleep = lambda s: None
    assert omdb.ratings(ident) == first
    assert any("OMDb" in rec.getMessage() and "using cached data" in rec.getMessage() for rec in caplog.records)


def test_the_section_is_checked_where_it_is_written(tmp_path):
    from kometa.config import load_config
    from kometa.engine.online import NotConfigured, OnlineServices
    path = tmp_path / "config.yml"
    base = "plex:\n  url: http://127.0.0.1:1\n  token: x\nlibraries:\n  Movies:\n    collection_files: []\n"
    path.write_text(base + "omdb:\n  apikey: k\n  cache_expiration: soon\n", encoding="utf-8")
    with pytest.raises(NotConfigured, match=r"config\.yml:9: omdb: cache_expiration must be a whole number"):
        OnlineServices(load_config(path)).omdb()
    path.write_text(base + "omdb:\n  apikey: k\n  colour: red\n", encoding="utf-8")
    config = load_config(path)  # an unknown key is ignored, as Kometa does: a located warning at load
    assert any(w.text.endswith("omdb: unknown key 'colour' is ignored; omdb takes apikey, cache_expiration")
               for w in config.warnings)
    assert OnlineServices(config).omdb() is not None
    path.write_text(base, encoding="utf-8")
    with pytest.raises(NotConfigured, match="the 'omdb:' section is missing"):
        OnlineServices(load_config(path)).omdb()
    path.write_text(base + "omdb:\n  apikey: k\n", encoding="utf-8")
    assert OnlineServices(load_config(path)).omdb().service.params == {"apikey": "k"}
