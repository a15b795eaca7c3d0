"""Run a config of ``- default:`` entries against the paired sims; read what Plex ends up holding."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from kometa.engine.report import RunReport
from metasim.testing import PLEX_TOKEN, Paired

TRAKT = "trakt:\n  client_id: metasim-trakt\n  client_secret: metasim-trakt-secret\n"


class DefaultsRunner:
    def __init__(self, pair: Paired, folder: Path) -> None:
        self.pair = pair
        self.folder = folder

    def write(self, movies: str = "", shows: str = "", playlists: str = "", extra: str = "") -> Path:
        """``movies``/``shows``/``playlists``: the entries (YAML list items) of each file list."""
        libraries = "libraries:\n"
        if movies:
            libraries += "  Movies:\n    collection_files:\n" + textwrap.indent(textwrap.dedent(movies), "      ")
        if shows:
            libraries += "  TV Shows:\n    collection_files:\n" + textwrap.indent(textwrap.dedent(shows), "      ")
        if playlists:
            libraries += "playlist_files:\n" + textwrap.indent(textwrap.dedent(playlists), "  ")
        services = f"tmdb:\n  apikey: {self.pair.meta.tmdb_key}\n  language: en\n{TRAKT}" \
                   f"tautulli:\n  url: {self.pair.meta.url}/tautulli\n  apikey: metasim-tautulli\n"
        path = self.folder / "config.yml"
        path.write_text(f"plex:\n  url: {self.pair.plex.url}\n  token: {PLEX_TOKEN}\n{services}{extra}{libraries}",
                        encoding="utf-8")
        return path

    def run(self, **write: str) -> RunReport:
        path = self.write(**write)
        ctx = RunContext(config=load_config(path), options=Options(config=path, run=True),
                         moment=datetime.now().astimezone())
        return process_config(ctx)

    def plex_writes(self) -> int:
        by = self.pair.plex.stats()["by_method"]
        return int(by.get("PUT", 0) + by.get("POST", 0) + by.get("DELETE", 0))

    def second_run_writes(self, **write: str) -> int:
        """Run twice; the Plex writes of the second run (nothing changed, so none)."""
        self.run(**write)
        self.pair.plex.reset_stats()
        self.run(**write)
        return self.plex_writes()

    def section(self, library: str = "Movies") -> Any:
        from plexapi.server import PlexServer

        return PlexServer(self.pair.plex.url, PLEX_TOKEN).library.section(library)

    def collections(self, library: str = "Movies") -> dict[str, Any]:
        return {c.title: c for c in self.section(library).collections()}

    def members(self, name: str, library: str = "Movies") -> set[str]:
        return {i.title for i in self.section(library).collection(name).items()}

    def member_keys(self, name: str, library: str = "Movies") -> set[int]:
        return {int(i.ratingKey) for i in self.section(library).collection(name).items()}


def rows(report: RunReport, library: str = "Movies") -> dict[str, Any]:
    return {row.name: row for row in report.library(library).rows}


def uploads(pair: Paired) -> int:
    """Image uploads Plex received (``POST /library/metadata/RK/{posters,arts,...}``) since the last reset."""
    return sum(n for endpoint, n in pair.plex.stats()["by_endpoint"].items()
               if endpoint.startswith("POST") and endpoint.endswith("/{kind}"))


def poster_image(runner: DefaultsRunner, name: str, library: str = "Movies") -> Any:
    """The RGB image of the poster a collection shows (its thumb, as Plex serves it)."""
    import io

    import requests
    from PIL import Image

    made = runner.section(library).collection(name)
    assert made.thumb, f"{name} lists its uploaded poster as its thumb"
    data = requests.get(f"{runner.pair.plex.url}{made.thumb}", params={"X-Plex-Token": PLEX_TOKEN}, timeout=10).content
    return Image.open(io.BytesIO(data)).convert("RGB")
