"""ID mapping: from the listing's guids first, TMDb's /find only for the rest, a Convert Summary."""

from __future__ import annotations

from kometa.clients.cache import Cache
from kometa.clients.tmdb import TmdbClient, TmdbSettings
from kometa.engine.online import OnlineServices
from kometa.ids.mapping import IdMap
from kometa.plex.snapshot import Item, Snapshot


def _snapshot(items: list[tuple[int, str, str | None, tuple[str, ...]]], kind: str = "movie") -> Snapshot:
    snap = Snapshot(1, "Movies", kind, "machine")
    for rk, title, guid, guids in items:
        snap.items[rk] = Item(rk, kind, {"title": title, "guid": guid, "guids": guids})
    return snap


def test_listing_ids_then_find_for_the_rest(pair, monkeypatch):
    world = pair.world
    movies = [t for t in world.library if t.kind == "movie" and t.imdb_id]
    a, b = movies[0], movies[1]
    snap = _snapshot([
        (1, a.title, "plex://movie/x", (f"imdb://{a.imdb_id}", f"tmdb://{a.tmdb_id}")),
        (2, b.title, f"com.plexapp.agents.imdb://{b.imdb_id}?lang=en", ()),
        (3, "Unknown", "com.plexapp.agents.imdb://tt0000019?lang=en", ()),
        (4, "Home Video", "local://4", ()),
    ])
    idmap = IdMap.from_snapshot(snap)
    assert idmap.keys(a.tmdb_id) == [1] and idmap.pending == [2, 3]
    client = TmdbClient(TmdbSettings(pair.meta.tmdb_key), Cache(None), base_url=pair.meta.tmdb_url)
    pair.meta.reset_stats()
    idmap.convert(client, {2: b.title, 3: "Unknown"})
    assert idmap.keys(b.tmdb_id) == [2] and idmap.converted == 1
    assert pair.meta.stats()["requests"] == 2  # one /find per item the listing lacked, none for item 1
    reasons = {u.rating_key: u.reason for u in idmap.unmapped}
    assert reasons[3] == "TMDb knows no movie for IMDb tt0000019"
    assert reasons[4].startswith("no TMDb, IMDb or TVDb id in its guids (local://4)")

    online = OnlineServices(config=None)  # type: ignore[arg-type]
    online.library_map("Movies", idmap)
    assert online.convert_lines() == ["Movies | Home Video: no TMDb, IMDb or TVDb id in its guids (local://4)",
                                      "Movies | Unknown: TMDb knows no movie for IMDb tt0000019"]


def test_shows_convert_from_tvdb(pair):
    show = next(t for t in pair.world.library if t.kind == "tv" and t.tvdb_id)
    snap = _snapshot([(7, show.title, f"com.plexapp.agents.thetvdb://{show.tvdb_id}?lang=en", ())], "show")
    idmap = IdMap.from_snapshot(snap)
    client = TmdbClient(TmdbSettings(pair.meta.tmdb_key), Cache(None), base_url=pair.meta.tmdb_url)
    idmap.convert(client, {7: show.title})
    assert idmap.keys(show.tmdb_id) == [7] and not idmap.unmapped
