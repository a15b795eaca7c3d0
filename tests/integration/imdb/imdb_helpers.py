"""Helpers for the IMDb tests: a runner writing config.yml, GraphQL asked directly, the rows."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from metasim.testing import PLEX_TOKEN, Paired


class ImdbRunner:
    def __init__(self, pair: Paired, folder: Path) -> None:
        self.pair = pair
        self.folder = folder

    def run(self, collections: str, library: str = "Movies") -> Any:
        from kometa.config import load_config
        from kometa.core.options import Options
        from kometa.engine.process import RunContext, process_config
        (self.folder / "lib.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
        path = self.folder / "config.yml"
        path.write_text(f"plex:\n  url: {self.pair.plex.url}\n  token: {PLEX_TOKEN}\n"
                        f"libraries:\n  {library}:\n    collection_files:\n      - file: lib.yml\n", encoding="utf-8")
        ctx = RunContext(config=load_config(path), options=Options(config=path, run=True),
                         moment=datetime.now().astimezone())
        return process_config(ctx)


def gql(pair: Paired, body: dict[str, Any]) -> Any:
    r = requests.post(f"{pair.meta.url}/imdb/", json=body, timeout=10)
    r.raise_for_status()
    return r.json()


def rows(report: Any, library: str = "Movies") -> dict[str, Any]:
    return {row.name: row for row in report.library(library).rows}


def members(pair: Paired, name: str, library: str = "Movies") -> set[str]:
    """IMDb ids of the collection's items (from the world, by title and year)."""
    from plexapi.server import PlexServer
    section = PlexServer(pair.plex.url, PLEX_TOKEN).library.section(library)
    by_title = {(t.title, t.year): t.imdb_id for t in pair.world.library}
    return {by_title[(i.title, i.year)] for i in section.collection(name).items()}


def held(pair: Paired, ids: list[str], kind: str = "movie") -> tuple[set[str], int]:
    """The ids the library holds *with an IMDb id Plex shows* (new-agent guids or the legacy IMDb
    agent; a legacy TMDb-agent item has none, so IMDb builders cannot match it), and the rest."""
    lib = {t.imdb_id for t in pair.world.library if t.kind == kind and t.imdb_id
           and (f"imdb://{t.imdb_id}" in t.plex_guids or t.imdb_id in t.plex_guid)}
    return {i for i in ids if i in lib}, sum(1 for i in dict.fromkeys(ids) if i not in lib)
