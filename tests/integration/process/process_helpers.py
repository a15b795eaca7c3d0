"""Helpers for processing tests: run a config against plexsim in one call, read the rows."""

from __future__ import annotations

import sys
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

_SRC = str(Path(__file__).resolve().parents[3] / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

from kometa.config import load_config  # noqa: E402
from kometa.core.options import Options  # noqa: E402
from kometa.engine.process import RunContext, process_config  # noqa: E402
from kometa.engine.report import RunReport  # noqa: E402
from plexsim.server import PlexSim  # noqa: E402

TOKEN = "plexsim-test"


class Runner:
    def __init__(self, sim: PlexSim, folder: Path) -> None:
        self.sim = sim
        self.folder = folder
        self.printed: list[str] = []

    def write(self, collections: str, *, playlists: str | None = None, extra_libraries: str = "",
              library_extra: str = "") -> Path:
        (self.folder / "Movies.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
        playlist_block = ""
        if playlists is not None:
            (self.folder / "Playlists.yml").write_text(textwrap.dedent(playlists), encoding="utf-8")
            playlist_block = "playlist_files:\n  - file: Playlists.yml\n"
        config = (f"plex:\n  url: {self.sim.url}\n  token: {TOKEN}\n"
                  f"libraries:\n  Movies:\n    collection_files:\n      - file: Movies.yml\n{library_extra}"
                  f"{extra_libraries}{playlist_block}")
        path = self.folder / "config.yml"
        path.write_text(config, encoding="utf-8")
        return path

    def run(self, collections: str | None = None, *, moment: datetime | None = None, stop: Any = None,
            **flags: Any) -> RunReport:
        if collections is not None:
            self.write(collections)
        path = self.folder / "config.yml"
        options = Options(config=path, run=True, **flags)
        config = load_config(path)
        ctx = RunContext(config=config, options=options, moment=moment or datetime.now().astimezone())
        if stop is not None:
            ctx.stop = stop
        self.ctx = ctx
        import kometa.engine.changes as changes

        original = changes.ChangeLog.__init__.__defaults__
        try:
            changes.ChangeLog.__init__.__defaults__ = (self.printed.append,) + (original[1:] if original else ())
            return process_config(ctx)
        finally:
            changes.ChangeLog.__init__.__defaults__ = original

    def stats(self) -> dict[str, Any]:
        return self.sim.stats()

    def writes(self) -> int:
        by = self.sim.stats()["by_method"]
        return int(by.get("PUT", 0) + by.get("POST", 0) + by.get("DELETE", 0))

    def plex(self) -> Any:
        from plexapi.server import PlexServer

        return PlexServer(self.sim.url, TOKEN)


def rows(report: RunReport, library: str = "Movies") -> dict[str, Any]:
    return {row.name: row for row in report.library(library).rows}
