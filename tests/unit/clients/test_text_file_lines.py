"""text_file's lines and JSON items, read without a server (the JSON fetch is a dict lookup)."""

from __future__ import annotations

import pytest

from kometa.sources.conditions import ConditionError
from kometa.sources.text_file import Entry, Reader

JSON = {"https://example.com/l.json": [{"imdb_id": "tt0000001"}, {"type": "tvdb_episode", "id": [5, 1, 3]},
                                       {"tvdb_season": {"tvdb_id": 5, "season": 2}}, "tmdb:7", 8]}


def lines(text: str, kind: str = "movie") -> list[tuple[str, object]]:
    reader = Reader(kind, JSON.__getitem__)
    out: list[Entry] = []
    for n, line in enumerate(text.splitlines(), 1):
        out += reader.line(line, f"f.txt:{n}")
    return [(e.kind, e.value) for e in out]


def test_every_form():
    assert lines("# a comment\n\ntt0079945   # IMDb\nhttps://www.imdb.com/title/tt0084726/\n174\ntmdb:154\n"
                 "TVDB:361702\nplex://movie/5D7768243C3C2A001FBCA85B\n5d776824880197001ec901ab\n"
                 "plex:5d7768244de0ee001fcc7ff2\ntvdb_season:383275/1\ntvdb_episode:383275-1-2\n") == [
        ("imdb", "tt0079945"), ("imdb", "tt0084726"), ("tmdb", 174), ("tmdb", 154), ("tvdb", 361702),
        ("plex", "5d7768243c3c2a001fbca85b"), ("plex", "5d776824880197001ec901ab"),
        ("plex", "5d7768244de0ee001fcc7ff2"), ("tvdb_season", "383275_1"), ("tvdb_episode", "383275_1_2")]


def test_numbers_follow_the_library_type_and_json_lists_expand_in_place():
    assert lines("361702\n", "show") == [("tvdb", 361702)]
    assert lines("1\nurl:https://example.com/l.json\n2\n") == [
        ("tmdb", 1), ("imdb", "tt0000001"), ("tvdb_episode", "5_1_3"), ("tvdb_season", "5_2"), ("tmdb", 7),
        ("tmdb", 8), ("tmdb", 2)]


@pytest.mark.parametrize(("text", "message"), [
    ("hello", r"f\.txt:1: 'hello' is not an id text_file reads"),
    ("imdb:nm0000001", r"f\.txt:1: 'nm0000001' is not an IMDb id"),
    ("plex:xyz", r"f\.txt:1: 'xyz' is not a Plex id"),
    ("tmdb:abc", r"f\.txt:1: 'abc' is not a TMDb id"),
    ("tvdb_season:12", r"f\.txt:1: '12' is not a tvdb_season"),
    ("ok\ntt1\nnope", r"f\.txt:1: 'ok'"),
])
def test_bad_lines_name_file_and_line(text, message):
    with pytest.raises(ConditionError, match=message):
        lines(text)
