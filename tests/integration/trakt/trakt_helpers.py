"""Helpers for the Trakt tests: the app credentials, a runner writing config.yml, the rows."""

from __future__ import annotations

import sys
import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

_SRC = str(Path(__file__).resolve().parents[3] / "src")
if _SRC not in sys.path:
    sys.path.insert(0, _SRC)

from metasim.testing import PLEX_TOKEN, Paired  # noqa: E402

CLIENT_ID = "metasim-trakt"
SECRET = "metasim-trakt-secret"


class TraktRunner:
    def __init__(self, pair: Paired, folder: Path) -> None:
        self.pair = pair
        self.folder = folder

    def write(self, collections: str, trakt: str | None = None) -> Path:
        (self.folder / "Movies.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
        section = trakt if trakt is not None else f"trakt:\n  client_id: {CLIENT_ID}\n  client_secret: {SECRET}\n"
        path = self.folder / "config.yml"
        path.write_text(f"plex:\n  url: {self.pair.plex.url}\n  token: {PLEX_TOKEN}\n"
                        f"libraries:\n  Movies:\n    collection_files:\n      - file: Movies.yml\n{section}",
                        encoding="utf-8")
        return path

    def run(self, **flags: Any) -> Any:
        from kometa.config import load_config
        from kometa.core.options import Options
        from kometa.engine.process import RunContext, process_config
        path = self.folder / "config.yml"
        ctx = RunContext(config=load_config(path), options=Options(config=path, run=True, **flags),
                         moment=datetime.now().astimezone())
        return process_config(ctx)


def rows(report: Any, library: str = "Movies") -> dict[str, Any]:
    lib = next(lib for lib in report.libraries if lib.name == library)
    return {r.name: r for r in lib.rows}
