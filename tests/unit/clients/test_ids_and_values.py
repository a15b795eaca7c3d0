"""Pure parts of TMDb support: guid parsing, builder values, the tmdb: section, the cache, the limiter."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kometa.clients.cache import DAY, Cache
from kometa.clients.policy import RateLimiter
from kometa.config import load_config
from kometa.config.services import SectionError, tmdb_section
from kometa.ids.guids import ItemIds, item_ids, parse_guid
from kometa.sources.conditions import ConditionError
from kometa.sources.registry import TMDB_BUILDERS
from kometa.sources.tmdb import CHARTS, DETAILS, ID_BUILDERS, parse_count, parse_ids
from kometa.sources.tmdb_discover import discover_queries


@pytest.mark.parametrize(("guid", "parsed"), [
    ("imdb://tt0111161", ("imdb", "tt0111161")),
    ("tmdb://278", ("tmdb", 278)),
    ("tvdb://81189", ("tvdb", 81189)),
    ("com.plexapp.agents.imdb://tt0111161?lang=en", ("imdb", "tt0111161")),
    ("com.plexapp.agents.themoviedb://278?lang=en", ("tmdb", 278)),
    ("com.plexapp.agents.thetvdb://81189/1/2?lang=en", ("tvdb", 81189)),
    ("plex://movie/5d776825880197001ec967c1", None),
    ("com.plexapp.agents.none://abc", None),
    ("imdb://notanid", None),
    ("tmdb://0", None),
    ("local://12", None),
])
def test_parse_guid(guid, parsed):
    assert parse_guid(guid) == parsed


def test_item_ids_prefer_guid_elements_and_fall_back_on_the_legacy_agent():
    assert item_ids("plex://movie/abc", ["imdb://tt0000001", "tmdb://5", "tvdb://9"]) == ItemIds(5, "tt0000001", 9)
    assert item_ids("com.plexapp.agents.imdb://tt0000002?lang=en", []) == ItemIds(None, "tt0000002", None)
    assert item_ids(None, []) == ItemIds()


def test_parse_ids_accepts_numbers_urls_lists_and_comma_strings():
    assert parse_ids("k", 10) == [10]
    assert parse_ids("k", "10, 11,10") == [10, 11]
    assert parse_ids("k", ["https://www.themoviedb.org/collection/1241-harry-potter-collection", 5]) == [1241, 5]
    assert parse_ids("k", "https://www.themoviedb.org/person/138-quentin-tarantino") == [138]
    assert parse_ids("k", "630-the-wizard-of-oz") == [630]
    for bad, message in (("x", "'x' is not a TMDb id"), ([], "has no value"), (True, "needs TMDb ids"),
                         ("-3", "'-3' is not a TMDb id")):
        with pytest.raises(ConditionError, match=message):
            parse_ids("k", bad)


def test_counts_and_discover_params():
    assert parse_count("tmdb_popular", 5) == 5 and parse_count("tmdb_popular", "7") == 7
    for bad in (0, "many", True, None, 2.5):
        with pytest.raises(ConditionError, match="number of items"):
            parse_count("tmdb_popular", bad)
    [(params, limit)] = discover_queries("tmdb_discover", {"with_genres": [28, 12], "primary_release_date.gte":
                                         "01/31/2020", "include_adult": False, "limit": 40}, "movie", "US")
    assert params == {"with_genres": "28,12", "primary_release_date.gte": "2020-01-31", "include_adult": "false",
                      "region": "US", "sort_by": "popularity.desc"}
    assert limit == 40
    assert discover_queries("d", {"with_genres": 28}, "movie", None)[0][1] == 100
    assert discover_queries("d", {"with_genres": 28, "limit": 0}, "movie", None)[0][1] is None  # 0: every result
    assert "region" not in discover_queries("d", {"with_genres": 28}, "tv", "US")[0][0]  # Kometa: movies only
    with pytest.raises(ConditionError, match="mapping of TMDb discover"):
        discover_queries("tmdb_discover", "x", "movie", None)


@pytest.mark.parametrize(("kind", "entry", "message"), [
    ("movie", {"with_genre": 28}, r"tmdb_discover attribute 'with_genre' is not supported \(did you mean 'with_genres'\?\)"),
    ("movie", {"vote_count": 5}, r"attribute 'vote_count' is not supported \(did you mean 'vote_count\.[gl]te'"),
    ("movie", {"with_genres": None}, "'with_genres' is blank"),
    ("movie", {"sort_by": "name.asc"}, "'name.asc' is not a sort option"),
    ("tv", {"sort_by": "revenue.desc"}, "'revenue.desc' is not a sort option"),
    ("movie", {"certification": "R"}, "'certification' must be used with certification_country"),
    ("movie", {"certification_country": "US"}, "must be used with certification, certification.lte"),
    ("movie", {"with_watch_providers": 8}, "'with_watch_providers' must be used with watch_region"),
    ("movie", {"watch_region": "US"}, "'watch_region' must be used with with_watch_providers"),
    ("movie", {"watch_region": "US", "with_watch_monetization_types": "lease"}, "'lease' is not one of"),
    ("movie", {"with_networks": 49}, "'with_networks' works in show libraries only"),
    ("tv", {"primary_release_year": 2000}, "'primary_release_year' works in movie libraries only"),
    ("tv", {"region": "US"}, "'region' works in movie libraries only"),
    ("movie", {"primary_release_date.gte": "13/01/2020"}, "'primary_release_date.gte' must be a date as MM/DD/YYYY"),
    ("movie", {"release_date.lte": "2020"}, "must be a date as MM/DD/YYYY, got '2020'"),
    ("movie", {"year": "19x0"}, "'year' must be a whole number from 1800"),
    ("movie", {"include_adult": "maybe"}, "must be true or false"),
    ("movie", {"vote_average.gte": "high"}, "must be a number"),
    ("tv", {"with_status": 9}, "'with_status' must be a whole number from 0 to 5"),
    ("movie", {"region": "USA"}, "two-letter country code"),
    ("movie", {"limit": 5}, "has no discover attributes besides limit"),
    ("movie", {"limit": -1, "with_genres": 1}, "'limit' must be a whole number of at least 0"),
])
def test_discover_refuses_what_kometa_refuses(kind, entry, message):
    with pytest.raises(ConditionError, match=message):
        discover_queries("tmdb_discover", [{"with_genres": 1}, entry], kind, None)


def test_discover_list_dates_and_kinds():
    queries = discover_queries("tmdb_discover", [
        {"first_air_date.gte": "1/2/2003", "sort_by": "first_air_date.desc", "with_status": 3},
        {"Air_Date.lte": "2004-05-06", "with_watch_providers": "8|9", "watch_region": "gb", "limit": 3}], "tv", None)
    assert queries == [({"first_air_date.gte": "2003-01-02", "sort_by": "first_air_date.desc", "with_status": "3"},
                        100),
                       ({"air_date.lte": "2004-05-06", "with_watch_providers": "8|9", "watch_region": "GB",
                         "sort_by": "popularity.desc"}, 3)]


def test_registry_names_match_the_source():
    assert frozenset(set(ID_BUILDERS) | set(CHARTS) | DETAILS | {"tmdb_discover"}) == TMDB_BUILDERS


def _config(tmp_path: Path, tmdb: str) -> object:
    path = tmp_path / "config.yml"
    path.write_text(f"plex:\n  url: http://x\n  token: t\n{tmdb}libraries:\n  Movies: {{}}\n")
    return load_config(path)


def test_tmdb_section(tmp_path):
    section = tmdb_section(_config(tmp_path, "tmdb:\n  apikey: abc\n  region: us\n  cache_expiration: 7\n"))
    assert (section.apikey, section.language, section.region, section.cache_expiration) == ("abc", "en", "US", 7)
    assert section.where.endswith("config.yml:4")
    for text, message in (("", "the 'tmdb:' section is missing"), ("tmdb:\n  language: en\n", "apikey is missing"),
                          ("tmdb:\n  apikey: a\n  region: USA\n", "region must be a two-letter"),
                          ("tmdb:\n  apikey: a\n  cache_expiration: 0\n", "cache_expiration must be"),
                          ("tmdb: 5\n", "must be a mapping")):
        with pytest.raises(SectionError, match=message):
            tmdb_section(_config(tmp_path, text))


def test_tmdb_section_language_lines_and_unknown_keys(tmp_path):
    text = "tmdb:\n  apikey: abc\n  langauge: fr\n  language: pt-br\n"
    config = _config(tmp_path, text)
    section = tmdb_section(config)
    assert section.language == "pt-BR"
    warnings = [w.text for w in config.warnings if "unknown key" in w.text]  # said once, at load
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{tmp_path / 'config.yml'}:6: tmdb: unknown key 'langauge' is ignored "
                                  "(did you mean 'language'?)")
    for text, line, message in (("tmdb:\n  apikey: a\n  language: english\n", 6, "language must be an ISO 639-1"),
                                ("tmdb:\n  apikey: a\n\n  region: USA\n", 7, "region must be a two-letter"),
                                ("tmdb:\n  apikey: a\n  cache_expiration: 0\n", 6, "cache_expiration must be")):
        with pytest.raises(SectionError, match=f"config.yml:{line}: tmdb: {message}"):
            tmdb_section(_config(tmp_path, text))


def test_cache_expiry_is_spread_between_1_and_n_days_and_stale_entries_are_kept(tmp_path):
    now = [1_000_000.0]
    cache = Cache(tmp_path / "c.db", clock=lambda: now[0], rng=random.Random(1))
    for n in range(200):
        cache.put(f"k{n}", {"n": n}, 10)
    cache.flush()
    rows = cache._db.execute("SELECT expires - fetched FROM answers").fetchall()
    spans = [r[0] / DAY for r in rows]
    assert min(spans) >= 1 and max(spans) <= 10 and max(spans) - min(spans) > 5
    assert cache.get("k1").fresh and cache.get("k1").value == {"n": 1}
    now[0] += 11 * DAY
    hit = cache.get("k1")
    assert hit is not None and not hit.fresh and hit.value == {"n": 1}
    cache.close()
    reopened = Cache(tmp_path / "c.db", clock=lambda: now[0])
    assert reopened.get("k5").value == {"n": 5}  # persistent
    reopened.count_request("TMDb")
    reopened.count_request("TMDb")
    assert reopened.used_today("TMDb") == 2


def test_rate_limiter_spaces_requests():
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(4.0, lambda: now[0], sleep)
    for _ in range(5):
        limiter.acquire()
    assert waits == [0.25, 0.25, 0.25, 0.25]
    assert now[0] == 1.0
    RateLimiter(None, lambda: 0.0, sleep).acquire()
    assert len(waits) == 4


def test_concurrent_callers_each_reserve_their_own_slot():
    """Threads asking at the same moment are given successive slots (one sleep each, no polling),
    never closer than the rate allows (pyrate-limiter's clock counts whole milliseconds, so a slot
    may start up to 1 ms late when the interval is not a whole number of milliseconds)."""
    import threading

    waits: list[float] = []
    lock = threading.Lock()

    def sleep(seconds: float) -> None:
        with lock:
            waits.append(seconds)

    limiter = RateLimiter(3.0, lambda: 100.0, sleep)  # the clock stands still: every wait is a reservation
    threads = [threading.Thread(target=limiter.acquire) for _ in range(7)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    got = sorted(waits)
    assert got == pytest.approx([k / 3 for k in range(1, 7)], abs=0.007)
    assert all(b - a >= 1 / 3 for a, b in zip([0.0, *got], got, strict=False))
    assert limiter._bucket is not None  # the account is pyrate-limiter's bucket


def test_a_pause_without_a_rate_still_holds_the_callers():
    waits: list[float] = []
    limiter = RateLimiter(None, lambda: 5.0, waits.append)
    limiter.pause(1.5)
    limiter.acquire()
    assert waits == [1.5] and limiter.interval == 0.0


def test_a_pause_holds_every_caller_and_widens_the_spacing():
    now = [10.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(10.0, lambda: now[0], sleep)
    limiter.acquire()
    limiter.pause(2.0)
    limiter.acquire()
    assert waits == [2.0]
    assert limiter.interval == pytest.approx(0.125)
