"""What a collection does to titles Radarr/Sonarr already has (or the library holds): item_radarr_tag
(+ .remove/.sync), upgrade_existing, monitor_existing and add_existing, end to end against
metasim's Radarr editor (``PUT /api/v3/movie/editor``) through real HTTP; only differences are sent,
never twice; dry runs ask and send nothing."""

from __future__ import annotations

from typing import Any

from test_arr_add_missing import radarr, run

from metasim.arr import TAGS, managed, tag_ids
from metasim.testing import Paired

ALL = "collections:\n  Everything:\n    plex_all: true\n"


def _records(pair: Paired) -> dict[int, dict[str, Any]]:
    """Radarr's records of the library's movies, keyed by TMDb id, with the editor's changes."""
    import requests

    from metasim.arr import KEYS
    rows = requests.get(f"{pair.meta.url}/radarr/api/v3/movie", headers={"X-Api-Key": KEYS["radarr"]},
                        timeout=10).json()
    lib = {t.tmdb_id for t in pair.world.library if t.kind == "movie"}
    return {r["tmdbId"]: r for r in rows if r["tmdbId"] in lib}


def _editor(pair: Paired) -> list[dict[str, Any]]:
    return pair.meta.meta.arr.editor["radarr"]


def test_item_radarr_tag_adds_only_what_lacks_and_never_twice(pair, tmp_path):
    seed = pair.world.seed
    held = [t for t in managed(pair.meta.meta, "radarr") if t.in_library]
    kometa_tag = TAGS.index("kometa") + 1
    lacking = {t.tmdb_id for t in held if kometa_tag not in tag_ids(seed, "radarr", t)}
    assert lacking and len(lacking) < len(held)
    config = ALL + "    item_radarr_tag: kometa, brand-new\n"
    r = run(pair, tmp_path, config, radarr(pair))
    assert r["Everything"].status == "Created", r["Everything"]
    calls = _editor(pair)
    assert len(calls) == 1 and calls[0]["applyTags"] == "add"
    new_tag = len(TAGS) + 1  # brand-new was created
    assert sorted(calls[0]["tags"]) == [kometa_tag, new_tag]
    assert len(calls[0]["movieIds"]) == len(held)  # nobody had brand-new
    records = _records(pair)
    assert all({kometa_tag, new_tag} <= set(records[t.tmdb_id]["tags"]) for t in held)
    assert "tags set on" in r["Everything"].note
    assert any(line.startswith("Radarr: ") and "edited (tags:" in line for line in r["__online__"])
    # a second run: every title has the tags now, so nothing is sent
    pair.meta.reset_stats()
    run(pair, tmp_path, config, radarr(pair))
    assert len(_editor(pair)) == 1 and pair.meta.stats()["by_method"].get("PUT", 0) == 0
    # .remove takes them away again, only from the titles that have them
    run(pair, tmp_path, ALL + "    item_radarr_tag.remove: brand-new\n", radarr(pair))
    assert _editor(pair)[-1]["applyTags"] == "remove" and _editor(pair)[-1]["tags"] == [new_tag]
    assert all(new_tag not in r["tags"] for r in _records(pair).values())
    # .sync makes them the only tags
    run(pair, tmp_path, ALL + "    item_radarr_tag.sync: 4k\n", radarr(pair))
    assert all(r["tags"] == [TAGS.index("4k") + 1] for r in _records(pair).values())


def test_upgrade_and_monitor_existing_send_only_differences(pair, tmp_path):
    held = [t for t in managed(pair.meta.meta, "radarr") if t.in_library]
    before = _records(pair)
    low = {tid for tid, r in before.items() if r["qualityProfileId"] != 5}
    unmonitored = {tid for tid, r in before.items() if not r["monitored"]}
    assert low and unmonitored and len(before) == len(held)
    sections = radarr(pair, "  upgrade_existing: true\n  monitor_existing: true\n")
    config = ALL + "    radarr_quality: Ultra-HD\n"
    run(pair, tmp_path, config, sections)
    calls = _editor(pair)
    by_field = {next(k for k in c if k not in ("movieIds",)): c for c in calls}
    assert by_field["qualityProfileId"]["qualityProfileId"] == 5
    ids = {r["id"]: tid for tid, r in before.items()}
    assert {ids[i] for i in by_field["qualityProfileId"]["movieIds"]} == low
    assert by_field["monitored"]["monitored"] is True
    assert {ids[i] for i in by_field["monitored"]["movieIds"]} == unmonitored
    after = _records(pair)
    assert all(r["qualityProfileId"] == 5 and r["monitored"] for r in after.values())
    pair.meta.reset_stats()
    run(pair, tmp_path, config, sections)
    assert len(_editor(pair)) == 2 and pair.meta.stats()["by_method"].get("PUT", 0) == 0


def test_dry_run_asks_and_sends_nothing(pair, tmp_path):
    pair.meta.reset_stats()
    r = run(pair, tmp_path, ALL + "    item_radarr_tag: kometa\n    radarr_upgrade_existing: true\n",
            radarr(pair), dry_run=True)
    assert _editor(pair) == [] and pair.meta.stats()["by_service"].get("radarr", 0) == 0
    assert "would be applied" in r["Everything"].note
    assert any("would apply (dry run, nothing sent): upgrade_existing, item_radarr_tag" in line
               for line in r["__online__"])


def test_add_existing_adds_library_movies_with_their_folders(pair, tmp_path):
    lacking = [t for t in pair.world.library if t.kind == "movie" and t not in managed(pair.meta.meta, "radarr")]
    assert lacking
    sections = radarr(pair, "  add_existing: true\n  plex_path: /data/Movies\n  radarr_path: /movies\n")
    r = run(pair, tmp_path, ALL, sections)
    added = pair.meta.meta.arr.added["radarr"]
    assert sorted(b["tmdbId"] for b in added) == sorted(t.tmdb_id for t in lacking)
    first = next(b for b in added if b["tmdbId"] == lacking[0].tmdb_id)
    assert first["path"] == f"/movies/{lacking[0].title} ({lacking[0].year})"
    assert f"{len(lacking)} added with their folders" in r["Everything"].note
    pair.meta.reset_stats()
    run(pair, tmp_path, ALL, sections)
    assert len(pair.meta.meta.arr.added["radarr"]) == len(lacking)
    assert pair.meta.stats()["by_method"].get("POST", 0) == 0
    # without the path mapping Plex's folders are not under Radarr's root folder: said, not sent
    pair.meta.meta.arr.added["radarr"].clear()
    r = run(pair, tmp_path, ALL, radarr(pair, "  add_existing: true\n"))
    assert pair.meta.meta.arr.added["radarr"] == []
    assert any("is not under /movies (set plex_path and radarr_path)" in line for line in r["__online__"])


def test_item_sonarr_tag_in_a_show_library(pair, tmp_path):
    from metasim.arr import KEYS
    held = [t for t in managed(pair.meta.meta, "sonarr") if t.in_library]
    anime = TAGS.index("anime") + 1
    lacking = [t for t in held if anime not in tag_ids(pair.world.seed, "sonarr", t)]
    assert lacking
    sections = (f"sonarr:\n  url: {pair.meta.url}/sonarr\n  token: {KEYS['sonarr']}\n  root_folder_path: /tv\n"
                f"  quality_profile: HD-1080p\n")
    run(pair, tmp_path, "collections:\n  Shows:\n    plex_all: true\n    item_sonarr_tag: anime\n", sections,
        library="TV Shows")
    calls = pair.meta.meta.arr.editor["sonarr"]
    assert len(calls) == 1 and calls[0]["tags"] == [anime] and len(calls[0]["seriesIds"]) == len(lacking)


def test_sonarr_add_existing_uses_the_shows_plex_folder(tmp_path):
    from metasim.testing import start_pair, stop_pair
    pair = start_pair(movies=4, shows=24)
    try:
        _sonarr_add_existing(pair, tmp_path)
    finally:
        stop_pair(pair)


def _sonarr_add_existing(pair: Paired, tmp_path: Any) -> None:
    from metasim.arr import KEYS
    lacking = [t for t in pair.world.library if t.kind == "tv" and t.tvdb_id
               and t not in managed(pair.meta.meta, "sonarr")]
    assert lacking
    sections = (f"sonarr:\n  url: {pair.meta.url}/sonarr\n  token: {KEYS['sonarr']}\n  root_folder_path: /tv\n"
                f"  quality_profile: HD-1080p\n  add_existing: true\n  plex_path: /data/TV Shows\n"
                f"  sonarr_path: /tv\n")
    run(pair, tmp_path, "collections:\n  Shows:\n    plex_all: true\n", sections, library="TV Shows")
    added = pair.meta.meta.arr.added["sonarr"]
    assert sorted(b["tvdbId"] for b in added) == sorted(t.tvdb_id for t in lacking)
    assert {b["path"] for b in added} == {f"/tv/{t.title}" for t in lacking}
