"""``<<imdb_rating>>``, ``<<trakt_rating>>``, ``<<trakt_user_rating>>``, ``<<mal_rating>>`` and the AniDB
ratings in overlay text, against plexsim + metasim sharing one world over real HTTP: the texts are
the services' values (an episode's own IMDb rating; a season's Trakt rating is its show's), a second
run renders nothing and asks nothing, a missing sign-in or section is one located line."""

from __future__ import annotations

import gzip
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from kometa.config import load_config
from kometa.core.options import Options
from kometa.engine.process import RunContext, process_config
from kometa.engine.report import RunReport
from kometa.ids.guids import item_ids
from metasim.testing import PLEX_TOKEN, Paired, start_pair, stop_pair

TRAKT_ID = "metasim-trakt"
MAL_SECTION = "mal:\n  client_id: metasim-mal\n  client_secret: metasim-mal-secret\n"


@pytest.fixture
def pair(monkeypatch: pytest.MonkeyPatch) -> Iterator[Paired]:
    from kometa.clients import policy

    paired = start_pair(movies=40, shows=3)
    services = {"TRAKT": "trakt", "MAL": "mal/v2", "ANIDB": "anidb", "ANIME_IDS": "anime-ids", "IMDB": "imdb",
                "IMDB_DATASETS": "imdb/datasets"}
    for name, path in services.items():
        monkeypatch.setenv(f"KOMETA_{name}_URL", f"{paired.meta.url}/{path}")
    # Trakt's 3 requests a second would make this test a minute long
    monkeypatch.setattr("kometa.clients.trakt.Policy", lambda *a, **k: policy.Policy(*a, **{**k, "rate": None}))
    yield paired
    stop_pair(paired)


def _overlay(name: str, text: str, y: int, level: str = "") -> str:
    at = f"    builder_level: {level}\n" if level else ""
    return (f"  {name}:\n{at}    overlay:\n      name: text({text})\n      horizontal_offset: 10\n"
            f"      vertical_offset: {y}\n    plex_all: true\n")


def _trakt_section(token: str | None) -> str:
    auth = f"  authorization:\n    access_token: {token}\n    token_type: bearer\n    expires_in: 7776000\n" \
           f"    refresh_token: r\n    scope: public\n    created_at: 4102444800\n" if token else ""
    return f"trakt:\n  client_id: {TRAKT_ID}\n  client_secret: metasim-trakt-secret\n{auth}"


def _config(pair: Paired, folder: Path, movies: str, shows: str, sections: str) -> Path:
    (folder / "Movies.yml").write_text("overlays:\n" + movies, encoding="utf-8")
    libraries = "  Movies:\n    overlay_files:\n      - file: Movies.yml\n"
    if shows:
        (folder / "Shows.yml").write_text("overlays:\n" + shows, encoding="utf-8")
        libraries += "  TV Shows:\n    overlay_files:\n      - file: Shows.yml\n"
    path = folder / "config.yml"
    path.write_text(f"plex:\n  url: {pair.plex.url}\n  token: {PLEX_TOKEN}\n{sections}libraries:\n{libraries}",
                    encoding="utf-8")
    return path


def _run(path: Path) -> RunReport:
    return process_config(RunContext(config=load_config(path), options=Options(config=path, run=True),
                                     moment=datetime.now().astimezone()))


def _texts(path: Path, library_name: str) -> tuple[dict[int, dict[str, str]], dict[int, Any], list[str]]:
    """What a run puts on each poster: rating key -> {overlay text as written: text drawn}, the items (with the
    library's own: a season's show), the error lines."""
    from kometa.engine.context import connect_library
    from kometa.engine.online import OnlineServices
    from kometa.engine.overlay_step import level_reader, select
    from kometa.engine.overlay_text import online_values
    from kometa.overlays.decide import layers_for

    ctx = RunContext(config=load_config(path), options=Options(config=path), moment=datetime.now().astimezone())
    library = ctx.config.libraries[library_name]
    server, snapshot = connect_library(ctx, library)
    chosen = select(ctx.config, library, snapshot, ctx.moment, ctx.documents.load, levels=level_reader(server, snapshot))
    extra, problems = online_values(chosen.levels, snapshot, OnlineServices(ctx.config))
    texts: dict[int, dict[str, str]] = {}
    items: dict[int, Any] = dict(snapshot.items)
    for level in chosen.levels:
        for key, stack in level.stacks.items():
            item = level.snapshot.items[key]
            items[key] = item
            texts[key] = {layer.spec.name[5:-1]: layer.text or "" for layer in layers_for(item, stack, {}, extra.get(key))}
    return texts, items, problems


def _ids(item: Any) -> Any:
    return item_ids(item.get("guid"), item.get("guids") or ())


def _dataset(pair: Paired, name: str) -> list[list[str]]:
    answer = requests.get(f"{pair.meta.url}/imdb/datasets/title.{name}.tsv.gz", timeout=30)
    answer.raise_for_status()
    return [line.split("\t") for line in gzip.decompress(answer.content).decode().splitlines()[1:]]


def _trakt(pair: Paired, path: str, token: str | None = None) -> Any:
    headers = {"trakt-api-key": TRAKT_ID, **({"Authorization": f"Bearer {token}"} if token else {})}
    answer = requests.get(f"{pair.meta.url}/trakt{path}", headers=headers, timeout=10)
    return answer.json() if answer.status_code == 200 else None


def _overlays_row(report: RunReport, library: str = "Movies") -> Any:
    return next(r for r in report.library(library).rows if r.name == "overlays")


def test_imdb_and_trakt_ratings_fill_text_then_a_second_run_asks_nothing(pair: Paired, tmp_path: Path) -> None:
    token = pair.meta.meta.trakt.grant("trakt-token")
    movies = (_overlay("IMDb", "<<imdb_rating>>", 10) + _overlay("Trakt", "<<trakt_rating#>>", 80)
              + _overlay("Mine", "<<trakt_user_rating>>", 150))
    shows = (_overlay("Episode IMDb", "<<imdb_rating>>", 10, "episode")
             + _overlay("Season Trakt", "<<trakt_rating>>", 10, "season"))
    path = _config(pair, tmp_path, movies, shows, _trakt_section(token))
    report = _run(path)
    for library in ("Movies", "TV Shows"):
        row = _overlays_row(report, library)
        assert row.error is None and row.added > 0, row
        assert not [r.error for r in report.library(library).rows if r.name == "overlay text"]
    ratings = {row[0]: float(row[1]) for row in _dataset(pair, "ratings")}
    mine = {r["movie"]["ids"]["tmdb"]: r["rating"] for r in _trakt(pair, "/users/me/ratings/movies", token)}
    texts, items, problems = _texts(path, "Movies")
    assert problems == []
    counts = {"IMDb": 0, "Trakt": 0, "Mine": 0}
    for key, found in texts.items():
        item = items[key]
        ids = _ids(item)
        if ids.imdb in ratings:
            assert found.get("<<imdb_rating>>") == f"{round(ratings[ids.imdb], 1):.1f}", item.title
            counts["IMDb"] += 1
        else:
            assert "<<imdb_rating>>" not in found
        trakt = _trakt(pair, f"/movies/{ids.imdb}/ratings") if ids.imdb else None
        if trakt and trakt.get("rating"):
            expected = f"{round(trakt['rating'], 1):.1f}"
            assert found["<<trakt_rating#>>"] == (expected[:-2] if expected.endswith(".0") else expected), item.title
            counts["Trakt"] += 1
        if ids.tmdb in mine:
            assert found["<<trakt_user_rating>>"] == f"{float(mine[ids.tmdb]):.1f}", item.title
            counts["Mine"] += 1
        else:
            assert "<<trakt_user_rating>>" not in found
    assert min(counts.values()) > 3, counts
    texts, items, problems = _texts(path, "TV Shows")
    assert problems == []
    episodes = {(row[1], int(row[2]), int(row[3])): row[0] for row in _dataset(pair, "episode")}
    checked = {"episode": 0, "season": 0}
    for key in texts:
        item = items[key]
        if item.type == "episode":
            show_imdb = _ids(items[item.get("grandparent_rating_key")]).imdb
            ident = episodes.get((show_imdb, item.get("season_number"), item.get("episode_number")))
            if ident in ratings:
                assert texts[key]["<<imdb_rating>>"] == f"{round(ratings[ident], 1):.1f}", item.get("display")
                checked["episode"] += 1
            else:
                assert "<<imdb_rating>>" not in texts[key]
        elif item.type == "season":
            show_imdb = _ids(items[item.get("parent_rating_key")]).imdb
            trakt = _trakt(pair, f"/shows/{show_imdb}/ratings") if show_imdb else None
            if trakt and trakt.get("rating"):
                assert texts[key]["<<trakt_rating>>"] == f"{round(trakt['rating'], 1):.1f}"
                checked["season"] += 1
    assert min(checked.values()) > 0, checked
    pair.meta.reset_stats()
    pair.plex.reset_stats()
    report = _run(path)
    for library in ("Movies", "TV Shows"):
        row = _overlays_row(report, library)
        assert row.added == 0 and row.error is None, row
    assert pair.meta.stats()["requests"] == 0  # datasets kept for the day, Trakt's answers in the cache


def test_mal_and_anidb_ratings_fill_text(pair: Paired, tmp_path: Path) -> None:
    movies = (_overlay("MAL", "<<mal_rating>>", 10) + _overlay("AniDB", "<<anidb_rating>>", 80)
              + _overlay("AniDB average", "<<anidb_average_rating>>", 150)
              + _overlay("AniDB score", "<<anidb_score_rating%>>", 220))
    path = _config(pair, tmp_path, movies, "", MAL_SECTION)
    report = _run(path)
    row = _overlays_row(report)
    assert row.error is None and row.added > 0, row
    mapping = requests.get(f"{pair.meta.url}/anime-ids/anime_ids.json", timeout=10).json()
    by_id: dict[tuple[str, Any], dict[str, Any]] = {}
    for entry in mapping.values():
        if entry.get("tmdb_movie_id"):
            by_id.setdefault(("tmdb", entry["tmdb_movie_id"]), entry)
        if entry.get("imdb_id"):
            by_id.setdefault(("imdb", entry["imdb_id"]), entry)
    texts, items, problems = _texts(path, "Movies")
    assert problems == []
    seen = 0
    for key in texts:
        item = items[key]
        ids = _ids(item)
        entry = by_id.get(("tmdb", ids.tmdb)) or by_id.get(("imdb", ids.imdb))
        if entry is None:
            assert texts[key] == {}, item.title
            continue
        seen += 1
        mal = requests.get(f"{pair.meta.url}/mal/v2/anime/{entry['mal_id']}", params={"fields": "mean"},
                           headers={"X-MAL-CLIENT-ID": "metasim-mal"}, timeout=10).json()
        root = ET.fromstring(requests.get(f"{pair.meta.url}/anidb/anime/{entry['anidb_id']}", timeout=10).text)
        assert texts[key]["<<mal_rating>>"] == f"{float(mal['mean']):.1f}"
        for name, tag in (("<<anidb_rating>>", "permanent"), ("<<anidb_average_rating>>", "temporary")):
            value = root.findtext(f"ratings/{tag}")
            assert texts[key].get(name) == (f"{float(value):.1f}" if value else None), (name, item.title)
        review = root.findtext("ratings/review")
        assert texts[key].get("<<anidb_score_rating%>>") == (str(int(round(float(review) * 10))) if review else None)
    assert seen >= 3
    pair.meta.reset_stats()
    assert _overlays_row(_run(path)).added == 0
    assert pair.meta.stats()["requests"] == 0


def test_missing_sign_in_and_section_are_one_located_line_each(pair: Paired, tmp_path: Path) -> None:
    movies = (_overlay("Trakt", "<<trakt_rating>>", 10) + _overlay("Mine", "<<trakt_user_rating>>", 80)
              + _overlay("MAL", "<<mal_rating>>", 150))
    path = _config(pair, tmp_path, movies, "", _trakt_section(None))
    report = _run(path)
    errors = sorted(r.error or "" for r in report.library("Movies").rows if r.name == "overlay text")
    assert len(errors) == 2, errors
    assert all(e.startswith(f"{path}:") for e in errors), errors
    assert "MyAnimeList could not be asked" in errors[0] and "'mal:' section is missing" in errors[0]
    assert "Trakt could not be asked" in errors[1] and "kometa auth trakt" in errors[1]
    texts, _, _ = _texts(path, "Movies")
    assert any("<<trakt_rating>>" in found for found in texts.values())  # trakt_rating needs no sign-in
    assert not any("<<trakt_user_rating>>" in found or "<<mal_rating>>" in found for found in texts.values())
