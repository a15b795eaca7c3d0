"""sync_to_trakt_list / sync_missing_to_trakt_list: a collection kept in one of the user's Trakt
lists through metasim's list-write routes (real HTTP), only what differs written."""

from __future__ import annotations

from typing import Any

import requests
from trakt_helpers import CLIENT_ID, SECRET, rows

HEADERS = {"trakt-api-key": CLIENT_ID, "trakt-api-version": "2"}
SOURCE = "https://trakt.tv/users/someone/lists/source"


def _signed_in(pair: Any) -> tuple[str, str]:
    token = pair.meta.meta.trakt.grant("sync-token")
    section = (f"trakt:\n  client_id: {CLIENT_ID}\n  client_secret: {SECRET}\n"
               f"  authorization:\n    access_token: {token}\n    token_type: bearer\n"
               f"    expires_in: 7776000\n    refresh_token: r\n    scope: public\n    created_at: 4102444800\n")
    return token, section


def _list(pair: Any, token: str, slug: str, kind: str = "movie") -> list[int]:
    r = requests.get(f"{pair.meta.url}/trakt/users/me/lists/{slug}/items",
                     headers={**HEADERS, "Authorization": f"Bearer {token}"}, timeout=10)
    r.raise_for_status()
    return [row[kind]["ids"]["tmdb"] for row in r.json() if row["type"] == kind]


def _source(pair: Any) -> list[Any]:
    r = requests.get(f"{pair.meta.url}/trakt/users/someone/lists/source/items", headers=HEADERS, timeout=10)
    return [pair.world.title("movie", row["movie"]["ids"]["tmdb"]) for row in r.json() if row["type"] == "movie"]


def _writes(pair: Any) -> list[str]:
    return [e["path"] for e in pair.meta.request_log() if e["method"] == "POST" and "/lists/" in e["path"]]


def test_a_collection_and_its_missing_titles_are_synced_in_order(pair, runner) -> None:
    token, section = _signed_in(pair)
    runner.write(f"""
        collections:
          Synced:
            trakt_list: {SOURCE}
            sync_to_trakt_list: my-sync
            sync_missing_to_trakt_list: true
          Members Only:
            trakt_list: {SOURCE}
            sync_to_trakt_list: https://trakt.tv/users/metasim-user/lists/members-only
    """, trakt=section)
    before = _list(pair, token, "my-sync")
    shows = len(_list(pair, token, "my-sync", "show"))  # a list of a movie collection keeps no show (as Kometa)
    source = _source(pair)
    held = [t.tmdb_id for t in source if t.in_library]
    lacking = [t.tmdb_id for t in source if not t.in_library]
    assert held and lacking and set(before) != set(held + lacking)
    r = rows(runner.run())
    assert r["Synced"].status == "Created" and not r["Synced"].error, r["Synced"]
    assert _list(pair, token, "my-sync") == held + lacking  # members in the collection's order, then missing
    assert _list(pair, token, "members-only") == held
    stale = len(set(before) - set(held + lacking)) + shows
    assert shows and _list(pair, token, "my-sync", "show") == []
    assert f"{len(set(held + lacking) - set(before))} added, {stale} removed" in (r["Synced"].note or "")
    pair.meta.reset_stats()
    again = rows(runner.run())
    assert _writes(pair) == [], "a list already right is only read"
    assert "Trakt list my-sync: unchanged" in (again["Synced"].note or "")


def test_order_is_repaired_and_a_dry_run_writes_nothing(pair, runner, capsys) -> None:
    token, section = _signed_in(pair)
    runner.write(f"""
        collections:
          Synced:
            trakt_list: {SOURCE}
            sync_to_trakt_list: ordered
    """, trakt=section)
    runner.run()
    held = _list(pair, token, "ordered")
    auth = {**HEADERS, "Authorization": f"Bearer {token}"}
    extra = next(t for t in pair.world.titles if t.kind == "movie" and t.tmdb_id not in held)
    requests.post(f"{pair.meta.url}/trakt/users/me/lists/ordered/items", headers=auth, timeout=10,
                  json={"movies": [{"ids": {"tmdb": extra.tmdb_id}}]}).raise_for_status()
    entries = requests.get(f"{pair.meta.url}/trakt/users/me/lists/ordered/items", headers=auth, timeout=10).json()
    requests.post(f"{pair.meta.url}/trakt/users/me/lists/ordered/items/reorder", headers=auth, timeout=10,
                  json={"rank": [e["id"] for e in reversed(entries)]}).raise_for_status()
    assert _list(pair, token, "ordered") == [extra.tmdb_id, *reversed(held)]
    pair.meta.reset_stats()
    runner.run(dry_run=True)
    assert _writes(pair) == []
    assert f"Trakt list ordered: - {extra.title}" in capsys.readouterr().out
    runner.run()
    assert _list(pair, token, "ordered") == held
    assert [p.rsplit("/", 1)[-1] for p in _writes(pair)] == ["remove", "reorder"]


def test_unknown_list_and_no_sign_in_are_located_errors(pair, runner) -> None:
    _, section = _signed_in(pair)
    runner.write(f"""
        collections:
          Nowhere:
            trakt_list: {SOURCE}
            sync_to_trakt_list: missing-list
    """, trakt=section)
    row = rows(runner.run())["Nowhere"]
    assert row.status == "Created"  # the collection is made; only the sync failed
    assert "Movies.yml:5: sync_to_trakt_list: you have no Trakt list 'missing-list'" in (row.error or ""), row.error
    runner.write(f"""
        collections:
          Nowhere:
            trakt_list: {SOURCE}
            sync_to_trakt_list: mine
    """)
    row = rows(runner.run())["Nowhere"]
    assert "Movies.yml:5: sync_to_trakt_list needs Trakt's sign-in" in (row.error or ""), row.error
    runner.write("""
        collections:
          Bad:
            trakt_list: https://trakt.tv/users/someone/lists/source
            sync_to_trakt_list: [a, b]
    """)
    row = rows(runner.run())["Bad"]
    assert "sync_to_trakt_list must be the slug of one of your Trakt lists" in (row.error or "")


def test_a_playlist_is_synced_too(pair, runner) -> None:
    token, section = _signed_in(pair)
    path = runner.write("""
        collections:
          Unused:
            trakt_list: https://trakt.tv/users/someone/lists/other
    """, trakt=section)
    (runner.folder / "Playlists.yml").write_text(f"""
playlists:
  Night:
    libraries: Movies
    trakt_list: {SOURCE}
    sync_to_trakt_list: night
    sync_missing_to_trakt_list: true
""", encoding="utf-8")
    path.write_text(path.read_text() + "playlist_files:\n  - file: Playlists.yml\n", encoding="utf-8")
    report = runner.run()
    night = next(r for r in report.playlists if r.name == "Night")
    assert night.status == "Created" and not night.error, night
    source = _source(pair)
    assert _list(pair, token, "night") == [t.tmdb_id for t in source if t.in_library] + \
        [t.tmdb_id for t in source if not t.in_library]
