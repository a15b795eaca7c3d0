"""add_missing end to end: a collection's missing titles sent to metasim's Radarr/Sonarr (v3 API:
lookup, add, tags, profiles, root folders) through real HTTP, once; dry runs send nothing;
definition overrides; located errors; the app down or refusing."""

from __future__ import annotations

import re
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from metasim.arr import KEYS
from metasim.testing import PLEX_TOKEN, Paired

LIST = "https://letterboxd.com/critic/list/to-watch/"


@pytest.fixture(autouse=True)
def _urls(pair: Paired, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KOMETA_LETTERBOXD_URL", f"{pair.meta.url}/letterboxd")
    monkeypatch.setenv("KOMETA_MDBLIST_URL", f"{pair.meta.url}/mdblist")


def run(pair: Paired, folder: Path, collections: str, sections: str, library: str = "Movies",
        dry_run: bool = False) -> dict[str, Any]:
    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config
    (folder / "lib.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
    path = folder / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\nsettings:\n  minimum_items: 0\n"
                    f"libraries:\n  {library}:\n    collection_files:\n      - file: lib.yml\n{sections}",
                    encoding="utf-8")
    report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True,
                                                                                  dry_run=dry_run),
                                       moment=datetime.now().astimezone()))
    out: dict[str, Any] = {row.name: row for row in report.library(library).rows}
    out["__online__"] = report.online
    return out


def radarr(pair: Paired, extra: str = "", url: str | None = None) -> str:
    return (f"radarr:\n  url: {url or pair.meta.url + '/radarr'}\n  token: {KEYS['radarr']}\n"
            f"  root_folder_path: /movies\n  quality_profile: HD-1080p\n{extra}")


def expected_adds(pair: Paired, missing_tmdb: list[int]) -> list[int]:
    from metasim.arr import managed
    have = {t.tmdb_id for t in managed(pair.meta.meta, "radarr")}
    return [t for t in missing_tmdb if t not in have]


def missing_tmdb(pair: Paired, path: str) -> list[int]:
    """TMDb ids of the list's films the library lacks, in list order (from the simulator's draw)."""
    from metasim.letterboxd.routes import pick
    user, _, slug = path.strip("/").split("/")
    return [t.tmdb_id for t in pick(pair.meta.meta, user, slug) if not t.in_library]


def test_section_add_missing_sends_each_missing_movie_once(pair, tmp_path):
    want = expected_adds(pair, missing_tmdb(pair, "/critic/list/to-watch/"))
    assert want, "the list should name movies neither the library nor Radarr has"
    config = f"""
        collections:
          To Watch:
            letterboxd_list: {LIST}
    """
    sections = radarr(pair, "  add_missing: true\n  tag: kometa, brand-new\n  search: true\n  availability: released\n")
    r = run(pair, tmp_path, config, sections)
    assert r["To Watch"].status == "Created", r["To Watch"]
    added = pair.meta.meta.arr.added["radarr"]
    assert [b["tmdbId"] for b in added] == want
    body = added[0]
    assert body["qualityProfileId"] == 4 and body["rootFolderPath"] == "/movies" and body["monitored"] is True
    assert body["minimumAvailability"] == "released" and body["addOptions"] == {"searchForMovie": True}
    assert set(body["tags"]) == {1, 6}  # kometa (existing) and brand-new (created, id 6)
    assert pair.meta.meta.arr.tags["radarr"] == ["brand-new"]
    assert f"{len(want)} sent to Radarr" in r["To Watch"].note
    assert any(line.startswith(f"Radarr add_missing: added {len(want)} (") for line in r["__online__"])
    # the next run sends nothing: the titles are in Radarr now, and recorded as sent
    pair.meta.reset_stats()
    again = run(pair, tmp_path, config, sections)
    assert len(pair.meta.meta.arr.added["radarr"]) == len(want)
    assert pair.meta.stats()["by_method"].get("POST", 0) == 0
    assert "sent to Radarr" not in (again["To Watch"].note or "")


def test_never_twice_even_when_radarr_forgets_and_already_added_counts(pair, tmp_path):
    config = f"collections:\n  To Watch:\n    letterboxd_list: {LIST}\n"
    sections = radarr(pair, "  add_missing: true\n")
    run(pair, tmp_path, config, sections)
    first = len(pair.meta.meta.arr.added["radarr"])
    assert first > 0
    # ignore_cache: the record is not consulted; Radarr answers "already been added": nothing doubles
    r = run(pair, tmp_path, config.replace("letterboxd_list", "radarr_ignore_cache: true\n    letterboxd_list"),
            sections)
    assert len(pair.meta.meta.arr.added["radarr"]) == first
    assert any("already there or sent before" in line for line in r["__online__"])


def test_dry_run_sends_nothing_and_says_what_it_would_add(pair, tmp_path):
    want = expected_adds(pair, missing_tmdb(pair, "/critic/list/to-watch/"))
    pair.meta.reset_stats()
    r = run(pair, tmp_path, f"collections:\n  To Watch:\n    letterboxd_list: {LIST}\n",
            radarr(pair, "  add_missing: true\n"), dry_run=True)
    assert pair.meta.meta.arr.added["radarr"] == []
    assert pair.meta.stats()["by_service"].get("radarr", 0) == 0
    assert any(line.startswith("Radarr: would add") and "dry run, nothing sent" in line for line in r["__online__"])
    assert "would be sent to Radarr" in r["To Watch"].note and len(want) > 0


def test_definition_overrides_the_section(pair, tmp_path):
    r = run(pair, tmp_path, f"""
        collections:
          Override:
            letterboxd_list: {LIST}
            radarr_add_missing: true
            radarr_quality: Ultra-HD
            radarr_folder: /movies-4k
            radarr_tag: 4k
            radarr_monitor: false
            radarr_availability: cinemas
    """, radarr(pair, "  add_missing: false\n"))
    assert r["Override"].status == "Created"
    body = pair.meta.meta.arr.added["radarr"][0]
    assert body["qualityProfileId"] == 5 and body["rootFolderPath"] == "/movies-4k" and body["tags"] == [2]
    assert body["monitored"] is False and body["minimumAvailability"] == "inCinemas"
    assert body["addOptions"] == {"searchForMovie": False}


def test_section_false_and_no_override_sends_nothing(pair, tmp_path):
    run(pair, tmp_path, f"collections:\n  L:\n    letterboxd_list: {LIST}\n", radarr(pair, "  add_missing: false\n"))
    assert pair.meta.meta.arr.added["radarr"] == []


def test_located_errors_and_trouble_with_radarr(pair, tmp_path):
    r = run(pair, tmp_path, f"""
        collections:
          Existing:
            letterboxd_list: {LIST}
            item_radarr_tag: kometa
            item_radarr_tag.sync: other
          Bad Monitor:
            letterboxd_list: {LIST}
            radarr_add_missing: true
            radarr_monitor: sometimes
          Wrong App:
            letterboxd_list: {LIST}
            sonarr_add_missing: true
          Unknown Profile:
            letterboxd_list: {LIST}
            radarr_add_missing: true
            radarr_quality: Potato
    """, radarr(pair))
    assert "item_radarr_tag and item_radarr_tag.sync cannot be used together" in r["Existing"].error
    assert "radarr_monitor must be true or false" in r["Bad Monitor"].error
    assert "sonarr_add_missing works in show libraries only" in r["Wrong App"].error
    for name in ("Existing", "Bad Monitor", "Wrong App"):
        assert "lib.yml:" in r[name].error, r[name].error
    # a profile Radarr lacks: one line; the collection itself is still made
    assert r["Unknown Profile"].status == "Created"
    assert any("Radarr has no quality profile 'Potato' (it has: Any, HD-1080p, Ultra-HD)" in line
               for line in r["__online__"])
    assert pair.meta.meta.arr.added["radarr"] == []
    # no root folder anywhere: located error naming the key
    r = run(pair, tmp_path, f"collections:\n  L:\n    letterboxd_list: {LIST}\n    radarr_add_missing: true\n",
            f"radarr:\n  url: {pair.meta.url}/radarr\n  token: {KEYS['radarr']}\n  quality_profile: Any\n")
    assert "radarr_add_missing needs radarr: root_folder_path" in r["L"].error and "lib.yml:" in r["L"].error
    # no radarr section at all
    r = run(pair, tmp_path, f"collections:\n  L:\n    letterboxd_list: {LIST}\n    radarr_add_missing: true\n", "")
    assert "radarr_add_missing needs" in r["L"].error and "'radarr:' section is missing" in r["L"].error


def test_radarr_refusing_or_down_fails_only_the_sending(pair, tmp_path):
    config = f"collections:\n  L:\n    letterboxd_list: {LIST}\n"
    r = run(pair, tmp_path, config, radarr(pair, "  add_missing: true\n").replace(KEYS["radarr"], "wrong"))
    assert r["L"].status == "Created"
    assert any("token was refused by Radarr" in line for line in r["__online__"])
    r = run(pair, tmp_path, config, radarr(pair, "  add_missing: true\n", url="http://127.0.0.1:9/radarr"))
    assert r["L"].status in ("Created", "Unchanged")
    assert any("Radarr add_missing" in line and "cannot reach" in line for line in r["__online__"])


def test_sonarr_add_missing_from_an_mdblist_list(pair, tmp_path):
    from metasim.arr import managed
    from metasim.mdblist.routes import _pick
    lacking = [t for t in _pick(pair.meta.meta, "someone", "tv") if t.kind == "tv" and not t.in_library]
    have = {t.tvdb_id for t in managed(pair.meta.meta, "sonarr")}
    want = [t.tvdb_id for t in lacking if t.tvdb_id and t.tvdb_id not in have]
    without = [t for t in lacking if not t.tvdb_id]
    assert want and len(want) < len(lacking)  # one to add, one Sonarr already has
    r = run(pair, tmp_path, """
        collections:
          Shows:
            mdblist_list: https://mdblist.com/lists/someone/tv
            sonarr_add_missing: true
            sonarr_monitor: first
            sonarr_series: anime
            sonarr_season: false
            sonarr_search: true
            sonarr_cutoff_search: true
    """, f"mdblist:\n  apikey: metasim-mdblist\nsonarr:\n  url: {pair.meta.url}/sonarr\n  token: {KEYS['sonarr']}\n"
         f"  root_folder_path: /tv\n  quality_profile: Any\n  language_profile: Japanese\n", library="TV Shows")
    assert r["Shows"].status == "Created", r["Shows"]
    added = pair.meta.meta.arr.added["sonarr"]
    assert [b["tvdbId"] for b in added] == want
    body = added[0]
    assert body["seriesType"] == "anime" and body["seasonFolder"] is False and body["languageProfileId"] == 2
    assert body["addOptions"] == {"monitor": "firstSeason", "searchForMissingEpisodes": True,
                                  "searchForCutoffUnmetEpisodes": True}
    assert any("1 already there or sent before" in line for line in r["__online__"])
    if without:
        assert any("no TVDb id" in line for line in r["__online__"])


def test_sonarr_gets_tmdb_shows_through_their_tvdb_ids(pair, tmp_path, monkeypatch):
    """TMDb names shows by TMDb id; Sonarr wants TVDb ids: they come from TMDb's external ids."""
    from metasim.arr import managed
    from metasim.testing import TMDB_KEY
    monkeypatch.setenv("KOMETA_TMDB_URL", pair.meta.tmdb_url)
    popular = requests.get(f"{pair.meta.tmdb_url}/tv/popular", params={"api_key": TMDB_KEY, "page": 1},
                           timeout=10).json()["results"][:20]
    have = {t.tvdb_id for t in managed(pair.meta.meta, "sonarr")}
    lacking = [pair.world.title("tv", r["id"]) for r in popular]
    want = [t.tvdb_id for t in lacking if t is not None and not t.in_library and t.tvdb_id and t.tvdb_id not in have]
    assert want
    r = run(pair, tmp_path, "collections:\n  Popular:\n    tmdb_popular: 20\n    sonarr_add_missing: true\n",
            f"tmdb:\n  apikey: {TMDB_KEY}\nsonarr:\n  url: {pair.meta.url}/sonarr\n  token: {KEYS['sonarr']}\n"
            f"  root_folder_path: /tv\n  quality_profile: Any\n", library="TV Shows")
    assert r["Popular"].error is None, r["Popular"].error
    assert sorted(b["tvdbId"] for b in pair.meta.meta.arr.added["sonarr"]) == sorted(want)


def test_a_wrong_section_is_said_once_and_collections_still_run(pair, tmp_path):
    r = run(pair, tmp_path, f"collections:\n  A:\n    letterboxd_list: {LIST}\n  B:\n    letterboxd_list: {LIST}\n",
            radarr(pair, "  add_missing: true\n  availability: someday\n"))
    assert r["A"].status == "Created" and r["B"].status == "Created"
    lines = [line for line in r["__online__"] if "availability must be one of" in line]
    assert len(lines) == 1 and re.search(r"config\.yml:\d+: radarr:", lines[0])
    assert pair.meta.meta.arr.added["radarr"] == []


def test_a_library_overrides_the_section_with_its_own_mapping(pair, tmp_path):
    want = expected_adds(pair, missing_tmdb(pair, "/critic/list/to-watch/"))
    own = "    radarr:\n      root_folder_path: /movies-4k\n      quality_profile: Ultra-HD\n      add_missing: true\n"
    r = run(pair, tmp_path, f"collections:\n  To Watch:\n    letterboxd_list: {LIST}\n", own + radarr(pair))
    assert r["To Watch"].status == "Created"
    added = pair.meta.meta.arr.added["radarr"]
    assert [b["tmdbId"] for b in added] == want
    assert all(b["rootFolderPath"] == "/movies-4k" and b["qualityProfileId"] == 5 for b in added)
    # a wrong key in the library's mapping is ignored (a located warning at load, tests/unit/config)
    r = run(pair, tmp_path, f"collections:\n  L:\n    letterboxd_list: {LIST}\n    radarr_add_missing: true\n",
            "    radarr:\n      quality: Ultra-HD\n" + radarr(pair))
    assert "unknown key" not in (r["L"].error or "")
