"""text_file end to end: ids of every form Kometa documents from local files (and the JSON lists
they point at, gzip too), in the files' order, matched to plexsim's library; located errors."""

from __future__ import annotations

import gzip
import json
import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from lists_helpers import members, run


@pytest.fixture
def served(tmp_path):
    """A local web server for a folder: (folder, base address)."""
    folder = tmp_path / "web"
    folder.mkdir()

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):  # noqa: ANN002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _movies(pair):
    lib = [t for t in pair.world.library if t.kind == "movie"]
    return [t for t in lib if not t.legacy and t.imdb_id]


def test_every_kind_of_line_in_file_order(pair, tmp_path, served):
    folder, base = served
    m = _movies(pair)
    (folder / "picks.json.gz").write_bytes(gzip.compress(json.dumps(
        [{"imdb_id": m[6].imdb_id}, {"type": "tmdb", "id": m[7].tmdb_id}, str(m[8].tmdb_id)]).encode()))
    (folder / "more.json").write_text(json.dumps([{"tmdb_id": m[9].tmdb_id}]), encoding="utf-8")
    lists = tmp_path / "lists"
    lists.mkdir()
    (lists / "first.txt").write_text(
        "# my picks\n"
        f"{m[0].imdb_id}   # an IMDb id\n"
        f"https://www.imdb.com/title/{m[1].imdb_id}/\n"
        f"{m[2].tmdb_id}\n"
        f"tmdb:{m[3].tmdb_id}\n"
        f"\n{m[4].plex_guid}\n"
        f"{m[5].plex_guid.rsplit('/', 1)[1]}\n"
        f"url:{base}/picks.json.gz\n"
        "tt0000001 # not in the library\n", encoding="utf-8")
    (lists / "second.txt").write_text(f"{base}/more.json\n{m[0].imdb_id}\n", encoding="utf-8")
    r = run(pair, tmp_path, """
        collections:
          Curated:
            text_file: [config/lists/first.txt, lists/second.txt]
            collection_order: custom
            sync_mode: sync
    """)
    assert r["Curated"].status == "Created", r["Curated"]
    assert members(pair, "Curated") == [t.tmdb_id for t in m[:10]]
    assert r["Curated"].missing == 1


def test_shows_take_numbers_as_tvdb_ids(pair, tmp_path):
    shows = [t for t in pair.world.library if t.kind == "tv" and t.tvdb_id and not t.legacy]
    (tmp_path / "shows.txt").write_text(f"{shows[1].tvdb_id}\ntvdb:{shows[0].tvdb_id}\n", encoding="utf-8")
    r = run(pair, tmp_path, "collections:\n  Show Picks:\n    text_file: shows.txt\n    collection_order: custom\n",
            library="TV Shows")
    assert r["Show Picks"].status == "Created", r["Show Picks"]
    assert members(pair, "Show Picks", "TV Shows") == [shows[1].tmdb_id, shows[0].tmdb_id]


def test_located_errors(pair, tmp_path, served):
    folder, base = served
    (tmp_path / "bad.txt").write_text("tt123\nnot an id\n", encoding="utf-8")
    (tmp_path / "parts.txt").write_text("tvdb_season:12345_1\n", encoding="utf-8")
    (tmp_path / "badpart.txt").write_text("tvdb_episode:12345_1\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("# nothing yet\n\n", encoding="utf-8")
    (tmp_path / "gone.txt").write_text(f"url:{base}/nothing.json\n", encoding="utf-8")
    (folder / "object.json").write_text('{"imdb_id": "tt1"}', encoding="utf-8")
    (tmp_path / "object.txt").write_text(f"{base}/object.json\n", encoding="utf-8")
    r = run(pair, tmp_path, """
        collections:
          Nowhere:
            text_file: lists/none.txt
          Bad:
            text_file: bad.txt
          Parts:
            text_file: parts.txt
          Empty:
            text_file: empty.txt
          Gone:
            text_file: gone.txt
          Object:
            text_file: object.txt
          Number:
            text_file: 5
          Bad Part:
            text_file: badpart.txt
    """)
    assert "file 'lists/none.txt' not found" in r["Nowhere"].error
    assert re.search(r"bad\.txt:2: 'not an id' is not an id text_file reads", r["Bad"].error), r["Bad"].error
    assert "parts.txt:1: tvdb_season entries need builder_level: season or episode" in r["Parts"].error
    assert "no ids in" in r["Empty"].error
    assert "no JSON list at" in r["Gone"].error
    assert "is not a JSON list" in r["Object"].error
    assert "expected the path of a text file, got 5" in r["Number"].error
    assert "badpart.txt:1: '12345_1' is not a tvdb_episode (SHOW_SEASON_EPISODE" in r["Bad Part"].error
    for name in ("Nowhere", "Bad", "Parts", "Empty", "Gone", "Object", "Number", "Bad Part"):
        assert re.search(r"Movies\.yml:\d+", r[name].error), r[name].error


def test_seasons_and_episodes_at_builder_level(pair, tmp_path):
    from plexapi.server import PlexServer

    from metasim.testing import PLEX_TOKEN
    shows = [t for t in pair.world.library if t.kind == "tv" and t.tvdb_id and t.imdb_id and not t.legacy
             and len(t.seasons) >= 2 and t.seasons[1].episode_count >= 2]
    show = shows[0]
    (tmp_path / "eps.txt").write_text(f"{show.episode_imdb_id(2, 1)}  # an episode's IMDb id\n"
                                      f"tvdb_episode:{show.tvdb_id}_2_2\ntvdb_season:{show.tvdb_id}/1\n"
                                      f"tvdb_episode:{show.tvdb_id}-1-1 # already in season 1\n", encoding="utf-8")
    (tmp_path / "seasons.txt").write_text(f"tvdb_season:{show.tvdb_id}_2\n{shows[-1].tvdb_id}\n", encoding="utf-8")
    r = run(pair, tmp_path, """
        collections:
          Tracked Episodes:
            builder_level: episode
            text_file: eps.txt
            collection_order: custom
          Tracked Seasons:
            builder_level: season
            text_file: seasons.txt
            collection_order: custom
          Flat:
            text_file: eps.txt
    """, library="TV Shows")
    assert r["Tracked Episodes"].status == "Created", r["Tracked Episodes"]
    section = PlexServer(pair.plex.url, PLEX_TOKEN).library.section("TV Shows")
    got = [(e.grandparentTitle, e.parentIndex, e.index) for e in section.collection("Tracked Episodes").items()]
    season1 = show.seasons[0].episode_count
    assert got == [(show.title, 2, 1), (show.title, 2, 2)] + [(show.title, 1, n) for n in range(1, season1 + 1)]
    seasons = [(s.parentTitle, s.index) for s in section.collection("Tracked Seasons").items()]
    last = shows[-1]
    assert seasons[0] == (show.title, 2) and seasons[1:] == [(last.title, s.season_number) for s in last.seasons]
    assert "tvdb_episode entries need builder_level: episode" in r["Flat"].error
