"""What the anime integration tests share: one run of a collection file against the pair, a
collection's members as TMDb ids, and every anime of an AniList page query."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from metasim.testing import PLEX_TOKEN, Paired

MOMENT = datetime(2026, 11, 20, 5, 0)


def run(pair: Paired, folder: Path, collections: str, library: str = "Movies",
        moment: datetime = MOMENT) -> dict[str, Any]:
    """Run ``collections`` (YAML, as lib.yml) on ``library`` at ``moment``; the rows by name, with
    the report's online lines under ``__online__``."""
    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config
    (folder / "lib.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
    path = folder / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\nsettings:\n  minimum_items: 0\n"
                    f"libraries:\n  {library}:\n    collection_files:\n      - file: lib.yml\n", encoding="utf-8")
    report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                       moment=moment.astimezone()))
    out: dict[str, Any] = {row.name: row for row in report.library(library).rows}
    out["__online__"] = report.online
    return out


def members(pair: Paired, name: str, library: str = "Movies") -> list[int]:
    from plexapi.server import PlexServer
    section = PlexServer(pair.plex.url, PLEX_TOKEN).library.section(library)
    by_guid = {t.plex_guid: t.tmdb_id for t in pair.world.library}
    return [by_guid[i.guid] for i in section.collection(name).items()]


def anilist(pair: Paired, variables: dict[str, Any]) -> list[dict[str, Any]]:
    """Every anime metasim's AniList answers for the page ``variables`` (page by page)."""
    query = "query { Page { pageInfo { hasNextPage } media { id format season seasonYear } } }"
    out: list[dict[str, Any]] = []
    page = 1
    while True:
        body = requests.post(f"{pair.meta.url}/anilist/", json={"query": query, "variables": {
            **variables, "page": page, "perPage": 50}}, timeout=10).json()["data"]["Page"]
        out += body["media"]
        if not body["pageInfo"]["hasNextPage"]:
            return out
        page += 1
