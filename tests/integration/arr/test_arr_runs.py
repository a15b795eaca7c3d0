"""radarr_all/radarr_taglist/sonarr_all/sonarr_taglist end to end against metasim's Radarr and
Sonarr (at the config's url) and plexsim (one world); sections, refused token, values."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from metasim.arr import KEYS
from metasim.testing import PLEX_TOKEN, Paired


def section(pair: Paired, app: str, extra: str = "", token: str | None = None) -> str:
    return f"{app}:\n  url: {pair.meta.url}/{app}\n  token: {token or KEYS[app]}\n{extra}"


def run(pair: Paired, folder: Path, collections: str, sections: str, library: str = "Movies") -> Any:
    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config
    (folder / "lib.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
    path = folder / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\n"
                    f"libraries:\n  {library}:\n    collection_files:\n      - file: lib.yml\n{sections}", encoding="utf-8")
    report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                       moment=datetime.now().astimezone()))
    out: dict[str, Any] = {row.name: row for row in report.library(library).rows}
    out["__online__"] = report.online
    return out


def api(pair: Paired, app: str, path: str) -> Any:
    return requests.get(f"{pair.meta.url}/{app}/api/v3/{path}", headers={"X-Api-Key": KEYS[app]}, timeout=10).json()


def tmdb_members(pair: Paired, name: str, library: str = "Movies") -> set[int]:
    from plexapi.server import PlexServer
    by_title = {(t.title, t.year): t.tmdb_id for t in pair.world.library}
    items = PlexServer(pair.plex.url, PLEX_TOKEN).library.section(library).collection(name).items()
    return {by_title[(i.title, i.year)] for i in items}


def in_library(pair: Paired, titles: list[dict[str, Any]], kind: str) -> set[int]:
    lib = {t.tmdb_id for t in pair.world.library if t.kind == kind}
    return {t["tmdbId"] for t in titles if t["tmdbId"] in lib}


def test_radarr_all_and_taglist(pair, tmp_path):
    r = run(pair, tmp_path, """
        collections:
          Radarr:
            radarr_all: true
          Family Or 4K:
            radarr_taglist: family, 4k
          Untagged:
            radarr_taglist:
    """, section(pair, "radarr", "  root_folder_path: /movies\n  add_missing: false\n"))
    movies = api(pair, "radarr", "movie")
    tags = {t["label"]: t["id"] for t in api(pair, "radarr", "tag")}
    assert r["Radarr"].status == "Created", r["Radarr"]
    assert tmdb_members(pair, "Radarr") == in_library(pair, movies, "movie")
    assert r["Radarr"].missing == len(movies) - len(in_library(pair, movies, "movie"))
    tagged = [m for m in movies if {tags["family"], tags["4k"]} & set(m["tags"])]
    assert tagged and tmdb_members(pair, "Family Or 4K") == in_library(pair, tagged, "movie")
    untagged = [m for m in movies if not m["tags"]]
    assert tmdb_members(pair, "Untagged") == in_library(pair, untagged, "movie")


def test_sonarr_all_in_a_show_library(pair, tmp_path):
    r = run(pair, tmp_path, "collections:\n  Sonarr:\n    sonarr_all: true\n", section(pair, "sonarr"),
            library="TV Shows")
    assert r["Sonarr"].status == "Created", r["Sonarr"]
    assert tmdb_members(pair, "Sonarr", "TV Shows") == in_library(pair, api(pair, "sonarr", "series"), "tv")


def test_errors(pair, tmp_path):
    config = """
        collections:
          R:
            radarr_all: true
          Bad Tag:
            radarr_taglist: nonexistent
          Wrong Library:
            sonarr_all: true
          Everything:
            plex_all: true
    """
    r = run(pair, tmp_path, config, section(pair, "radarr", token="wrong"))
    assert r["Everything"].status == "Created"
    assert r["R"].status == "Radarr Failure" and "token was refused" in r["R"].error and "config.yml:8" in r["R"].error
    assert "works in show libraries only" in r["Wrong Library"].error
    r = run(pair, tmp_path, config, section(pair, "radarr"))
    assert "has no tag 'nonexistent'" in r["Bad Tag"].error and "lib.yml:" in r["Bad Tag"].error
    r = run(pair, tmp_path, config, section(pair, "radarr", "  add_existing: true\n"))
    assert r["Everything"].status in ("Created", "Unchanged") and not r["R"].error  # said once, for the section
    assert sum("radarr: add_existing needs root_folder_path" in line for line in r["__online__"]) == 1
    r = run(pair, tmp_path, config, section(pair, "radarr", "  availability: someday\n"))
    assert "config.yml:11: radarr: availability must be one of announced" in r["R"].error
    r = run(pair, tmp_path, config, section(pair, "radarr", "  quality: HD\n"))
    assert "unknown key" not in (r["R"].error or "")  # ignored, as Kometa does (a located warning at load)
    r = run(pair, tmp_path, "collections:\n  R:\n    radarr_all: yes please\n", section(pair, "radarr"))
    assert "radarr_all must be true" in r["R"].error
