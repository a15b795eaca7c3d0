"""Helpers for the award defaults' tests: a config with one `- default:` entry, IMDb's pages read
directly (the test's own reading), and the collections plexsim holds."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import requests
import yaml

from metasim.testing import PLEX_TOKEN, Paired


class DefaultRunner:
    def __init__(self, pair: Paired, folder: Path) -> None:
        self.pair = pair
        self.folder = folder

    def run(self, default: str, variables: dict[str, Any] | None = None, library: str = "Movies",
            moment: datetime | None = None, operations: dict[str, Any] | None = None,
            services: dict[str, Any] | None = None) -> Any:
        from kometa.config import load_config
        from kometa.core.options import Options
        from kometa.engine.process import RunContext, process_config
        entry: dict[str, Any] = {"default": default}
        if variables:
            entry["template_variables"] = variables
        config = {"plex": {"url": self.pair.plex.url, "token": PLEX_TOKEN},
                  "libraries": {library: {"collection_files": [entry]}}}
        if operations:
            config["libraries"][library]["operations"] = operations
        config.update(services or {})
        path = self.folder / "config.yml"
        path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        ctx = RunContext(config=load_config(path), options=Options(config=path, run=True),
                         moment=(moment or datetime(2026, 1, 15, 12, 0)).astimezone())
        return process_config(ctx)


def rows(report: Any, library: str = "Movies") -> dict[str, Any]:
    return {row.name: row for row in report.library(library).rows}


def section(pair: Paired, library: str = "Movies") -> Any:
    from plexapi.server import PlexServer
    return PlexServer(pair.plex.url, PLEX_TOKEN).library.section(library)


def collection_names(pair: Paired, library: str = "Movies") -> set[str]:
    return {c.title for c in section(pair, library).collections()}


def members(pair: Paired, name: str, library: str = "Movies") -> set[str]:
    """IMDb ids of a collection's items (from the world, by title and year)."""
    by_title = {(t.title, t.year): t.imdb_id for t in pair.world.library}
    return {by_title[(i.title, i.year)] for i in section(pair, library).collection(name).items()}


def delete_all(pair: Paired, library: str = "Movies") -> None:
    for c in section(pair, library).collections():
        c.delete()


def edition(pair: Paired, event: str, year: int) -> list[dict[str, Any]]:
    r = requests.get(f"{pair.meta.url}/imdb/event/{event}/{year}/1/", timeout=10)
    r.raise_for_status()
    match = re.search(r'<script id="__NEXT_DATA__" type="application/json">(.*?)</script>', r.text, re.S)
    assert match
    return json.loads(match.group(1))["props"]["pageProps"]["edition"]["awards"]  # type: ignore[no-any-return]


def winners(pair: Paired, event: str, years: range | list[int], *, categories: set[str] | None = None,
            awards: set[str] | None = None) -> set[str]:
    """Winning IMDb ids of those editions, in the given (lower-case) categories/awards."""
    out: set[str] = set()
    for year in years:
        for award in edition(pair, event, year):
            if awards and award["text"].lower() not in awards:
                continue
            for edge in award["nominationCategories"]["edges"]:
                node = edge["node"]
                name = (node["category"] or {"text": award["text"]})["text"].lower()
                if categories and name not in categories:
                    continue
                for nom in node["nominations"]["edges"]:
                    if nom["node"]["isWinner"]:
                        ents = nom["node"]["awardedEntities"]
                        out |= {t["title"]["id"] for t in ents.get("awardTitles") or ents.get("secondaryAwardTitles")}
    return out


def held(pair: Paired, ids: set[str], kind: str = "movie") -> set[str]:
    """The ids the library holds with an IMDb id Plex shows (legacy TMDb-agent items have none)."""
    lib = {t.imdb_id for t in pair.world.library if t.kind == kind and t.imdb_id
           and (f"imdb://{t.imdb_id}" in t.plex_guids or t.imdb_id in t.plex_guid)}
    return ids & lib


def load_errors(report: Any, library: str = "Movies") -> list[str]:
    """What failed to load (a default's file or definitions), from the report's errors and the
    library's rows for files or definitions that failed to load."""
    from kometa.engine.report import LOAD_ERROR
    rows_ = report.library(library).rows if any(lib.name == library for lib in report.libraries) else []
    return list(report.errors) + [r.error for r in rows_ if r.status == LOAD_ERROR and r.error]
