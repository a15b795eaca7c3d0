"""default: letterboxd — Letterboxd lists as chart collections: names, members (as the plain
letterboxd_list builder gives them), order, the keys off by default and the main variables."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from metasim.testing import PLEX_TOKEN, Paired

HORROR = "https://letterboxd.com/official/list/top-250-horror-films/"
MINE = "https://letterboxd.com/someone/list/best-pictures/"


def run(pair: Paired, folder: Path, entry: str) -> Any:
    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config
    path = folder / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\n"
                    f"libraries:\n  Movies:\n    collection_files:\n{entry}", encoding="utf-8")
    return process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                     moment=datetime(2026, 11, 20, 5, 0).astimezone()))


def _held(pair: Paired) -> dict[str, Any]:
    from plexapi.server import PlexServer
    return {c.title: c for c in PlexServer(pair.plex.url, PLEX_TOKEN).library.section("Movies").collections()}


def _titles(pair: Paired, name: str) -> list[str]:
    return [i.title for i in _held(pair)[name].items()]


def test_letterboxd_default(pair: Paired, tmp_path: Path) -> None:
    (tmp_path / "plain.yml").write_text(
        f"collections:\n  Plain Horror:\n    letterboxd_list: {HORROR}\n    limit: 5\n    collection_order: custom\n"
        f"  Plain Mine:\n    letterboxd_list: {MINE}\n    collection_order: custom\n", encoding="utf-8")
    run(pair, tmp_path, "      - file: plain.yml\n")
    report = run(pair, tmp_path, "      - default: letterboxd\n        template_variables:\n          use_all: false\n"
                                 "          use_horror: true\n          limit_horror: 5\n          use_oscars: true\n"
                                 f"          letterboxd_list_oscars: {MINE}\n")
    made = {row.name: row for row in report.library("Movies").rows}
    assert made["Top 250 Horror"].status == "Created", made["Top 250 Horror"]
    assert made["Letterboxd Top 500"].status == "Skipped Run Definition"
    horror = _titles(pair, "Plain Horror")
    assert horror and _titles(pair, "Top 250 Horror") == horror  # the list's order (custom), limited
    assert _titles(pair, "Oscar Best Picture Winners") == _titles(pair, "Plain Mine")  # the list replaced ours
    held = _held(pair)["Top 250 Horror"]
    assert held.titleSort == "!020_Top 250 Horror" and held.summary == "The top 250 horror films on Letterboxd."


def test_letterboxd_default_keys_off(pair: Paired, tmp_path: Path) -> None:
    report = run(pair, tmp_path, "      - default: letterboxd\n        template_variables:\n"
                                 "          cache_builders_horror: 7\n")
    made = {row.name: row for row in report.library("Movies").rows}
    for name in ("IMDb Top 250 (Letterboxd)", "Oscar Best Picture Winners", "Cannes Palme d'Or Winners"):
        assert made[name].status == "Skipped Run Definition", (name, made[name])
    assert made["Top 100 Silent Films"].status in ("Created", "Unchanged", "Updated")
    assert report.not_done == []  # cache_builders_<key> is built (the horror list is kept 7 days)
