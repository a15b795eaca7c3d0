"""radarr/sonarr_add_all_existing and radarr/sonarr_remove_by_tag end to end against metasim's
Radarr/Sonarr and plexsim on one world over real HTTP: the library's titles the app lacks are
imported at their (translated) folders in one request, a second run sends nothing; titles with all
the tags leave the app in one request; dry runs send nothing; located errors."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from metasim.arr import KEYS, managed, tag_ids
from metasim.testing import PLEX_TOKEN, Paired


def run(pair: Paired, folder: Path, operations: str, sections: str, library: str = "Movies",
        dry_run: bool = False) -> dict[str, Any]:
    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config
    path = folder / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\n"
                    f"libraries:\n  {library}:\n    operations:\n{textwrap.indent(textwrap.dedent(operations), '      ')}"
                    f"{sections}", encoding="utf-8")
    report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True,
                                                                                  dry_run=dry_run),
                                       moment=datetime.now().astimezone()))
    return {row.name: row for row in report.library(library).rows}


def section(pair: Paired, app: str, extra: str = "") -> str:
    root, local = ("/movies", "/data/Movies") if app == "radarr" else ("/tv", "/data/TV Shows")
    return (f"{app}:\n  url: {pair.meta.url}/{app}\n  token: {KEYS[app]}\n  root_folder_path: {root}\n"
            f"  quality_profile: HD-1080p\n  plex_path: {local}\n  {app}_path: {root}\n  tag: from-plex\n{extra}")


def _arr(pair: Paired, app: str, path: str) -> Any:
    return requests.get(f"{pair.meta.url}/{app}{path}", headers={"X-Api-Key": KEYS[app]}, timeout=10).json()


def test_radarr_add_all_existing_imports_at_the_plex_folders_once(pair, tmp_path):
    state = pair.meta.meta.arr
    have = {t.tmdb_id for t in managed(pair.meta.meta, "radarr")}
    lacking = {t.tmdb_id: t for t in pair.world.library if t.kind == "movie" and t.tmdb_id not in have
               and not t.legacy}
    assert lacking
    r = run(pair, tmp_path, "radarr_add_all_existing: true\n", section(pair, "radarr"), dry_run=True)
    assert r["radarr_add_all_existing"].added == len(lacking) and state.requests["import"] == 0
    pair.meta.reset_stats()
    r = run(pair, tmp_path, "radarr_add_all_existing: true\n", section(pair, "radarr"))
    row = r["radarr_add_all_existing"]
    assert row.error is None and row.added == len(lacking), row
    assert state.requests["import"] == 1
    bodies = {b["tmdbId"]: b for b in state.added["radarr"]}
    assert set(bodies) == set(lacking)
    from plexapi.server import PlexServer

    from kometa.ids.guids import item_ids
    checked = 0
    for movie in PlexServer(pair.plex.url, PLEX_TOKEN).library.section("Movies").all():
        body = bodies.get(item_ids(movie.guid, [g.id for g in movie.guids]).tmdb)
        if body is not None:  # Plex's folder, with plex_path translated to radarr_path
            assert body["path"] == movie.locations[0].rsplit("/", 1)[0].replace("/data/Movies", "/movies")
            checked += 1
    assert checked == len(bodies)
    for body in bodies.values():
        assert body["rootFolderPath"] == "/movies" and body["qualityProfileId"] == 4
        assert body["tags"]  # the section's tag, created in Radarr
    created = {t["label"]: t["id"] for t in _arr(pair, "radarr", "/api/v3/tag")}
    assert all(created["from-plex"] in b["tags"] for b in bodies.values())
    pair.meta.reset_stats()
    pair.plex.reset_stats()
    r = run(pair, tmp_path, "radarr_add_all_existing: true\n", section(pair, "radarr"))
    assert r["radarr_add_all_existing"].status == "Unchanged" and r["radarr_add_all_existing"].added == 0
    assert state.requests["import"] == 1  # nothing sent again


def test_a_folder_outside_the_root_folder_is_not_sent(pair, tmp_path):
    sections = section(pair, "radarr").replace("  plex_path: /data/Movies\n", "  plex_path: /elsewhere\n")
    r = run(pair, tmp_path, "radarr_add_all_existing: true\n", sections)
    row = r["radarr_add_all_existing"]
    assert row.error is None and row.added == 0 and "not in the root folder" in row.note, row
    assert pair.meta.meta.arr.requests["import"] == 0


def test_sonarr_add_all_existing_uses_the_show_folder(pair, tmp_path):
    state = pair.meta.meta.arr
    have = {t.tvdb_id for t in managed(pair.meta.meta, "sonarr")}
    lacking = {t.tvdb_id for t in pair.world.library if t.kind == "tv" and t.tvdb_id and t.tvdb_id not in have
               and not t.legacy}
    r = run(pair, tmp_path, "sonarr_add_all: true\n", section(pair, "sonarr"), library="TV Shows")
    row = r["sonarr_add_all_existing"]
    assert row.error is None and row.added == len(lacking), row
    for body in state.added["sonarr"]:
        assert body["path"].startswith("/tv/") and "Season" not in body["path"], body["path"]


def test_remove_by_tag_removes_titles_with_every_tag_once(pair, tmp_path):
    seed = pair.world.seed
    from metasim.arr import TAGS
    want = (TAGS.index("kometa") + 1, TAGS.index("family") + 1)
    doomed = {1 + t.index for t in managed(pair.meta.meta, "radarr") if set(want) <= set(tag_ids(seed, "radarr", t))}
    assert doomed
    before = len(_arr(pair, "radarr", "/api/v3/movie"))
    r = run(pair, tmp_path, "radarr_remove_by_tag: Kometa, family\n", section(pair, "radarr"), dry_run=True)
    assert r["radarr_remove_by_tag"].added == len(doomed) and pair.meta.meta.arr.requests["delete"] == 0
    r = run(pair, tmp_path, "radarr_remove_by_tag: [Kometa, family]\n", section(pair, "radarr"))
    assert r["radarr_remove_by_tag"].added == len(doomed)
    assert pair.meta.meta.arr.removed["radarr"] == doomed and pair.meta.meta.arr.requests["delete"] == 1
    assert len(_arr(pair, "radarr", "/api/v3/movie")) == before - len(doomed)
    r = run(pair, tmp_path, "radarr_remove_by_tag: [Kometa, family]\n", section(pair, "radarr"))
    assert r["radarr_remove_by_tag"].status == "Unchanged" and pair.meta.meta.arr.requests["delete"] == 1
    r = run(pair, tmp_path, "radarr_remove_by_tag: nosuchtag\n", section(pair, "radarr"))
    assert r["radarr_remove_by_tag"].added == 0 and "has no tag nosuchtag" in r["radarr_remove_by_tag"].note


def test_located_errors(pair, tmp_path):
    config = tmp_path / "config.yml"
    r = run(pair, tmp_path, "radarr_add_all_existing: true\n", "")
    error = r["radarr_add_all_existing"].error
    assert error.startswith(f"{config}:7: radarr_add_all_existing: ") and "'radarr:' section is missing" in error
    r = run(pair, tmp_path, "sonarr_remove_by_tag: x\n", section(pair, "sonarr"))
    assert r["sonarr_remove_by_tag"].error == f"{config}:7: sonarr_remove_by_tag: works in show libraries only"
    r = run(pair, tmp_path, "radarr_add_all_existing: true\n",
            section(pair, "radarr").replace("HD-1080p", "Nope"))
    assert "Radarr has no quality profile 'Nope'" in r["radarr_add_all_existing"].error
    r = run(pair, tmp_path, "radarr_remove_by_tag: [[x]]\n", section(pair, "radarr"))
    assert r["operations"].error.startswith(f"{config}:7: radarr_remove_by_tag: expected a list")
