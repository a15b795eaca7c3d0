"""Running a config of collections against the pair, and reading what Plex then holds."""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

from metasim.testing import PLEX_TOKEN, Paired


def run(pair: Paired, folder: Path, collections: str, *, library: str = "Movies", extra: str = "") -> dict[str, Any]:
    """Run ``collections`` (a collection file's text) for ``library``; the report's rows by name
    (``__report__``: the whole report)."""
    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config
    (folder / f"{library}.yml").write_text(textwrap.dedent(collections), encoding="utf-8")
    path = folder / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\nsettings:\n  minimum_items: 0\n"
                    f"libraries:\n  {library}:\n    collection_files:\n      - file: {library}.yml\n{extra}",
                    encoding="utf-8")
    report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                       moment=datetime.now().astimezone()))
    out: dict[str, Any] = {row.name: row for row in report.library(library).rows}
    out["__report__"] = report
    return out


def members(pair: Paired, name: str, library: str = "Movies") -> list[int]:
    """The TMDb ids of the collection's items, in its order."""
    from plexapi.server import PlexServer
    section = PlexServer(pair.plex.url, PLEX_TOKEN).library.section(library)
    by_guid = {t.plex_guid: t.tmdb_id for t in pair.world.library}
    return [by_guid[i.guid] for i in section.collection(name).items()]
