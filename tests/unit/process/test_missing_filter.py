"""Which missing titles the filters and missing_only_released keep (engine/missing_filter.py), with
TMDb details given directly (no server: a stand-in client answering from a dict)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from kometa.engine.filters import parse_filters
from kometa.engine.missing_filter import keep_missing, missing_tree, released
from kometa.engine.run_listings import collection_listing, filter_lines
from kometa.plex.snapshot import CollectionInfo
from kometa.sources.builders import Built

NOW = datetime(2025, 12, 1, 12, tzinfo=UTC)
DETAILS = {1: {"release_date": "2020-01-01", "vote_count": 900, "original_language": "en"},
           2: {"release_date": "2026-06-01", "vote_count": 5, "original_language": "en"},
           3: {"release_date": "2019-05-05", "vote_count": 10, "original_language": "ko"}}


class Client:
    def __init__(self) -> None:
        self.asked: list[int] = []

    def movie(self, tmdb_id: int) -> dict:
        self.asked.append(tmdb_id)
        return dict(DETAILS[tmdb_id])


class Source:
    def __init__(self) -> None:
        self.c = Client()

    def client(self) -> Client:
        return self.c


def _built() -> Built:
    built = Built(missing=["One", "Two", "Three"])
    built.missing_ids = [{"title": t, "tmdb": i} for i, t in ((1, "One"), (2, "Two"), (3, "Three"))]
    built.labels_of = {id(e): e["title"] for e in built.missing_ids}
    return built


def _keep(filters, **kw) -> tuple[list[str], Source]:
    built, source = _built(), Source()
    tree = parse_filters(filters, "movie", NOW).tree if filters else None
    keep_missing(built, tree, source, NOW, True, only_released=kw.get("only_released", False), show_filtered=False,
                 where="x")
    assert [e["title"] for e in built.missing_ids] == built.missing
    return built.missing, source


def test_nothing_asked_asks_nothing():
    kept, source = _keep({"year.gte": 2000})  # a Plex-only filter: a missing title has no Plex item
    assert kept == ["One", "Two", "Three"] and source.c.asked == []


def test_missing_only_released():
    assert _keep(None, only_released=True)[0] == ["One", "Three"]


def test_tmdb_filters_and_alternatives():
    assert _keep({"tmdb_vote_count.gte": 100})[0] == ["One"]
    assert _keep([{"tmdb_vote_count.gte": 100}, {"original_language": "ko"}])[0] == ["One", "Three"]
    # an alternative with no TMDb condition lets every title through (Kometa)
    assert _keep([{"tmdb_vote_count.gte": 100}, {"year.gte": 2000}])[0] == ["One", "Two", "Three"]
    assert missing_tree(parse_filters({"year": 2000}, "movie", NOW).tree) is None


def test_released_needs_a_date():
    assert released({"first_air_date": "2025-12-01"}, False, date(2025, 12, 1))
    assert not released({"release_date": ""}, True, date(2025, 12, 1)) and not released(None, True, date(2025, 1, 1))


def test_listing_and_filter_lines():
    cols = [CollectionInfo(1, "Mine", False, ("Kometa",)), CollectionInfo(2, "b user", False),
            CollectionInfo(3, "A user", False)]
    lines = collection_listing("Movies", {"show_unconfigured": False}, cols, ["Mine"])
    assert lines == ["Movies: unmanaged collections (no Kometa label; this config leaves them alone):", "  A user",
                     "  b user", "  2 unmanaged collections"]
    assert collection_listing("Movies", {"show_unmanaged": False, "show_unconfigured": False}, cols, []) == []
    assert filter_lines("W", [1, 2, 3], [2], str, filtered=True, unfiltered=True) == [
        "W | filtered out: 1", "W | filtered out: 3", "W | kept by the filters: 2"]
