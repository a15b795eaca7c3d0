"""default: anilist — AniList's charts as collections: names, members (the same as the plain
builders give), sort titles, order and the main variables."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from metasim.testing import PLEX_TOKEN, Paired

MOMENT = datetime(2026, 11, 20, 5, 0)


def run(pair: Paired, folder: Path, entry: str, library: str = "Movies") -> dict[str, Any]:
    from kometa.config import load_config
    from kometa.core.options import Options
    from kometa.engine.process import RunContext, process_config
    path = folder / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\nsettings:\n  minimum_items: 0\n"
                    f"libraries:\n  {library}:\n    collection_files:\n{entry}", encoding="utf-8")
    report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                       moment=MOMENT.astimezone()))
    return {row.name: row for row in report.library(library).rows}


def _section(pair: Paired, library: str) -> Any:
    from plexapi.server import PlexServer
    return PlexServer(pair.plex.url, PLEX_TOKEN).library.section(library)


def _members(pair: Paired, name: str, library: str) -> list[str]:
    held = {c.title: c for c in _section(pair, library).collections()}
    return [i.title for i in held[name].items()] if name in held else []


def test_anilist_default(pair: Paired, tmp_path: Path) -> None:
    (tmp_path / "plain.yml").write_text(
        "collections:\n"
        "  Plain Popular:\n    anilist_popular: 100\n    sync_mode: sync\n    collection_order: custom\n"
        "  Plain Top:\n    anilist_top_rated: 10\n    sync_mode: sync\n    collection_order: custom\n"
        "  Plain Season:\n    anilist_search: {season: current, sort_by: popular, limit: 100}\n"
        "    sync_mode: sync\n    collection_order: custom\n", encoding="utf-8")
    for library in ("Movies", "TV Shows"):
        run(pair, tmp_path, "      - file: plain.yml\n", library)
    made = run(pair, tmp_path, "      - default: anilist\n        template_variables:\n          limit_top: 10\n"
                               "          use_trending: false\n          name_popular: AniList Hits\n", "TV Shows")
    assert made["AniList Trending"].status == "Skipped Run Definition"
    popular = _members(pair, "Plain Popular", "TV Shows")
    assert popular, "the seeded shows should hold some popular anime"
    assert _members(pair, "AniList Hits", "TV Shows") == popular  # in the chart's order (custom)
    assert _members(pair, "AniList Top Rated", "TV Shows") == _members(pair, "Plain Top", "TV Shows")
    assert _members(pair, "AniList Season", "TV Shows") == _members(pair, "Plain Season", "TV Shows")
    hits = {c.title: c for c in _section(pair, "TV Shows").collections()}["AniList Hits"]
    assert hits.titleSort == "!020_AniList Hits" and hits.summary == "The anime most popular on AniList."
    movies = run(pair, tmp_path, "      - default: anilist\n")
    assert {"AniList Popular", "AniList Season", "AniList Top Rated", "AniList Trending"} <= set(movies)
    assert _members(pair, "AniList Popular", "Movies") == _members(pair, "Plain Popular", "Movies")


MAL = "mal:\n  client_id: metasim-mal\n  client_secret: metasim-mal-secret\n"


def test_myanimelist_default(pair: Paired, tmp_path: Path, monkeypatch) -> None:
    """default: myanimelist: the same members as the plain MAL builders, in the chart's order, with
    limit_<key>, name_<key> and use_<key>."""
    monkeypatch.setenv("KOMETA_MAL_AUTH_URL", f"{pair.meta.url}/mal/v1/oauth2")

    def mal_run(entry: str) -> dict[str, Any]:
        from kometa.config import load_config
        from kometa.core.options import Options
        from kometa.engine.process import RunContext, process_config
        path = tmp_path / "config.yml"
        path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\nsettings:\n  minimum_items: 0\n"
                        f"libraries:\n  TV Shows:\n    collection_files:\n{entry}{MAL}", encoding="utf-8")
        report = process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                           moment=MOMENT.astimezone()))
        return {row.name: row for row in report.library("TV Shows").rows}

    (tmp_path / "plain.yml").write_text(
        "collections:\n"
        "  Plain MAL Popular:\n    mal_popular: 100\n    sync_mode: sync\n    collection_order: custom\n"
        "  Plain MAL Top:\n    mal_all: 10\n    sync_mode: sync\n    collection_order: custom\n", encoding="utf-8")
    mal_run("      - file: plain.yml\n")
    made = mal_run("      - default: myanimelist\n        template_variables:\n          limit_top: 10\n"
                   "          use_favorited: false\n          name_popular: MAL Hits\n")
    assert made["MyAnimeList Favorited"].status == "Skipped Run Definition"
    assert all(made[n].error is None for n in ("MAL Hits", "MyAnimeList Top Rated")), made
    popular = _members(pair, "Plain MAL Popular", "TV Shows")
    assert popular, "the seeded shows should hold some popular anime"
    assert _members(pair, "MAL Hits", "TV Shows") == popular
    top = _members(pair, "Plain MAL Top", "TV Shows")
    assert top and _members(pair, "MyAnimeList Top Rated", "TV Shows") == top
    hits = {c.title: c for c in _section(pair, "TV Shows").collections()}["MAL Hits"]
    assert hits.titleSort == "!020_MAL Hits" and hits.summary == "The anime most popular on MyAnimeList."
    # starting_only: the Season collection asks mal_season for the anime that began this season only
    (tmp_path / "plain.yml").write_text(
        "collections:\n  Plain Season Start:\n    mal_season: {season: current, sort_by: members, limit: 100, "
        "starting_only: true}\n    sync_mode: sync\n", encoding="utf-8")
    plain = mal_run("      - file: plain.yml\n")
    made = mal_run("      - default: myanimelist\n        template_variables:\n          starting_only: true\n")
    assert made["MyAnimeList Season"].error is None, made["MyAnimeList Season"]
    assert made["MyAnimeList Season"].status == plain["Plain Season Start"].status
    if plain["Plain Season Start"].status != "Ignored":  # (no seeded anime began this season: both empty)
        assert _members(pair, "MyAnimeList Season", "TV Shows") == _members(pair, "Plain Season Start", "TV Shows")
