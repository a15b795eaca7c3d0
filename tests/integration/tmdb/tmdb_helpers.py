"""Run a config with TMDb builders against the paired sims; read rows and request counts."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from kometa.engine.report import ItemRow, RunReport
from metasim.testing import PLEX_TOKEN, Paired


class TmdbRunner:
    def __init__(self, pair: Paired, folder: Path) -> None:
        self.pair = pair
        self.folder = folder
        self.world = pair.world

    def write(self, collections: str, *, tmdb: str | None = None, shows: str | None = None) -> Path:
        key = self.pair.meta.tmdb_key
        tmdb_block = f"tmdb:\n  apikey: {key}\n  language: en\n" if tmdb is None else textwrap.dedent(tmdb)
        (self.folder / "Movies.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
        libraries = "libraries:\n  Movies:\n    collection_files:\n      - file: Movies.yml\n"
        if shows is not None:
            (self.folder / "Shows.yml").write_text(textwrap.dedent(shows), encoding="utf-8")
            libraries += "  TV Shows:\n    collection_files:\n      - file: Shows.yml\n"
        config = f"plex:\n  url: {self.pair.plex.url}\n  token: {PLEX_TOKEN}\n{tmdb_block}{libraries}"
        path = self.folder / "config.yml"
        path.write_text(config, encoding="utf-8")
        return path

    def run(self, collections: str | None = None, *, dry_run: bool = False, **write: Any) -> RunReport:
        if collections is not None:
            self.write(collections, **write)
        path = self.folder / "config.yml"
        ctx = RunContext(config=load_config(path), options=Options(config=path, run=True, dry_run=dry_run),
                         moment=datetime.now().astimezone())
        self.ctx = ctx
        return process_config(ctx)

    def add_playlists(self, text: str) -> None:
        """Playlists.yml with ``text``, listed in config.yml's playlist_files."""
        (self.folder / "Playlists.yml").write_text(textwrap.dedent(text), encoding="utf-8")
        path = self.folder / "config.yml"
        path.write_text(path.read_text() + "playlist_files:\n  - file: Playlists.yml\n", encoding="utf-8")

    def image_root(self, monkeypatch: Any) -> str:
        """metasim's TMDb image root, which the run is pointed at (KOMETA_TMDB_IMAGE_URL)."""
        root = self.pair.meta.tmdb_url.rsplit("/3", 1)[0] + "/t/p/original"
        monkeypatch.setenv("KOMETA_TMDB_IMAGE_URL", root)
        return root

    def tmdb_requests(self) -> int:
        return int(self.pair.meta.stats()["by_service"].get("tmdb", 0))

    def plex_writes(self) -> int:
        by = self.pair.plex.stats()["by_method"]
        return int(by.get("PUT", 0) + by.get("POST", 0) + by.get("DELETE", 0))

    def members(self, title: str, library: str = "Movies") -> set[str]:
        from plexapi.server import PlexServer

        server = PlexServer(self.pair.plex.url, PLEX_TOKEN)
        return {item.title for item in server.library.section(library).collection(title).items()}


def rows(report: RunReport, library: str = "Movies") -> dict[str, ItemRow]:
    return {row.name: row for row in report.library(library).rows}
