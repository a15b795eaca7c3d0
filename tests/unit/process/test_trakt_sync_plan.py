"""sync_to_trakt_list's plan (pure): what a list lacks, what it holds that is not wanted, the order."""

from __future__ import annotations

import pytest

from kometa.engine.trakt_sync import TraktSyncError, Wanted, _match, missing_wanted, parse


def _entry(eid: int, kind: str, **ids: object) -> tuple[int, str, dict[str, object]]:
    return (eid, kind, dict(ids))


def test_match_by_any_shared_id_and_kind():
    wanted = [Wanted("show", {"tvdb": 81189}, "Breaking Bad"), Wanted("movie", {"tmdb": 278}, "Shawshank"),
              Wanted("movie", {"imdb": "tt0068646"}, "The Godfather")]
    entries = [_entry(1, "movie", tmdb=238, imdb="tt0068646"), _entry(2, "show", tmdb=1396, tvdb=81189),
               _entry(3, "movie", tmdb=81189), _entry(4, "show", tvdb=1)]
    lacking, extra, ordered = _match(wanted, entries)
    assert [w.label for w in lacking] == ["Shawshank"]
    assert extra == [3, 4]  # a movie whose TMDb id equals the show's TVDb id is not the show
    assert ordered == [2, 1]  # the wanted order of the entries the list has


def test_missing_titles_go_by_the_id_kometa_sends():
    missing = [{"title": "A", "tmdb": 5, "imdb": "tt1"}, {"title": "B", "imdb": "tt2"}, {"title": "C"}]
    assert [(w.ids, w.label) for w in missing_wanted(missing, "movie")] == [({"tmdb": 5}, "A"), ({"imdb": "tt2"}, "B")]
    shows = missing_wanted([{"title": "S", "tmdb": 9, "tvdb": 7}], "show")
    assert shows[0].ids == {"tvdb": 7}


@pytest.mark.parametrize(("value", "slug"), [("my-list", "my-list"), ("https://trakt.tv/users/me/lists/my-list/", "my-list"),
                                             (123, "123"), (None, None), ("  ", None)])
def test_parse(value, slug):
    assert parse({"sync_to_trakt_list": value})[0] == slug


def test_parse_errors():
    with pytest.raises(TraktSyncError, match="slug"):
        parse({"sync_to_trakt_list": {"a": 1}})
    with pytest.raises(TraktSyncError, match="true or false"):
        parse({"sync_to_trakt_list": "x", "sync_missing_to_trakt_list": "yes"})
